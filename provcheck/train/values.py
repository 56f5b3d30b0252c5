"""Values written more than one way, for training pairs: numbers, times, ages, scores.

The verifier must read "sixty-four" as 64, "twenty past six in the evening"
as 18:20, "female, 19" as "a 19-year-old woman" and "City 1, Athletic 1" as
"drew 1-1", and must see a changed value as a contradiction. These
functions write one value in its several forms (for supported pairs) and
change it (for contradicted pairs); :mod:`provcheck.train.records` and
:mod:`provcheck.train.shaped` build the pairs.

>>> number_words(64)
'sixty-four'
>>> time_words(18, 20)
'twenty past six in the evening'
>>> words_to_digits("Police made twelve arrests.")
'Police made 12 arrests.'
"""

from __future__ import annotations

import random
import re

__all__ = [
    "age_forms",
    "approx_forms",
    "clock_forms",
    "count_forms",
    "number_words",
    "other_number",
    "rewrite_value",
    "score_forms",
    "shift_time",
    "time_words",
    "words_to_digits",
]

_ONES = (  # noqa: SIM905
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen"
).split()
_TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()  # noqa: SIM905
_SPECIAL = {6: ["half a dozen"], 12: ["a dozen"], 24: ["two dozen"], 100: ["a hundred", "one hundred"]}
_APPROX = ("about", "approx.", "approximately", "around", "roughly", "some", "an estimated", "c.")
_WORD_NUMBER = re.compile(
    r"(?<![\w-])(?:(twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:-(one|two|three|four|five|six|seven|eight|nine))?"
    r"|(two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen"
    r"|eighteen|nineteen))(?![\w-])"
)
_CLOCK = re.compile(r"(?<![\d:.])([01]?\d|2[0-3]):([0-5]\d)(?![\d:]|\s*(?:am|pm|a\.m|p\.m))")
_SMALL = re.compile(r"(?<![\w.,:£$%\[#-])(\d{1,3})(?![\w.,:%]\d|\w|%|-)(?=\s+[a-z])")
_APPROX_NUMBER = re.compile(r"\b(about|approx\.|approximately|around|roughly|some|an estimated) (\d{1,5})\b")


def number_words(n: int) -> str:
    """``n`` (0-999) in words: 64 -> 'sixty-four', 305 -> 'three hundred and five'."""
    if not 0 <= n < 1000:
        raise ValueError(f"number_words reads 0-999, not {n}")
    if n < 20:
        return _ONES[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return _TENS[tens] + (f"-{_ONES[ones]}" if ones else "")
    hundreds, rest = divmod(n, 100)
    return f"{_ONES[hundreds]} hundred" + (f" and {number_words(rest)}" if rest else "")


def count_forms(n: int) -> list[str]:
    """Ways to write a count: '12', 'twelve', 'a dozen'."""
    forms = [str(n), f"{n:,}"] if n >= 1000 else [str(n)]
    if n < 1000:
        forms.append(number_words(n))
    return list(dict.fromkeys(forms + _SPECIAL.get(n, [])))


def approx_forms(n: int) -> list[str]:
    """Ways to write an approximate count: 'about 30', 'approx. 30', 'around thirty'."""
    forms = [f"{word} {n}" for word in _APPROX]
    return forms + ([f"about {number_words(n)}", f"around {number_words(n)}"] if n < 1000 else [])


def other_number(n: int, rng: random.Random) -> int:
    """A clearly different count (never equal to ``n``)."""
    if n <= 3:
        return n + rng.randint(2, 6)
    choice = rng.choice((0.5, 2.0, 3.0, 1.5, 0.25, -1.0))
    new = n + rng.randint(3, 9) * rng.choice((-1, 1)) if choice < 0 else round(n * choice)
    return new if new != n and new > 0 else n + 7


def _part_of_day(hour: int) -> str:
    return "in the morning" if hour < 12 else "in the afternoon" if hour < 18 else "in the evening"


def time_words(hour: int, minute: int) -> str | None:
    """A 24-hour time in words ('twenty past six in the evening'), or None for odd minutes."""
    if (hour, minute) == (12, 0):
        return "midday"
    this, following = hour % 12 or 12, (hour + 1) % 12 or 12
    part = "" if following == 12 and minute > 30 else " " + _part_of_day(hour)
    if minute == 0:
        return f"{number_words(this)} o'clock" + part
    if minute % 5:
        return None
    if minute <= 30:
        head = {15: "a quarter", 30: "half"}.get(minute, number_words(minute))
        return f"{head} past {number_words(this)}" + part
    head = "a quarter" if minute == 45 else number_words(60 - minute)
    return f"{head} to {number_words(following)}" + part


def clock_forms(hour: int, minute: int) -> list[str]:
    """Ways to write a time: '18:20', '6.20pm', '6:20 pm', 'twenty past six in the evening'."""
    twelve, half = hour % 12 or 12, "am" if hour < 12 else "pm"
    forms = [f"{hour:02d}:{minute:02d}", f"{hour:02d}{minute:02d}", f"{twelve}.{minute:02d}{half}"]
    forms.append(f"{twelve}:{minute:02d} {half}")
    if minute == 0:
        forms.append(f"{twelve}{half}")
    if (words := time_words(hour, minute)) is not None:
        forms.append(words)
    return forms


def shift_time(hour: int, minute: int, rng: random.Random) -> tuple[int, int]:
    """A clearly different time: moved by 10 minutes to 3 hours, or by twelve hours."""
    if rng.random() < 0.2 and hour % 12 not in (0,):
        return (hour + 12) % 24, minute
    total = hour * 60 + minute + rng.choice((-180, -120, -60, -30, -20, -15, -10, 10, 15, 20, 30, 60, 120, 180))
    total %= 24 * 60
    return divmod(total, 60)


def age_forms(age: int, female: bool) -> list[str]:
    """Ways to describe a person by age and sex: 'a 19-year-old woman', 'female, 19'."""
    noun, adult = ("woman", "female") if female else ("man", "male")
    if age < 18:
        noun = "girl" if female else "boy"
    return [
        f"a {age}-year-old {noun}",
        f"{adult}, {age}",
        f"a {noun} aged {age}",
        f"a {age}-year-old {adult}",
        f"a {noun} of {age}",
        f"{adult}, aged {age}",
    ]


def score_forms(home: str, away: str, goals: tuple[int, int]) -> list[str]:
    """Prose for a result: 'Harrowgate Town drew 1-1 with Oldfield Athletic', 'X beat Y 2-0'."""
    ours, theirs = goals
    if ours == theirs:
        return [
            f"{home} drew {ours}-{theirs} with {away}",
            f"{home} and {away} drew {ours}-{theirs}",
            f"the match between {home} and {away} ended in a {ours}-{theirs} draw",
        ]
    (win, lose), (high, low) = ((home, away) if ours > theirs else (away, home)), sorted(goals, reverse=True)
    return [
        f"{win} beat {lose} {high}-{low}",
        f"{lose} lost {high}-{low} to {win}",
        f"{win} won {high}-{low} against {lose}",
    ]


def words_to_digits(text: str) -> str:
    """The first number word (two to ninety-nine) in ``text`` as digits; ``text`` if none."""
    match = _WORD_NUMBER.search(text)
    if match is None:
        return text
    tens, ones, teen = match.groups()
    value = _ONES.index(teen) if teen else _TENS.index(tens) * 10 + (_ONES.index(ones) if ones else 0)
    return text[: match.start()] + str(value) + text[match.end() :]


def rewrite_value(sentence: str, rng: random.Random) -> tuple[str, str] | None:
    """(the sentence with one value written another way, the same with the value changed), or None.

    Times become words or am/pm, small counts become words, number words become
    digits, one approximation word becomes another.

    >>> rewrite_value("The coach left at 18:20.", random.Random(3))[0]
    'The coach left at 6.20pm.'
    """
    for rewrite in (_rewrite_clock, _rewrite_approx, _rewrite_count, _rewrite_words):
        if (found := rewrite(sentence, rng)) is not None:
            return found
    return None


def _splice(sentence: str, match: re.Match[str], same: str, other: str) -> tuple[str, str]:
    head, tail = sentence[: match.start()], sentence[match.end() :]
    return head + same + tail, head + other + tail


def _rewrite_clock(sentence: str, rng: random.Random) -> tuple[str, str] | None:
    match = _CLOCK.search(sentence)
    if match is None or (sentence[match.end() : match.end() + 1].isdigit()):
        return None
    hour, minute = int(match.group(1)), int(match.group(2))
    same = rng.choice([f for f in clock_forms(hour, minute) if f != match.group()])
    other = rng.choice(clock_forms(*shift_time(hour, minute, rng)))
    return _splice(sentence, match, same, other)


def _rewrite_approx(sentence: str, rng: random.Random) -> tuple[str, str] | None:
    match = _APPROX_NUMBER.search(sentence)
    if match is None:
        return None
    n = int(match.group(2))
    same = rng.choice([f for f in approx_forms(n) if not f.startswith(match.group(1) + " ")])
    return _splice(sentence, match, same, rng.choice(approx_forms(other_number(n, rng))))


def _rewrite_count(sentence: str, rng: random.Random) -> tuple[str, str] | None:
    found = [m for m in _SMALL.finditer(sentence) if 2 <= int(m.group(1)) <= 199 and not _is_date(sentence, m)]
    if not found:
        return None
    match = rng.choice(found)
    n = int(match.group(1))
    same = rng.choice(count_forms(n)[1:])
    return _splice(sentence, match, same, rng.choice(count_forms(other_number(n, rng))))


def _rewrite_words(sentence: str, rng: random.Random) -> tuple[str, str] | None:
    match = _WORD_NUMBER.search(sentence)
    if match is None:
        return None
    n = int(words_to_digits(match.group()))
    return _splice(sentence, match, str(n), rng.choice(count_forms(other_number(n, rng))))


_MONTH_WORD = re.compile(
    r"(January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul"
    r"|Aug|Sep|Sept|Oct|Nov|Dec)\.?$"
)


def _is_date(sentence: str, match: re.Match[str]) -> bool:
    """A day of the month: '3 October', 'October 3'."""
    after = sentence[match.end() : match.end() + 12].strip()
    before = sentence[max(0, match.start() - 11) : match.start()].strip()
    return bool(_MONTH_WORD.match(after.split(" ")[0] if after else "")) or bool(_MONTH_WORD.search(before))
