"""Speed and memory: claims per second end to end, verifier pairs per second, peak memory.

Three workloads: one briefing checked against a folder of sources (the demo by
default), a briefing of a given size made from that one (to see that the cost
grows with the briefing, no faster), or the first examples of a development file
(each example its own briefing and sources, as in ``provcheck eval``).
"""

from __future__ import annotations

import functools
import re
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path, PurePath

from pydantic import BaseModel

from provcheck.corpus.store import Progress
from provcheck.errors import InputError
from provcheck.evaluate.runner import documents_of, load_examples
from provcheck.ingest import read_sources
from provcheck.ingest.files import document_from_bytes
from provcheck.ingest.metadata import split_front_matter
from provcheck.pipeline import Checker
from provcheck.schema import Report

__all__ = ["BenchResult", "benchmark", "benchmark_dev", "benchmark_size", "parse_size", "synthetic_briefing"]


class BenchResult(BaseModel):
    """What one benchmark run measured."""

    workload: str
    briefing_bytes: int | None = None
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


def benchmark_size(size: int, briefing: Path, sources: Path, checker: Checker, *, runs: int = 1,
                   progress: Progress | None = None) -> BenchResult:
    """Check a briefing of ``size`` bytes made from ``briefing`` (:func:`synthetic_briefing`) ``runs`` times.

    The warm-up (models loaded, sources embedded) is one check of ``briefing`` itself, so a 5 MB
    briefing is checked only ``runs`` times.
    """
    text = synthetic_briefing(briefing.read_text(encoding="utf-8"), size)
    document = document_from_bytes(text.encode("utf-8"), path=PurePath("synthetic.md"), name=f"{briefing} x{size}")
    documents = read_sources(sources, max_bytes=checker.settings.max_file_bytes)
    warm = document_from_bytes(briefing.read_bytes(), path=PurePath(briefing.name), name=str(briefing))

    def check(doc: object, report: Progress | None = None) -> list[Report]:
        return [checker.check_in_memory(doc, documents, progress=report)]  # type: ignore[arg-type]

    result = _timed(f"{briefing} grown to {size:,} bytes against {sources}", checker, lambda: check(document, progress),
                    runs, warm_up=lambda: check(warm))
    return result.model_copy(update={"briefing_bytes": len(text.encode("utf-8"))})


def synthetic_briefing(base: str, size: int) -> str:
    """A briefing of about ``size`` bytes: ``base``'s front matter, then its paragraphs again and again.

    Each repeat adds its number to the counts (not the times, dates or years), so the
    claims differ and no cache makes a repeat free.

    >>> text = synthetic_briefing("---\\ndate: 2026-10-21\\n---\\nAbout 900 fans came at 17:30 on 3 October 2026.", 120)
    >>> text.split("---\\n")[2].split("\\n\\n")
    ['About 900 fans came at 17:30 on 3 October 2026.', 'About 901 fans came at 17:30 on 3 October 2026.', '']
    """
    body, front = split_front_matter(base)
    head = base[:len(base) - len(body.lstrip())] if front else ""
    paragraphs = [p.strip() for p in body.split("\n\n") if p.strip()]
    if not paragraphs:
        raise InputError("the briefing to grow has no text")
    parts, total, i = [head], len(head.encode("utf-8")), 0
    while total < size:
        repeat, paragraph = divmod(i, len(paragraphs))
        text = _COUNT.sub(functools.partial(_plus, add=repeat), paragraphs[paragraph]) + "\n\n"
        parts.append(text)
        total, i = total + len(text.encode("utf-8")), i + 1
    return "".join(parts)


# a count ("900", "5,000"): not a clock time, a year, or the day of a date
_COUNT = re.compile(r"(?<![\d:,.])\d{1,3}(?:,\d{3})*(?![\d:,]|\s+(?:January|February|March|April|May|June|July"
                    r"|August|September|October|November|December)\b)")


def _plus(match: re.Match[str], *, add: int) -> str:
    number = match.group(0)
    value = int(number.replace(",", "")) + add
    return f"{value:,}" if "," in number else str(value)


_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(B|KB|K|MB|M)?\s*$", re.I)
_UNITS = {"": 1, "b": 1, "k": 1000, "kb": 1000, "m": 1_000_000, "mb": 1_000_000}


def parse_size(text: str) -> int:
    """Bytes of a size written as "5MB", "100KB", "1.5 MB" or "20000" (decimal units).

    >>> parse_size("1MB"), parse_size("100 KB"), parse_size("20000")
    (1000000, 100000, 20000)
    """
    match = _SIZE.match(text)
    if not match:
        raise InputError(f"briefing size {text!r} is not a size; write it as e.g. 100KB, 1MB or 5MB")
    return int(float(match.group(1)) * _UNITS[(match.group(2) or "").lower()])


def _timed(workload: str, checker: Checker, work: Callable[[], list[Report]], runs: int, *,
           warm_up: Callable[[], list[Report]] | None = None) -> BenchResult:
    began = time.perf_counter()
    (warm_up or work)()
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
