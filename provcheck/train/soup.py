"""Interpolate two fine-tuned verifiers in weight space (WiSE-FT, Wortsman et al., CVPR 2022).

Round 2 fine-tunes the round-1 weights on shaped pairs; averaging the two
keeps most of what round 2 learnt while giving back what it forgot (see
MODEL_CARD.md, "Round 2"). Both models must have the same shape.

>>> interpolate_weights(Path("old"), Path("new"), Path("out"), alpha=0.5)  # doctest: +SKIP
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from provcheck.train.onnx import export_onnx
from provcheck.train.trainer import _load_model, export_model

__all__ = ["interpolate_weights"]


def interpolate_weights(old_dir: Path, new_dir: Path, out_dir: Path, *, alpha: float = 0.5, onnx: bool = True) -> Path:
    """Write ``alpha * new + (1 - alpha) * old`` to ``out_dir`` (fp16 weights, tokenizer, int8 ``model.onnx``).

    Raises ``ValueError`` when the two models' weights differ in names or shapes.
    """
    if not 0.0 <= alpha <= 1.0:
        raise ValueError(f"alpha must be in [0, 1], not {alpha}")
    old, tokenizer = _load_model(old_dir)
    new, _ = _load_model(new_dir)
    first, second = old.state_dict(), new.state_dict()
    if {k: v.shape for k, v in first.items()} != {k: v.shape for k, v in second.items()}:
        raise ValueError(f"{old_dir} and {new_dir} are models of different shapes; cannot interpolate them")
    old.load_state_dict(
        {k: alpha * second[k] + (1 - alpha) * v if v.is_floating_point() else v for k, v in first.items()}
    )
    with tempfile.TemporaryDirectory() as scratch:
        old.save_pretrained(scratch)
        tokenizer.save_pretrained(scratch)
        export_model(Path(scratch), out_dir)
    if onnx:
        export_onnx(out_dir)
    return out_dir
