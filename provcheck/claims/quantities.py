"""Number phrases -> value, range and approximation: "between 30 and 40", "dozens", "about 500".

>>> quantity("between 30 and 40")
Quantity(value=35.0, low=30.0, high=40.0, approximate=True)
>>> quantity("about 1,200")
Quantity(value=1200.0, low=None, high=None, approximate=True)
>>> quantity("£2.5 million").value
2500000.0
"""

from __future__ import annotations

import re
from typing import NamedTuple

from provcheck.claims.atoms import parse_number

__all__ = ["Quantity", "quantity"]

_APPROX = re.compile(
    r"\b(about|around|approximately|approx|roughly|some|nearly|almost|circa|c\.|an estimated|estimated|"
    r"up to|at least|at most|more than|over|fewer than|less than|under|just over|just under|"
    r"in excess of|upwards of|or so|odd|plus)\b|\+",
    re.I,
)
_RANGE = re.compile(
    r"(?:between\s+)?(?P<low>[\w,.£$€]+(?:\s+(?:hundred|thousand|million))?)\s*"
    r"(?:-|–|to|and)\s*(?P<high>[\w,.£$€]+(?:\s+(?:hundred|thousand|million))?)", re.I
)
# Vague plurals: a typical value and the range they cover.
_VAGUE = {
    "dozens": (24.0, 24.0, 99.0), "scores": (40.0, 40.0, 99.0), "hundreds": (200.0, 200.0, 999.0),
    "thousands": (2000.0, 2000.0, 9999.0), "several": (3.0, 3.0, 9.0), "a few": (3.0, 2.0, 5.0),
    "a handful": (5.0, 3.0, 8.0), "a number of": (3.0, 2.0, 9.0), "a couple of": (2.0, 2.0, 3.0),
}


class Quantity(NamedTuple):
    """The value of a number phrase and, where it gives one, its range."""

    value: float | None
    low: float | None
    high: float | None
    approximate: bool


def quantity(text: str) -> Quantity:
    """Value, range and approximation of a number phrase (value None when it has no number).

    >>> quantity("dozens")
    Quantity(value=24.0, low=24.0, high=99.0, approximate=True)
    >>> quantity("30-40")
    Quantity(value=35.0, low=30.0, high=40.0, approximate=True)
    >>> quantity("15%")
    Quantity(value=15.0, low=None, high=None, approximate=False)
    """
    lowered = text.lower().strip()
    for phrase, (value, low, high) in _VAGUE.items():
        if re.search(rf"\b{phrase}\b", lowered):
            return Quantity(value, low, high, True)
    ranged = _range(lowered)
    if ranged is not None:
        return ranged
    approximate = bool(_APPROX.search(lowered))
    return Quantity(parse_number(text), None, None, approximate)


def _range(lowered: str) -> Quantity | None:
    match = _RANGE.search(lowered)
    if not match or not (lowered.startswith("between") or re.search(r"\d\s*(?:-|–|to)\s*\d", lowered)):
        return None
    low, high = parse_number(match.group("low")), parse_number(match.group("high"))
    if low is None or high is None or low >= high:
        return None
    if re.search(r"\d\s*(million|thousand|hundred|k|m)\b", match.group("high")) and low < 10 <= high:
        scale = high / (parse_number(re.sub(r"[a-z ]+$", "", match.group("high"))) or 1)
        low *= scale
    return Quantity((low + high) / 2, low, high, True)
