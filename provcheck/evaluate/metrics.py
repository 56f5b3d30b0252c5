"""The metrics of benchmarks/FORMAT.md: balanced accuracy and span overlap."""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["balanced_accuracy", "span_prf"]


def balanced_accuracy(gold_supported: Sequence[bool], predicted_supported: Sequence[bool]) -> float | None:
    """Mean recall over the supported and not-supported classes; None without both classes.

    >>> balanced_accuracy([True, True, False, False], [True, False, False, False])
    0.75
    """
    recalls = []
    for cls in (True, False):
        idx = [i for i, g in enumerate(gold_supported) if g is cls]
        if idx:
            recalls.append(sum(predicted_supported[i] is cls for i in idx) / len(idx))
    return sum(recalls) / len(recalls) if len(recalls) == 2 else None


def span_prf(gold: Sequence[set[int]], predicted: Sequence[set[int]]) -> tuple[float, float, float]:
    """Character-overlap precision, recall and F1, summed over examples.

    >>> span_prf([{1, 2, 3, 4}], [{3, 4, 5, 6}])
    (0.5, 0.5, 0.5)
    """
    hit = sum(len(g & p) for g, p in zip(gold, predicted, strict=True))
    n_pred = sum(len(p) for p in predicted)
    n_gold = sum(len(g) for g in gold)
    precision = hit / n_pred if n_pred else 0.0
    recall = hit / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1
