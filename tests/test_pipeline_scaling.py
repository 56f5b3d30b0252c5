"""A long briefing: the check says how far it has gone, and each claim's work does not grow with the others."""

from __future__ import annotations

import io
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest

import provcheck
from provcheck import Checker, Settings
from provcheck.cli.progress import stage_log
from provcheck.evaluate.bench import synthetic_briefing
from provcheck.inputs import check_inputs, read_inputs
from provcheck.report import render
from provcheck.schema import Document, NliScores

from .conftest import DEMO


class _FakeVerifier:
    """Reads every pair as half supported: the verifier's stages run (sentence and set readings) without a model.

    Named as the trained verifier is, so that its fitted decision (models/calibration/nli.json) runs too.
    """

    name = "nli"

    def score(self, pairs: list[tuple[str, str]]) -> list[NliScores]:
        return [NliScores(supported=0.5, contradicted=0.25, neutral=0.25) for _ in pairs]


def test_a_check_tells_its_progress(fast_checker: Checker, sources: Path, tmp_path: Path,
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    import provcheck.pipeline

    monkeypatch.setattr(provcheck.pipeline, "_CHUNK", 20)  # claims verified together
    briefing = tmp_path / "b.md"
    briefing.write_text(synthetic_briefing((DEMO / "briefing.md").read_text(encoding="utf-8"), 6000),
                        encoding="utf-8")
    seen: list[tuple[str, int, int]] = []
    report = check_inputs(fast_checker, read_inputs(briefing, sources=sources),
                          progress=lambda stage, done, total: seen.append((stage, done, total)))
    stages = list(dict.fromkeys(stage for stage, _, _ in seen))
    assert stages == ["indexing the sources", "finding the claims", "verifying the claims",
                      "looking for what the briefing leaves out"]
    verifying = [(done, total) for stage, done, total in seen if stage == "verifying the claims"]
    assert verifying[-1] == (len(report.claims), len(report.claims)) and len(verifying) == 4
    assert [done for done, _ in verifying] == sorted(done for done, _ in verifying)
    finding = [done for stage, done, _ in seen if stage == "finding the claims"]
    assert finding == sorted(finding) and all(t == len(briefing.read_text()) for s, _, t in seen
                                              if s == "finding the claims")


def test_the_stage_log_writes_a_line_per_stage_and_only_for_a_long_check() -> None:
    out = io.StringIO()
    with stage_log(out, after_s=0.0, every_s=3600.0) as progress:
        for done in range(3):
            progress("verifying the claims", done, 3)
        progress("looking for what the briefing leaves out", 0, 0)
    assert out.getvalue() == ("provcheck: verifying the claims 0/3\n"
                              "provcheck: looking for what the briefing leaves out\n")
    quiet = io.StringIO()
    with stage_log(quiet, after_s=3600.0) as progress:
        progress("verifying the claims", 1, 3)
    assert quiet.getvalue() == ""


def _lines_run(work: Callable[[], object]) -> Counter[tuple[str, str, int]]:
    """How many lines of each provcheck function ``work`` runs (a count of operations, not a time)."""
    root = str(Path(provcheck.__file__).parent)
    counts: Counter[tuple[str, str, int]] = Counter()

    def local(frame, event, arg):  # type: ignore[no-untyped-def]
        if event == "line":
            code = frame.f_code
            counts[(code.co_filename[len(root) + 1:], code.co_qualname, code.co_firstlineno)] += 1
        return local

    def calls(frame, event, arg):  # type: ignore[no-untyped-def]
        return local if frame.f_code.co_filename.startswith(root) else None

    sys.settrace(calls)
    try:
        work()
    finally:
        sys.settrace(None)
    return counts


def _copies(base: str, copies: int) -> str:
    """``base`` grown to ``copies`` whole copies of its paragraphs (so both sizes hold the same mix of sentences)."""
    body_bytes = sum(len(p.strip().encode()) + 2 for p in base.split("---\n")[-1].split("\n\n") if p.strip())
    head = len(synthetic_briefing(base, 1).encode()) - len(base.split("---\n")[-1].split("\n\n")[0].strip()) - 2
    return synthetic_briefing(base, head + copies * body_bytes)


def test_no_part_of_a_check_grows_faster_than_the_briefing(sources: Path) -> None:
    """Four times the briefing runs at most about four times the lines in every function, the report included."""
    checker = Checker(Settings(embedder="hashing", omissions=True), verifier=_FakeVerifier())
    documents = read_inputs(DEMO / "briefing.md", sources=sources).sources
    base = (DEMO / "briefing.md").read_text(encoding="utf-8")

    def check(copies: int) -> Counter[tuple[str, str, int]]:
        briefing = Document(path="b.md", sha256="0" * 64, text=_copies(base, copies))
        return _lines_run(lambda: [render(checker.check_in_memory(briefing, documents), fmt)
                                   for fmt in ("json", "html", "terminal")])

    check(4)  # warm-up: models and templates load, and every cache holds both briefings, outside the counts
    small, large = check(1), check(4)
    worst = sorted(((n / max(small[key], 1), key, small[key], n) for key, n in large.items() if n > 400),
                   reverse=True)[:5]
    assert worst[0][0] < 5.0, f"grows faster than the briefing (ratio, function, lines then, lines now): {worst}"
