"""Word lists that decide certainty, negation and check-worthiness.

Kept as data so that a reader can see, and extend, what the rules look for.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Token

__all__ = [
    "HEDGES", "INTRANSITIVE_VERBS", "NEGATIONS", "NOT_CHECKABLE", "SPEECH_VERBS", "hedge_in", "is_english",
    "negates", "not_checkable_reason",
]

HEDGES = (
    "reportedly", "allegedly", "alleged", "it is believed", "is believed", "are believed",
    "believed to", "thought to", "understood to", "unconfirmed", "rumoured", "rumored",
    "may", "might", "could", "possibly", "possible", "probably", "likely", "appears to",
    "appear to", "suggests", "suggest", "it is claimed", "claimed", "unverified",
    "according to", "said to", "is said", "are said", "expected to",
)
SPEECH_VERBS = frozenset({
    "say", "tell", "state", "report", "claim", "confirm", "warn", "allege", "add", "explain", "insist",
    "admit", "deny", "announce", "estimate", "indicate", "disclose", "reveal", "inform", "assert", "maintain",
})
# verbs complete without an object: "The club apologised and offered refunds" is two claims, while
# "Police caught and killed the gunman" shares its object and stays one
INTRANSITIVE_VERBS = frozenset({
    "apologise", "apologize", "arrive", "gather", "disperse", "flee", "resign", "retire", "die", "collapse",
    "riot", "protest", "celebrate", "surrender", "react", "respond", "withdraw", "return", "wait", "complain",
    "rise", "fall", "fail", "agree", "travel", "march", "walk", "sleep", "cry", "shout", "chant", "sing",
    "disappear", "emerge", "escalate", "erupt", "occur", "happen", "remain", "stay", "exist", "expire",
    "recover", "struggle", "speak", "testify", "vote", "win", "lose", "play", "compete", "kneel", "stand", "sit",
})
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
    (r"\b(is|are)\s+(highly\s+|very\s+)?(likely|unlikely|set)\s+to\b|\bwill\s+(probably|almost certainly)\b|"
     r"\b(predict|forecast|anticipate)s?\b", "a forecast"),
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


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_ENGLISH = _words(
    "the a an and of to in on at is are was were be been has have had for with by from that this it "
    "they he she we not no as after before their his her its will"
)
_FOREIGN = _words(
    "le la les des une est et dans pour avec sur du au der die das und ist nicht mit von zu ein eine "
    "el los las del por con una es que y en se su lo il di che per sono gli het een niet van op ook "
    "o os da do em não uma são na"
)


def is_english(text: str) -> bool:
    """False when the passage reads as another language (its function words are not English).

    >>> is_english("Les supporters sont arrivés à la gare avant le match.")
    False
    >>> is_english("Fans arrived at the station before the match.")
    True
    """
    words = re.findall(r"[^\W\d_]+", text.lower())
    english = sum(w in _ENGLISH for w in words)
    foreign = sum(w in _FOREIGN for w in words)
    return not (len(words) >= 4 and foreign >= 2 and foreign > english)


def negates(token: Token) -> bool:
    """Whether a spaCy token is a negation ("no 1", "No. 10" are numbers, not negations)."""
    if token.lower_ == "no" and token.i + 1 < len(token.doc):
        following = token.doc[token.i + 1]
        if following.like_num or following.text == ".":
            return False
    return token.dep_ == "neg" or token.lower_ in NEGATIONS
