"""Re-check an old entry: its stored briefing text against today's sources, and what changed since.

The check runs with the entry's recorded settings (where this version still
accepts them), so what moves is due to the sources, the models or the tool.

>>> from provcheck.schema import SourceRef
>>> before = [SourceRef(path="a.txt", sha256="1"), SourceRef(path="b.txt", sha256="2")]
>>> after = [SourceRef(path="a.txt", sha256="9"), SourceRef(path="c.txt", sha256="2")]
>>> [(c.path, c.status.value) for c in compare_sources(before, after)]
[('a.txt', 'changed'), ('b.txt', 'moved')]
>>> from provcheck.ledger.testing import tiny_report
>>> old, new = tiny_report(omitted=["No arrests were made."]), tiny_report(omitted=["Nobody was hurt."])
>>> [(c.quote, c.before, c.after) for c in compare_omissions(old.omissions, new.omissions)]
[('No arrests were made.', 'o1', None), ('Nobody was hurt.', None, 'o1')]
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from provcheck.config import Settings
from provcheck.errors import LedgerError
from provcheck.ledger.core import check_content
from provcheck.ledger.records import CheckContent, ModelRecord
from provcheck.schema import ClaimResult, Document, Omission, Report, SourceRef, Verdict

if TYPE_CHECKING:
    from provcheck.ledger.core import Ledger
    from provcheck.pipeline import Checker

__all__ = ["ModelChange", "OmissionChange", "RecheckResult", "SourceChange", "SourceStatus", "VerdictChange",
           "compare_models", "compare_omissions", "compare_sources", "compare_verdicts", "recheck",
           "recorded_settings"]


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SourceStatus(StrEnum):
    """What became of a source since the entry was recorded."""

    CHANGED = "changed"
    MISSING = "missing"
    MOVED = "moved"
    ADDED = "added"


class SourceChange(_Record):
    """A source whose content hash or place differs from the recorded one."""

    path: str
    status: SourceStatus
    before: str | None = None
    after: str | None = None
    now_at: str | None = None


class VerdictChange(_Record):
    """A claim whose verdict moved; ``None`` on one side when the claim exists only on the other."""

    claim_id: str
    text: str
    before: Verdict | None
    after: Verdict | None


class OmissionChange(_Record):
    """A statement listed as left out by one check and not the other; its id on each side, ``None`` where absent."""

    quote: str
    source: str
    before: str | None
    after: str | None


class ModelChange(_Record):
    """A model that differs by name or by weights."""

    role: str
    before: ModelRecord | None
    after: ModelRecord | None


class RecheckResult(_Record):
    """Everything that moved between the recorded check and today's re-run, and the new report."""

    entry: int
    tool_before: str
    tool_after: str
    verdicts: list[VerdictChange]
    sources: list[SourceChange]
    models: list[ModelChange]
    settings: dict[str, list[Any]]
    report: Report
    omissions: list[OmissionChange] = Field(default_factory=list)

    @property
    def changed(self) -> bool:
        """True when any verdict, statement left out, source, model, setting or the tool version changed."""
        return bool(self.verdicts or self.omissions or self.sources or self.models or self.settings
                    or self.tool_before != self.tool_after)


def recorded_settings(content: CheckContent) -> Settings:
    """The entry's settings, or today's defaults for a setting this version no longer accepts."""
    try:
        return Settings.model_validate(content.settings)
    except ValidationError:
        known = {k: v for k, v in content.settings.items() if k in Settings.model_fields}
        try:
            return Settings.model_validate(known)
        except ValidationError:
            return Settings()


def recheck(ledger: Ledger, seq: int, *, db: str | Path | None = None, sources: Path | None = None,
            checker: Checker | None = None, verifier: str | None = None) -> RecheckResult:
    """Check entry ``seq``'s stored briefing text against the sources now in ``db`` or ``sources``.

    Without ``checker``, one is built from the entry's recorded settings (``verifier`` replaces its verifier).
    """
    old = ledger.get(seq).content
    if not isinstance(old, CheckContent):
        raise LedgerError(f"entry {seq} is a sign-off; re-check the check it refers to (entry {old.check})")
    if checker is None:
        from provcheck.pipeline import Checker

        settings = recorded_settings(old)
        checker = Checker(settings.model_copy(update={"verifier": verifier}) if verifier else settings)
    briefing = Document(path=old.briefing.path, sha256=old.briefing.sha256, text=old.report.briefing_text)
    new = check_content(_run(checker, briefing, db, sources))
    return RecheckResult(
        entry=seq, tool_before=old.tool_version, tool_after=new.tool_version,
        verdicts=compare_verdicts(old.report.claims, new.report.claims),
        omissions=compare_omissions(old.report.omissions, new.report.omissions),
        sources=compare_sources(old.sources, new.sources), models=compare_models(old.models, new.models),
        settings={k: [old.settings.get(k), v] for k, v in new.settings.items() if old.settings.get(k) != v},
        report=new.report)


def _run(checker: Checker, briefing: Document, db: str | Path | None, sources: Path | None) -> Report:
    from provcheck.errors import EmptyInputError
    from provcheck.ingest import read_sources
    from provcheck.inputs import CheckInputs, check_inputs

    if db is None and sources is None:
        raise EmptyInputError("no sources given; pass --db INDEX or --sources FOLDER")
    documents = [] if db is not None else read_sources(Path(sources or "."), max_bytes=checker.settings.max_file_bytes)
    inputs = CheckInputs(briefing=briefing, db=Path(db) if db is not None else None, sources=documents)
    return check_inputs(checker, inputs, require_checkable=False)


def compare_verdicts(before: Sequence[ClaimResult], after: Sequence[ClaimResult]) -> list[VerdictChange]:
    """Claims (matched by span and text) whose verdict differs, and claims found on one side only."""
    old = {(c.start, c.end, c.text): c for c in before}
    new = {(c.start, c.end, c.text): c for c in after}
    changes = []
    for key in sorted(old.keys() | new.keys()):
        a, b = old.get(key), new.get(key)
        if a is None or b is None or a.verdict != b.verdict:
            claim = a or b
            assert claim is not None
            changes.append(VerdictChange(claim_id=claim.id, text=claim.text, before=a.verdict if a else None,
                                         after=b.verdict if b else None))
    return changes


def compare_omissions(before: Sequence[Omission], after: Sequence[Omission]) -> list[OmissionChange]:
    """Statements (matched by source and quote) listed as left out on one side only, in the order listed."""
    old = {(o.source, o.quote): o.id for o in before}
    new = {(o.source, o.quote): o.id for o in after}
    keys = list(dict.fromkeys([*old, *new]))
    return [OmissionChange(quote=quote, source=source, before=old.get((source, quote)), after=new.get((source, quote)))
            for source, quote in keys if (source, quote) not in old or (source, quote) not in new]


def compare_sources(before: Sequence[SourceRef], after: Sequence[SourceRef]) -> list[SourceChange]:
    """Sources changed (same path, other hash), moved (same hash, other path), missing or added."""
    now = {s.path: s.sha256 for s in after}
    where = {s.sha256: s.path for s in after}
    changes, claimed = [], set()
    for s in before:
        if s.path in now:
            claimed.add(s.path)
            if now[s.path] != s.sha256:
                changes.append(SourceChange(path=s.path, status=SourceStatus.CHANGED, before=s.sha256,
                                            after=now[s.path]))
        elif s.sha256 in where:
            claimed.add(where[s.sha256])
            changes.append(SourceChange(path=s.path, status=SourceStatus.MOVED, before=s.sha256, after=s.sha256,
                                        now_at=where[s.sha256]))
        else:
            changes.append(SourceChange(path=s.path, status=SourceStatus.MISSING, before=s.sha256))
    changes += [SourceChange(path=s.path, status=SourceStatus.ADDED, after=s.sha256)
                for s in after if s.path not in claimed]
    return changes


def compare_models(before: Sequence[ModelRecord], after: Sequence[ModelRecord]) -> list[ModelChange]:
    """Models whose name or weights differ, by role."""
    old, new = {m.role: m for m in before}, {m.role: m for m in after}
    return [ModelChange(role=role, before=old.get(role), after=new.get(role))
            for role in sorted(old.keys() | new.keys()) if old.get(role) != new.get(role)]
