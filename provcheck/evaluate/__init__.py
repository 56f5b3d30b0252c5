"""Benchmark runner: the whole pipeline on a JSONL file of FORMAT.md, with metrics.

>>> balanced_accuracy([True, False], [True, True])
0.5
"""

from __future__ import annotations

from provcheck.evaluate.metrics import balanced_accuracy, span_prf
from provcheck.evaluate.runner import EvalResult, Example, evaluate, load_examples

__all__ = ["EvalResult", "Example", "balanced_accuracy", "evaluate", "load_examples", "span_prf"]
