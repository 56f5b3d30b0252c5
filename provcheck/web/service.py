"""The web app's library layer: routes call these methods and render what they return.

>>> from provcheck import Checker, Settings
>>> service = WebService(WebConfig(), Checker(Settings(embedder="hashing")))
>>> [c.name for c in service.corpora()]
[]
>>> service.close()
"""

from __future__ import annotations

import threading
import uuid
from collections import OrderedDict
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime

from pydantic import BaseModel, ConfigDict, Field

from provcheck.errors import InputError, LedgerError
from provcheck.ledger import Decision, Entry, EntryFilter, Ledger, VerifyResult
from provcheck.ledger.recheck import RecheckResult, recheck
from provcheck.pipeline import Checker
from provcheck.schema import Document, Report
from provcheck.web.config import CorpusConfig, WebConfig
from provcheck.web.corpus import CorpusInfo, describe
from provcheck.web.jobs import Job, JobKind, JobRunner

__all__ = ["NotFoundError", "StoredReport", "WebService"]


class NotFoundError(InputError):
    """A report, job or ledger entry the server does not know (or no longer remembers)."""


class StoredReport(BaseModel):
    """A finished check: its report, and its ledger entry when a ledger is kept."""

    model_config = ConfigDict(extra="forbid")

    id: str
    report: Report
    corpus: str
    entry: int | None = Field(None, description="sequence number of the ledger's check entry")
    recheck: RecheckResult | None = Field(None, description="for a re-check: what changed since the entry")
    created: datetime = Field(default_factory=lambda: datetime.now(UTC))


class ReportStore:
    """The last ``keep`` reports, in memory."""

    def __init__(self, keep: int) -> None:
        self._items: OrderedDict[str, StoredReport] = OrderedDict()
        self._keep = keep
        self._lock = threading.Lock()

    def add(self, report: Report, corpus: str, entry: int | None, *,
            changes: RecheckResult | None = None) -> StoredReport:
        """Remember a report; the oldest is forgotten past the limit."""
        stored = StoredReport(id=uuid.uuid4().hex, report=report, corpus=corpus, entry=entry, recheck=changes)
        with self._lock:
            self._items[stored.id] = stored
            while len(self._items) > self._keep:
                self._items.popitem(last=False)
        return stored

    def get(self, report_id: str) -> StoredReport:
        """The report with this id, or :class:`NotFoundError`."""
        with self._lock:
            stored = self._items.get(report_id)
        if stored is None:
            raise NotFoundError(f"report {report_id[:40]!r} is not known (reports are kept in memory "
                                "until the server restarts); run the check again or open it from the ledger")
        return stored


class WebService:
    """Holds the checker (models load once), the job worker, recent reports and the ledger."""

    def __init__(self, config: WebConfig, checker: Checker) -> None:
        self.config = config
        self.checker = checker
        self.jobs = JobRunner(keep=config.keep_reports)
        self.reports = ReportStore(config.keep_reports)

    def close(self) -> None:
        """Stop the worker after the running job."""
        self.jobs.close()

    def corpora(self) -> list[CorpusInfo]:
        """Every configured corpus with its documents."""
        return [describe(corpus) for corpus in self.config.corpora]

    def start_check(self, document: Document, corpus_name: str) -> Job:
        """Queue a check of ``document`` against the named corpus; poll the returned job."""
        corpus = self.config.corpus(corpus_name)
        return self.jobs.submit(JobKind.CHECK, document.path, corpus.name, lambda job: self._check(job, document,
                                                                                                   corpus))

    def check_now(self, document: Document, corpus_name: str, *, timeout: float = 600) -> StoredReport:
        """Check and wait for the result (the JSON API); errors are raised, not stored."""
        job = self.jobs.wait(self.start_check(document, corpus_name).id, timeout=timeout)
        if job.error or job.result is None:
            raise InputError(job.error or "the check did not finish")
        return self.reports.get(job.result)

    def start_index(self, corpus_name: str) -> Job:
        """Queue a re-index of the named corpus from its configured sources folder."""
        corpus = self.config.corpus(corpus_name)
        if corpus.sources is None:
            raise InputError(f"corpus {corpus.name!r} has no sources folder configured; "
                             "start the server with --sources to allow re-indexing")
        return self.jobs.submit(JobKind.INDEX, corpus.name, corpus.name, lambda job: self._index(job, corpus))

    def start_recheck(self, seq: int, corpus_name: str) -> Job:
        """Queue a re-check of ledger entry ``seq``'s briefing against the named corpus as it is now."""
        corpus = self.config.corpus(corpus_name)
        self.entry(seq)
        return self.jobs.submit(JobKind.RECHECK, f"entry {seq}", corpus.name,
                                lambda job: self._recheck(job, seq, corpus))

    def recheck_now(self, seq: int, corpus_name: str, *, timeout: float = 600) -> RecheckResult:
        """Re-check and wait for what changed (the JSON API)."""
        job = self.jobs.wait(self.start_recheck(seq, corpus_name).id, timeout=timeout)
        stored = self.reports.get(job.result) if job.result else None
        if job.error or stored is None or stored.recheck is None:
            raise InputError(job.error or "the re-check did not finish")
        return stored.recheck

    def job(self, job_id: str) -> Job:
        """The job with this id, or :class:`NotFoundError`."""
        job = self.jobs.get(job_id)
        if job is None:
            raise NotFoundError(f"job {job_id[:40]!r} is not known; start the check again")
        return job

    def _check(self, job: Job, document: Document, corpus: CorpusConfig) -> None:
        job.stage = "opening the corpus index"
        store = self.checker.open_store(corpus.db)
        try:
            job.stage = "finding the claims and verifying each against the sources"
            report = self.checker.check_document(document, store, progress=_follow(job))
        finally:
            store.close()
        entry = None
        if self.has_ledger:
            job.stage = "recording the check in the ledger"
            with self._ledger() as ledger:
                entry = ledger.append_check(report).seq
        job.result = self.reports.add(report, corpus.name, entry).id

    def _recheck(self, job: Job, seq: int, corpus: CorpusConfig) -> None:
        job.stage = "re-checking the recorded briefing against the sources as they are now"
        with self._ledger() as ledger:
            changes = recheck(ledger, seq, db=corpus.db, checker=self.checker)
        job.result = self.reports.add(changes.report, corpus.name, None, changes=changes).id

    def _index(self, job: Job, corpus: CorpusConfig) -> None:
        assert corpus.sources is not None
        follow = _follow(job)
        job.stage = "reading the source documents"
        job.stats = dict(self.checker.index(corpus.sources, corpus.db,
                                            progress=lambda name, done, total: follow(f"indexing {name}", done,
                                                                                      total)))


    @property
    def has_ledger(self) -> bool:
        """Whether checks are recorded in an audit ledger (and can be signed off)."""
        return self.config.ledger is not None

    @contextmanager
    def _ledger(self) -> Iterator[Ledger]:
        """The ledger, opened for one operation (SQLite connections stay on their thread)."""
        if self.config.ledger is None:
            raise NotFoundError("this server keeps no ledger; start it with --ledger FILE to record and sign off")
        with Ledger(self.config.ledger) as ledger:
            yield ledger

    def entries(self, filters: EntryFilter | None = None) -> list[Entry]:
        """Ledger entries matching ``filters``, oldest first."""
        with self._ledger() as ledger:
            return ledger.entries(filters)

    def entry(self, seq: int) -> tuple[Entry, list[Entry]]:
        """A ledger entry and, for a check, its sign-offs; :class:`NotFoundError` if there is none."""
        with self._ledger() as ledger:
            try:
                entry = ledger.get(seq)
            except LedgerError as err:
                raise NotFoundError(f"the ledger has no entry {seq}; find it on the ledger page") from err
            return entry, ledger.signoffs(seq)

    def signoff(self, seq: int, reviewer: str, decision: Decision | str, overrides: Mapping[str, str]) -> Entry:
        """Record a sign-off; :class:`~provcheck.errors.SignoffRefusedError` while the gate is open."""
        self.entry(seq)
        with self._ledger() as ledger:
            return ledger.signoff(seq, reviewer, decision, overrides)

    def export(self, seq: int, fmt: str) -> str:
        """The disclosure bundle of check entry ``seq`` (``json`` or ``html``)."""
        self.entry(seq)
        with self._ledger() as ledger:
            return ledger.export(seq, fmt)

    def vouch(self, seq: int) -> str | None:
        """None when the ledger verifies; else the warning to show beside entry ``seq``."""
        with self._ledger() as ledger:
            return ledger.vouch(seq, force=True)

    def verify(self) -> VerifyResult:
        """Re-compute the ledger's hash chain."""
        with self._ledger() as ledger:
            return ledger.verify()


def _follow(job: Job) -> Callable[[str, int, int], None]:
    """A ``progress(stage, done, total)`` callback that the job page shows (it polls the job)."""
    def progress(stage: str, done: int, total: int) -> None:
        job.stage, job.done, job.total = stage, done, total

    return progress
