"""Normalising the atoms of a claim: numbers (with words), dates and times.

>>> parse_number("about 1,200")
1200.0
>>> parse_number("a dozen")
12.0
>>> parse_date("Saturday 3 October 2026")
(2026, 10, 3)
>>> parse_time("7.45pm")
1185
"""

from __future__ import annotations

import re

__all__ = ["parse_date", "parse_number", "parse_time", "weekday_of"]

_UNITS = {
    "zero": 0, "one": 1, "a": 1, "an": 1, "two": 2, "three": 3, "four": 4, "five": 5,
    "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "dozen": 12, "score": 20,
    "half": 0.5, "couple": 2, "pair": 2, "single": 1, "once": 1, "twice": 2,
}
_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000, "k": 1_000,
           "m": 1_000_000, "bn": 1_000_000_000}
_VAGUE = {"dozens": 24, "scores": 40, "hundreds": 200, "thousands": 2_000, "several": 3, "few": 3}
_FILLER = re.compile(
    r"\b(about|around|approximately|approx\.?|roughly|some|over|more than|fewer than|less than|"
    r"nearly|almost|up to|at least|at most|just over|just under|under|circa|c\.|an estimated|estimated|"
    r"of|and|the|per ?cent|percent|people|fans|supporters)\b",
    re.I,
)
_DIGITS = re.compile(r"(\d[\d,]*(?:\.\d+)?)\s*(k|m|bn|million|billion|thousand|hundred)?\b", re.I)
_MONTHS = {
    m: i
    for i, names in enumerate(
        [("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"),
         ("may",), ("jun", "june"), ("jul", "july"), ("aug", "august"),
         ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"), ("dec", "december")],
        start=1,
    )
    for m in names
}
_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]


def parse_number(text: str) -> float | None:
    """The value of a number phrase ("1,200", "a dozen", "two hundred", "15%"), or None."""
    cleaned = text.replace("£", " ").replace("$", " ").replace("€", " ").replace("%", " ")
    match = _DIGITS.search(cleaned)
    if match:
        value = float(match.group(1).replace(",", ""))
        scale = (match.group(2) or "").lower()
        return value * _SCALES.get(scale, 1)
    return _words_to_number(_FILLER.sub(" ", cleaned.lower().replace("-", " ")))


def _words_to_number(text: str) -> float | None:
    words = text.split()
    if not words:
        return None
    if len(words) > 1 and words[0] in {"a", "an"} and words[1] not in _SCALES and words[1] not in {"dozen", "score"}:
        words = words[1:]  # "a six pack" is six, not seven
    if len(words) == 1 and words[0] in _VAGUE:
        return float(_VAGUE[words[0]])
    total, current, seen = 0.0, 0.0, False
    for word in words:
        if word in _UNITS:
            current += _UNITS[word] if word not in {"dozen", "score"} else 0
            if word in {"dozen", "score"}:
                current = (current or 1) * _UNITS[word]
            seen = True
        elif word in _SCALES:
            current = (current or 1) * _SCALES[word]
            if _SCALES[word] >= 1000:
                total, current = total + current, 0.0
            seen = True
        elif word in _VAGUE:
            return float(_VAGUE[word])
        else:
            return None
    return total + current if seen else None


def parse_date(text: str) -> tuple[int | None, int | None, int | None] | None:
    """(year, month, day) from a date phrase, with None for what it omits."""
    lowered = text.lower()
    iso = re.search(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b", lowered)
    if iso:
        return int(iso.group(1)), int(iso.group(2)), int(iso.group(3))
    slash = re.search(r"\b(\d{1,2})/(\d{1,2})/(\d{2,4})\b", lowered)
    if slash:
        short = int(slash.group(3))
        return (short + 2000 if short < 100 else short), int(slash.group(2)), int(slash.group(1))
    year_match = re.search(r"\b(19|20)\d{2}\b", lowered)
    year = int(year_match.group(0)) if year_match else None
    month = next((num for name, num in _MONTHS.items() if re.search(rf"\b{name}\b\.?", lowered)), None)
    day_match = re.search(r"\b(\d{1,2})(?:st|nd|rd|th)?\b(?!:)", re.sub(r"\b(19|20)\d{2}\b", " ", lowered))
    day = int(day_match.group(1)) if day_match and 1 <= int(day_match.group(1)) <= 31 else None
    if month is None and day is None and year is None:
        return None
    return year, month, day


def weekday_of(text: str) -> int | None:
    """0 for Monday .. 6 for Sunday when the phrase names a weekday."""
    lowered = text.lower()
    return next((i for i, name in enumerate(_WEEKDAYS) if name in lowered), None)


def parse_time(text: str) -> int | None:
    """Minutes after midnight from "3pm", "15:00", "7.45pm", "noon"; None otherwise."""
    lowered = text.lower().replace(" ", "")
    if "noon" in lowered or "midday" in lowered:
        return 12 * 60
    if "midnight" in lowered:
        return 0
    match = re.search(r"(\d{1,2})(?:[:.](\d{2}))?(am|pm|a\.m\.|p\.m\.|hrs|h)?", lowered)
    if not match or (match.group(2) is None and match.group(3) is None and len(match.group(1)) < 3):
        four = re.search(r"\b(\d{2})(\d{2})(?:hrs|h)\b", lowered)
        if four:
            return int(four.group(1)) * 60 + int(four.group(2))
        if not match or match.group(3) is None:
            return None
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    suffix = (match.group(3) or "").replace(".", "")
    if suffix == "pm" and hour < 12:
        hour += 12
    if suffix == "am" and hour == 12:
        hour = 0
    if hour > 23 or minute > 59:
        return None
    return hour * 60 + minute
