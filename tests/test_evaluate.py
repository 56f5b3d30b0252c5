"""The benchmark runner on a small file in the format of benchmarks/FORMAT.md."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from provcheck import Checker
from provcheck.cli import main
from provcheck.config import Settings
from provcheck.errors import InputError
from provcheck.evaluate import balanced_accuracy, evaluate, load_examples, span_prf
from provcheck.evaluate.bench import benchmark_dev, benchmark_size, parse_size, synthetic_briefing
from provcheck.evaluate.calibrate import collect_rows
from provcheck.schema import NliScores

from .conftest import DEMO

DATA = Path(__file__).parent / "data" / "mini-bench.jsonl"


def test_metrics() -> None:
    assert balanced_accuracy([True, False, False], [True, True, False]) == 0.75
    assert balanced_accuracy([True, True], [True, False]) is None
    assert span_prf([set()], [set()]) == (0.0, 0.0, 0.0)


def test_evaluate_runs_every_example(fast_checker: Checker) -> None:
    result = evaluate(DATA, fast_checker)
    assert result.examples == 4 and result.claims >= 4
    assert result.text_bacc is not None and 0.0 <= result.text_bacc <= 1.0
    assert result.sentence_bacc is not None and result.span_f1 is not None
    assert result.claims_per_s > 0


def test_an_example_whose_sources_hold_no_prose_is_skipped_and_counted(fast_checker: Checker, tmp_path: Path) -> None:
    lines = DATA.read_text(encoding="utf-8").splitlines()
    headings = json.loads(lines[0]) | {"id": "mini/headings", "sources": [{"id": "d9", "text": "### 2015\n### 2013"}]}
    path = tmp_path / "bench.jsonl"
    path.write_text("\n".join([*lines, json.dumps(headings)]) + "\n", encoding="utf-8")
    result = evaluate(path, fast_checker)
    assert (result.examples, result.skipped) == (4, 1)
    def unnamed(rows: list) -> list:
        return [r._replace(file="") for r in rows]
    rows, again = collect_rows(fast_checker, path, part="all"), collect_rows(fast_checker, DATA, part="all")
    assert unnamed(rows) == unnamed(again)


def test_parts_split_the_file() -> None:
    ids = {e.id for e in load_examples(DATA)}
    validation = {e.id for e in load_examples(DATA, part="validation")}
    training = {e.id for e in load_examples(DATA, part="training")}
    assert validation | training == ids and not validation & training


def test_eval_cli_json(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["eval", str(DATA), "--limit", "2", "--json"], env={"HF_HUB_OFFLINE": "1"})
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert {"examples", "text_bacc", "sentence_bacc", "span_f1", "claims_per_s", "examples_per_s"} <= set(data)
    assert data["examples"] == 2


def test_bad_benchmark_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text('{"id": "x"}\n', encoding="utf-8")
    with pytest.raises(InputError, match="bad.jsonl:1"):
        list(load_examples(path))


class _CountingVerifier:
    """A stand-in verifier that keeps the counters the bench reads (the real one: tests/test_nli.py)."""

    name = "counting"

    def __init__(self) -> None:
        self.pairs_scored, self.seconds = 0, 0.0

    def score(self, pairs: list[tuple[str, str]]) -> list[NliScores]:
        self.pairs_scored += len(pairs)
        self.seconds += 0.001 * len(pairs)
        return [NliScores(supported=0.5, contradicted=0.25, neutral=0.25) for _ in pairs]


def test_bench_on_a_dev_file_counts_claims_and_verifier_pairs() -> None:
    checker = Checker(Settings(embedder="hashing"), verifier=_CountingVerifier())
    result = benchmark_dev(DATA, checker, limit=2, runs=1)
    assert result.claims >= 2 and result.claims_per_s > 0
    assert result.verifier_pairs is not None and result.verifier_pairs >= result.claims
    assert result.verifier_pairs_per_s == pytest.approx(1000.0)
    assert result.peak_rss_mb > 0


def test_bench_cli_on_the_demo_without_a_verifier() -> None:
    result = CliRunner().invoke(main, ["bench", "--runs", "1", "--verifier", "rules"], env={"HF_HUB_OFFLINE": "1"})
    assert result.exit_code == 0, result.output
    assert "claims_per_s" in result.output and "verifier_pairs_per_s: None" in result.output


def test_verify_top_must_be_a_positive_count() -> None:
    for command in (["bench"], ["eval", str(DATA)]):
        result = CliRunner().invoke(main, [*command, "--verify-top", "0"])
        assert result.exit_code == 2 and "--verify-top" in result.output


@pytest.mark.model
def test_bench_cli_verify_top_limits_the_passages_the_verifier_reads() -> None:
    def pairs(*options: str) -> int:
        result = CliRunner().invoke(main, ["bench", "--runs", "1", "--verifier", "nli", *options],
                                    env={"HF_HUB_OFFLINE": "1"})
        assert result.exit_code == 0, result.output
        return int(re.search(r"verifier_pairs: (\d+)", result.output).group(1))  # type: ignore[union-attr]

    assert pairs("--verify-top", "1") < pairs()


def test_passage_context_must_be_zero_to_three_sentences() -> None:
    for command in (["bench"], ["eval", str(DATA)]):
        result = CliRunner().invoke(main, [*command, "--passage-context", "4"])
        assert result.exit_code == 2 and "--passage-context" in result.output


def test_eval_and_bench_pass_passage_context_to_the_checker(monkeypatch: pytest.MonkeyPatch) -> None:
    import provcheck.pipeline

    seen: list[int] = []

    class Recorder:  # stands in for Checker; the window itself is tested in test_pipeline.py
        def __init__(self, settings: Settings) -> None:
            seen.append(settings.passage_context)
            raise InputError("recorded")

    monkeypatch.setattr(provcheck.pipeline, "Checker", Recorder)
    for command in (["bench"], ["eval", str(DATA)]):
        result = CliRunner().invoke(main, [*command, "--passage-context", "2"])
        assert result.exit_code != 0 and "recorded" in result.output
    assert seen == [2, 2]


def test_bench_cli_refuses_a_missing_dev_file(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["bench", "--dev", str(tmp_path / "none.jsonl")])
    assert result.exit_code == 2 and "not found" in result.output


def test_the_police_scenarios_load_as_examples_with_every_sentence_placed() -> None:
    from provcheck.evaluate.police import load_police

    examples = load_police(Path(__file__).parents[1] / "corpora" / "police")
    assert len(examples) >= 20 and {e.dataset for e in examples} == {"police"}
    for example in examples:
        assert example.sentences and all(0 <= s.start < s.end <= len(example.briefing) for s in example.sentences)
    labels = {s.label for e in examples for s in e.sentences or []}
    assert labels <= {"supported", "unsupported", "contradicted", "partial"} and "supported" in labels
    faithful = [e for e in examples if e.label == "supported"]
    assert 0 < len(faithful) < len(examples)


def test_a_police_scenario_with_a_sentence_not_in_its_briefing_is_refused(tmp_path: Path) -> None:
    from provcheck.evaluate.police import load_police

    (tmp_path / "p.yaml").write_text("id: police/p\nsources: [{id: a.txt, text: 'Thirty fans.'}]\n"
                                     "briefing: 'Thirty fans came.'\nsentences: [{text: 'Forty fans came.', "
                                     "label: supported}]\n", encoding="utf-8")
    with pytest.raises(InputError, match="not in the briefing"):
        load_police(tmp_path)


def test_eval_modes_score_the_same_examples(fast_checker: Checker) -> None:
    full = evaluate(DATA, fast_checker, mode="full")
    rules = evaluate(DATA, Checker(Settings(embedder="hashing", verifier="rules")), mode="rules-only")
    assert (full.examples, full.mode, rules.mode) == (rules.examples, "full", "rules-only")


def test_the_verifier_only_reading_needs_a_verifier(fast_checker: Checker) -> None:
    rules = Checker(Settings(embedder="hashing", verifier="rules"))
    result = evaluate(DATA, rules, mode="verifier-only")
    assert result.examples == 0 and result.skipped > 0


@pytest.mark.model
def test_the_police_figures_in_the_readme_hold() -> None:
    """README, "Accuracy": the full pipeline on the police validation half (0.726, 32 of 89 faithful flagged,
    13 of 16 faults caught)."""
    from provcheck.config import Settings as Real

    result = evaluate(Path(__file__).parents[1] / "corpora" / "police", Checker(Real()), part="validation")
    flagged, faithful = map(int, result.flagged_by_kind.pop("supported").split("/"))
    caught = [tuple(map(int, v.split("/"))) for v in result.flagged_by_kind.values()]
    assert result.examples == 14 and faithful == 89 and sum(t for _, t in caught) == 16
    assert result.sentence_bacc is not None and result.sentence_bacc >= 0.70
    assert flagged <= 36 and sum(c for c, _ in caught) >= 13


def test_bench_grows_a_briefing_to_a_size_and_times_it() -> None:
    checker = Checker(Settings(embedder="hashing"), verifier=_CountingVerifier())
    seen: list[str] = []
    result = benchmark_size(6000, DEMO / "briefing.md", DEMO / "sources", checker,
                            progress=lambda stage, done, total: seen.append(stage))
    assert result.briefing_bytes is not None and 6000 <= result.briefing_bytes < 7000
    assert result.claims > 50 and result.claims_per_s > 0 and result.peak_rss_mb > 0
    assert "verifying the claims" in seen and result.runs == 1


def test_a_grown_briefing_keeps_its_front_matter_and_changes_only_counts() -> None:
    base = (DEMO / "briefing.md").read_text(encoding="utf-8")
    text = synthetic_briefing(base, 10_000)
    assert text.startswith(base[:base.index("---\n", 4) + 4]) and len(text.encode()) >= 10_000
    assert "sold around 5,001 tickets" in text and "at 17:30" in text and "24 October 2026" in text
    with pytest.raises(InputError, match="e.g. 100KB"):
        parse_size("5 GB")
