"""Properties: scores stay in [0, 1]; spans slice exactly; thresholds behave."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from provcheck.claims import extract_claims
from provcheck.config import Settings
from provcheck.corpus.passages import split_passages
from provcheck.schema import Passage, Verdict
from provcheck.verify import SourceFacts, decide, judge

WORDS = st.sampled_from(
    ["fans", "About", "1,200", "arrived", "at", "Kelder", "Park", "on", "3", "October", "no", "arrests", "were",
     "made", "Police", "said", "15:00", "and", "twelve", "coaches", ".", ",", "\n", "Harrowgate", "Town", "?"]
)
TEXT = st.lists(WORDS, min_size=1, max_size=40).map(" ".join)
FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(TEXT)
def test_claim_spans_slice_the_text(text: str) -> None:
    for claim in extract_claims(text):
        assert text[claim.start:claim.end] == claim.text
        for atom in claim.atoms:
            assert claim.text[atom.start:atom.end] == atom.text


@FAST
@given(TEXT)
def test_passage_spans_slice_the_text(text: str) -> None:
    for start, end in split_passages(text):
        assert 0 <= start < end <= len(text) and text[start:end].strip() == text[start:end]


@FAST
@given(TEXT, TEXT, st.floats(min_value=-1.0, max_value=1.0))
def test_scores_stay_in_unit_interval(claim_text: str, passage_text: str, similarity: float) -> None:
    passage = Passage(id=1, document="d.txt", sha256="0" * 64, text=passage_text, start=0, end=len(passage_text))
    facts = SourceFacts(grading={}, texts={"d.txt": passage_text})
    for claim in extract_claims(claim_text):
        j = judge(claim, passage, similarity, entity_match=0.85)
        for value in (j.similarity, j.coverage, j.relatedness, j.support, j.contradiction):
            assert 0.0 <= value <= 1.0
        result = decide(claim, [j], facts, Settings())
        assert 0.0 <= result.confidence <= 1.0
        assert all(0.0 <= e.score <= 1.0 for e in result.evidence)


@FAST
@given(TEXT, TEXT, st.floats(min_value=0.0, max_value=1.0), st.floats(min_value=0.0, max_value=1.0))
def test_raising_the_threshold_never_adds_support(claim_text: str, passage_text: str, low: float, high: float) -> None:
    low, high = sorted((low, high))
    passage = Passage(id=1, document="d.txt", sha256="0" * 64, text=passage_text, start=0, end=len(passage_text))
    facts = SourceFacts(grading={}, texts={"d.txt": passage_text})
    for claim in extract_claims(claim_text):
        j = judge(claim, passage, 0.8, entity_match=0.85)
        loose = decide(claim, [j], facts, Settings(support_threshold=low))
        strict = decide(claim, [j], facts, Settings(support_threshold=high))
        if strict.verdict is Verdict.SUPPORTED:
            assert loose.verdict is Verdict.SUPPORTED
