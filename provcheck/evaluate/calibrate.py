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

import json
import math
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NamedTuple

import numpy as np

from provcheck.errors import EmptyInputError, InputError
from provcheck.evaluate.runner import Example, Part, documents_of, load_examples
from provcheck.pipeline import Checker, Decided
from provcheck.verify.calibration import (
    DECISION_FEATURES,
    FEATURES,
    RULE_FEATURES,
    Calibrator,
    claim_features,
    forced_by,
    sentence_features,
)

__all__ = [
    "MEASURE_ONLY", "TRAINABLE", "Row", "calibrate", "collect_rows", "expected_calibration_error",
    "fit_calibrator", "sentence_flags", "sentence_groups", "steady_threshold", "steady_threshold_units", "unit_bacc",
    "unit_bacc_by_file", "unit_bacc_by_file_of_flags", "unit_bacc_of_flags",
]

# benchmarks/dev/TRAINING.md: the files that may be trained on, and the others
TRAINABLE = ("factcheck-gpt", "summedits", "wice")
MEASURE_ONLY = ("attributionbench", "faithbench", "lfqa", "qags")

class Row(NamedTuple):
    """One checkable claim: its features, its own label (None where the gold cannot say) and its unit.

    ``unit`` is the labelled unit the claim belongs to (a gold sentence, or the
    whole text where a file labels only texts) and ``unit_label`` that unit's
    gold: the threshold is chosen on units, each taking the worst of its claims.
    A ``forced`` claim needs attention whatever the decision says (a clash
    that stands, a detail in no source): the regression is fitted on the
    others, and a unit with one is flagged at every threshold.
    """

    features: list[float]
    label: int | None
    file: str
    unit: str
    unit_label: int
    forced: bool = False  # flagged whatever P(supported) is (verify.calibration.flagged_whatever)
    why: str = ""  # what forces it (verify.calibration.forced_by)
    sentence: str = ""  # the briefing sentence the claim comes from


def collect_rows(checker: Checker, path: Path, *, part: Part, limit: int | None = None,
                 progress: Callable[[int], None] | None = None) -> list[Row]:
    """A :class:`Row` for every checkable claim of the file's ``part`` that lies in a labelled unit."""
    rows: list[Row] = []
    for n, example in enumerate(load_examples(path, part=part, limit=limit), start=1):
        try:
            decided = checker.judge_text(example.briefing, documents_of(example))
        except EmptyInputError:  # no passage to judge against: nothing to learn from
            continue
        rows.extend(_label(example, decided, path.stem))
        if progress:
            progress(n)
    return rows


def _label(example: Example, decided: Sequence[Decided], file: str) -> list[Row]:
    checkable = [d for d in decided if d.result.checkable]
    rows = []
    for result, judgements, details, reading, together in checkable:
        features = claim_features(judgements, details, result, reading, together)
        why = forced_by(result, judgements, details)
        forced = bool(why)
        if example.sentences:
            gold = [(i, s.label) for i, s in enumerate(example.sentences)
                    if s.start < result.end and s.end > result.start]
            if not gold:
                continue
            label = int(all(g == "supported" for _, g in gold))
            for i, g in gold:
                rows.append(Row(features, label, file, f"{example.id}#{i}", int(g == "supported"), forced, why,
                                result.sentence))
        else:
            text_label = int(example.label == "supported")
            own = text_label if text_label or len(checkable) == 1 else None
            rows.append(Row(features, own, file, example.id, text_label, forced, why, result.sentence))
    return rows


def fit_calibrator(rows: Sequence[Row], *, verifier: str, trained_on: list[str],
                   features: Sequence[str] = FEATURES, weights: dict[str, float] | None = None) -> Calibrator:
    """A logistic regression on the labelled claims, thresholded for the labels' own granularity.

    The regression is fitted without class weights, so its probability stays
    calibrated; each file counts as much as any other (``weights`` scale a
    file further: the police scenarios). The threshold is the steady best of
    the mean, over files, of the balanced accuracy of units (sentences or
    texts), each unit supported only when all its claims are.
    """
    from sklearn.linear_model import LogisticRegression

    keep = [FEATURES.index(name) for name in features]
    labelled = [r for r in rows if r.label is not None and not r.forced]
    x = np.array([[r.features[i] for i in keep] for r in labelled], dtype=float)
    y = np.array([r.label for r in labelled], dtype=int)
    if len(set(y.tolist())) < 2:
        raise InputError(f"nothing to fit: the {len(y)} claims the decision would decide are all "
                         f"{'supported' if y.size and y[0] else 'unsupported'}; name more files or a larger --limit")
    sizes = {f: sum(1 for r in labelled if r.file == f) for f in {r.file for r in labelled}}
    w = np.array([(weights or {}).get(r.file, 1.0) * len(labelled) / (len(sizes) * sizes[r.file]) for r in labelled])
    model = LogisticRegression(C=1.0, max_iter=5000).fit(x, y, sample_weight=w)
    calibrator = Calibrator(verifier=verifier, features=list(features), coef=[float(c) for c in model.coef_[0]],
                            intercept=float(model.intercept_[0]), threshold=0.5, trained_on=trained_on)
    probabilities = np.array([calibrator.probability_of(r.features) for r in rows])
    threshold = steady_threshold_units(rows, probabilities, weights=weights)
    calibrator.threshold = round(float(threshold), 2)
    calibrator.metrics = {"train_unit_bacc": round(unit_bacc(rows, probabilities, threshold, weights=weights), 4),
                          "train_rows": len(rows), "train_rows_decided": len(labelled)}
    if any(r.sentence for r in rows):
        _fit_sentences(rows, probabilities, calibrator, weights)
    return calibrator


def _fit_sentences(rows: Sequence[Row], probabilities: np.ndarray, calibrator: Calibrator,
                   weights: dict[str, float] | None) -> None:
    """The sentence decision: a regression over each sentence's decided claims, its threshold on the units.

    A sentence is labelled by its gold sentence, or, where a file labels
    only texts, when its text is supported or has this one sentence.
    """
    from sklearn.linear_model import LogisticRegression

    groups = sentence_groups(rows)
    x, y, files = [], [], []
    for (file, unit, _), members in groups.items():
        if any(rows[i].forced for i in members):
            continue
        label = _sentence_label(rows, members, unit, groups)
        if label is not None:
            x.append(sentence_features([float(probabilities[i]) for i in members], _reading(rows, members)))
            y.append(label)
            files.append(file)
    if len(set(y)) < 2:
        return
    sizes = {f: files.count(f) for f in set(files)}
    w = np.array([(weights or {}).get(f, 1.0) * len(files) / (len(sizes) * sizes[f]) for f in files])
    model = LogisticRegression(C=1.0, max_iter=5000).fit(np.array(x), np.array(y), sample_weight=w)
    calibrator.sentence_coef = [float(c) for c in model.coef_[0]]
    calibrator.sentence_intercept = float(model.intercept_[0])
    grid = [round(float(t), 2) for t in np.arange(0.05, 0.96, 0.01)]
    scores = [unit_bacc_of_flags(rows, sentence_flags(rows, probabilities,
                                                      calibrator.model_copy(update={"sentence_threshold": t})),
                                 weights=weights) for t in grid]
    near = [t for t, score in zip(grid, scores, strict=True) if score >= max(scores) - 0.005]
    calibrator.sentence_threshold = near[len(near) // 2]
    calibrator.metrics["train_unit_bacc"] = round(max(scores), 4)
    calibrator.metrics["train_sentences"] = len(y)


def _sentence_label(rows: Sequence[Row], members: list[int], unit: str,
                    groups: dict[tuple[str, str, str], list[int]]) -> int | None:
    first = rows[members[0]]
    if "#" in unit:  # a gold sentence
        return first.unit_label if all(rows[i].label is not None for i in members) else None
    if first.unit_label:
        return 1
    alone = sum(1 for f, u, _ in groups if f == first.file and u == unit) == 1
    return 0 if alone else None


def sentence_groups(rows: Sequence[Row]) -> dict[tuple[str, str, str], list[int]]:
    """The rows of each (file, unit, briefing sentence), as indices into ``rows``."""
    groups: dict[tuple[str, str, str], list[int]] = {}
    for i, r in enumerate(rows):
        groups.setdefault((r.file, r.unit, r.sentence), []).append(i)
    return groups


def sentence_flags(rows: Sequence[Row], probabilities: np.ndarray, calibrator: Calibrator) -> list[bool]:
    """Whether each row's claim ends flagged under the sentence decision (:meth:`Calibrator.at_sentence`)."""
    flags = [True] * len(rows)
    for members in sentence_groups(rows).values():
        forced = [rows[i].forced for i in members]
        pairs = calibrator.at_sentence([float(probabilities[i]) for i in members], forced, _reading(rows, members))
        for i, f, (q, t) in zip(members, forced, pairs, strict=True):
            flags[i] = f or q < t
    return flags


def _reading(rows: Sequence[Row], members: list[int]) -> float:
    """The bare verifier's reading of the sentence (0 without a verifier), as the pipeline hands it to the decision."""
    return max(rows[i].features[FEATURES.index("nli_sentence")] for i in members)


def unit_bacc_of_flags(rows: Sequence[Row], flags: Sequence[bool], *,
                       weights: dict[str, float] | None = None) -> float:
    """The (weighted) mean over files of the units' balanced accuracy, given whether each row is flagged."""
    per_file = unit_bacc_by_file_of_flags(rows, flags)
    total = sum((weights or {}).get(f, 1.0) for f in per_file)
    return sum(b * (weights or {}).get(f, 1.0) for f, b in per_file.items()) / total if total else 0.0


def unit_bacc(rows: Sequence[Row], probabilities: np.ndarray, threshold: float, *,
              weights: dict[str, float] | None = None) -> float:
    """The (weighted) mean over files of the units' balanced accuracy at ``threshold``."""
    per_file = unit_bacc_by_file(rows, probabilities, threshold)
    total = sum((weights or {}).get(f, 1.0) for f in per_file)
    return sum(b * (weights or {}).get(f, 1.0) for f, b in per_file.items()) / total if total else 0.0


def unit_bacc_by_file(rows: Sequence[Row], probabilities: np.ndarray, threshold: float) -> dict[str, float]:
    """Each file's balanced accuracy over its units, a unit supported only when all its claims are."""
    return unit_bacc_by_file_of_flags(rows, [bool(p < threshold) or r.forced
                                             for r, p in zip(rows, probabilities, strict=True)])


def unit_bacc_by_file_of_flags(rows: Sequence[Row], flags: Sequence[bool]) -> dict[str, float]:
    """Each file's balanced accuracy over its units, a unit supported only when none of its rows is flagged."""
    units: dict[tuple[str, str], list[bool]] = {}
    gold: dict[tuple[str, str], int] = {}
    for row, flagged in zip(rows, flags, strict=True):
        units.setdefault((row.file, row.unit), []).append(not flagged)
        gold[(row.file, row.unit)] = row.unit_label
    result = {}
    for file in sorted({f for f, _ in units}):
        keys = [k for k in units if k[0] == file]
        y = np.array([gold[k] for k in keys])
        predicted = np.array([all(units[k]) for k in keys])
        result[file] = _bacc(y, predicted)
    return result


def steady_threshold_units(rows: Sequence[Row], probabilities: np.ndarray, *, tolerance: float = 0.005,
                           weights: dict[str, float] | None = None) -> float:
    """The middle of the thresholds whose unit balanced accuracy is within ``tolerance`` of the best."""
    grid = [round(float(t), 2) for t in np.arange(0.05, 0.96, 0.01)]
    scores = [unit_bacc(rows, probabilities, t, weights=weights) for t in grid]
    near = [t for t, score in zip(grid, scores, strict=True) if score >= max(scores) - tolerance]
    return near[len(near) // 2]


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


def calibrate(checker: Checker, dev_dir: Path, *, verifier: str, files: Sequence[str] = TRAINABLE + MEASURE_ONLY,
              police: Path | None = None, police_weight: float = 2.0, limit: int | None = None,
              rows_cache: Path | None = None, progress: Callable[[str], None] | None = None) -> Calibrator:
    """Fit on the training halves of ``files`` (names in ``dev_dir``) and of the police scenarios; measure on
    their validation halves.

    With ``rows_cache`` (a folder), each file's claim features are written
    there as ``<name>.json`` (and read back instead of checking again when
    that file exists).
    """
    checker.calibrator = None
    files = [name for name in files if name != "police"]
    missing = [name for name in files if not (dev_dir / f"{name}.jsonl").is_file()]
    if missing or not (files or police):
        raise InputError(f"no development file {', '.join(missing) or '(none named)'} in {dev_dir}")
    sets = [(name, dev_dir / f"{name}.jsonl") for name in files] + ([("police", police)] if police else [])
    train: list[Row] = []
    held: list[Row] = []
    for name, path in sets:
        cached = rows_cache / f"{name}.json" if rows_cache is not None else None
        if cached is not None and cached.is_file():
            more, other = _read_rows(cached)
        else:
            if progress:
                progress(name)
            more = [r._replace(file=name) for r in collect_rows(checker, path, part="training", limit=limit)]
            other = [r._replace(file=name) for r in collect_rows(checker, path, part="validation", limit=limit)]
            if cached is not None:
                cached.parent.mkdir(parents=True, exist_ok=True)
                cached.write_text(json.dumps({"train": more, "held": other}), encoding="utf-8")
        train, held = train + more, held + other
    weights = {"police": police_weight}
    calibrator = fit_calibrator(train, verifier=verifier, weights=weights,
                                trained_on=[f"{n} (training half)" for n, _ in sets],
                                features=DECISION_FEATURES if checker.verifier is not None else RULE_FEATURES)
    calibrator.passage_context = checker.settings.passage_context if checker.verifier is not None else 0
    probabilities = np.array([calibrator.probability_of(r.features) for r in held])
    labelled = [(p, r.label) for p, r in zip(probabilities, held, strict=True) if r.label is not None]
    flags = sentence_flags(held, probabilities, calibrator)
    calibrator.metrics.update({
        "validation_rows": len(held),
        "validation_unit_bacc": round(unit_bacc_of_flags(held, flags), 4),
        "validation_ece": expected_calibration_error([p for p, _ in labelled], [int(y) for _, y in labelled]),
    })
    calibrator.metrics.update({f"validation_{f}": round(b, 4) for f, b in
                               unit_bacc_by_file_of_flags(held, flags).items()})
    return calibrator


def _read_rows(path: Path) -> tuple[list[Row], list[Row]]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return [Row(*r) for r in data["train"]], [Row(*r) for r in data["held"]]
