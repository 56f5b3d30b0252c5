"""Date phrases -> ISO dates, relative ones ("last Saturday", "yesterday") against the briefing's date.

Absolute dates are read by :func:`provcheck.claims.atoms.parse_date`; relative and unusual
ones by ``dateparser``, imported only when such a phrase is met.

>>> from datetime import date
>>> resolve_date("last Saturday", as_of=date(2026, 10, 7))
'2026-10-03'
>>> resolve_date("Saturday 24 October 2026")
'2026-10-24'
>>> resolve_date("March 2026")
'2026-03'
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from functools import lru_cache

from provcheck.claims.atoms import parse_date, weekday_of

__all__ = ["as_of_date", "resolve_date"]

_RELATIVE = re.compile(
    r"\b(yesterday|today|tonight|tomorrow|last|next|this|ago|earlier|later|weekend|morning|evening|night)\b", re.I
)
_NOISE = re.compile(r"\b(on|the|of|night|evening|afternoon|morning|early|late|just|before|after)\b", re.I)


def as_of_date(text: str | None) -> date | None:
    """The briefing date from metadata or ``--as-of`` ("2026-10-21"), or None.

    >>> as_of_date("2026-10-21")
    datetime.date(2026, 10, 21)
    >>> as_of_date("soon") is None
    True
    """
    if not text:
        return None
    parsed = parse_date(str(text))
    if parsed and all(part is not None for part in parsed):
        year, month, day = parsed
        try:
            return date(year, month, day)  # type: ignore[arg-type]
        except ValueError:
            return None
    return None


def resolve_date(phrase: str, *, as_of: date | None = None, tense: str | None = None) -> str | None:
    """ISO date (or year-month, or year) a phrase names; None when it cannot be pinned down.

    >>> from datetime import date
    >>> resolve_date("next Friday", as_of=date(2026, 10, 7))
    '2026-10-09'
    >>> resolve_date("7 Nov", as_of=date(2026, 10, 7))
    '2026-11-07'
    >>> resolve_date("yesterday") is None
    True
    >>> resolve_date("on Friday", as_of=date(2026, 10, 7), tense="past")
    '2026-10-02'

    ``tense`` ("past" or "future", from the verb) settles a bare weekday or a date without a year.
    """
    try:
        return _resolve(phrase.strip(), as_of, tense)
    except OverflowError:  # "last Monday" as of 1 January of year 1: a date the calendar does not hold
        return None


@lru_cache(maxsize=4096)
def _resolve(phrase: str, as_of: date | None, tense: str | None) -> str | None:
    weekday = weekday_of(phrase)
    if weekday is not None and as_of is not None and not re.search(r"\d", phrase):
        return _weekday(phrase, weekday, as_of, tense).isoformat()
    parsed = parse_date(phrase)
    if parsed is not None and not _RELATIVE.search(phrase):
        year, month, day = parsed
        if year is None and month is not None and as_of is not None:
            year = _nearest_year(month, day or 1, as_of, tense)
        if year is not None and month is not None:
            return f"{year:04d}-{month:02d}" + (f"-{day:02d}" if day else "")
        if year is not None and month is None and day is None:
            return f"{year:04d}"
    if as_of is None or re.search(r"\bseasons?\b", phrase, re.I):
        return None
    found = _dateparser(phrase, as_of)
    if found and re.search(r"\bmonth\b", phrase, re.I):
        return found[:7]
    if found and re.search(r"\byear\b", phrase, re.I):
        return found[:4]
    return found


def _weekday(phrase: str, weekday: int, as_of: date, tense: str | None = None) -> date:
    """'last Saturday' before, 'next Saturday' after, a bare 'Saturday' the nearest one either side."""
    lowered = phrase.lower()
    back = (as_of.weekday() - weekday) % 7 or 7
    ahead = (weekday - as_of.weekday()) % 7 or 7
    if re.search(r"\b(last|previous|past)\b", lowered):
        return as_of - timedelta(days=back)
    if re.search(r"\b(next|coming|this)\b", lowered):
        return as_of + timedelta(days=ahead)
    if tense is not None:
        return as_of - timedelta(days=back) if tense == "past" else as_of + timedelta(days=ahead)
    return as_of - timedelta(days=back) if back <= ahead else as_of + timedelta(days=ahead)


def _nearest_year(month: int, day: int, as_of: date, tense: str | None) -> int:
    """The year the tense implies; otherwise a date over two months ahead is last year's."""
    try:
        this_year = date(as_of.year, month, day)
    except ValueError:
        return as_of.year
    if tense == "past":
        return as_of.year - 1 if this_year > as_of else as_of.year
    if tense == "future":
        return as_of.year + 1 if this_year < as_of else as_of.year
    return as_of.year - 1 if this_year > as_of + timedelta(days=62) else as_of.year


def _dateparser(phrase: str, as_of: date) -> str | None:
    import dateparser

    cleaned = _NOISE.sub(" ", phrase.lower()).strip() or phrase
    if re.fullmatch(r"(last|this)?\s*(tonight|this|last)", cleaned):
        cleaned = "yesterday" if "last" in cleaned else "today"
    settings = {"RELATIVE_BASE": datetime(as_of.year, as_of.month, as_of.day), "PREFER_DATES_FROM": "past"}
    found = dateparser.parse(cleaned, languages=["en"], settings=settings)  # type: ignore[arg-type]
    return found.date().isoformat() if found else None
