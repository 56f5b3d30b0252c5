"""Structured sources and the prose that states them, for training pairs.

A log line, a form or a table row is written from a random record; the
claim is a prose sentence stating one line of it, with its values written
another way (see :mod:`provcheck.train.values`). Faults make the negatives:
a changed value, a changed name, a wrong time (contradicted), swapped roles
(contradicted) and an added detail (neutral). The evidence is the line alone
or the block of lines around it, as a source document shows it.

>>> pairs = record_pairs(random.Random(2), count=3)
>>> sorted({p.label.value for p in pairs}) == ['contradicted', 'neutral', 'supported']
True
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from provcheck.train.pairs import PairLabel, TrainPair
from provcheck.train.values import (
    age_forms,
    approx_forms,
    clock_forms,
    count_forms,
    other_number,
    score_forms,
    shift_time,
)

__all__ = ["Record", "random_record", "record_pairs"]

SOURCE = "shaped-structured"

_CLUBS = (
    "Harrowgate Town", "Oldfield Athletic", "Eastmoor Rovers", "Kingsbury City", "Millbrook United",
    "Ashcombe Wanderers", "Castleford Albion", "Redwater Rangers", "Northgate County", "Thornby Villa",
)  # fmt: skip
_PLACES = (
    "Railway Tavern", "Brewery Yard coach park", "Kiln Stand turnstiles", "Mill Lane", "station forecourt",
    "Red Lion", "South Stand", "High Street", "market square", "Crown and Anchor", "bus station", "away end",
)  # fmt: skip
_GROUPS = ("supporters", "away fans", "home fans", "people", "youths", "risk supporters", "travelling fans")
_OFFICERS = ("PC {n}", "PS {n}", "Sergeant {name}", "Inspector {name}", "steward {name}", "DC {n}")
_SURNAMES = ("Pike", "Cole", "Hart", "Lowe", "Singh", "Okafor", "Bell", "Novak", "Reid", "Walsh", "Ahmed", "Doyle")
_FIRST = ("Owen", "Martin", "Sarah", "Priya", "Tom", "Grace", "Daniel", "Aisha", "Liam", "Chloe", "Ewan", "Nadia")
_ARREST_FOR = ("possession of pyrotechnics", "affray", "public order offences", "assault", "criminal damage")
_FEMALE = frozenset({"Sarah", "Priya", "Grace", "Aisha", "Chloe", "Nadia"})
_DETAILS = (
    "after a fight broke out", "despite heavy rain", "for the second week running", "before kick-off",
    "while chanting", "without tickets", "in two groups",
)  # fmt: skip


@dataclass(frozen=True)
class Record:
    """One fact of a structured source: its line, its kind, the prose stating it, and the faults."""

    kind: str  # "log", "form" or "table"
    line: str
    prose: str
    faults: tuple[tuple[str, PairLabel], ...]


def _officer(rng: random.Random) -> str:
    template = rng.choice(_OFFICERS)
    return template.format(n=rng.randint(1000, 4999), name=rng.choice(_SURNAMES))


def _clock(rng: random.Random) -> tuple[int, int]:
    return rng.randint(8, 22), rng.choice((0, 5, 10, 15, 20, 25, 30, 35, 40, 42, 45, 50, 55))


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _other(options: Sequence[str], not_this: str, rng: random.Random) -> str:
    return rng.choice([o for o in options if o != not_this])


def _crowd(rng: random.Random) -> Record:
    """'10:42 - PC 2231 reports approx. 30 supporters outside the Railway Tavern'."""
    (hour, minute), n = _clock(rng), rng.randint(6, 300)
    place, group, officer = rng.choice(_PLACES), rng.choice(_GROUPS), _officer(rng)
    line = f"{hour:02d}:{minute:02d} - {officer} reports {rng.choice(approx_forms(n)[:3])} {group} outside the {place}"

    def say(count: int, where: str, at: tuple[int, int]) -> str:
        return _cap(
            f"{rng.choice(approx_forms(count))} {group} were outside the {where} at {rng.choice(clock_forms(*at))}"
        )

    return Record(kind="log", line=line, prose=say(n, place, (hour, minute)) + ".",
                  faults=_log_faults(say, n, place, _PLACES, (hour, minute), rng))


def _arrival(rng: random.Random) -> Record:
    """'13:15  Oldfield Athletic coaches (9) arrive at the Brewery Yard coach park under escort.'"""
    (hour, minute), n, club, place = _clock(rng), rng.randint(2, 14), rng.choice(_CLUBS), rng.choice(_PLACES)
    line = f"{hour:02d}:{minute:02d}  {club} coaches ({n}) arrive at the {place} under escort."

    def say(count: int, who: str, at: tuple[int, int]) -> str:
        return _cap(
            f"{rng.choice(count_forms(count))} {who} coaches arrived at the {place} at {rng.choice(clock_forms(*at))}"
        )

    return Record(kind="log", line=line, prose=say(n, club, (hour, minute)) + ".",
                  faults=_log_faults(say, n, club, _CLUBS, (hour, minute), rng))


def _log_faults(say: Callable[[int, str, tuple[int, int]], str], n: int, name: str, names: Sequence[str],
                at: tuple[int, int], rng: random.Random) -> tuple[tuple[str, PairLabel], ...]:
    """A log line's faults: another count, another name, another time (contradicted), an added detail (neutral)."""
    return (
        (say(other_number(n, rng), name, at) + ".", PairLabel.CONTRADICTED),
        (say(n, _other(names, name, rng), at) + ".", PairLabel.CONTRADICTED),
        (say(n, name, shift_time(*at, rng)) + ".", PairLabel.CONTRADICTED),
        (say(n, name, at) + f" {rng.choice(_DETAILS)}.", PairLabel.NEUTRAL),
    )


def _arrest(rng: random.Random) -> Record:
    """A custody form: name, age, sex, offence, place, time."""
    first, last, age, (hour, minute) = rng.choice(_FIRST), rng.choice(_SURNAMES), rng.randint(16, 64), _clock(rng)
    female, offence, place = first in _FEMALE, rng.choice(_ARREST_FOR), rng.choice(_PLACES)
    line = "\n".join(
        [f"Name: {last.upper()}, {first}", f"Age: {age}", f"Sex: {'F' if female else 'M'}", f"Offence: {offence}",
         f"Location: {place}", f"Time of arrest: {hour:02d}{minute:02d}"]
    )  # fmt: skip

    def say(who: str, years: int, sex: bool, at: tuple[int, int]) -> str:
        person = rng.choice(age_forms(years, sex))
        return _cap(f"{who}, {person}, was arrested for {offence} at the {place} at {rng.choice(clock_forms(*at))}.")

    name, other_age = f"{first} {last}", other_number(age, rng)
    faults = (
        (say(name, other_age if 10 <= other_age <= 90 else age + 9, female, (hour, minute)), PairLabel.CONTRADICTED),
        (say(name, age, not female, (hour, minute)), PairLabel.CONTRADICTED),
        (say(f"{_other(_FIRST, first, rng)} {last}", age, female, (hour, minute)), PairLabel.CONTRADICTED),
        (say(name, age, female, shift_time(hour, minute, rng)), PairLabel.CONTRADICTED),
    )
    return Record(kind="form", line=line, prose=say(name, age, female, (hour, minute)), faults=faults)


def _result(rng: random.Random) -> Record:
    """'16:54  Full time: Harrowgate Town 0, Oldfield Athletic 0.' and who beat whom."""
    home, away = rng.sample(_CLUBS, 2)
    goals, hour, minute = (rng.randint(0, 4), rng.randint(0, 4)), rng.choice((16, 17, 21)), rng.randint(40, 59)
    line = f"{hour:02d}:{minute:02d}  Full time: {home} {goals[0]}, {away} {goals[1]}."
    level = goals[0] == goals[1]
    swapped = score_forms(home, away, (goals[0] + 1, goals[1])) if level else score_forms(away, home, goals)
    faults = (
        (_cap(rng.choice(swapped)) + ".", PairLabel.CONTRADICTED),
        (
            _cap(rng.choice(score_forms(home, away, (goals[0], goals[1] + rng.randint(1, 2))))) + ".",
            PairLabel.CONTRADICTED,
        ),
        (_cap(rng.choice(score_forms(home, away, goals))) + f" {rng.choice(_DETAILS)}.", PairLabel.NEUTRAL),
    )
    return Record(kind="log", line=line, prose=_cap(rng.choice(score_forms(home, away, goals))) + ".", faults=faults)


def _coaches(rng: random.Random) -> Record:
    """A table row: club, coaches, supporters, arrival time."""
    club, coaches, fans, (hour, minute) = rng.choice(_CLUBS), rng.randint(2, 14), rng.randint(80, 900), _clock(rng)
    line = f"| {club} | {coaches} | {fans} | {hour:02d}:{minute:02d} |"

    def say(name: str, c: int, at: tuple[int, int]) -> str:
        when, about, many = rng.choice(clock_forms(*at)), rng.choice(approx_forms(fans)), rng.choice(count_forms(c))
        return f"{name} supporters, {about} of them, travelled on {many} coaches arriving at {when}."

    faults = (
        (say(club, other_number(coaches, rng), (hour, minute)), PairLabel.CONTRADICTED),
        (say(_other(_CLUBS, club, rng), coaches, (hour, minute)), PairLabel.CONTRADICTED),
        (say(club, coaches, shift_time(hour, minute, rng)), PairLabel.CONTRADICTED),
    )
    return Record(kind="table", line=line, prose=say(club, coaches, (hour, minute)), faults=faults)


_MAKERS: tuple[Callable[[random.Random], Record], ...] = (_crowd, _arrival, _arrest, _result, _coaches)
_TABLE_HEAD = "| club | coaches | supporters | arrival |\n| --- | --- | --- | --- |"


def random_record(rng: random.Random) -> Record:
    """One record of a random kind (crowd report, coach arrival, custody form, result, table row)."""
    return rng.choice(_MAKERS)(rng)


def _evidence(record: Record, rng: random.Random) -> str:
    """The record alone, or among other lines of its kind (a log in time order, a table)."""
    if record.kind == "form" or rng.random() < 0.35:
        return f"{_TABLE_HEAD}\n{record.line}" if record.kind == "table" else record.line
    others: list[str] = []
    while len(others) < rng.randint(2, 6):
        other = random_record(rng)
        if other.kind == record.kind:
            others.append(other.line)
    lines = others + [record.line]
    if record.kind == "log":
        return "\n".join(sorted(lines))
    rng.shuffle(lines)
    return "\n".join([_TABLE_HEAD, *lines])


def record_pairs(rng: random.Random, *, count: int) -> list[TrainPair]:
    """``count`` records, each a supported pair and two of its faults, against the same evidence."""
    pairs: list[TrainPair] = []
    for _ in range(count):
        record = random_record(rng)
        evidence = _evidence(record, rng)
        pairs.append(TrainPair(claim=record.prose, evidence=evidence, label=PairLabel.SUPPORTED, source=SOURCE))
        for claim, label in rng.sample(record.faults, 2):
            pairs.append(TrainPair(claim=claim, evidence=evidence, label=label, source=SOURCE))
    return pairs
