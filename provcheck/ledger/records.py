"""The records of the audit ledger: entries, their content, and what verify and recheck report.

>>> Decision("approve").value
'approve'
>>> Override(claim_id="c3", reason="Source HV/FI/0419 read by phone; confirmed.").claim_id
'c3'
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from provcheck.schema import BriefingRef, Report, SourceRef, Verdict

__all__ = [
    "ChainLink",
    "CheckContent",
    "Decision",
    "Entry",
    "EntryFilter",
    "EntryKind",
    "ModelRecord",
    "Override",
    "SignoffContent",
    "VerifyResult",
]


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid")


class EntryKind(StrEnum):
    """What an entry records: a check of a briefing, or a person's sign-off of one."""

    CHECK = "check"
    SIGNOFF = "signoff"


class Decision(StrEnum):
    """A reviewer's decision on a checked briefing."""

    APPROVE = "approve"
    REJECT = "reject"


class ModelRecord(_Record):
    """A model that took part in a check: its role, name and the SHA-256 of its weights.

    ``sha256`` is None when the model has no weights on disk (the rules verifier,
    the hashing embedder) or they could not be found.
    """

    role: str
    name: str
    sha256: str | None = None


class CheckContent(_Record):
    """What a check entry records: the briefing, its sources by hash, the tool, and the report."""

    kind: Literal[EntryKind.CHECK] = EntryKind.CHECK
    briefing: BriefingRef
    briefing_text_sha256: str
    sources: list[SourceRef]
    tool_version: str
    models: list[ModelRecord]
    settings: dict[str, Any]
    report: Report


class Override(_Record):
    """A reviewer's reason for accepting a claim that needs attention, or a statement left out (o1...)."""

    claim_id: str = Field(min_length=1)
    reason: str = Field(min_length=1)


class SignoffContent(_Record):
    """What a sign-off entry records: who decided what about which check, and what they overrode."""

    kind: Literal[EntryKind.SIGNOFF] = EntryKind.SIGNOFF
    check: int = Field(ge=1, description="sequence number of the check entry signed off")
    check_hash: str = Field(description="hash of that check entry, binding the decision to its content")
    reviewer: str = Field(min_length=1)
    decision: Decision
    overrides: list[Override] = Field(default_factory=list)


Content = Annotated[CheckContent | SignoffContent, Field(discriminator="kind")]


class Entry(_Record):
    """One entry of the chain, with its place, time, hashes and optional Ed25519 signature."""

    seq: int = Field(ge=1, description="position in the chain, from 1; the entry's id")
    created: str = Field(description="UTC time of the append, ISO 8601")
    prev_hash: str
    content_sha256: str
    hash: str
    content: Content
    signature: str | None = Field(None, description="Ed25519 signature of ``hash``, hex")
    public_key: str | None = Field(None, description="the signer's raw Ed25519 public key, hex")

    @property
    def kind(self) -> EntryKind:
        """Whether this entry is a check or a sign-off."""
        return self.content.kind

    def link(self) -> ChainLink:
        """The entry's header: what a chain proof needs without the content."""
        return ChainLink(seq=self.seq, created=self.created, kind=self.kind, prev_hash=self.prev_hash,
                         content_sha256=self.content_sha256, hash=self.hash)


class ChainLink(_Record):
    """An entry without its content: enough to recompute the chain from one entry to the head."""

    seq: int
    created: str
    kind: EntryKind
    prev_hash: str
    content_sha256: str
    hash: str


class EntryFilter(_Record):
    """Which entries ``Ledger.entries`` returns; every field left None matches everything.

    ``reviewer`` matches sign-offs by that person and the checks they signed off;
    ``verdict`` matches checks with at least one claim of that verdict (and their
    sign-offs); ``briefing`` is a case-insensitive part of the briefing's path or title.
    """

    since: datetime | None = None
    until: datetime | None = None
    reviewer: str | None = None
    verdict: Verdict | None = None
    briefing: str | None = None
    kind: EntryKind | None = None


class VerifyResult(_Record):
    """The outcome of re-computing the chain; ``first_bad`` names the first entry that fails."""

    ok: bool
    entries: int = Field(ge=0, description="entries read")
    signed: int = Field(0, ge=0, description="entries whose signature was checked")
    head: str | None = Field(None, description="hash of the last entry (publish it to pin the ledger)")
    first_bad: int | None = Field(None, description="sequence number of the first bad entry")
    problem: str | None = None
