"""Checks and re-indexes run one at a time on a worker thread; pages poll their progress.

>>> runner = JobRunner()
>>> def work(job: Job) -> None:
...     job.stage = "counting"
...     job.result = "r1"
>>> job = runner.submit(JobKind.CHECK, "note.md", "demo", work)
>>> runner.wait(job.id, timeout=5).state.value, job.result
('done', 'r1')
>>> runner.close()
"""

from __future__ import annotations

import logging
import threading
import uuid
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import UTC, datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from provcheck.errors import ProvcheckError

__all__ = ["Job", "JobKind", "JobRunner", "JobState"]

_log = logging.getLogger(__name__)


class JobKind(StrEnum):
    """What a job does."""

    CHECK = "check"
    INDEX = "index"
    RECHECK = "recheck"


class JobState(StrEnum):
    """Where a job is in its life."""

    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


class Job(BaseModel):
    """A check or re-index the server runs in the background; what the progress page shows."""

    model_config = ConfigDict(extra="forbid", validate_assignment=False)

    id: str
    kind: JobKind
    label: str = Field(description="the briefing's name, or the corpus re-indexed")
    corpus: str
    state: JobState = JobState.QUEUED
    stage: str = "waiting for the checker"
    done: int = Field(0, ge=0, description="steps finished, where counted")
    total: int = Field(0, ge=0, description="steps in all; 0 when not counted")
    created: datetime = Field(default_factory=lambda: datetime.now(UTC))
    finished: datetime | None = None
    result: str | None = Field(None, description="the report id of a check")
    stats: dict[str, int] | None = Field(None, description="what a re-index did")
    error: str | None = None


Work = Callable[[Job], None]


class JobRunner:
    """A single worker thread (the models are loaded once and not shared between threads)."""

    def __init__(self, *, keep: int = 200) -> None:
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="provcheck-job")
        self._jobs: OrderedDict[str, Job] = OrderedDict()
        self._futures: dict[str, Future[None]] = {}
        self._lock = threading.Lock()
        self._keep = keep

    def submit(self, kind: JobKind, label: str, corpus: str, work: Work) -> Job:
        """Queue ``work``; it receives the job to report its stage on."""
        job = Job(id=uuid.uuid4().hex, kind=kind, label=label, corpus=corpus)
        with self._lock:
            self._jobs[job.id] = job
            while len(self._jobs) > self._keep:
                old, _ = self._jobs.popitem(last=False)
                self._futures.pop(old, None)
            self._futures[job.id] = self._pool.submit(self._run, job, work)
        return job

    def get(self, job_id: str) -> Job | None:
        """The job with this id, if the server still remembers it."""
        with self._lock:
            return self._jobs.get(job_id)

    def wait(self, job_id: str, *, timeout: float | None = None) -> Job:
        """Block until the job has finished; returns it."""
        with self._lock:
            future, job = self._futures.get(job_id), self._jobs[job_id]
        if future is not None:
            future.result(timeout=timeout)
        return job

    def close(self) -> None:
        """Finish the running job and stop the worker."""
        self._pool.shutdown(wait=True, cancel_futures=True)

    @staticmethod
    def _run(job: Job, work: Work) -> None:
        job.state = JobState.RUNNING
        try:
            work(job)
        except ProvcheckError as err:
            job.error = str(err)
            _log.info("%s job %s (%s, corpus %s) refused: %s", job.kind.value, job.id, job.label, job.corpus, err)
        except Exception:  # the page must say it failed; the log keeps the trace
            _log.exception("%s job %s (%s, corpus %s) failed", job.kind.value, job.id, job.label, job.corpus)
            job.error = "internal error while running the job; see the server log"
        job.finished = datetime.now(UTC)
        job.state = JobState.FAILED if job.error else JobState.DONE
        job.stage = "failed" if job.error else "finished"
