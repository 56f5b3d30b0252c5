"""The words planters use: hedges to drop, stronger words, detail and incident templates, dates.

Kept as data so that a trainer can read, and extend, what a drill plants.

>>> shift_date("Saturday 24 October 2026", 7)
'Saturday 31 October 2026'
>>> shift_date("Saturday 24 October 2026", 1)
'Sunday 25 October 2026'
>>> number_words(6, "Two")
'Six'
"""

from __future__ import annotations

import datetime as dt
import re

__all__ = ["DETAILS", "HEDGE_PATTERNS", "INCIDENTS", "INTENSITY", "number_words", "shift_date"]

#: (pattern, what is kept) pairs; the kept text is never empty, so each plant has a span.
HEDGE_PATTERNS: tuple[tuple[str, str], ...] = (
    (r"^(?:Unconfirmed |Unverified )?[Rr]eports suggest that (\w+)", r"\1"),
    (r"^It is (?:believed|understood|thought|alleged|claimed) that (\w+)", r"\1"),
    (r"^According to [^,]{3,60}, (\w+)", r"\1"),
    (r"^(?:An? |The )?[\w ]{0,40}? (?:alleged|claimed|reported|said|stated|suggested) that (\w+)", r"\1"),
    (r"\b(?:reportedly|allegedly|apparently|possibly|probably) (\w+)", r"\1"),
    (r"\b(?:may|might|could) (\w+)", r"will \1"),
    (r"\b(?:is|are) (?:expected|likely|believed|thought|understood|said) to (\w+)", r"will \1"),
)

#: (pattern, stronger wording) pairs: the same event told with more force.
INTENSITY: tuple[tuple[str, str], ...] = (
    (r"\bminor\b", "serious"),
    (r"\blight escort\b", "heavy escort"),
    (r"\bran towards\b", "charged at"),
    (r"\bwas thrown\b", "was hurled"),
    (r"\bpublic order offences\b", "violent disorder"),
    (r"\bintend to confront\b", "intend to attack"),
    (r"\bto gather\b", "to mass"),
    (r"\bwas ejected\b", "was forcibly ejected"),
    (r"\bsetting off\b", "throwing"),
    (r"\bhigh risk\b", "very high risk"),
    (r"\bmedium risk\b", "high risk"),
    (r"\bdelayed\b", "badly delayed"),
    (r"\bverbal abuse\b", "violent abuse"),
    (r"\bgood-natured\b", "hostile"),
    (r"\bwithout incident\b", "without serious incident"),
)

#: Adjuncts appended before a sentence's full stop; {kind} is a name of that kind from the sources.
DETAILS: tuple[str, ...] = (
    ", despite a warning from {force}",
    ", with {person} present",
    ", after a {n}-hour delay",
    ", watched by {n} {company} stewards",
    ", as {person} told {force}",
    ", close to {pub} on {street}",
)

#: Whole invented incidents, each made only of real names and a real date from the sources.
INCIDENTS: tuple[str, ...] = (
    "{club} supporters threw bottles at stewards outside {pub} after the match against {club2} on {date}.",
    "{force} arrested {n} {club} supporters after a fight on {street} on {date}.",
    "{person} reported that {club} supporters damaged a coach on {street} on {date}.",
    "A steward was injured when {club} supporters forced their way into the {stand} on {date}.",
    "{club} supporters clashed with {club2} supporters outside {pub} on {date}.",
)

_WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
          "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty"]
_TENS = {30: "thirty", 40: "forty", 50: "fifty", 60: "sixty", 70: "seventy", 80: "eighty", 90: "ninety"}
_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"]
_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_DATE = re.compile(rf"^(?:({'|'.join(_DAYS)}) )?(\d{{1,2}}) ({'|'.join(_MONTHS)})(?: (\d{{4}}))?$")
_MONTH_YEAR = re.compile(rf"^({'|'.join(_MONTHS)}) (\d{{4}})$")


def number_words(value: int, like: str) -> str:
    """``value`` in words when ``like`` is a word (and it has one), capitalised like ``like``."""
    word = _WORDS[value] if 0 <= value <= 20 else _TENS.get(value, f"{value:,}" if value >= 1000 else str(value))
    return word[:1].upper() + word[1:] if like[:1].isupper() else word


def shift_date(text: str, days: int) -> str | None:
    """The date ``days`` later in the same form ("Saturday 24 October 2026"), or None for other forms."""
    match = _DATE.match(text.strip())
    if match:
        weekday, day, month, year = match.groups()
        if weekday and not year:
            return None
        when = dt.date(int(year or 2026), _MONTHS.index(month) + 1, int(day)) + dt.timedelta(days=days)
        out = f"{when.day} {_MONTHS[when.month - 1]}" + (f" {when.year}" if year else "")
        return f"{_DAYS[when.weekday()]} {out}" if weekday else out
    match = _MONTH_YEAR.match(text.strip())
    if match:
        index = (_MONTHS.index(match.group(1)) + (1 if days > 0 else -1)) % 12
        return f"{_MONTHS[index]} {match.group(2)}"
    return None
