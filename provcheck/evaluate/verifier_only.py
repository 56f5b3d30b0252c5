"""The verifier-only ablation: the trained verifier alone, with no rules and no fitted decision.

For each spaCy sentence of the briefing: the 5 source passages nearest by
dense cosine, each read alone and with one neighbour either side; the
sentence's score is the highest P(supported) of those 10 readings, and it is
supported when the score reaches one threshold, chosen on the development
files' training halves (``models/calibration/verifier-only.json``, written
by :func:`fit_threshold`). ``provcheck eval --mode verifier-only`` scores it
on the same examples as the full pipeline, so each can be measured against
the other.

>>> VerifierOnly(threshold=0.5).threshold
0.5
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from pydantic import BaseModel, ConfigDict

from provcheck.corpus import Store
from provcheck.errors import EmptyInputError
from provcheck.schema import Document
from provcheck.verify.sentence import bare_scores

__all__ = [
    "THRESHOLD_FILE", "VerifierOnly", "bare_scores", "calibrate_bare", "fit_threshold", "sentence_scores", "units",
    "write",
]

THRESHOLD_FILE = Path(__file__).resolve().parents[2] / "models" / "calibration" / "verifier-only.json"


class VerifierOnly(BaseModel):
    """The one threshold of the verifier-only reading and what it was chosen on."""

    model_config = ConfigDict(extra="forbid")

    threshold: float
    trained_on: list[str] = []
    metrics: dict[str, float] = {}

    @classmethod
    def load(cls, path: Path = THRESHOLD_FILE) -> VerifierOnly:
        """The shipped threshold (0.5 when none has been fitted)."""
        return cls.model_validate_json(path.read_text(encoding="utf-8")) if path.is_file() else cls(threshold=0.5)


def sentence_scores(checker: object, briefing: str, documents: Sequence[Document]) -> list[tuple[int, int, float]]:
    """(start, end, best P(supported)) for each sentence of ``briefing``."""
    embedder, verifier = checker.embedder, checker.verifier  # type: ignore[attr-defined]
    if verifier is None:
        raise EmptyInputError("the verifier-only reading needs a verifier (--verifier nli)")
    store = Store(":memory:", embedder)
    try:
        store.update(list(documents))
        return bare_scores(briefing, store, embedder, verifier)
    finally:
        store.close()


def units(checker: object, path: Path, *, part: str, limit: int | None) -> list[tuple[int, float]]:
    """(gold label, score) of each labelled unit of a file's ``part``: its sentences, or its texts.

    A unit's score is the lowest of the scores of the sentences that overlap it.
    """
    from provcheck.evaluate.runner import documents_of, load_examples

    found = []
    for example in load_examples(path, part=part, limit=limit):  # type: ignore[arg-type]
        try:
            scores = sentence_scores(checker, example.briefing, documents_of(example))
        except EmptyInputError:
            continue
        if example.sentences:
            for gold in example.sentences:
                inside = [s for start, end, s in scores if start < gold.end and end > gold.start]
                found.append((int(gold.label == "supported"), min(inside, default=1.0)))
        else:
            found.append((int(example.label == "supported"), min(s for _, _, s in scores)))
    return found


def fit_threshold(scored: Sequence[tuple[str, list[tuple[int, float]]]], *, trained_on: list[str]) -> VerifierOnly:
    """The steady best threshold for the mean over files of the units' balanced accuracy.

    ``scored``: per file, (unit gold label, unit score) pairs, a unit's score
    being the lowest of its sentences' scores.
    """
    from provcheck.evaluate.calibrate import _bacc

    grid = [round(float(t), 2) for t in np.arange(0.05, 0.96, 0.01)]
    def mean_bacc(t: float) -> float:
        per = [_bacc(np.array([y for y, _ in units]), np.array([s >= t for _, s in units])) for _, units in scored]
        return float(np.mean(per))
    scores = [mean_bacc(t) for t in grid]
    near = [t for t, s in zip(grid, scores, strict=True) if s >= max(scores) - 0.005]
    threshold = near[len(near) // 2]
    return VerifierOnly(threshold=threshold, trained_on=trained_on,
                        metrics={"train_mean_bacc": round(mean_bacc(threshold), 4)})


def write(result: VerifierOnly, path: Path = THRESHOLD_FILE) -> None:
    """Write the fitted threshold as JSON."""
    path.write_text(json.dumps(result.model_dump(), indent=2) + "\n", encoding="utf-8")


def calibrate_bare(checker: object, dev_dir: Path, files: Sequence[str], *, limit: int | None,
                   output: Path | None = None) -> VerifierOnly:
    """Fit the verifier-only threshold on the training halves of ``files``; report their validation halves."""
    train = [(name, units(checker, dev_dir / f"{name}.jsonl", part="training", limit=limit)) for name in files]
    fitted = fit_threshold(train, trained_on=[f"{n} (training half)" for n in files])
    from provcheck.evaluate.calibrate import _bacc

    for name in files:
        held = units(checker, dev_dir / f"{name}.jsonl", part="validation", limit=limit)
        fitted.metrics[f"validation_{name}"] = round(_bacc(np.array([y for y, _ in held]),
                                                           np.array([s >= fitted.threshold for _, s in held])), 4)
    write(fitted, output or THRESHOLD_FILE)
    return fitted
