"""How far a long command has gone, on stderr: a rich progress bar on a terminal, a line now and then elsewhere.

Nothing goes to stdout, so ``provcheck check --format json > report.json`` stays a clean report.
On a terminal the bar is drawn from the start and cleared at the end; when stderr is
a file or a pipe, a line is written only once a check has run for a while (a short
check prints nothing), then at most every half minute.

>>> import io
>>> out = io.StringIO()
>>> with stage_log(out, after_s=0.0, every_s=0.0) as progress:
...     progress("verifying the claims", 200, 1000)
>>> out.getvalue()
'provcheck: verifying the claims 200/1000\\n'
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TextIO

__all__ = ["Report", "progress_on_stderr", "stage_log"]

Report = Callable[[str, int, int], None]
_AFTER_S = 10.0
_EVERY_S = 30.0


@contextmanager
def progress_on_stderr(first: str = "loading the models") -> Iterator[Report]:
    """A ``progress(stage, done, total)`` callback: a bar when stderr is a terminal, else :func:`stage_log`."""
    if not _on_terminal():
        with stage_log(sys.stderr) as report:
            yield report
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    columns = (SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
               TimeElapsedColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        tasks = {first: bar.add_task(first, total=None)}

        def report(stage: str, done: int, total: int) -> None:
            if stage not in tasks:  # a bar of its own for each stage: its count and time, or a spinner
                bar.remove_task(tasks.popitem()[1])
                tasks[stage] = bar.add_task(stage, total=total or None)
            bar.update(tasks[stage], completed=done)

        yield report


@contextmanager
def stage_log(out: TextIO, *, after_s: float = _AFTER_S, every_s: float = _EVERY_S) -> Iterator[Report]:
    """A callback that writes ``provcheck: STAGE DONE/TOTAL`` to ``out`` once ``after_s`` have passed,
    then on each new stage or at most every ``every_s``."""
    began = time.monotonic()
    last_stage, last_at = "", began

    def report(stage: str, done: int, total: int) -> None:
        nonlocal last_stage, last_at
        now = time.monotonic()
        if now - began < after_s or (stage == last_stage and now - last_at < every_s):
            return
        last_stage, last_at = stage, now
        out.write(f"provcheck: {stage}" + (f" {done}/{total}" if total else "") + "\n")
        out.flush()

    yield report


def _on_terminal() -> bool:
    """Whether stderr is a terminal (where a bar can be drawn and cleared)."""
    return sys.stderr.isatty()
