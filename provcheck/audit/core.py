"""``audit``: check every briefing of a folder, write a report each and a summary, record each in the ledger.

The index and the folder are checked before any model loads; finished reports of an earlier run
are kept (see :func:`~provcheck.audit.outputs.finished_report`); the rest go to a runner (a local
process pool by default, or Ray) and each result is recorded, written and summarised as it comes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Protocol

from provcheck.atomic import write_text_atomically
from provcheck.audit.outputs import briefing_files, finished_report, indexed_sources, report_paths, write_report
from provcheck.audit.records import AuditResult, Checked, Job, Status, SummaryRow
from provcheck.audit.summary import summary_csv, summary_html, summary_row
from provcheck.config import Settings
from provcheck.errors import ProvcheckError

__all__ = ["DEFAULT_OUT", "InProcess", "Progress", "Runner", "audit"]

DEFAULT_OUT = Path("provcheck-audit")
"""Where reports and the summary go when ``--out`` names no folder (in the current folder)."""

Progress = Callable[[str, int, int], None]
"""``progress(briefing, done, total)``: told after each briefing checked in this run."""


class Runner(Protocol):
    """Checks jobs somewhere (local processes, Ray) and yields each result once, as it finishes."""

    def run(self, jobs: list[Job], settings: Settings, db: Path) -> Iterator[Checked]: ...


def audit(briefings: Path, db: Path, *, out: Path = DEFAULT_OUT, settings: Settings | None = None,
          runner: Runner | None = None, ledger: str | Path | None = None, sign_key: str | Path | None = None,
          progress: Progress | None = None) -> AuditResult:
    """Check every briefing under ``briefings`` against the index ``db``; reports and summary in ``out``.

    ``runner`` defaults to a :class:`~provcheck.audit.pool.PoolRunner` of one process per core; each
    check is recorded in the ledger at ``ledger`` (none when None), signed with ``sign_key`` if given.

    >>> import tempfile, pathlib
    >>> from provcheck.pipeline import Checker
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> (folder / "src").mkdir(); (folder / "in").mkdir()
    >>> _ = (folder / "src" / "log.txt").write_text("About 1,200 away fans attended the match.")
    >>> _ = (folder / "in" / "b.txt").write_text("About 5,000 away fans attended the match.")
    >>> settings = Settings(embedder="hashing", verifier="rules")
    >>> _ = Checker(settings).index(folder / "src", folder / "c.db")
    >>> result = audit(folder / "in", folder / "c.db", out=folder / "out", settings=settings, runner=InProcess())
    >>> [(row.status.value, row.counts["contradicted"]) for row in result.rows], result.needs_attention
    ([('checked', 1)], True)
    >>> audit(folder / "in", folder / "c.db", out=folder / "out", settings=settings).rows[0].status.value
    'resumed'
    """
    settings = settings or Settings()
    sources = indexed_sources(Path(db))  # a missing or empty index is refused before any model loads
    rows: dict[str, SummaryRow] = {}
    jobs: dict[str, tuple[Job, str]] = {}
    for path in briefing_files(Path(briefings), Path(out)):
        relative = path.relative_to(briefings).as_posix()
        json_path, html_path = report_paths(Path(out), relative)
        kept = finished_report(path, json_path, html_path, sources=sources, settings=settings)
        if kept is None:
            jobs[str(path)] = (Job(path=str(path.resolve()), name=str(path)), relative)
        else:
            rows[str(path)] = summary_row(kept, status=Status.RESUMED, **_links(relative))
    if jobs:
        from provcheck.audit.pool import PoolRunner

        done = (runner or PoolRunner()).run([job for job, _ in jobs.values()], settings, Path(db).resolve())
        for i, checked in enumerate(done, start=1):
            rows[checked.name] = _finish(checked, Path(out), jobs[checked.name][1], ledger, sign_key)
            if progress:
                progress(checked.name, i, len(jobs))
    result = AuditResult(out=Path(out), rows=[rows[name] for name in sorted(rows)])
    write_text_atomically(Path(out) / "summary.csv", summary_csv(result))
    write_text_atomically(Path(out) / "summary.html", summary_html(result))
    return result


def _finish(checked: Checked, out: Path, relative: str, ledger: str | Path | None,
            sign_key: str | Path | None) -> SummaryRow:
    """Record a checked briefing in the ledger, then write its reports; the summary row of any result."""
    if checked.fatal:
        raise ProvcheckError(checked.error or "the workers could not start")
    if checked.report is None:
        return SummaryRow(briefing=checked.name, status=checked.status, error=checked.error)
    if ledger is not None:
        from provcheck.ledger import record_check

        record_check(checked.report, ledger, sign_key=sign_key)
    write_report(checked.report, *report_paths(out, relative))
    return summary_row(checked.report, status=Status.CHECKED, **_links(relative))


def _links(relative: str) -> dict[str, str]:
    """The report paths as the summary gives them: relative to ``out``, so the folder can move."""
    json_path, html_path = report_paths(Path("."), relative)
    return {"report_json": json_path.as_posix(), "report_html": html_path.as_posix()}


class InProcess:
    """A runner that checks the jobs one after another in this process (one Checker): for tests and tiny folders."""

    def run(self, jobs: list[Job], settings: Settings, db: Path) -> Iterator[Checked]:
        from provcheck.audit.worker import Worker

        worker = Worker(settings, db)
        for job in jobs:
            yield worker.check(job)
