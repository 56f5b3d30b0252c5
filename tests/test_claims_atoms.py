"""Atoms normalised: quantities with ranges and approximation, dates resolved against the briefing date."""

from __future__ import annotations

from datetime import date

import pytest

from provcheck.claims import extract_claims
from provcheck.claims.dates import as_of_date, resolve_date
from provcheck.claims.quantities import quantity
from provcheck.schema import Atom, AtomKind

AS_OF = date(2026, 10, 21)  # a Wednesday


@pytest.mark.parametrize(
    ("phrase", "value", "low", "high", "approximate"),
    [
        ("a dozen", 12, None, None, False),
        ("1,200", 1200, None, None, False),
        ("about 500", 500, None, None, True),
        ("between 30 and 40", 35, 30, 40, True),
        ("30-40", 35, 30, 40, True),
        ("dozens", 24, 24, 99, True),
        ("hundreds", 200, 200, 999, True),
        ("15%", 15, None, None, False),
        ("30 per cent", 30, None, None, False),
        ("£12,500", 12500, None, None, False),
        ("£1.2 million", 1_200_000, None, None, False),
        ("more than 60", 60, None, None, True),
        ("2-3 million", 2_500_000, 2_000_000, 3_000_000, True),
    ],
)
def test_quantity(phrase: str, value: float, low: float | None, high: float | None, approximate: bool) -> None:
    assert tuple(quantity(phrase)) == (value, low, high, approximate)


@pytest.mark.parametrize(
    ("phrase", "tense", "resolved"),
    [
        ("last Saturday", None, "2026-10-17"),
        ("next Friday", None, "2026-10-23"),
        ("Friday", "past", "2026-10-16"),
        ("Friday", "future", "2026-10-23"),
        ("yesterday", None, "2026-10-20"),
        ("two weeks ago", None, "2026-10-07"),
        ("7 Nov", "past", "2025-11-07"),
        ("7 Nov", None, "2026-11-07"),
        ("3rd of October", None, "2026-10-03"),
        ("Saturday 24 October 2026", None, "2026-10-24"),
        ("March 2026", None, "2026-03"),
        ("last month", None, "2026-09"),
        ("last season", None, None),
    ],
)
def test_resolve_date(phrase: str, tense: str | None, resolved: str | None) -> None:
    assert resolve_date(phrase, as_of=AS_OF, tense=tense) == resolved


def test_relative_dates_stay_unresolved_without_a_briefing_date() -> None:
    assert resolve_date("last Saturday") is None
    assert as_of_date("2026-10-21") == AS_OF and as_of_date("not a date") is None


def _atoms(text: str) -> list[Atom]:
    return [a for c in extract_claims(text, as_of=AS_OF) for a in c.atoms]


def test_time_atoms_and_the_day_inside_them() -> None:
    atoms = _atoms("Between 30 and 40 supporters gathered at the Red Lion just after 9pm last Saturday.")
    number = next(a for a in atoms if a.kind is AtomKind.NUMBER)
    assert (number.text, number.low, number.high, number.unit) == ("Between 30 and 40", 30, 40, "supporter")
    time = next(a for a in atoms if a.kind is AtomKind.TIME)
    assert time.value == 21 * 60 and time.approximate
    day = next(a for a in atoms if a.kind is AtomKind.DATE)
    assert (day.text, day.resolved) == ("last Saturday", "2026-10-17")


@pytest.mark.parametrize(
    ("text", "kind", "atom_text", "value"),
    [
        ("The train arrived shortly before noon.", AtomKind.TIME, "shortly before noon", 720),
        ("Eight officers will travel on the 10:04 service.", AtomKind.TIME, "10:04", 604),
        ("According to rail staff, the train was delayed by 40 minutes.", AtomKind.NUMBER, "40 minutes", 40),
        ("Dozens of seats were damaged in the away end.", AtomKind.NUMBER, "Dozens", 24),
        ("Only one banning order was issued in 2025.", AtomKind.DATE, "2025", None),
    ],
)
def test_atoms_the_entity_recogniser_misses(text: str, kind: AtomKind, atom_text: str, value: float | None) -> None:
    atom = next(a for a in _atoms(text) if a.kind is kind)
    assert atom.text == atom_text and atom.value == value


def test_counted_noun_of_a_vague_quantity() -> None:
    (atom,) = _atoms("Dozens of seats were damaged.")
    assert atom.unit == "seat"


def test_entities_are_whole_names_without_articles() -> None:
    texts = {a.text for a in _atoms("Southvale Police arrested twelve Harrowgate Town supporters at The Lamplighter.")}
    assert {"Southvale Police", "Harrowgate Town", "Lamplighter"} <= texts
    assert "Town" not in texts


@pytest.mark.parametrize(
    ("text", "atom_text", "value"),
    [
        ("The coaches arrived after a nine-hour delay.", "nine-hour", 9),
        ("The coaches arrived after a 3-hour delay.", "3-hour", 3),
        ("Fans waited for two hours at the turnstiles.", "two hours", 2),
    ],
)
def test_durations_in_words_or_hyphenated_are_numbers(text: str, atom_text: str, value: float) -> None:
    atom = next(a for a in _atoms(text) if a.kind is AtomKind.NUMBER)
    assert (atom.text, atom.value, atom.unit) == (atom_text, value, "hour")
