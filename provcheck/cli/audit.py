"""``provcheck audit``: every briefing of a folder checked, a report each, a summary, exit 1 if any needs attention.

The progress bar (stderr, on a terminal) shows briefings done of all, the rate and the time left;
elsewhere a line now and then (:func:`~provcheck.cli.progress.stage_log`).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from provcheck.cli import _errors, _settings

if TYPE_CHECKING:
    from provcheck.audit import AuditResult
    from provcheck.cli.progress import Report

__all__ = ["register"]


@click.command("audit")
@click.argument("briefings", type=click.Path(path_type=Path))
@click.option("--db", type=click.Path(path_type=Path), required=True, help="Corpus index built by `provcheck index`.")
@click.option("--out", type=click.Path(path_type=Path), default=Path("provcheck-audit"), show_default=True,
              help="Folder for the reports (reports/<briefing>.json and .html), summary.csv and summary.html.")
@click.option("--workers", type=click.IntRange(1), help="Worker processes or Ray actors (default: one per core).")
@click.option("--ray", "ray_address", metavar="auto|ADDRESS",
              help="Run on Ray: auto starts a local cluster of --workers CPUs; ADDRESS joins a running one.")
@click.option("--embedder", default=None, help="Dense embedder by name (default: minilm; the index's own).")
@click.option("--verifier", default=None, help="Verifier by name: nli (trained model) or rules.")
@click.option("--omissions/--no-omissions", default=None,
              help="List what each briefing leaves out (default: when it has a conclusion or recommendation).")
@click.option("--ledger", "ledger_file", type=click.Path(path_type=Path),
              help="Audit ledger to record each check in (default: $PROVCHECK_LEDGER, else ./provcheck-ledger.db).")
@click.option("--no-ledger", is_flag=True, help="Do not record the checks in the audit ledger.")
@click.option("--sign-key", type=click.Path(path_type=Path), help="Ed25519 private key (PEM) to sign the entries.")
def audit_cmd(briefings: Path, db: Path, out: Path, workers: int | None, ray_address: str | None,
              embedder: str | None, verifier: str | None, omissions: bool | None, ledger_file: Path | None,
              no_ledger: bool, sign_key: Path | None) -> None:
    """Check every briefing under BRIEFINGS: a report each and a summary; exit 1 if any needs attention."""
    from provcheck.audit import PoolRunner, RayRunner, audit
    from provcheck.ledger import ledger_path

    runner = RayRunner(ray_address, workers) if ray_address else PoolRunner(workers)
    with _errors(), _bar() as progress:
        result = audit(briefings, db, out=out, runner=runner, progress=progress,
                       settings=_settings(embedder=embedder, verifier=verifier, omissions=omissions),
                       ledger=None if no_ledger else ledger_path(ledger_file), sign_key=sign_key)
    click.echo(_result_line(result))
    sys.exit(1 if result.needs_attention else 0)


def _result_line(result: AuditResult) -> str:
    """What the audit did, in one line.

    >>> from provcheck.audit import AuditResult, Status, SummaryRow
    >>> _result_line(AuditResult(out=Path("a"), rows=[SummaryRow(briefing="b.md", status=Status.RESUMED)]))
    '1 briefings: 0 checked, 1 resumed, 0 unreadable, 0 failed; nothing needs attention -> a/summary.html'
    """
    from provcheck.audit import Status

    counts = ", ".join(f"{result.count(s)} {s.value}" for s in Status)
    n = sum(1 for row in result.rows if row.needs_attention)
    status = f"{n} need{'s' if n == 1 else ''} attention" if n else "nothing needs attention"
    return f"{len(result.rows)} briefings: {counts}; {status} -> {result.out / 'summary.html'}"


@contextmanager
def _bar() -> Iterator[Report]:
    """A ``progress(briefing, done, total)`` callback: a rich bar with rate and time left on a terminal."""
    from provcheck.cli.progress import stage_log

    if not sys.stderr.isatty():
        with stage_log(sys.stderr) as report:
            yield lambda name, done, total: report("auditing the briefings", done, total)
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), _rate_column(),
               TimeRemainingColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("loading the models", total=None)
        yield lambda name, done, total: bar.update(task, description=name, completed=done, total=total)


def _rate_column() -> Any:
    from rich.progress import ProgressColumn
    from rich.text import Text

    class Rate(ProgressColumn):
        """Briefings per minute, from rich's running estimate."""

        def render(self, task: Any) -> Text:
            return Text(f"{task.speed * 60:.1f}/min" if task.speed else "-/min", style="progress.data.speed")

    return Rate()



def register(main: click.Group) -> None:
    """Attach ``audit`` to the ``provcheck`` group."""
    main.add_command(audit_cmd)
