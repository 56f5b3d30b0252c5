"""The whole pipeline with the real models, on the demo case and its answer key."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from provcheck import Checker, Report, Verdict, check
from provcheck.config import Settings
from provcheck.errors import CorpusError, EmptyInputError
from provcheck.ingest import read_sources
from provcheck.schema import Document, Metadata, NliScores

from .conftest import DEMO

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def demo_report(real_checker: Checker) -> Report:
    return real_checker.check(DEMO / "briefing.md", sources=DEMO / "sources")


def _expected_verdicts(report: Report, expected: dict) -> list[tuple[str, Verdict, str]]:
    text = report.briefing_text
    rows = []
    for item in expected["claims"]:
        start = text.index(item["quote"])
        end = start + len(item["quote"])
        claims = [c for c in report.claims if c.start < end and c.end > start]
        assert claims, f"no claim covers {item['quote']!r}"
        worst = next((c.verdict for c in claims if c.verdict.needs_attention), claims[0].verdict)
        rows.append((item["quote"], worst, item["verdict"]))
    return rows


def test_demo_flags_every_fabrication_and_contradiction(demo_report: Report, demo_expected: dict) -> None:
    rows = _expected_verdicts(demo_report, demo_expected)
    missed = [q for q, got, want in rows if want in {"contradicted", "unsupported"} and not got.needs_attention]
    assert missed == []


def test_demo_supported_claims_stay_supported(demo_report: Report, demo_expected: dict) -> None:
    rows = _expected_verdicts(demo_report, demo_expected)
    false_alarms = [q for q, got, want in rows if want == "supported" and got is not Verdict.SUPPORTED]
    assert false_alarms == []


def test_demo_exact_verdicts(demo_report: Report, demo_expected: dict) -> None:
    rows = _expected_verdicts(demo_report, demo_expected)
    exact = sum(got.value == want for _, got, want in rows)
    # README, "Demo": one known miss (an arrest claim the source denies is unsupported, not contradicted)
    assert exact >= len(rows) - 1, [(q, got.value, want) for q, got, want in rows if got.value != want]


def test_contradiction_shows_both_values(demo_report: Report) -> None:
    kick_off = next(c for c in demo_report.claims if "17:30" in c.text)
    assert kick_off.verdict is Verdict.CONTRADICTED
    assert kick_off.briefing_value == "17:30" and kick_off.source_value == "12:30"


def test_every_quote_is_a_verbatim_slice(demo_report: Report) -> None:
    texts = {d.path: d.text for d in read_sources(DEMO / "sources")}
    quotes = [e for c in demo_report.claims for e in c.evidence]
    assert quotes
    for ev in quotes:
        assert texts[ev.source][ev.start:ev.end] == ev.quote
    assert all(demo_report.briefing_text[c.start:c.end] == c.text for c in demo_report.claims)


def test_dropped_hedge_is_flagged(demo_report: Report) -> None:
    claim = next(c for c in demo_report.claims if c.text.startswith("Around 60"))
    assert claim.verdict is Verdict.SUPPORTED and "certainty_raised" in {f.value for f in claim.flags}


def test_check_with_an_index(real_checker: Checker, tmp_path: Path) -> None:
    db = tmp_path / "demo.db"
    stats = real_checker.index(DEMO / "sources", db)
    assert stats["added"] == 12
    report = check(DEMO / "briefing.md", db=db)
    assert report.summary[Verdict.CONTRADICTED] >= 4 and report.needs_attention


def test_bad_inputs(real_checker: Checker, tmp_path: Path) -> None:
    empty = tmp_path / "empty.md"
    empty.write_text("   \n", encoding="utf-8")
    with pytest.raises(EmptyInputError, match="empty"):
        real_checker.check(empty, sources=DEMO / "sources")
    opinions = tmp_path / "opinions.md"
    opinions.write_text("We recommend caution. Is this wise?", encoding="utf-8")
    with pytest.raises(EmptyInputError, match="no checkable"):
        real_checker.check(opinions, sources=DEMO / "sources")
    with pytest.raises(CorpusError, match="provcheck index"):
        real_checker.check(DEMO / "briefing.md", db=tmp_path / "missing.db")


# the verifier reads only (claim, passage) pairs: no whole-sentence or evidence-set reading
_PAIRS_ONLY = {"sentence_reading": False, "set_reading": False}


class _RecordingVerifier:
    """Records the pairs it is asked to score (the real verifier runs in the test below)."""

    name = "recording"

    def __init__(self) -> None:
        self.pairs: list[tuple[str, str]] = []

    def score(self, pairs: list[tuple[str, str]]) -> list[NliScores]:
        self.pairs += pairs
        return [NliScores(supported=0.6, contradicted=0.3, neutral=0.1) for _ in pairs]


def test_the_verifier_reads_each_retrieved_passage() -> None:
    verifier = _RecordingVerifier()
    checker = Checker(Settings(embedder="hashing", passage_context=0, **_PAIRS_ONLY), verifier=verifier)
    text = "Kick-off is at 3pm at Elland Road. Police expect 20,000 fans."
    source = "Kick-off is at 3pm at Elland Road. Police expect 20,000 fans and a calm day."
    judged = checker.judge_text(text, [_document(source)])
    judgements = [d.judgements for d in judged if d.judgements]
    assert judgements and all(j.nli is not None for js in judgements for j in js)
    expected = [(result.standalone, j.passage.text) for result, js, *_ in judged for j in js]
    assert verifier.pairs == list(dict.fromkeys(expected))


def test_the_verifier_reads_only_the_most_related_passages() -> None:
    verifier = _RecordingVerifier()
    settings = Settings(embedder="hashing", verify_top=2, passage_context=0, **_PAIRS_ONLY)
    checker = Checker(settings, verifier=verifier)
    source = ("Police expect 20,000 fans at Elland Road. Police expect a calm day. The fans travel by train. "
              "Stewards open the gates at noon. The weather will be dry.")
    [(result, judgements, *_)] = checker.judge_text("Police expect 20,000 fans at Elland Road.", [_document(source)])
    assert len(judgements) == 2 and verifier.pairs == [(result.standalone, j.passage.text) for j in judgements]
    assert judgements[0].passage.text == "Police expect 20,000 fans at Elland Road."
    everything = Checker(Settings(embedder="hashing", verify_top=2, **_PAIRS_ONLY), verifier=None)
    [(_, unread, *_)] = everything.judge_text("Police expect 20,000 fans at Elland Road.", [_document(source)])
    assert len(unread) == 5  # without a verifier every retrieved passage is judged
    assert min(j.relatedness for j in judgements) >= max(
        j.relatedness for j in unread if j.passage.text not in {k.passage.text for k in judgements})


class _ContextVerifier(_RecordingVerifier):
    """Supports a pair only when the passage names who resigned (the real verifier runs in test_nli)."""

    def score(self, pairs: list[tuple[str, str]]) -> list[NliScores]:
        self.pairs += pairs
        return [NliScores(supported=0.9 if "Tom Acre" in passage else 0.2, contradicted=0.05,
                          neutral=0.05 if "Tom Acre" in passage else 0.75) for _, passage in pairs]


def test_the_verifier_reads_a_passage_again_with_its_neighbours_for_the_confidence() -> None:
    verifier = _ContextVerifier()
    settings = Settings(embedder="hashing", verify_top=1, passage_context=1, **_PAIRS_ONLY)
    checker = Checker(settings, verifier=verifier)
    source = "Tom Acre joined the club in 2019. He resigned in August. The weather was dry. Stewards left early."
    other = Document(path="other.txt", sha256=hashlib.sha256(b"other").hexdigest(), text="Fans sang all day.")
    [(result, [judgement], *_)] = checker.judge_text("Tom Acre resigned in August.", [_document(source), other])
    assert judgement.passage.text == "He resigned in August."  # the quote stays the sentence
    window = "Tom Acre joined the club in 2019. He resigned in August. The weather was dry."
    assert verifier.pairs == [(result.standalone, "He resigned in August."), (result.standalone, window)]
    # the verdict reads the sentence alone; the calibrated confidence reads it with its neighbours
    assert judgement.nli is not None and judgement.nli.supported == 0.2
    assert judgement.context_nli is not None and judgement.context_nli.supported == 0.9
    assert judgement.in_context().nli == judgement.context_nli


def test_without_passage_context_the_verifier_reads_each_passage_once() -> None:
    verifier = _ContextVerifier()
    settings = Settings(embedder="hashing", verify_top=1, passage_context=0, **_PAIRS_ONLY)
    checker = Checker(settings, verifier=verifier)
    source = "Tom Acre joined the club in 2019. He resigned in August. The weather was dry."
    [(_, [judgement], *_)] = checker.judge_text("Tom Acre resigned in August.", [_document(source)])
    assert len(verifier.pairs) == 1 and judgement.context_nli is None and judgement.in_context() is judgement


def test_a_passage_that_clashes_is_read_however_little_it_shares() -> None:
    verifier = _RecordingVerifier()
    checker = Checker(Settings(embedder="hashing", verify_top=1, **_PAIRS_ONLY), verifier=verifier)
    source = ("Police now expect 9,000 fans at Elland Road on Saturday. The weather will be dry. "
              "Police expect 20,000 fans at Elland Road on Saturday for the derby.")
    [(_, judgements, *_)] = checker.judge_text("Police expect 20,000 fans at Elland Road on Saturday for the derby.",
                                           [_document(source)])
    assert sorted(bool(j.clashes) for j in judgements) == [False, True]
    assert [j.passage.text for j in judgements if not j.clashes] == [
        "Police expect 20,000 fans at Elland Road on Saturday for the derby."]


def test_the_verifier_reads_the_claim_worded_on_its_own() -> None:
    verifier = _RecordingVerifier()
    checker = Checker(Settings(embedder="hashing", **_PAIRS_ONLY), verifier=verifier)
    source = "Tom Acre is the club's safety officer. Tom Acre resigned in August."
    checker.judge_text("Tom Acre, the club's safety officer, resigned in August.", [_document(source)])
    assert {claim for claim, _ in verifier.pairs} == {"Tom Acre is the club's safety officer.",
                                                      "Tom Acre resigned in August."}


def test_a_passage_repeated_across_sources_is_scored_once() -> None:
    verifier = _RecordingVerifier()
    checker = Checker(Settings(embedder="hashing", **_PAIRS_ONLY), verifier=verifier)
    source = "Police expect 20,000 fans."
    copy = Document(path="copy.txt", sha256=hashlib.sha256(b"copy").hexdigest(), text=source)
    [(result, judgements, *_)] = checker.judge_text("Police expect 20,000 fans.", [_document(source), copy])
    assert {j.passage.document for j in judgements} == {"log.txt", "copy.txt"}
    assert verifier.pairs == [(result.standalone, source)]
    assert all(j.nli is not None and j.nli.supported == 0.6 for j in judgements)


@pytest.mark.model
def test_the_trained_verifier_runs_in_the_pipeline() -> None:
    checker = Checker(Settings(embedder="hashing", verifier="nli"))
    judged = checker.judge_text("Police expect 20,000 fans.", [_document("Police expect 20,000 fans and a calm day.")])
    [(result, judgements, *_)] = judged
    assert result.verdict is Verdict.SUPPORTED
    assert judgements[0].nli is not None and judgements[0].nli.supported > 0.5


def _document(text: str) -> Document:
    return Document(path="log.txt", sha256=hashlib.sha256(text.encode()).hexdigest(), text=text,
                    metadata=Metadata(title="Log"))


def test_a_sentence_across_two_chunks_of_claims_is_decided_whole(fast_checker: Checker,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    import provcheck.pipeline as pipeline

    documents = read_sources(DEMO / "sources")
    text = (DEMO / "briefing.md").read_text(encoding="utf-8")
    whole = fast_checker.check_text(text, documents)
    seen: list[list[str]] = []
    decide = type(fast_checker.calibrator).decide

    def spy(self, claims):  # type: ignore[no-untyped-def]
        seen.append([c.result.sentence for c in claims])
        return decide(self, claims)

    monkeypatch.setattr(pipeline, "_CHUNK", 1)
    monkeypatch.setattr(type(fast_checker.calibrator), "decide", spy)
    chunked = fast_checker.check_text(text, documents)
    assert [c.verdict for c in chunked.claims] == [c.verdict for c in whole.claims]
    assert len(seen) > 1 and all(set(a).isdisjoint(b) for a, b in zip(seen, seen[1:], strict=False))
