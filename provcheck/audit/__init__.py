"""Batch audits: every briefing of a folder checked, a report each, a summary, each check in the ledger.

``provcheck audit BRIEFINGS --db INDEX`` calls :func:`audit`. The checks run on a local process pool
(:class:`PoolRunner`, the default) or on Ray (:class:`RayRunner`); both give each worker one
:class:`~provcheck.Checker`, so the verdicts are the same whichever runs them.

>>> from provcheck.audit import Status
>>> [s.value for s in Status]
['checked', 'resumed', 'unreadable', 'failed']
"""

from __future__ import annotations

from provcheck.audit.core import DEFAULT_OUT, InProcess, Runner, audit
from provcheck.audit.pool import PoolRunner
from provcheck.audit.ray_runner import RayRunner
from provcheck.audit.records import AuditResult, Checked, Job, Status, SummaryRow

__all__ = ["DEFAULT_OUT", "AuditResult", "Checked", "InProcess", "Job", "PoolRunner", "RayRunner", "Runner",
           "Status", "SummaryRow", "audit"]
