"""The records of an audit: a briefing to check, what came of it, and the run's summary.

>>> row = SummaryRow(briefing="b.md", status=Status.FAILED, error="RuntimeError: boom")
>>> row.needs_attention
True
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, computed_field

from provcheck.schema import Report, Verdict

__all__ = ["AuditResult", "Checked", "Job", "Status", "SummaryRow"]


class Status(StrEnum):
    """What an audit did with one briefing."""

    CHECKED = "checked"  # checked in this run
    RESUMED = "resumed"  # its finished report from an earlier run was kept
    UNREADABLE = "unreadable"  # the file could not be read, or holds nothing to check
    FAILED = "failed"  # the check crashed, or the worker checking it died


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Job(_Record):
    """One briefing to check: the file to read and the path its report records."""

    path: str
    name: str


class Checked(_Record):
    """What a worker sends back for one job: the report, or why there is none.

    ``fatal`` marks an error that would hit every briefing alike (a model that cannot load): the audit stops.
    """

    name: str
    status: Status
    report: Report | None = None
    error: str | None = None
    fatal: bool = False


class SummaryRow(_Record):
    """One line of the summary: a briefing's counts by verdict, its worst claims, the sources it rests on most."""

    briefing: str
    status: Status
    sha256: str | None = None
    claims: int = 0
    counts: dict[Verdict, int] = Field(default_factory=dict)
    attention: int = Field(0, description="claims that need attention")
    worst: list[str] = Field(default_factory=list, description="the claims that need attention most, worst first")
    relied_on: list[str] = Field(default_factory=list, description="sources quoted in support of most claims")
    report_json: str | None = None
    report_html: str | None = None
    error: str | None = None

    @computed_field  # type: ignore[prop-decorator]
    @property
    def needs_attention(self) -> bool:
        """True when a claim needs attention, or the briefing was not checked (unreadable or failed)."""
        return self.attention > 0 or self.status in (Status.UNREADABLE, Status.FAILED)


class AuditResult(_Record):
    """A whole audit: one row per briefing (by path) and where the summary was written."""

    out: Path
    rows: list[SummaryRow]

    def count(self, status: Status) -> int:
        """How many briefings ended with ``status``."""
        return sum(1 for row in self.rows if row.status is status)

    @property
    def needs_attention(self) -> bool:
        """True when any briefing needs attention (see :attr:`SummaryRow.needs_attention`)."""
        return any(row.needs_attention for row in self.rows)
