"""Source gradings read from metadata: the UK 3x5x2 and the NATO Admiralty code.

3x5x2 grades the source 1-3, the information A-E and gives a handling code
(1-5 in the older 5x5x5, P/C or 1/2 in 3x5x2). The Admiralty code grades the
source's reliability A-F and the information's credibility 1-6.

>>> g = parse_grading("3/E/1")
>>> g.system, g.weak
('3x5x2', True)
>>> g.meaning
'3x5x2 3/E/1: source not reliable, information suspected to be false'
>>> parse_grading("B2").meaning
'Admiralty B2: source usually reliable, information probably true'
>>> parse_grading("excellent") is None
True
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

__all__ = ["Grading", "grading_of", "is_weak_grading", "parse_grading"]

_SOURCE_3X5X2 = {"1": "reliable", "2": "untested", "3": "not reliable"}
_INFO_3X5X2 = {
    "A": "known directly to the source",
    "B": "known indirectly to the source and corroborated",
    "C": "known indirectly to the source",
    "D": "not known to the source",
    "E": "suspected to be false",
}
_RELIABILITY = {
    "A": "completely reliable", "B": "usually reliable", "C": "fairly reliable",
    "D": "not usually reliable", "E": "unreliable", "F": "of reliability that cannot be judged",
}
_CREDIBILITY = {
    "1": "confirmed by other sources", "2": "probably true", "3": "possibly true",
    "4": "doubtful", "5": "improbable", "6": "of truth that cannot be judged",
}
_THREE = re.compile(r"([1-3])[/\-.,x]?([A-E])(?:[/\-.,x]?([1-5PC]))?")
_ADMIRALTY = re.compile(r"([A-F])[/\-.,]?([1-6])")


@dataclass(frozen=True)
class Grading:
    """One parsed grading: the system, its parts, whether it is weak, and what it means."""

    system: str
    text: str
    source: str
    information: str
    handling: str | None
    weak: bool
    meaning: str


def parse_grading(text: str | None) -> Grading | None:
    """The grading written in ``text`` ("3/E/1", "1-A-P", "2B", "B2", "E 5"), or None."""
    if not text:
        return None
    compact = re.sub(r"\s+", "", str(text).upper())
    three = _THREE.fullmatch(compact)
    if three:
        source, info, handling = three.group(1), three.group(2), three.group(3)
        meaning = f"3x5x2 {text}: source {_SOURCE_3X5X2[source]}, information {_INFO_3X5X2[info]}"
        weak = source == "3" or info in {"D", "E"}
        return Grading("3x5x2", str(text), source, info, handling, weak, meaning)
    admiralty = _ADMIRALTY.fullmatch(compact)
    if admiralty:
        source, info = admiralty.group(1), admiralty.group(2)
        meaning = f"Admiralty {text}: source {_RELIABILITY[source]}, information {_CREDIBILITY[info]}"
        weak = source in {"E", "F"} or info in {"5", "6"}
        return Grading("admiralty", str(text), source, info, None, weak, meaning)
    return None


def grading_of(grading: str | None, extra: dict[str, Any] | None = None) -> str | None:
    """A document's grading: its ``grading`` field, else one put together from separate keys.

    >>> grading_of(None, {"source_evaluation": 2, "intelligence_assessment": "B", "handling_code": "P"})
    '2/B/P'
    >>> grading_of(None, {"reliability": "C", "credibility": 3})
    'C3'
    """
    if grading:
        return str(grading)
    extra = {k.lower(): v for k, v in (extra or {}).items()}
    source, info = extra.get("source_evaluation"), extra.get("intelligence_assessment")
    if source is not None and info is not None:
        handling = extra.get("handling_code")
        return "/".join(str(p) for p in (source, info, handling) if p is not None)
    if extra.get("reliability") is not None and extra.get("credibility") is not None:
        return f"{extra['reliability']}{extra['credibility']}"
    return None


def is_weak_grading(grading: str | None) -> bool:
    """Low-graded: 3x5x2 source 3 or information D/E; Admiralty E/F or 5/6.

    >>> is_weak_grading("3/E/1"), is_weak_grading("2/B/1"), is_weak_grading("E5"), is_weak_grading("B2")
    (True, False, True, False)
    """
    parsed = parse_grading(grading)
    return parsed is not None and parsed.weak
