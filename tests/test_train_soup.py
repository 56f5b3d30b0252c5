"""Tests for provcheck.train.soup: weight-space interpolation of two verifiers."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from provcheck.train.soup import interpolate_weights
from provcheck.verify.nli import DEFAULT_MODEL_DIR


def _tiny(folder: Path, seed: int, hidden: int = 16) -> Path:
    import torch
    from transformers import BertConfig, BertForSequenceClassification

    torch.manual_seed(seed)
    config = BertConfig(
        hidden_size=hidden, num_hidden_layers=1, num_attention_heads=2, intermediate_size=32, num_labels=3
    )
    BertForSequenceClassification(config).save_pretrained(str(folder))
    for name in ("tokenizer.json", "tokenizer_config.json"):
        shutil.copy(DEFAULT_MODEL_DIR / name, folder / name)
    return folder


def _classifier(folder: Path):  # type: ignore[no-untyped-def]
    from transformers import AutoModelForSequenceClassification

    return AutoModelForSequenceClassification.from_pretrained(str(folder)).float().classifier.weight


def test_halfway_is_the_mean_of_the_two(tmp_path: Path) -> None:
    old, new = _tiny(tmp_path / "old", 1), _tiny(tmp_path / "new", 2)
    out = interpolate_weights(old, new, tmp_path / "out", alpha=0.5, onnx=False)
    mean = (_classifier(old) + _classifier(new)) / 2
    assert (_classifier(out) - mean).abs().max().item() < 1e-3
    assert (out / "tokenizer.json").is_file()


def test_models_of_different_shapes_are_refused(tmp_path: Path) -> None:
    old, new = _tiny(tmp_path / "old", 1), _tiny(tmp_path / "new", 2, hidden=8)
    with pytest.raises(ValueError, match="different shapes"):
        interpolate_weights(old, new, tmp_path / "out", onnx=False)
    with pytest.raises(ValueError, match="alpha"):
        interpolate_weights(old, old, tmp_path / "out", alpha=1.5, onnx=False)
