"""Fitting the calibrator on the training halves of development files.

``benchmarks/dev/TRAINING.md`` allows calibration on any development file;
only the training halves are used, so figures on the validation halves stay
honest. For the trained verifier, pick files it was not trained on
(:data:`MEASURE_ONLY`): on its own training data its scores are over-confident.

Claim-level labels: a claim takes the gold label of the sentences it overlaps
(the worst of them); in files with text labels only, a claim is labelled only
when the text is supported (every claim is) or has one checkable claim.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from provcheck.errors import EmptyInputError, InputError
from provcheck.evaluate.runner import Example, Part, documents_of, load_examples
from provcheck.pipeline import Checker
from provcheck.schema import ClaimResult
from provcheck.verify.calibration import FEATURES, Calibrator, claim_features
from provcheck.verify.judge import Judgement

__all__ = [
    "MEASURE_ONLY", "TRAINABLE", "calibrate", "collect_rows", "expected_calibration_error", "fit_calibrator",
    "steady_threshold",
]

# benchmarks/dev/TRAINING.md: the files that may be trained on, and the others
TRAINABLE = ("factcheck-gpt", "summedits", "wice")
MEASURE_ONLY = ("attributionbench", "faithbench", "lfqa", "qags")

Row = tuple[list[float], int]


def collect_rows(checker: Checker, path: Path, *, part: Part, limit: int | None = None,
                 progress: Callable[[int], None] | None = None) -> list[Row]:
    """(features, label) for every labelled checkable claim of the file's ``part``."""
    rows: list[Row] = []
    for n, example in enumerate(load_examples(path, part=part, limit=limit), start=1):
        try:
            pairs = checker.judge_text(example.briefing, documents_of(example))
        except EmptyInputError:  # no passage to judge against: nothing to learn from
            continue
        rows.extend(_label(example, pairs))
        if progress:
            progress(n)
    return rows


def _label(example: Example, pairs: Sequence[tuple[ClaimResult, list[Judgement]]]) -> list[Row]:
    checkable = [(r, js) for r, js in pairs if r.checkable]
    rows = []
    for result, judgements in checkable:
        label: int | None = None
        if example.sentences:
            gold = [s.label for s in example.sentences if s.start < result.end and s.end > result.start]
            label = None if not gold else int(all(g == "supported" for g in gold))
        elif example.label == "supported" or len(checkable) == 1:
            label = int(example.label == "supported")
        if label is not None:
            rows.append((claim_features(judgements), label))
    return rows


def fit_calibrator(rows: Sequence[Row], *, verifier: str, trained_on: list[str],
                   features: Sequence[str] = FEATURES) -> Calibrator:
    """A logistic regression on the rows, thresholded for the best balanced accuracy.

    The regression is fitted without class weights, so its probability stays
    calibrated (reweighting the classes would pull it towards 0.5 and triple
    the calibration error); the balance between the classes is the
    threshold's job.

    ``features`` picks which of :data:`FEATURES` the regression uses (all by default).
    """
    from sklearn.linear_model import LogisticRegression

    keep = [FEATURES.index(name) for name in features]
    x = np.array([[r[0][i] for i in keep] for r in rows], dtype=float)
    y = np.array([r[1] for r in rows], dtype=int)
    model = LogisticRegression(C=1.0, max_iter=2000).fit(x, y)
    probabilities = model.predict_proba(x)[:, 1]
    threshold = steady_threshold(y, probabilities)
    bacc = _bacc(y, probabilities >= threshold)
    return Calibrator(verifier=verifier, features=list(features), coef=[float(c) for c in model.coef_[0]],
                      intercept=float(model.intercept_[0]), threshold=round(float(threshold), 2),
                      upgrade_threshold=_precise_from(y, probabilities, precision=0.9),
                      trained_on=trained_on, metrics={"train_claim_bacc": round(bacc, 4), "train_rows": len(rows)})


def steady_threshold(y: np.ndarray, probabilities: np.ndarray, *, tolerance: float = 0.01) -> float:
    """The middle of the thresholds whose balanced accuracy is within ``tolerance`` of the best.

    The single best threshold jumps with a few rows (refitting after small
    changes moved it from 0.32 to 0.46); the middle of the near-best ones does not.

    >>> y = np.array([0, 0, 0, 1, 1, 1])
    >>> steady_threshold(y, np.array([0.1, 0.2, 0.3, 0.7, 0.8, 0.9]))
    0.51
    """
    grid = [round(float(t), 2) for t in np.arange(0.05, 0.96, 0.01)]
    scores = [_bacc(y, probabilities >= t) for t in grid]
    near = [t for t, score in zip(grid, scores, strict=True) if score >= max(scores) - tolerance]
    return near[len(near) // 2]


def _precise_from(y: np.ndarray, probabilities: np.ndarray, *, precision: float) -> float:
    """The lowest probability above which at least ``precision`` of the claims are supported (0.99 if none)."""
    for t in np.arange(0.5, 0.99, 0.01):
        chosen = probabilities >= t
        if chosen.sum() >= 10 and float(y[chosen].mean()) >= precision:
            return round(float(t), 2)
    return 0.99


def _bacc(y: np.ndarray, predicted: np.ndarray) -> float:
    recalls = [float(np.mean(predicted[y == c] == bool(c))) for c in (0, 1) if np.any(y == c)]
    return sum(recalls) / len(recalls)


def expected_calibration_error(probabilities: Sequence[float], labels: Sequence[int], *, bins: int = 10) -> float:
    """The weighted mean gap between confidence and accuracy over equal-width bins.

    >>> expected_calibration_error([0.9, 0.9, 0.1, 0.1], [1, 1, 0, 0])
    0.1
    """
    total, error = len(labels), 0.0
    for b in range(bins):
        low, high = b / bins, (b + 1) / bins
        members = [i for i, p in enumerate(probabilities) if low <= p < high or (b == bins - 1 and p == 1.0)]
        if members:
            confidence = sum(probabilities[i] for i in members) / len(members)
            accuracy = sum(labels[i] for i in members) / len(members)
            error += len(members) / total * abs(confidence - accuracy)
    return round(error, 4) if not math.isnan(error) else 0.0


def calibrate(checker: Checker, dev_dir: Path, *, verifier: str, files: Sequence[str] = TRAINABLE,
              limit: int | None = None, progress: Callable[[str], None] | None = None) -> Calibrator:
    """Fit on the training halves of ``files`` (names in ``dev_dir``); measure on their validation halves."""
    checker.calibrator = None
    train: list[Row] = []
    held: list[Row] = []
    missing = [name for name in files if not (dev_dir / f"{name}.jsonl").is_file()]
    if missing or not files:
        raise InputError(f"no development file {', '.join(missing) or '(none named)'} in {dev_dir}")
    names = list(files)
    for name in names:
        if progress:
            progress(name)
        train += collect_rows(checker, dev_dir / f"{name}.jsonl", part="training", limit=limit)
        held += collect_rows(checker, dev_dir / f"{name}.jsonl", part="validation", limit=limit)
    calibrator = fit_calibrator(train, verifier=verifier, trained_on=[f"{n} (training half)" for n in names])
    calibrator.passage_context = checker.settings.passage_context if checker.verifier is not None else 0
    probabilities = [calibrator.probability_of(features) for features, _ in held]
    labels = [label for _, label in held]
    calibrator.metrics.update({
        "validation_rows": len(held),
        "validation_claim_bacc": round(_bacc(np.array(labels), np.array(probabilities) >= calibrator.threshold), 4),
        "validation_ece": expected_calibration_error(probabilities, labels),
    })
    return calibrator
