"""The benchmark runner on a small file in the format of benchmarks/FORMAT.md."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from provcheck import Checker
from provcheck.cli import main
from provcheck.errors import InputError
from provcheck.evaluate import balanced_accuracy, evaluate, load_examples, span_prf

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
