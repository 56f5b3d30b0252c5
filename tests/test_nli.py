"""Tests for the cross-encoder verifier (provcheck.verify.nli)."""

from __future__ import annotations

from pathlib import Path

import pytest

from provcheck.errors import ModelError
from provcheck.schema import NliScores
from provcheck.verify.base import Verifier
from provcheck.verify.nli import DEFAULT_MODEL_DIR, CrossEncoderVerifier, _to_scores


def test_missing_model_says_how_to_retrain(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="provcheck.train train"):
        CrossEncoderVerifier(tmp_path / "nothing-here")


def test_scores_are_probabilities_that_sum_to_one() -> None:
    scores = _to_scores([0.7, 0.2, 0.1000001])
    assert isinstance(scores, NliScores)
    assert abs(scores.supported + scores.contradicted + scores.neutral - 1.0) < 1e-6


def test_default_model_dir_is_in_the_repository() -> None:
    assert DEFAULT_MODEL_DIR.parts[-2:] == ("models", "verifier")


@pytest.fixture(scope="module")
def verifier() -> CrossEncoderVerifier:
    return CrossEncoderVerifier(threads=2)


@pytest.mark.model
def test_shipped_model_is_a_verifier(verifier: CrossEncoderVerifier) -> None:
    assert isinstance(verifier, Verifier)
    assert verifier.score([]) == []


@pytest.mark.model
def test_paraphrase_is_more_supported_than_contradicted(verifier: CrossEncoderVerifier) -> None:
    [scores] = verifier.score([("The match kicked off at 3pm.", "Kick-off was at 3pm on Saturday.")])
    assert scores.supported > scores.contradicted


@pytest.mark.model
@pytest.mark.xfail(reason="known weakness (MODEL_CARD.md): 12-hour vs 24-hour times read as a changed number")
def test_clock_formats_are_the_same_time(verifier: CrossEncoderVerifier) -> None:
    [scores] = verifier.score([("The match kicked off at 3pm.", "Kick-off was at 15:00.")])
    assert scores.supported > scores.contradicted


@pytest.mark.model
def test_changed_number_scores_below_the_true_one(verifier: CrossEncoderVerifier) -> None:
    evidence = "Police made 12 arrests after the match at Elland Road on Saturday."
    true, changed = verifier.score(
        [
            ("Police made 12 arrests after the match.", evidence),
            ("Police made 45 arrests after the match.", evidence),
        ]
    )
    assert true.supported > changed.supported
    assert changed.contradicted + changed.neutral > true.contradicted + true.neutral


@pytest.mark.model
def test_unrelated_evidence_is_not_supported(verifier: CrossEncoderVerifier) -> None:
    [scores] = verifier.score(
        [
            ("Fans threw flares onto the pitch.", "The council approved 40 new homes in Leeds."),
        ]
    )
    assert scores.supported < 0.5


@pytest.mark.model
def test_order_is_kept_whatever_the_lengths(verifier: CrossEncoderVerifier) -> None:
    pairs = [
        ("A dog barks.", "A dog is barking loudly in the garden next door."),
        ("Cats sleep.", "x"),
        ("A dog barks.", "A dog is barking loudly in the garden next door."),
    ]
    first, _, third = verifier.score(pairs)
    assert abs(first.supported - third.supported) < 1e-5


def test_a_broken_onnx_file_is_a_model_error(tmp_path: Path) -> None:
    for name in ("config.json", "tokenizer.json", "tokenizer_config.json"):
        (tmp_path / name).write_bytes((DEFAULT_MODEL_DIR / name).read_bytes())
    (tmp_path / "model.onnx").write_bytes(b"not a graph")
    with pytest.raises(ModelError, match="cannot load the verifier"):
        CrossEncoderVerifier(tmp_path, backend="onnx")


@pytest.mark.model
def test_the_shipped_model_runs_on_onnx_runtime_by_default(verifier: CrossEncoderVerifier) -> None:
    assert verifier.backend == "onnx"


@pytest.mark.model
def test_onnx_and_torch_agree_on_known_pairs(verifier: CrossEncoderVerifier) -> None:
    pairs = [
        ("Police made 12 arrests after the match.", "Police made 12 arrests after the match at Elland Road."),
        ("Police made 45 arrests after the match.", "Police made 12 arrests after the match at Elland Road."),
        ("Fans threw flares onto the pitch.", "The council approved 40 new homes in Leeds."),
    ]
    torch_scores = CrossEncoderVerifier(backend="torch", threads=2).score(pairs)
    for onnx, ref in zip(verifier.score(pairs), torch_scores, strict=True):
        assert abs(onnx.supported - ref.supported) < 0.15
        labels = ("supported", "contradicted", "neutral")
        assert max(labels, key=lambda k: getattr(onnx, k)) == max(labels, key=lambda k: getattr(ref, k))


@pytest.mark.model
def test_a_pair_scores_the_same_whatever_else_is_scored(verifier: CrossEncoderVerifier) -> None:
    pair = ("Police made 12 arrests after the match.", "Police made 12 arrests after the match at Elland Road.")
    others = [("Cats sleep.", "x"), ("A dog barks.", "A dog is barking loudly in the garden next door, " * 5)]
    [alone], [_, together, _] = verifier.score([pair]), verifier.score([others[0], pair, others[1]])
    assert abs(alone.supported - together.supported) < 1e-5


@pytest.mark.model
def test_the_verifier_counts_its_work_for_the_bench() -> None:
    verifier = CrossEncoderVerifier(threads=1)
    verifier.score([("A dog barks.", "A dog is barking."), ("Cats sleep.", "Cats are asleep.")])
    assert verifier.pairs_scored == 2 and verifier.seconds > 0
