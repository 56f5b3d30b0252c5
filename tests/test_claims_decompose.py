"""Atomic decomposition: each piece anchored to its spans, worded on its own, with its source."""

from __future__ import annotations

import pytest

from provcheck.claims import extract_claims
from provcheck.schema import Certainty, Claim


def _spans(text: str, claim: Claim) -> list[str]:
    return [text[s.start:s.end] for s in claim.spans]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Police made arrests in Leeds, York and Hull.",
         [["Police made arrests in Leeds"], ["Police made arrests in", "York"], ["Police made arrests in", "Hull."]]),
        ("Fans threw bottles and damaged a police van.",
         [["Fans threw bottles"], ["Fans", "damaged a police van"]]),
        ("Police closed the road, and stewards moved the crowd back.",
         [["Police closed the road"], ["stewards moved the crowd back."]]),
        ("Tom Acre, the club's safety officer, resigned in August.",
         [["Tom Acre", "the club's safety officer"], ["Tom Acre", "resigned in August."]]),
        ("The stewards, who were employed by an agency, were not injured.",
         [["The stewards", "were employed by an agency"], ["The stewards", "were not injured."]]),
        ("Fans who had travelled without tickets were turned away.",
         [["Fans who had travelled without tickets were turned away."]]),
        # a shared object keeps the verbs together ("Officers stopped." is no claim) ...
        ("Officers stopped and searched 14 fans.", [["Officers stopped and searched 14 fans."]]),
        # ... but a verb complete without one is a claim of its own
        ("The club apologised and offered refunds.", [["The club apologised"], ["The club", "offered refunds"]]),
    ],
)
def test_pieces_and_their_spans(text: str, expected: list[list[str]]) -> None:
    claims = extract_claims(text)
    assert [_spans(text, c) for c in claims] == expected
    for claim in claims:
        assert text[claim.start:claim.end] == claim.text
        assert all(claim.start <= s.start < s.end <= claim.end for s in claim.spans)
        assert all(claim.text[a.start:a.end] == a.text for a in claim.atoms)


def test_list_items_keep_only_their_own_atoms() -> None:
    leeds, york, hull = extract_claims("Police made arrests in Leeds, York and Hull.")
    assert [a.text for a in york.atoms] == ["York"]
    assert york.standalone == "Police made arrests in York."
    assert [a.text for a in hull.atoms] == ["Hull"]


def test_apposition_is_worded_as_its_own_claim() -> None:
    role, _ = extract_claims("Tom Acre, the club's safety officer, resigned in August.")
    assert role.standalone == "Tom Acre is the club's safety officer."


@pytest.mark.parametrize(
    ("text", "source", "content"),
    [
        ("Police said that around 40 fans were ejected.", "Police", "around 40 fans were ejected."),
        ("According to the club, dozens of seats were damaged.", "the club", "dozens of seats were damaged."),
        ("A witness said that fans threw bottles at the coach.", "A witness", "fans threw bottles at the coach."),
    ],
)
def test_reported_speech_records_its_source(text: str, source: str, content: str) -> None:
    (claim,) = extract_claims(text)
    assert claim.attribution == source
    assert _spans(text, claim) == [content]
    assert claim.text == text  # the claim's text keeps its frame, so a reader sees who said it


def test_reported_forecast_stays_checkable() -> None:
    (claim,) = extract_claims("Eastmoor Rovers announced that the stand will be closed.")
    assert claim.checkable and claim.attribution == "Eastmoor Rovers"
    (own,) = extract_claims("The disorder is likely to continue next season.")
    assert not own.checkable and own.reason_not_checkable == "a forecast"


def test_pronouns_and_the_club_resolve_within_the_paragraph() -> None:
    text = ("Gemma Riley met Harrowgate Town officials on Monday. She said that the club had sold 5,000 tickets."
            "\n\nShe left early.")
    claims = extract_claims(text)
    assert claims[1].standalone == "Harrowgate Town had sold 5,000 tickets."
    assert claims[1].attribution == "She"
    assert claims[2].standalone == "She left early."  # a new paragraph: nothing to refer back to


def test_speaker_is_the_referent_of_her_own_pronoun() -> None:
    (claim,) = extract_claims("Gemma Riley told police that she could not vouch for the travelling fans.")
    assert claim.standalone == "Gemma Riley could not vouch for the travelling fans."


@pytest.mark.parametrize(
    ("text", "certainty"),
    [("Fans reportedly threw flares at the police line.", Certainty.HEDGED),
     ("It is believed that the Paddock Firm met in Southvale.", Certainty.HEDGED),
     ("Unconfirmed reports suggest that knives were carried.", Certainty.HEDGED),
     ("Officers found a knife in the away toilets.", Certainty.ASSERTED)],
)
def test_certainty(text: str, certainty: Certainty) -> None:
    assert {c.certainty for c in extract_claims(text)} == {certainty}


@pytest.mark.parametrize(
    ("text", "reason"),
    [("What time will the coaches arrive?", "a question"),
     ("Please ensure that all officers are briefed by 10:00.", "an instruction"),
     ("We feel the policing plan was unacceptable.", "an opinion"),
     ("The club should review its stewarding plan.", "a recommendation"),
     ("Attendance will be higher than last season.", "a forecast")],
)
def test_not_checkable_with_its_reason(text: str, reason: str) -> None:
    (claim,) = extract_claims(text)
    assert not claim.checkable and claim.reason_not_checkable == reason
