"""Awkward briefings: very long sentences, tables, capitals headers, other languages, no punctuation."""

from __future__ import annotations

import logging

import pytest

from provcheck.claims import extract_claims
from provcheck.claims.blocks import briefing_blocks


def _slices_back(text: str) -> None:
    for claim in extract_claims(text):
        assert text[claim.start:claim.end] == claim.text
        assert all(claim.start <= s.start < s.end <= claim.end for s in claim.spans)


def test_very_long_sentence_is_cut_with_a_warning(caplog: pytest.LogCaptureFixture) -> None:
    clause = "officers from Southvale Police searched the coaches at Mill Lane, "
    text = "On Saturday " + clause * 120 + "and nothing was found."
    with caplog.at_level(logging.WARNING, logger="provcheck.claims"):
        claims = extract_claims(text)
    assert any("split is a guess" in r.message for r in caplog.records)
    assert len(claims) > 10
    assert max(len(c.text.split()) for c in claims) <= 150
    _slices_back(text)


def test_table_rows_and_rules() -> None:
    text = "ARRESTS BY FIXTURE\n\n| Date | Arrests |\n|------|---------|\n| 3 October 2026 | 2 arrests |\n"
    blocks = [block for _, block in briefing_blocks(text)]
    assert blocks == ["Date | Arrests", "3 October 2026 | 2 arrests"]
    claims = extract_claims(text)
    assert any(a.text == "3 October 2026" for c in claims for a in c.atoms)
    _slices_back(text)


def test_capitals_headers_are_not_claims() -> None:
    text = "MATCH DAY ASSESSMENT\nFans arrived early.\nRISK: HIGH\nThe gates opened at 14:00."
    assert [c.text for c in extract_claims(text)] == ["Fans arrived early.", "The gates opened at 14:00."]


def test_bullets_flattened_into_lines() -> None:
    text = "- 40 coaches booked\n- 8 officers on the 10:04 train\n* Gemma Riley is the liaison officer."
    claims = extract_claims(text)
    assert [c.text for c in claims] == ["40 coaches booked", "8 officers on the 10:04 train",
                                        "Gemma Riley is the liaison officer."]


def test_other_languages_are_marked_and_left_unchecked(caplog: pytest.LogCaptureFixture) -> None:
    text = "Fans arrived at the station. Les supporters sont arrivés à la gare avant le match."
    with caplog.at_level(logging.WARNING, logger="provcheck.claims"):
        english, french = extract_claims(text)
    assert english.checkable and english.language == "en"
    assert not french.checkable and french.reason_not_checkable == "not English" and french.language == "other"
    assert any("not English" in r.message for r in caplog.records)


def test_text_without_sentence_punctuation(caplog: pytest.LogCaptureFixture) -> None:
    text = " ".join(["fans gathered at the Red Lion from 10:30 and police watched them closely"] * 6)
    with caplog.at_level(logging.WARNING, logger="provcheck.claims"):
        claims = extract_claims(text)
    assert claims and any("no sentence punctuation" in r.message for r in caplog.records)
    _slices_back(text)


@pytest.mark.parametrize("text", ["", "   \n\n  ", "---", "# Only a title", "12", "?!", "| | |"])
def test_empty_or_odd_text(text: str) -> None:
    _slices_back(text)
