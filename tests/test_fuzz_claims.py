"""The claim extractor fuzzed: any text gives claims that slice back to it, or one InputError, within a time limit."""

from __future__ import annotations

from datetime import date

from hypothesis import example, given
from hypothesis import strategies as st

from provcheck.claims import extract_claims
from provcheck.errors import InputError
from provcheck.schema import Claim

from .fuzzing import FUZZ, TEXT, within

# Briefing shapes the block splitter and the decomposer branch on: headings, lists, tables, attribution.
SHAPES = ["# Summary\n", "- ", "* ", "1. ", "| a | b |\n|---|---|\n| ", "> ", "RISK: HIGH\n", "PC Riley said that ",
          "we believe ", ", and ", "; ", " but ", " who ", "(", ")", "...", "?", "!", "last Saturday", "tomorrow",
          "on 3 October 2026", "at 12:30", "between 30 and 40 fans", "2-1", "Rovers 2, Town 0", "a 19-year-old man"]
BRIEFING = st.one_of(TEXT, st.lists(st.one_of(st.sampled_from(SHAPES), TEXT), max_size=12).map("".join))


def claims_or_refusal(text: str, as_of: date | None = None) -> list[Claim] | None:
    """The claims of ``text``, each checked against the text; None when refused with an InputError."""
    with within():
        try:
            claims = extract_claims(text, as_of=as_of)
        except InputError:
            return None
    for claim in claims:
        assert isinstance(claim, Claim)
        assert 0 <= claim.start <= claim.end <= len(text)
        assert text[claim.start:claim.end] == claim.text
        assert all(claim.start <= s.start <= s.end <= claim.end for s in claim.spans)
        assert all(0 <= a.start <= a.end <= len(claim.text) for a in claim.atoms)
    assert len({c.id for c in claims}) == len(claims)
    return claims


@FUZZ
@given(text=BRIEFING)
@example(text="")
@example(text="\x00\x00.")
@example(text="\u202eKelder Park\u202c said 1,200 fans arrived.")
@example(text="Fans" + " and fans" * 300 + ".")
def test_any_briefing_text(text: str) -> None:
    claims_or_refusal(text)


@FUZZ
@given(text=BRIEFING, as_of=st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)))
@example(text="Last Saturday 1,200 fans arrived; next Friday they return.", as_of=date(1, 1, 1))
@example(text="Last Saturday 1,200 fans arrived; next Friday they return.", as_of=date(9999, 12, 31))
def test_any_briefing_at_any_date(text: str, as_of: date) -> None:
    claims_or_refusal(text, as_of)
