"""Speed and memory: claims per second end to end, verifier pairs per second, peak memory.

Two workloads: one briefing checked against a folder of sources (the demo by
default), or the first examples of a development file (each example its own
briefing and sources, as in ``provcheck eval``).
"""

from __future__ import annotations

import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path

from pydantic import BaseModel

from provcheck.evaluate.runner import documents_of, load_examples
from provcheck.pipeline import Checker
from provcheck.schema import Report

__all__ = ["BenchResult", "benchmark", "benchmark_dev"]


class BenchResult(BaseModel):
    """What one benchmark run measured."""

    workload: str
    runs: int
    claims: int
    load_s: float
    claims_per_s: float
    seconds_per_check: float
    verifier_pairs: int | None
    verifier_pairs_per_s: float | None
    peak_rss_mb: float


def benchmark(briefing: Path, sources: Path, checker: Checker, *, runs: int = 3) -> BenchResult:
    """Check ``briefing`` against ``sources`` ``runs`` times (after one warm-up) and time it."""
    return _timed(str(briefing), checker, lambda: [checker.check(briefing, sources=sources)], runs)


def benchmark_dev(path: Path, checker: Checker, *, limit: int = 20, runs: int = 1) -> BenchResult:
    """Check the first ``limit`` examples of a development file (a fixed sample), ``runs`` times."""
    examples = load_examples(path, limit=limit)
    inputs = [(e.id, e.briefing, documents_of(e)) for e in examples]

    def check_all() -> list[Report]:
        return [checker.check_text(text, documents, name=name) for name, text, documents in inputs]

    return _timed(f"{path} ({len(inputs)} examples)", checker, check_all, runs)


def _timed(workload: str, checker: Checker, work: Callable[[], list[Report]], runs: int) -> BenchResult:
    began = time.perf_counter()
    work()
    load_s = time.perf_counter() - began
    verifier = checker.verifier
    pairs_before, seconds_before = getattr(verifier, "pairs_scored", 0), getattr(verifier, "seconds", 0.0)
    claims = 0
    start = time.perf_counter()
    for _ in range(runs):
        claims += sum(len(report.claims) for report in work())
    elapsed = time.perf_counter() - start
    pairs = getattr(verifier, "pairs_scored", None)
    pair_seconds = getattr(verifier, "seconds", 0.0) - seconds_before
    return BenchResult(
        workload=workload, runs=runs, claims=claims // runs, load_s=load_s,
        claims_per_s=claims / elapsed if elapsed else 0.0, seconds_per_check=elapsed / runs,
        verifier_pairs=None if pairs is None else (pairs - pairs_before) // runs,
        verifier_pairs_per_s=None if pairs is None or not pair_seconds else (pairs - pairs_before) / pair_seconds,
        peak_rss_mb=_peak_rss_mb(),
    )


def _peak_rss_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024
