"""Word lists that decide certainty, negation and check-worthiness.

Kept as data so that a reader can see, and extend, what the rules look for.
"""

from __future__ import annotations

import re

__all__ = ["HEDGES", "NEGATIONS", "NOT_CHECKABLE", "hedge_in", "not_checkable_reason"]

HEDGES = (
    "reportedly", "allegedly", "alleged", "it is believed", "is believed", "are believed",
    "believed to", "thought to", "understood to", "unconfirmed", "rumoured", "rumored",
    "may", "might", "could", "possibly", "possible", "probably", "likely", "appears to",
    "appear to", "suggests", "suggest", "it is claimed", "claimed", "unverified",
    "according to", "said to", "is said", "are said",
)
NEGATIONS = ("not", "no", "never", "none", "nobody", "nothing", "neither", "nor", "n't", "without")

_PATTERNS: tuple[tuple[str, str], ...] = (
    (r"\?\s*$", "a question"),
    (r"^\s*(we|i)\s+(strongly\s+)?(recommend|advise|suggest|propose|urge)", "a recommendation"),
    (r"\b(should|must|ought to|need to|needs to)\b(?!.*\b(said|stated|reported)\b)", "a recommendation"),
    (r"^\s*(please|ensure|consider|deploy|review|note that|liaise|brief)\b", "an instruction"),
    (r"^\s*(we|i)\s+(think|feel|believe|consider|are concerned|am concerned)\b", "an opinion"),
    (r"\b(worrying|concerning|alarming|regrettable|unacceptable|disgraceful|excellent|"
     r"impressive|in our view|in my view|arguably)\b", "an opinion"),
    (r"\b(will|is going to|are going to)\s+(likely\s+)?(be|cause|lead|see|result)\b", "a forecast"),
)
NOT_CHECKABLE = tuple(reason for _, reason in _PATTERNS)


def not_checkable_reason(sentence: str) -> str | None:
    """Why a sentence is not a factual assertion, or None when it is one.

    >>> not_checkable_reason("We recommend a dispersal order.")
    'a recommendation'
    >>> not_checkable_reason("Kick-off is at 3pm.") is None
    True
    """
    for pattern, reason in _PATTERNS:
        if re.search(pattern, sentence, re.I):
            return reason
    return None


def hedge_in(text: str) -> str | None:
    """The first hedging phrase in ``text``, or None.

    >>> hedge_in("Fans reportedly threw flares.")
    'reportedly'
    """
    lowered = text.lower()
    for hedge in HEDGES:
        if re.search(rf"\b{re.escape(hedge)}\b", lowered):
            return hedge
    return None
