"""Speed and memory: claims per second end to end, and peak resident memory."""

from __future__ import annotations

import resource
import sys
import time
from pathlib import Path

from pydantic import BaseModel

from provcheck.pipeline import Checker

__all__ = ["BenchResult", "benchmark"]


class BenchResult(BaseModel):
    """What one benchmark run measured."""

    briefing: str
    runs: int
    claims: int
    load_s: float
    claims_per_s: float
    seconds_per_check: float
    peak_rss_mb: float


def benchmark(briefing: Path, sources: Path, checker: Checker, *, runs: int = 3) -> BenchResult:
    """Check ``briefing`` against ``sources`` ``runs`` times (after one warm-up) and time it."""
    began = time.perf_counter()
    report = checker.check(briefing, sources=sources)
    load_s = time.perf_counter() - began
    start = time.perf_counter()
    for _ in range(runs):
        report = checker.check(briefing, sources=sources)
    elapsed = time.perf_counter() - start
    claims = len(report.claims) * runs
    return BenchResult(
        briefing=str(briefing), runs=runs, claims=len(report.claims), load_s=load_s,
        claims_per_s=claims / elapsed if elapsed else 0.0, seconds_per_check=elapsed / runs,
        peak_rss_mb=_peak_rss_mb(),
    )


def _peak_rss_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024
