"""Claim/evidence training pairs: the record, JSONL files, and the NLI mix.

A pair's label is one of the verifier's three classes, or ``not_supported``
for two-way data (FEVER-NLI binary, SciTail, QNLI, MED, and gold labels such
as WiCE's *partial*) where "not entailed" may be either a contradiction or a
lack of information: the trainer masks that distinction in the loss.

>>> pair = TrainPair(claim="A man sleeps.", evidence="A man is asleep.",
...                  label=PairLabel.SUPPORTED, source="snli")
>>> TrainPair.model_validate_json(pair.model_dump_json()) == pair
True
"""

from __future__ import annotations

import gzip
import json
import random
from collections.abc import Iterable, Iterator
from enum import StrEnum
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from provcheck.train.split import is_heldout_nli

__all__ = [
    "NLI_QUOTAS",
    "PairLabel",
    "TrainPair",
    "load_nli",
    "read_pairs",
    "write_pairs",
]


class PairLabel(StrEnum):
    """The gold label of a training pair; ``not_supported`` is the two-way negative."""

    SUPPORTED = "supported"
    CONTRADICTED = "contradicted"
    NEUTRAL = "neutral"
    NOT_SUPPORTED = "not_supported"

    @property
    def class_index(self) -> int:
        """Class index: 0 supported, 1 contradicted, 2 neutral, 3 masked negative."""
        return _INDEX[self]


_INDEX = {
    PairLabel.SUPPORTED: 0,
    PairLabel.CONTRADICTED: 1,
    PairLabel.NEUTRAL: 2,
    PairLabel.NOT_SUPPORTED: 3,
}

_NLI_LABELS = {
    "entailment": PairLabel.SUPPORTED,
    "contradiction": PairLabel.CONTRADICTED,
    "neutral": PairLabel.NEUTRAL,
}


class TrainPair(BaseModel):
    """One (claim, evidence) pair with its gold label and the data set it came from."""

    model_config = ConfigDict(extra="forbid")

    claim: str
    evidence: str
    label: PairLabel
    source: str


# Pairs taken from each general NLI file for stage 1 (training part only).
# Breaking NLI is 87% contradiction and one word apart: kept small.
NLI_QUOTAS: dict[str, int] = {
    "vitaminc": 30000,
    "fever-nli-binary": 8000,
    "mnli": 12000,
    "snli": 6000,
    "snli-counterfactual": 4000,
    "conjnli": 3000,
    "scitail": 2000,
    "qnli": 2000,
    "med": 2000,
    "breaking-nli": 2000,
}


def _nli_rows(path: Path) -> Iterator[dict[str, object]]:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            yield json.loads(line)


def _to_pair(row: dict[str, object]) -> TrainPair:
    label = _NLI_LABELS[str(row["label"])]
    if row.get("binary") and label is not PairLabel.SUPPORTED:
        label = PairLabel.NOT_SUPPORTED
    return TrainPair(
        claim=str(row["hypothesis"]),
        evidence=str(row["premise"]),
        label=label,
        source=str(row["dataset"]),
    )


def load_nli(
    training_dir: Path,
    *,
    quotas: dict[str, int] | None = None,
    seed: int = 13,
    heldout_per_file: int = 600,
) -> tuple[list[TrainPair], list[TrainPair]]:
    """Sample the NLI files into (training pairs, held-out pairs).

    Never reads ``eval_`` files. Held-out pairs share no premise and no claim
    with training pairs (see :func:`provcheck.train.split.is_heldout_nli`).

    >>> train, held = load_nli(Path("/nonexistent"), quotas={})
    >>> (train, held)
    ([], [])
    """
    rng = random.Random(seed)
    train: list[TrainPair] = []
    heldout: list[TrainPair] = []
    for name, quota in sorted((quotas if quotas is not None else NLI_QUOTAS).items()):
        fit, held = _split_file(training_dir / f"{name}.jsonl.gz")
        rng.shuffle(fit)
        rng.shuffle(held)
        train.extend(fit[:quota])
        heldout.extend(held[:heldout_per_file])
    rng.shuffle(train)
    return train, heldout


def _split_file(path: Path) -> tuple[list[TrainPair], list[TrainPair]]:
    if path.name.startswith("eval_"):
        raise ValueError(f"{path.name} is for measuring only; never train on it")
    fit: list[TrainPair] = []
    held: list[TrainPair] = []
    for row in _nli_rows(path):
        pair = _to_pair(row)
        (held if is_heldout_nli(pair.evidence, pair.claim) else fit).append(pair)
    return fit, held


def load_eval_nli(path: Path) -> list[TrainPair]:
    """Read a measure-only ``eval_`` file (FEVER-Symmetric) for scoring, never training."""
    return [_to_pair(row) for row in _nli_rows(path)]


def write_pairs(path: Path, pairs: Iterable[TrainPair]) -> int:
    """Write pairs as JSON Lines; returns how many were written."""
    path.parent.mkdir(parents=True, exist_ok=True)
    count = 0
    with path.open("w", encoding="utf-8") as handle:
        for pair in pairs:
            handle.write(pair.model_dump_json() + "\n")
            count += 1
    return count


def read_pairs(path: Path) -> list[TrainPair]:
    """Read pairs written by :func:`write_pairs`."""
    with path.open(encoding="utf-8") as handle:
        return [TrainPair.model_validate_json(line) for line in handle if line.strip()]
