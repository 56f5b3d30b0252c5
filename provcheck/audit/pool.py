"""Run an audit's jobs on a local process pool: each process builds its Checker once, in its initializer.

Processes are spawned (never forked from a parent that may hold model threads). A worker that
dies (killed, out of memory, a crash in native code) breaks the pool; the briefings it had in
hand are then checked again one at a time in a fresh pool, so the one that kills a worker is
found and marked ``failed``, and the others are checked as usual.

>>> PoolRunner(workers=2).workers
2
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Generator, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from provcheck.audit.records import Checked, Job, Status
from provcheck.audit.worker import MakeChecker, Worker, limit_threads
from provcheck.config import Settings
from provcheck.pipeline import Checker

__all__ = ["PoolRunner"]

_WORKER: Worker | None = None  # the Worker of this pool process, set by _start


def _start(settings: Settings, db: str, make_checker: MakeChecker, workers: int) -> None:
    """The pool's initializer: load the models once per process."""
    global _WORKER
    limit_threads(workers)
    _WORKER = Worker(settings, db, make_checker)


def _check(job: Job) -> Checked:
    assert _WORKER is not None, "the pool's initializer did not run"
    return _WORKER.check(job)


class PoolRunner:
    """Checks jobs on ``workers`` local processes (default: one per core), yielding each result as it comes."""

    def __init__(self, workers: int | None = None, *, make_checker: MakeChecker = Checker) -> None:
        self.workers = max(1, workers or os.cpu_count() or 1)
        self.make_checker = make_checker

    def run(self, jobs: list[Job], settings: Settings, db: Path) -> Iterator[Checked]:
        """Check every job; each comes back once, in the order they finish."""
        todo, suspects = deque(jobs), deque[Job]()
        while todo or suspects:
            if suspects:  # after a worker died: one at a time, so the one that kills it is known
                for job in (yield from self._session(suspects, settings, db, processes=1, in_flight=1)):
                    yield Checked(name=job.name, status=Status.FAILED,
                                  error="the worker checking it died (killed, out of memory or a crash)")
            else:
                suspects.extend((yield from self._session(todo, settings, db, processes=self.workers,
                                                          in_flight=2 * self.workers)))

    def _session(self, queue: deque[Job], settings: Settings, db: Path, *, processes: int,
                 in_flight: int) -> Generator[Checked, None, list[Job]]:
        """Run ``queue``'s jobs on one pool until it is empty or the pool breaks; return the jobs then in hand."""
        pool = ProcessPoolExecutor(min(processes, len(queue)), mp_context=multiprocessing.get_context("spawn"),
                                   initializer=_start, initargs=(settings, str(db), self.make_checker, self.workers))
        running: dict[Future[Checked], Job] = {}
        try:
            while queue or running:
                while queue and len(running) < in_flight:
                    job = queue.popleft()
                    running[pool.submit(_check, job)] = job
                done, _ = wait(running, return_when=FIRST_COMPLETED)
                broken = False
                for future in done:
                    if isinstance(future.exception(), BrokenProcessPool):
                        broken = True
                        continue
                    yield _result(future, running.pop(future))
                if broken:
                    return list(running.values())
            return []
        finally:
            pool.shutdown(wait=not running, cancel_futures=True)


def _result(future: Future[Checked], job: Job) -> Checked:
    """The future's result, or ``failed`` with the error that kept it from coming back."""
    error = future.exception()
    if error is None:
        return future.result()
    return Checked(name=job.name, status=Status.FAILED, error=f"{type(error).__name__}: {error}")
