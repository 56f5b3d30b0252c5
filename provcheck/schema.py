"""The records passed between stages; the JSON report is their serialisation.

Every offset is a Python string index into the text it names, so
``text[start:end]`` always gives back the quoted characters.

>>> span = Span(start=0, end=5)
>>> "Hello world"[span.start:span.end]
'Hello'
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, computed_field, model_validator

__all__ = [
    "ATTENTION_FLAGS",
    "Atom",
    "AtomKind",
    "BriefingRef",
    "Certainty",
    "Claim",
    "ClaimResult",
    "Document",
    "Evidence",
    "Flag",
    "FlagNote",
    "Metadata",
    "NliScores",
    "Omission",
    "PageSpan",
    "Passage",
    "Report",
    "SourceRef",
    "Span",
    "ToolInfo",
    "Verdict",
]


class Verdict(StrEnum):
    """What the sources say about one claim."""

    SUPPORTED = "supported"
    PARTIAL = "partial"
    CONTRADICTED = "contradicted"
    UNSUPPORTED = "unsupported"
    CONFLICTING = "conflicting"
    NOT_CHECKABLE = "not_checkable"

    @property
    def needs_attention(self) -> bool:
        """True for verdicts an analyst must fix or justify before sign-off."""
        return self in _ATTENTION


_ATTENTION = {Verdict.PARTIAL, Verdict.CONTRADICTED, Verdict.UNSUPPORTED, Verdict.CONFLICTING}


class Flag(StrEnum):
    """What a verdict alone hides."""

    CERTAINTY_RAISED = "certainty_raised"
    ATTRIBUTION_DROPPED = "attribution_dropped"
    EXAGGERATED = "exaggerated"
    ENTITIES_NEVER_TOGETHER = "entities_never_together"
    WEAK_SOURCES_ONLY = "weak_sources_only"
    SINGLE_SOURCE = "single_source"
    STALE_SOURCE = "stale_source"
    SINGLE_ORIGIN = "single_origin"
    LOOKALIKE_NAME = "lookalike_name"


ATTENTION_FLAGS = frozenset({Flag.CERTAINTY_RAISED, Flag.ATTRIBUTION_DROPPED, Flag.WEAK_SOURCES_ONLY, Flag.EXAGGERATED,
                             Flag.ENTITIES_NEVER_TOGETHER, Flag.LOOKALIKE_NAME})
"""Flags that make a claim need attention whatever its verdict: support that is hedged, attributed, weak or milder,
and a name spelled with characters that look like others or do not show."""


class Certainty(StrEnum):
    """How firmly a sentence states its content."""

    ASSERTED = "asserted"
    HEDGED = "hedged"


class AtomKind(StrEnum):
    """The checkable parts of a claim."""

    ENTITY = "entity"
    NUMBER = "number"
    DATE = "date"
    TIME = "time"


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Span(_Record):
    """A half-open character range ``[start, end)``."""

    start: int = Field(ge=0)
    end: int = Field(ge=0)


class PageSpan(_Record):
    """Where a page (or paragraph) of the original file lies in the plain text."""

    page: int = Field(ge=1)
    start: int = Field(ge=0)
    end: int = Field(ge=0)


class Metadata(_Record):
    """What a document says about itself (front matter or sidecar file), and what its reader left out."""

    title: str | None = None
    date: str | None = None
    originator: str | None = None
    grading: str | None = None
    kind: str | None = None
    extra: dict[str, Any] = Field(default_factory=dict)
    not_read: list[str] = Field(default_factory=list)
    """What the file holds that its text leaves out, counted in words ("2 tracked deletions", "1 comment")."""


class Document(_Record):
    """One ingested file: its plain text, identity and metadata."""

    path: str
    sha256: str
    text: str
    metadata: Metadata = Field(default_factory=Metadata)
    pages: list[PageSpan] = Field(default_factory=list)

    def page_of(self, offset: int) -> int | None:
        """The page holding ``offset``, or None for unpaged formats."""
        for page in self.pages:
            if page.start <= offset < page.end:
                return page.page
        return None


class Passage(_Record):
    """A retrievable piece of a source document (a sentence with its place)."""

    id: int
    document: str
    sha256: str
    text: str
    start: int
    end: int
    score: float = 0.0


class Atom(_Record):
    """An entity, number, date or time inside a claim, with its span in the claim."""

    kind: AtomKind
    text: str
    label: str = ""
    value: float | None = None
    unit: str = ""
    start: int
    end: int
    low: float | None = None
    high: float | None = None
    approximate: bool = False
    resolved: str | None = None


class Claim(_Record):
    """One checkable statement of the briefing, anchored to its spans."""

    id: str
    text: str
    start: int
    end: int
    sentence: str
    checkable: bool = True
    reason_not_checkable: str | None = None
    certainty: Certainty = Certainty.ASSERTED
    negated: bool = False
    predicate: list[str] = Field(default_factory=list)
    atoms: list[Atom] = Field(default_factory=list)
    spans: list[Span] = Field(default_factory=list)
    standalone: str = ""
    attribution: str | None = None
    language: str = "en"


class NliScores(_Record):
    """A verifier's probabilities for one (claim, evidence) pair; they sum to 1."""

    supported: float = Field(ge=0.0, le=1.0)
    contradicted: float = Field(ge=0.0, le=1.0)
    neutral: float = Field(ge=0.0, le=1.0)


class Evidence(_Record):
    """A verbatim quote from a source: ``source text[start:end] == quote``."""

    source: str
    sha256: str
    start: int
    end: int
    quote: str
    score: float = Field(ge=0.0, le=1.0)
    page: int | None = None
    grading: str | None = None
    stance: str = "related"
    grading_meaning: str | None = None
    date: str | None = None


class FlagNote(_Record):
    """Why one flag was raised: a plain sentence, with both wordings where they differ."""

    flag: Flag
    reason: str
    briefing: str | None = None
    source: str | None = None
    document: str | None = None


class ClaimResult(Claim):
    """A claim with its verdict, reason, flags and evidence."""

    verdict: Verdict
    confidence: float = Field(ge=0.0, le=1.0)
    reason: str
    flags: list[Flag] = Field(default_factory=list)
    evidence: list[Evidence] = Field(default_factory=list)
    briefing_value: str | None = None
    source_value: str | None = None
    missing: list[str] = Field(default_factory=list)
    independent_sources: int | None = None
    notes: list[FlagNote] = Field(default_factory=list)

    @model_validator(mode="before")
    @classmethod
    def _drop_derived(cls, data: Any) -> Any:
        """A serialised report carries ``needs_attention``; it is derived, so it is read back by recomputing it."""
        if isinstance(data, dict) and "needs_attention" in data:
            return {k: v for k, v in data.items() if k != "needs_attention"}
        return data

    @computed_field  # type: ignore[prop-decorator]
    @property
    def needs_attention(self) -> bool:
        """True when the verdict needs attention or a flag does (:data:`ATTENTION_FLAGS`), supported or not.

        >>> ClaimResult(id="c1", text="t", start=0, end=1, sentence="t", verdict=Verdict.SUPPORTED,
        ...             confidence=0.9, reason="r", flags=[Flag.CERTAINTY_RAISED]).needs_attention
        True
        """
        return self.verdict.needs_attention or not ATTENTION_FLAGS.isdisjoint(self.flags)


class SourceRef(_Record):
    """A source document as the report lists it."""

    path: str
    sha256: str
    title: str | None = None
    date: str | None = None
    grading: str | None = None
    not_read: list[str] = Field(default_factory=list, description="what its reader left out: tracked deletions, "
                                "comments, hidden text")


class ToolInfo(_Record):
    """Which provcheck and which models produced a report."""

    version: str
    models: dict[str, str] = Field(default_factory=dict)
    settings: dict[str, Any] = Field(default_factory=dict)


class BriefingRef(_Record):
    """The checked briefing: where it came from and its content hash."""

    path: str
    sha256: str
    title: str | None = None


class Omission(_Record):
    """A source statement about the briefing's subjects that no briefing sentence states and that weakens it.

    ``source text[start:end] == quote``; ``briefing_text[bears_on_start:bears_on_end] == bears_on``.
    """

    id: str = Field(description="o1, o2... in rank order; a sign-off overrides it by this id")
    quote: str
    source: str
    sha256: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    page: int | None = None
    grading: str | None = None
    grading_meaning: str | None = None
    why: str = Field(description="what the statement does to the briefing, in one plain sentence")
    cues: list[str] = Field(default_factory=list, description="the words that mark it as weakening")
    bears_on: str = Field(description="the briefing sentence or conclusion it weakens most")
    bears_on_start: int = Field(ge=0)
    bears_on_end: int = Field(ge=0)
    bears_on_conclusion: bool = False
    claim_ids: list[str] = Field(default_factory=list, description="the claims of that sentence")
    score: float = Field(ge=0.0, le=1.0, description="how much it bears on the briefing, 0-1")


class Report(_Record):
    """The result of checking one briefing: the JSON report's schema."""

    briefing: BriefingRef
    briefing_text: str
    sources: list[SourceRef]
    claims: list[ClaimResult]
    summary: dict[Verdict, int]
    tool: ToolInfo
    omissions: list[Omission] = Field(default_factory=list,
                                      description="what the briefing leaves out, most material first")
    omissions_note: str | None = Field(None, description="why no omission was looked for, or none listed")

    @property
    def needs_attention(self) -> bool:
        """True when any claim needs attention (see :attr:`ClaimResult.needs_attention`)."""
        return bool(self.attention)

    @property
    def attention(self) -> list[ClaimResult]:
        """The claims that need attention before sign-off, in briefing order."""
        return [claim for claim in self.claims if claim.needs_attention]
