"""Claims: sentences and clauses with exact spans, atoms, certainty, check-worthiness."""

from __future__ import annotations

import pytest

from provcheck.claims import extract_claims
from provcheck.claims.atoms import parse_date, parse_number, parse_time
from provcheck.schema import AtomKind, Certainty


def test_spans_slice_back_to_the_claim_text() -> None:
    text = "# Briefing\n\nAbout 1,200 fans travelled, and police made no arrests. Kick-off is at 3pm.\n\n- Fans sang."
    claims = extract_claims(text)
    assert [c.text for c in claims] == ["About 1,200 fans travelled", "police made no arrests.",
                                        "Kick-off is at 3pm.", "Fans sang."]
    assert all(text[c.start:c.end] == c.text for c in claims)


def test_atoms_are_typed_and_normalised() -> None:
    (claim,) = extract_claims("About 1,200 Harrowgate Town fans arrived at Kelder Park on 3 October at 7.45pm.")
    kinds = {(a.kind, a.text) for a in claim.atoms}
    assert (AtomKind.NUMBER, "About 1,200") in kinds
    assert (AtomKind.DATE, "3 October") in kinds
    assert (AtomKind.TIME, "7.45pm") in kinds
    assert any(a.kind is AtomKind.ENTITY and "Kelder Park" in a.text for a in claim.atoms)
    number = next(a for a in claim.atoms if a.kind is AtomKind.NUMBER)
    assert number.value == 1200 and number.unit == "fan"


@pytest.mark.parametrize(
    ("sentence", "reason"),
    [
        ("Should the allocation be withdrawn?", "a question"),
        ("We recommend a dispersal order for the town centre.", "a recommendation"),
        ("Officers must wear body cameras.", "a recommendation"),
        ("This is a worrying trend.", "an opinion"),
    ],
)
def test_not_checkable(sentence: str, reason: str) -> None:
    (claim,) = extract_claims(sentence)
    assert not claim.checkable and claim.reason_not_checkable == reason


def test_certainty_and_negation() -> None:
    hedged, negated = extract_claims("Fans reportedly threw flares. No arrests were made.")
    assert hedged.certainty is Certainty.HEDGED and not hedged.negated
    assert negated.negated and negated.certainty is Certainty.ASSERTED


def test_claim_without_entities_is_checked() -> None:
    (claim,) = extract_claims("The gates opened late.")
    assert claim.checkable


@pytest.mark.parametrize(
    ("phrase", "value"),
    [("1,200", 1200), ("a dozen", 12), ("twelve", 12), ("two hundred", 200), ("about 500", 500),
     ("1.2k", 1200), ("15%", 15), ("three thousand five hundred", 3500), ("dozens", 24)],
)
def test_parse_number(phrase: str, value: float) -> None:
    assert parse_number(phrase) == value


def test_parse_date_and_time() -> None:
    assert parse_date("Saturday 3 October 2026") == (2026, 10, 3)
    assert parse_date("October 3rd") == (None, 10, 3)
    assert parse_date("03/10/2026") == (2026, 10, 3)
    assert parse_time("7.45pm") == 19 * 60 + 45
    assert parse_time("15:00") == 900
    assert parse_time("noon") == 720
    assert parse_time("3") is None


def test_a_claim_straight_under_a_heading_is_extracted() -> None:
    text = "# Match-day briefing\nPolice expect 20,000 fans at Elland Road.\n### Travel\nFans travel by train."
    assert [c.text for c in extract_claims(text)] == ["Police expect 20,000 fans at Elland Road.",
                                                      "Fans travel by train."]
