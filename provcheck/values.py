"""Values by meaning: numbers, clock times, ages, match scores and money, read by Duckling.

Duckling (``pyduckling-native-phihos``, Rust bindings of Facebook's Duckling)
reads the numbers and times of running text: "sixty-four", "a dozen", "twenty
past six", "a little before 11:40", "midday". This module is the thin layer the
field needs on top: approximation words widen a number into an interval
("around 30" covers 26-34), vague quantities are intervals ("several" is 3-9),
a clock time without am/pm stands for either half of the day, ages ("a
19-year-old", "female, 19", "aged 19") and match scores ("2-0", "Rovers 2, Town
0") are their own kinds, and two values are compared by one function,
:func:`compare`.

>>> [(v.kind.value, v.low, v.high) for v in values_in("About 30 fans gathered at twenty past six.")]
[('number', 25.5, 34.5), ('time', 378.0, 382.0)]
>>> compare(values_in("a little before 11:40")[0], values_in("at 11:38")[0])
<Match.FOUND: 'found'>
>>> compare(values_in("about 30 fans")[0], values_in("40 fans")[0])
<Match.CLASH: 'clash'>
"""

from __future__ import annotations

import functools
import re
from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

__all__ = ["Match", "Value", "ValueKind", "compare", "find", "mentions", "value_at", "values_in"]


class ValueKind(StrEnum):
    """What a value measures; only values of one kind are compared."""

    NUMBER = "number"
    TIME = "time"
    AGE = "age"
    SCORE = "score"
    MONEY = "money"


class Match(StrEnum):
    """How a briefing value stands against a source value."""

    FOUND = "found"
    CLASH = "clash"
    OTHER = "other"  # another kind of value: says nothing either way


class Value(BaseModel):
    """A value of a text: its kind, the interval it covers, its words and where they stand."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: ValueKind
    low: float
    high: float
    text: str
    start: int
    end: int
    anchor: float = 0.0  # the value as stated: 1260 for "just after 9pm", 30 for "about 30"
    either_half: bool = False  # a clock time without am/pm: 6:20 may be 18:20
    counts: str = ""  # the noun a number counts ("fans"), lower-cased
    vague: bool = False  # "a few", "several": an interval no source states as such

    @property
    def exact(self) -> bool:
        """Whether the value is one point, not an interval."""
        return self.low == self.high


_APPROX = re.compile(r"(?:about|around|approx\.?|approximately|roughly|some|circa|c\.|an estimated|estimated|"
                     r"nearly|almost|just under|just over|up to)\s+$", re.I)
_ABOVE = re.compile(r"(?:over|more than|at least|in excess of|upwards of)\s+$", re.I)
_BELOW = re.compile(r"(?:under|fewer than|less than|below|no more than|at most)\s+$", re.I)
_VAGUE = {"half a dozen": (6, 6), "a dozen": (12, 12), "several": (3, 9), "a few": (2, 5), "few": (2, 5),
          "a couple of": (2, 3), "a couple": (2, 3),
          "a handful of": (3, 8), "dozens of": (24, 99), "dozens": (24, 99), "scores of": (40, 200),
          "hundreds of": (200, 999), "hundreds": (200, 999), "thousands of": (2000, 9999)}
_VAGUE_WORDS = re.compile(r"\b(" + "|".join(sorted(map(re.escape, _VAGUE), key=len, reverse=True)) + r")\b", re.I)
_AGE_AFTER = re.compile(r"^[\s-]*years?[\s-]*old\b|^[\s-]*yrs?\b|^[\s-]*y/?o\b", re.I)
_AGE_BEFORE = re.compile(r"(?:\baged|\bages?:?|\b(?:male|female|man|woman|boy|girl)\s*[,(]?|"
                         r"\bage[sd]?\s+\d+\s+and)\s*$", re.I)  # "aged 17 and 18" are two ages
_MALE = re.compile(r"\b(?:male|man|men|boy|he|his|mr)\b", re.I)
_FEMALE = re.compile(r"\b(?:female|woman|women|girl|she|her|mrs|ms|miss)\b", re.I)
_SCORE_DASH = re.compile(r"(?<![\d:./-])(\d{1,2})\s?[-\u2013]\s?(\d{1,2})(?![\d:/-]|\.\d)")
_MATCH_WORDS = re.compile(r"\b(?:drew|draw|drawn|won|win|wins|lost|lose|loss|beat|beaten|defeat\w*|victory|score\w*|"
                          r"full[- ]time|half[- ]time|FT|HT|result|finished|ended|thrashed|went down)\b", re.I)
_SPLIT_THOUSANDS = re.compile(r"(?<![\d,])(\d{1,3}), (\d{3})\b")
_SPLIT_DECIMAL = re.compile(r"(?<![\d.])(\d{1,3})\. (\d+)(?=\s*(?:million|billion|bn|m|k|thousand|per ?cent|%))", re.I)
_YEARLIKE = re.compile(r"(?:19|20)\d\d")
_RANGE = re.compile(r"(?:between\s+)?(?<![\d:.,])(\d[\d,]*)\s*(?:and|to|-|\u2013)\s*(\d[\d,]*)"
                    r"(?![\d:]|\.\d)(?=\s+[a-z])",
                    re.I)
_SCORE_NAMED = re.compile(r"\b[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*)*\s+(\d{1,2})\s*,\s*[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*)*\s+"
                          r"(\d{1,2})\b")
_HALF_OF_DAY = re.compile(r"(?:\d|\b)(?:am|pm|a\.m\.|p\.m\.)"
                          r"|\b(?:hrs|hours|morning|afternoon|evening|night|noon|midday|"
                          r"midnight|tonight)\b", re.I)
_TWENTY_FOUR = re.compile(r"\b(?:[01]\d|2[0-3])[:.]?[0-5]\d\b")
_CLOCK_WORDS = re.compile(r"\d[:.]\d\d|\d\s*(?:am|pm|a\.m|p\.m|hrs|h\b)|o'clock|noon|midday|midnight|past|quarter|"
                          r"half|in the (?:morning|afternoon|evening)|at night|"
                          r"\bto\s+(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\b|"
                          r"\b\d{4}\b", re.I)
_DATE_WORDS = re.compile(r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b|\d{1,2}/\d{1,2}/\d{2,4}|"
                         r"\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b", re.I)
_LABEL_BEFORE = re.compile(r"(?:^|\n|[.;]\s)\s*([A-Z][A-Za-z]+)(?: [a-z]+)?\s*:\s*(?:approx\.\s*|c\.\s*)?[\d,]+$")
_LABEL_APPROX = re.compile(r"(?:^|\n|[.;]\s|\s-\s)\s*([A-Z][A-Za-z]+)\s+(?:approx\.?|approximately|c\.|about)\s*"
                           r"[\d,]+$")  # "Passengers approx 640"
# counts of events, which "no" and "none" give as 0 (not "no officers were hurt": 0 officers is not what it says)
_EVENTS = r"(?:arrests?|injur(?:y|ies)|ejections?|incidents?|issues?|complaints?|casualties|offences?|damage|disorder)"
_NO_NOUN = re.compile(rf"\b[Nn]o\s+(?:further\s+|other\s+|reported\s+|serious\s+)?({_EVENTS})\b")
_NONE_FIELD = re.compile(rf"\b({_EVENTS[3:-1]})\s*:\s*(none|nil|zero|no)\b", re.I)
_CURRENCY = re.compile(r"[£$€]\s?$")
_STAMP = re.compile(r"T(\d\d):(\d\d)")
_TIME_LEAD = re.compile(r"(?:at|on|by|from|around|about|until|till)\s+(?=\S)", re.I)
_NEAR_TIME = re.compile(r"(?:a little|just|shortly|soon)\s+$", re.I)
_ABOUT_TIME = re.compile(r"(?:about|around|approximately|approx\.?|roughly|circa|c\.)\s+$", re.I)
_NOT_NOUNS = frozenset({"away", "home", "more", "extra", "of", "the", "other", "risk", "x", "a", "an", "or", "and",
                        "visiting", "travelling", "local", "young", "known", "further", "additional", "for", "with",
                        "in", "at", "on", "to", "by", "from", "were", "was", "had", "have", "has", "been", "being",
                        "is", "are", "who", "which", "that", "all", "both", "each", "per", "into"})
_SYNONYMS = ({"fans", "supporters", "followers", "spectators", "people", "persons", "attendances", "crowds",
              "gates"},
             {"officers", "police", "constables", "pcs", "staff"},
             {"minutes", "mins"}, {"metres", "ms", "meters"})
# a log line's "10:42 - PC 2231 reports ...": the dash is a separator, not a range to "PC 2231"
_LOG_DASH = re.compile(r"(\b\d{1,2}[:.]\d\d)(\s+)[-\u2013](?=\s+(?!\d{1,2}[:.]\d\d))")
_ORDINAL_END = re.compile(r"^(?:st|nd|rd|th)\b")
_METRES = re.compile(r"\d\s?(k?m)$")


@functools.lru_cache(maxsize=1)
def _context() -> object:
    from duckling import Context, default_locale_lang, load_time_zones, parse_lang, parse_locale, parse_ref_time

    zones = load_time_zones("/usr/share/zoneinfo")
    midnight = int(datetime(2026, 1, 1, 0, 0).timestamp())  # the reference: "6:20" reads as 06:20
    reference = parse_ref_time(zones, "Europe/London", midnight)
    locale = parse_locale("EN_GB", default_locale_lang(parse_lang("EN")))  # 04/05/2025 is 4 May
    return Context(reference, locale)


@functools.lru_cache(maxsize=2)
def _dimensions(*names: str) -> object:
    from duckling import parse_dimensions

    return parse_dimensions(list(names))


@functools.lru_cache(maxsize=50_000)
def values_in(text: str) -> tuple[Value, ...]:
    """Every value in ``text``, in order: scores, ages, money, numbers and clock times.

    Dates are left to :mod:`provcheck.claims.dates`; a year or a number that is
    part of a date or time is not a count.

    >>> [(v.kind.value, v.low) for v in values_in("Full time: City 1, Athletic 1. A male, 24, was arrested.")]
    [('score', 1.0), ('age', 24.0)]
    >>> [(v.low, v.high) for v in values_in("Several vans and a dozen officers.")]
    [(3.0, 9.0), (12.0, 12.0)]
    """
    found: list[Value] = _scores(text)
    for extra in (_ranges(text), _vague(text), _none(text)):  # before Duckling, which reads "dozens" as 12
        found += [r for r in extra if not any(v.start < r.end and r.start < v.end for v in found)]
    taken = [(v.start, v.end) for v in found]
    # "1, 000" and "31. 8" (text split into tokens) joined up, keeping every offset
    joined = _SPLIT_DECIMAL.sub(r"\1.\2 ", _SPLIT_THOUSANDS.sub(r"\1,\2 ", text))
    joined = _LOG_DASH.sub(r"\1\2 ", joined)
    # times and counts are read apart: read together, Duckling lets "About 1,200" be a time and drops the count
    every_time = _parse(joined, "time")  # clock times and dates: the numbers inside them are not counts
    times = [t for t in every_time if _CLOCK_WORDS.search(text[int(t["start"]):int(t["end"])])]
    dates = [t for t in every_time if t not in times and _DATE_WORDS.search(text[int(t["start"]):int(t["end"])])]
    blanked = joined  # counts are read with the clock times blanked out: "14:20 - 4 minibuses" is not 24
    for t in times:
        blanked = blanked[:int(t["start"])] + " " * (int(t["end"]) - int(t["start"])) + blanked[int(t["end"]):]
    parsed = times + _parse(blanked, "number")  # money is a number after a currency sign: Duckling's misreads less
    taken += [(int(d["start"]), int(d["end"])) for d in dates]
    for item in parsed:
        start, end = int(item["start"]), int(item["end"])
        if any(s < end and start < e for s, e in taken):
            continue
        try:
            value = _read(text, item, times)
        except (ValueError, TypeError, KeyError):  # a reading of a shape this layer does not know: no value
            value = None
        if value is not None:
            found.append(value)
            taken.append((value.start, value.end))
    return tuple(sorted(found, key=lambda v: v.start))


def _parse(text: str, *dimensions: str) -> list[dict]:
    from duckling import parse

    try:  # a NUL cannot cross into the native library: a space in its place keeps every offset
        return list(parse(text.replace("\x00", " "), _context(), _dimensions(*dimensions), False))
    except BaseException as err:  # noqa: BLE001 - a Rust panic is a BaseException; the text just has no values
        if isinstance(err, KeyboardInterrupt | SystemExit | MemoryError):
            raise
        return []


def _read(text: str, item: dict, times: list[dict]) -> Value | None:
    start, end, dim = int(item["start"]), int(item["end"]), item["dim"]
    if dim == "time":
        return _time(text, item)
    if any(int(t["start"]) <= start and end <= int(t["end"]) for t in times):
        return None  # the 18 of "18.20" or the 2026 of a date
    raw = item["value"].get("value")
    if not isinstance(raw, int | float):
        return None
    number = float(raw)
    if _CURRENCY.search(text[max(0, start - 2):start]):
        return _value(ValueKind.MONEY, number, number, text, start - len(text[:start]) + len(text[:start].rstrip()) - 1,
                      end)
    if 1900 <= number <= 2100 and re.fullmatch(r"\d{4}", text[start:end]):
        return None  # a year
    metres = _METRES.search(text[start:end])
    if metres and number >= 1e6:  # Duckling reads "400m" as 400 million; with no currency sign it is a distance
        number = number / 1e6 * (1000 if metres.group(1).lower() == "km" else 1)
        return _value(ValueKind.NUMBER, number, number, text, start, end, counts="metres")
    if _AGE_AFTER.match(text[end:end + 12]) or _AGE_BEFORE.search(text[max(0, start - 12):start]):
        return _value(ValueKind.AGE, number, number, text, start, end, counts=_sex(text, start, end))
    if number == 1 and re.match(r"\s+of\b", text[end:]):
        return None  # "one of the most unusual items" picks one out; it counts nothing
    low, high, start = _widened(text, start, number)
    return _value(ValueKind.NUMBER, low, high, text, start, end, counts=_counted(text, end))


def _sex(text: str, start: int, end: int) -> str:
    """"male" or "female" when the words around an age say so ("a 54-year-old woman", "male, 24"), else ""."""
    near = text[max(0, start - 12):end + 24]
    male, female = bool(_MALE.search(near)), bool(_FEMALE.search(near))
    return "male" if male and not female else "female" if female and not male else ""


def _widened(text: str, start: int, number: float) -> tuple[float, float, int]:
    """The interval of a number with the approximation words before it, and where its words start."""
    before = text[max(0, start - 20):start]
    for pattern, low, high in ((_APPROX, 0.85, 1.15), (_ABOVE, 1.0, 1.5), (_BELOW, 0.5, 1.0)):
        lead = pattern.search(before)
        if lead:
            return round(number * low, 2), round(number * high, 2), start - (len(before) - lead.start())
    return number, number, start


def _counted(text: str, end: int) -> str:
    """The first word after a number ("30 fans" -> "fans"), skipping "away", "home" and the like."""
    after = _ORDINAL_END.sub("", text[end:end + 50])  # "the 71st minute" counts minutes
    words = re.findall(r"[A-Za-z]+", re.split(r"[.;:!?(](?:\s|$)|[()]|,\s", after)[0])[:5]
    words = [w for w in words if not w[0].isupper() or w.isupper()]  # "30 Linthwaite supporters" counts supporters
    words = [w.lower() for w in words if w.lower() not in _NOT_NOUNS]
    label = _LABEL_BEFORE.search(text[max(0, end - 60):end]) or _LABEL_APPROX.search(text[max(0, end - 60):end])
    if label and not words:  # "Officers: 48 (1 PSU ...)", "Arrests: 2"
        return label.group(1).lower()
    return " ".join(words[:4])  # "six official supporters' trust coaches": the noun may come after adjectives


def _time(text: str, item: dict) -> Value | None:
    """A clock time as minutes after midnight, widened by "about" and by "before" / "after"."""
    value = item["value"]
    start, end = int(item["start"]), int(item["end"])
    if not _CLOCK_WORDS.search(text[start:end]):
        return None  # "between 30 and 40" is a range of counts, not of minutes
    if value.get("type") == "interval":
        value = _plausible(value)
        low, high = _minutes(value.get("from")), _minutes(value.get("to"))
        words = text[start:end].lower()
        if high is not None and (low is None or re.match(r"(?:by|before|until|till|up to)\b", words)):
            low, anchor = high - 20, float(high)  # "by 11:15", "before 11:40": the end is what is stated
        elif low is not None and (high is None or re.match(r"(?:after|since)\b", words)):
            high, anchor = low + 20, float(low)
        elif low is None or high is None:
            return None
        else:
            anchor = float(low)
        if high < low and high + 1440 - low <= 360:  # "from ten at night until three": past midnight
            high += 1440
        if high < low or high - low > 360:  # "from twenty to one" is 12:40, not 20:00 to 01:00
            point = _minutes(next(iter(_parse(text[start:end].split(" ", 1)[-1], "time")), {}).get("value"))
            if point is None:
                return None
            low, high, anchor = point - 2, point + 2, float(point)
    else:
        if value.get("grain") not in {"minute", "hour"}:
            return None  # a date: left to the date checks
        point = _minutes(value)
        if point is None:
            return None
        anchor = float(point)
        slack = 10 if _ABOUT_TIME.search(text[max(0, start - 14):start]) else 2
        low, high = point - slack, point + slack
    if _NEAR_TIME.search(text[max(0, start - 10):start]):
        low, high = low - 5, high + 5
    lead = _TIME_LEAD.match(text[start:end])  # "at 17:30" is worded "17:30"
    start += lead.end() if lead else 0
    words = text[max(0, start - 12):min(len(text), end + 20)]
    either = not _HALF_OF_DAY.search(words) and not _TWENTY_FOUR.search(text[start:end])
    return _value(ValueKind.TIME, float(low), float(high), text, start, end, either_half=either, anchor=anchor)


def _plausible(value: dict) -> dict:
    """Of Duckling's readings of an interval, the first that runs forwards within six hours.

    "between ten and midday" is first read 22:00 to 13:00; its second reading is 10:00 to 13:00.
    """
    for reading in value.get("values") or [value]:
        low, high = _minutes(reading.get("from")), _minutes(reading.get("to"))
        if low is not None and high is not None and 0 <= (high - low) % 1440 <= 360:
            return reading
    return value


def _minutes(point: dict | None) -> int | None:
    """Minutes after midnight of a Duckling time stamp ("2026-01-01T18:20:00.000+00:00"), or None."""
    match = _STAMP.search(str(point.get("value", ""))) if point else None
    return int(match.group(1)) * 60 + int(match.group(2)) if match else None


def _scores(text: str) -> list[Value]:
    """Match scores: "2-0", "drew 1-1", "Rovers 2, Town 0" (the pair, whoever is named first)."""
    found: list[Value] = []
    for pattern in (_SCORE_NAMED, _SCORE_DASH):
        for match in pattern.finditer(text):
            if any(v.start < match.end() and match.start() < v.end for v in found):
                continue
            near = text[max(0, match.start() - 30):match.end() + 15]
            if pattern is _SCORE_DASH and not _MATCH_WORDS.search(near):
                continue  # "30-40 fans" is a range, not a score
            a, b = sorted((int(match.group(1)), int(match.group(2))))
            found.append(_value(ValueKind.SCORE, float(a), float(b), text, match.start(), match.end()))
    return found


def _ranges(text: str) -> list[Value]:
    """Ranges of counts: "between 30 and 40 fans", "30 to 40", "30-40 supporters"."""
    return [_value(ValueKind.NUMBER, float(m.group(1).replace(",", "")), float(m.group(2).replace(",", "")),
                   text, m.start(), m.end(), counts=_counted(text, m.end()))
            for m in _RANGE.finditer(text)
            if float(m.group(1).replace(",", "")) < float(m.group(2).replace(",", ""))
            and not (_YEARLIKE.fullmatch(m.group(1)) and _YEARLIKE.fullmatch(m.group(2)))
            and not re.search(r"\bage[sd]?\s*$", text[max(0, m.start() - 8):m.start()], re.I)]


def _none(text: str) -> list[Value]:
    """Counts of nothing: "no arrests were made" and "Arrests: none" are both 0 arrests."""
    found = [_value(ValueKind.NUMBER, 0.0, 0.0, text, m.start(), m.end(), counts=m.group(1).lower())
             for m in _NO_NOUN.finditer(text)]
    found += [_value(ValueKind.NUMBER, 0.0, 0.0, text, m.start(2), m.end(2), counts=m.group(1).lower())
              for m in _NONE_FIELD.finditer(text)]
    return found


def _vague(text: str) -> list[Value]:
    """Vague quantities Duckling reads as one number or not at all: "several", "dozens of"."""
    return [_value(ValueKind.NUMBER, float(_VAGUE[m.group(1).lower()][0]), float(_VAGUE[m.group(1).lower()][1]),
                   text, m.start(), m.end(), counts=_counted(text, m.end()), vague=True)
            for m in _VAGUE_WORDS.finditer(text)]


def _value(kind: ValueKind, low: float, high: float, text: str, start: int, end: int, *,
           either_half: bool = False, counts: str = "", anchor: float | None = None, vague: bool = False) -> Value:
    return Value(kind=kind, low=low, high=high, text=text[start:end].strip(), start=start, end=end,
                 either_half=either_half, counts=counts, anchor=(low + high) / 2 if anchor is None else anchor,
                 vague=vague)


def _same_noun(a: str, b: str) -> bool:
    """Whether two counts count the same thing: any word of one names what a word of the other does."""
    if not a or not b:
        return True
    return any(_same_word(x, y) for x in a.split() for y in b.split())


def _same_word(a: str, b: str) -> bool:
    a, b = a.rstrip("s"), b.rstrip("s")
    if a == b or (len(a) >= 5 and a[:5] == b[:5]):
        return True
    return any(a + "s" in group and b + "s" in group for group in _SYNONYMS)


def compare(claim: Value, source: Value) -> Match:
    """Whether ``source`` states the ``claim``'s value, states another for the same slot, or is about else.

    Numbers count the same thing only when their nouns agree (or one has none);
    an exact score, age or amount must match exactly; intervals match when they overlap.

    >>> a, b = values_in("twenty past six")[0], values_in("18:20")[0]
    >>> compare(a, b), compare(values_in("won 2-0")[0], values_in("Rovers 0, Town 2")[0])
    (<Match.FOUND: 'found'>, <Match.FOUND: 'found'>)
    >>> compare(values_in("12 arrests")[0], values_in("12 coaches")[0])
    <Match.OTHER: 'other'>
    """
    if {claim.kind, source.kind} == {ValueKind.AGE, ValueKind.NUMBER}:  # "a 54-year-old" and "occupier (54)"
        bare = claim if claim.kind is ValueKind.NUMBER else source
        return Match.FOUND if not bare.counts and (claim.low, claim.high) == (source.low, source.high) else Match.OTHER
    if claim.kind is not source.kind:
        return Match.OTHER
    if (claim.vague or source.vague) and not (claim.counts and source.counts):
        return Match.OTHER  # "several supporters" is not stated by a "3" that counts nothing named
    if claim.kind in (ValueKind.NUMBER, ValueKind.AGE) and not _same_noun(claim.counts, source.counts):
        return Match.OTHER  # 12 arrests are not 12 coaches; a woman of 54 is not a man of 17
    if claim.kind is ValueKind.SCORE:  # a score is a pair: 1-1 is not 2-1
        return Match.FOUND if (claim.low, claim.high) == (source.low, source.high) else Match.CLASH
    if claim.kind is ValueKind.TIME:  # a day later is the same clock time: "until three" after "22:00-03:00"
        shifts = (-1440.0, -720.0, 0.0, 720.0, 1440.0) if claim.either_half or source.either_half else (-1440.0, 0.0,
                                                                                                         1440.0)
        return Match.FOUND if any(_overlap(claim, source, s) for s in shifts) else Match.CLASH
    # "roughly 840" is not "approx 640", though each widened by its "about" they would touch: one states the other
    # when either's stated value lies within the other's interval
    found = claim.low <= source.anchor <= claim.high or source.low <= claim.anchor <= source.high
    return Match.FOUND if found or (claim.exact and source.exact and _overlap(claim, source, 0.0)) else Match.CLASH


def _overlap(a: Value, b: Value, shift: float) -> bool:
    tolerance = 0.001 * max(abs(a.high), abs(b.high), 1.0)
    return a.low <= b.high + shift + tolerance and b.low + shift <= a.high + tolerance


def find(claim: Value, text: str) -> tuple[Match, Value | None]:
    """The best standing of ``claim`` in ``text``: found (with the source value), a clash, or other.

    >>> find(values_in("sixty-four officers")[0], "Deployment: 64 officers incl. two PSUs")[0]
    <Match.FOUND: 'found'>
    >>> match, value = find(values_in("about 50 fans")[0], "approx. 30 supporters outside the pub")
    >>> match.value, value.text
    ('clash', 'approx. 30')
    """
    clash = None
    for value in values_in(text):
        match = compare(claim, value)
        if match is Match.FOUND:
            return match, value
        # a count clashes only with a count of the same thing: "30 fans" is not "PC 2231"
        counted = claim.kind is not ValueKind.NUMBER or (claim.counts and value.counts)
        if match is Match.CLASH and clash is None and counted:
            clash = value
    return (Match.CLASH, clash) if clash is not None else (Match.OTHER, None)


def mentions(claim: Value, text: str) -> Value | None:
    """A value of ``text`` equal to ``claim``'s whatever it counts, or None: whether the text mentions it at all.

    "Two Hollinsby men" is not stated by "Arrests: 2 x affray", but it is not
    absent from it either.

    >>> mentions(values_in("Two men were arrested")[0], "Arrests: 2 x affray").text
    '2'
    """
    counts = (ValueKind.NUMBER, ValueKind.AGE)
    if claim.vague:  # "several" has no number of its own to be mentioned
        return None
    for value in values_in(text):
        if claim.kind in counts and value.kind in counts:  # the number itself, not an interval around it
            if claim.anchor == value.anchor:
                return value
        elif compare(claim, value) is Match.FOUND:
            return value
    return None


def value_at(text: str, start: int, end: int) -> Value | None:
    """The value of ``text`` whose words overlap ``start:end`` (an atom's span), or None.

    >>> value_at("Seventy-two officers were deployed.", 0, 11).low
    72.0
    """
    return next((v for v in values_in(text) if v.start < end and start < v.end), None)
