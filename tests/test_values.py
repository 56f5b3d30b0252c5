"""Values by meaning (provcheck.values): the wordings analysts and sources use for one value."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from provcheck.values import Match, ValueKind, compare, find, mentions, value_at, values_in


def _first(text: str):  # noqa: ANN202 - a Value
    (value, *_) = values_in(text)
    return value


@pytest.mark.parametrize(("briefing", "source"), [
    ("About 25 fans", "approx. 25 supporters"),
    ("around 30 fans", "about 28 fans"),
    ("Seventy-two officers", "Deployed: 72 officers incl. four Police Support Units"),
    ("four PSUs", "72 officers incl. four Police Support Units"),
    ("a little before 11:40", "11:38 - PC 2231 reports"),
    ("twenty past six", "18:20 coaches arrive"),
    ("five to ten", "09:55 gates open"),
    ("midday", "12:00 kick-off"),
    ("a quarter to eleven", "22:45 dispersal"),
    ("a 19-year-old", "Arrested: female, 19, of Quay Street"),
    ("a 24-year-old man", "male, 24"),
    ("drew 1-1", "Full time: City 1, Athletic 1"),
    ("won 2-0", "Rovers 2, Town 0"),
    ("a dozen flares", "12 flares were recovered"),
    ("sixty-four officers", "Deployment: 64 officers"),
    ("£2,500 of damage", "damage estimated at £2,500"),
    ("3pm", "Kick-off was at 15:00."),
])
def test_the_same_value_in_other_words_is_found(briefing: str, source: str) -> None:
    match, _ = find(_first(briefing), source)
    assert match is Match.FOUND


@pytest.mark.parametrize(("briefing", "source"), [
    ("around 30 fans", "40 fans"),
    ("About 50 fans", "approx. 30 supporters outside the pub"),
    ("shortly after noon", "11:38 - PC 2231 reports"),
    ("a 19-year-old", "female, 21"),
    ("drew 1-1", "Full time: City 2, Athletic 1"),
    ("twenty past six", "19:20 coaches arrive"),
])
def test_another_value_in_the_same_slot_clashes(briefing: str, source: str) -> None:
    match, stated = find(_first(briefing), source)
    assert match is Match.CLASH and stated is not None


def test_counts_of_different_things_neither_match_nor_clash() -> None:
    assert compare(_first("12 arrests"), _first("12 coaches")) is Match.OTHER
    assert find(_first("about 30 fans"), "PC 2231 reported it")[0] is Match.OTHER


@pytest.mark.parametrize(("text", "low", "high"), [
    ("a couple of vans", 2, 3), ("several arrests", 3, 9), ("dozens of fans", 24, 99),
    ("scores of supporters", 40, 200), ("between 30 and 40 supporters", 30, 40), ("over 200 fans", 200, 300),
])
def test_vague_quantities_are_intervals(text: str, low: float, high: float) -> None:
    value = _first(text)
    assert (value.kind, value.low, value.high) == (ValueKind.NUMBER, low, high)


def test_a_clock_time_without_am_or_pm_stands_for_either_half_of_the_day() -> None:
    assert _first("at ten past seven").either_half and not _first("at 19:10").either_half
    assert compare(_first("ten past seven"), _first("19:10")) is Match.FOUND
    assert compare(_first("ten past seven"), _first("7.10pm")) is Match.FOUND
    assert compare(_first("7.10am"), _first("19:10")) is Match.CLASH


def test_years_dates_and_ranges_of_years_are_not_counts() -> None:
    assert all(v.kind is not ValueKind.NUMBER for v in values_in("On 14 March 2026 it ran from 1991 to 1995."))


def test_an_atom_span_finds_its_value() -> None:
    text = "About 25 fans gathered outside the Railway Tavern a little before 11:40."
    assert value_at(text, 0, 8).kind is ValueKind.NUMBER  # type: ignore[union-attr]
    assert value_at(text, 59, 71).kind is ValueKind.TIME  # type: ignore[union-attr]
    assert value_at("The Railway Tavern", 4, 11) is None


def test_a_long_log_reads_in_one_pass() -> None:
    log = "\n".join(f"{10 + i // 60:02d}:{i % 60:02d} - PC {1000 + i} reports approx. {i % 50 + 1} supporters"
                    for i in range(600))
    values = values_in(log)
    assert sum(v.kind is ValueKind.TIME for v in values) == 600


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=120))
def test_any_text_gives_values_whose_offsets_slice_back(text: str) -> None:
    for value in values_in(text):
        assert 0 <= value.start < value.end <= len(text) and value.low <= value.high
        assert value.text == text[value.start:value.end].strip()


def test_no_events_is_a_count_of_none() -> None:
    assert find(_first("No arrests were made."), "Arrests: nil. Ejections: 4")[0] is Match.FOUND
    assert find(_first("No arrests were made."), "Arrests: 2 (1 x D&D, 1 x pyro)")[0] is Match.CLASH
    assert values_in("No officers or members of the public were injured.") == ()  # not "0 officers"


def test_a_count_takes_its_field_label_when_no_noun_follows() -> None:
    assert _first("Officers: 48 (1 PSU + 2 FIOs)").counts == "officers"
    assert find(_first("Forty-eight officers"), "Officers: 48 (1 PSU + 2 FIOs)")[0] is Match.FOUND


@pytest.mark.parametrize(("briefing", "source"), [
    ("Four minibuses were found on Heron Street.", "14:20 - 4 minibuses located parked on Heron Street."),
    ("They arrived in five cars.", "18:20 - 5 cars with Redbank fans (approx 18) parked Ludgate St."),
    ("A 19-year-old woman was taken to hospital.", "23:40 - Suspected spiking, female (19), at the Pack Horse"),
    ("He was arrested in the 71st minute.", "Arrests: 1 (home supporter, throwing missile, 71 mins)"),
    ("A heat source some 400 metres from the home.", "NPAS report heat source approx 400m from care home."),
    ("Pastors patrol until three in the morning.", "Street Pastors out every Friday and Saturday 22:00-03:00"),
    ("Roads were closed from seven in the morning.", "between 07:00 and 13:30 no person shall"),
])
def test_values_of_logs_and_forms_are_found(briefing: str, source: str) -> None:
    claim = next(v for v in values_in(briefing) if v.kind is not ValueKind.SCORE)
    assert find(claim, source)[0] is Match.FOUND, (claim, values_in(source))


def test_approximations_are_compared_by_what_they_state() -> None:
    # each widened by its "about" the two would touch; neither states the other
    assert find(_first("They carried roughly 840 passengers."), "Passengers approx 640.")[0] is Match.CLASH
    assert find(_first("around 30 fans"), "about 28 fans")[0] is Match.FOUND


def test_two_ages_are_not_a_range() -> None:
    ages = values_in("Two males aged 17 and 18 were arrested.")
    assert [(v.kind, v.low) for v in ages[1:]] == [(ValueKind.AGE, 17.0), (ValueKind.AGE, 18.0)]
    assert compare(values_in("a 54-year-old woman")[0], values_in("female occupier (54), male (17)")[0]) is Match.FOUND


def test_a_number_mentioned_under_another_noun_is_mentioned_not_stated() -> None:
    two = values_in("Two Hollinsby men were arrested for affray.")[0]
    assert find(two, "Arrests: 2 x affray (both Hollinsby)")[0] is not Match.FOUND
    assert mentions(two, "Arrests: 2 x affray (both Hollinsby)") is not None
    assert mentions(values_in("Several fans were arrested.")[0], "Reference 6, grading 3") is None  # vague: no number
