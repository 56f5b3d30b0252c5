"""The worker side of an audit: one Checker and one open index, reused for every briefing it is given.

The process pool and the Ray actors both run a :class:`Worker`, so a briefing gets the same
verdicts whichever runs it. A check that raises is sent back as ``failed`` with the error, never
raised, so one bad briefing cannot stop the others.

>>> import tempfile, pathlib
>>> from provcheck.config import Settings
>>> from provcheck.pipeline import Checker
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> (folder / "src").mkdir()
>>> _ = (folder / "src" / "log.txt").write_text("About 1,200 away fans attended the match.")
>>> _ = (folder / "b.txt").write_text("About 5,000 away fans attended the match.")
>>> settings = Settings(embedder="hashing", verifier="rules")
>>> _ = Checker(settings).index(folder / "src", folder / "c.db")
>>> done = Worker(settings, folder / "c.db").check(Job(path=str(folder / "b.txt"), name="b.txt"))
>>> done.status.value, done.report.claims[0].verdict.value
('checked', 'contradicted')
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from provcheck.audit.records import Checked, Job, Status
from provcheck.config import Settings
from provcheck.errors import InputError, ProvcheckError
from provcheck.ingest import read_document
from provcheck.pipeline import Checker

__all__ = ["MakeChecker", "Worker", "limit_threads"]

MakeChecker = Callable[[Settings], Checker]
"""Builds a worker's Checker from the settings (``Checker`` itself unless a test swaps in another)."""


class Worker:
    """Loads the models once (``make_checker(settings)``) and opens the index at ``db``; checks job after job.

    An error while loading is kept, and every job answered ``failed`` and ``fatal`` with it (the audit stops).
    """

    def __init__(self, settings: Settings, db: str | Path, make_checker: MakeChecker = Checker) -> None:
        self.error: str | None = None
        try:
            self.checker = make_checker(settings)
            self.store = self.checker.open_store(db)
        except ProvcheckError as err:
            self.error = str(err)
        except Exception as err:  # noqa: BLE001 - the same for every briefing: the audit stops with it
            self.error = f"the workers could not load the models ({type(err).__name__}: {err})"

    def check(self, job: Job) -> Checked:
        """Read and check one briefing; unreadable, failed or checked, never raised."""
        if self.error is not None:
            return Checked(name=job.name, status=Status.FAILED, error=self.error, fatal=True)
        try:
            document = read_document(Path(job.path), max_bytes=self.checker.settings.max_file_bytes, name=job.name)
            report = self.checker.check_document(document, self.store)
        except InputError as err:
            return Checked(name=job.name, status=Status.UNREADABLE, error=str(err))
        except Exception as err:  # noqa: BLE001 - one briefing's crash is reported, the audit goes on
            return Checked(name=job.name, status=Status.FAILED, error=f"{type(err).__name__}: {err}")
        return Checked(name=job.name, status=Status.CHECKED, report=report)


def limit_threads(workers: int) -> None:
    """Share the cores among ``workers`` processes: each one's math libraries get their part (1 at least).

    Set before torch loads (it loads lazily, with the first model), and only where the user set nothing.
    """
    share = max(1, (os.cpu_count() or 1) // max(1, workers))
    for name in ("OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(name, str(share))
