"""The briefing cut into runs for display: every claim marked where its spans stand, overlaps included.

Both the static HTML report and the web app's report page draw the briefing
from :func:`segments`. A claim is marked over its ``spans`` (the briefing
ranges it is made of), not over the whole sentence it sits in, so a claim cut
out of the middle of a sentence does not paint its neighbour's words. Where
claims overlap, the run shows the one that most needs attention (then the
narrowest) and names all of them in ``claims``; a claim shown first nowhere
gets a marker (``marks``) at the end of its last run, so every claim is
linked from the briefing.

>>> from provcheck.ledger.testing import tiny_report
>>> [(s.text, [c.id for c in s.claims]) for s in segments(tiny_report("Fans met."))]
[('Fans met.', ['c1'])]
"""

from __future__ import annotations

from collections import defaultdict

from pydantic import BaseModel, ConfigDict, Field

from provcheck.schema import ClaimResult, Report, Verdict

__all__ = ["Segment", "segments"]

# Which claim a shared run shows first: the more serious verdict wins among claims that need attention.
_SEVERITY = {Verdict.CONTRADICTED: 0, Verdict.CONFLICTING: 1, Verdict.UNSUPPORTED: 2, Verdict.PARTIAL: 3,
             Verdict.SUPPORTED: 4, Verdict.NOT_CHECKABLE: 5}


class Segment(BaseModel):
    """A run of briefing text: ``claims`` cover it (the one to show first leads); ``marks`` are linked after it."""

    model_config = ConfigDict(extra="forbid")

    text: str
    start: int = Field(ge=0, description="offset of the run in the briefing text")
    claims: list[ClaimResult] = Field(default_factory=list)
    marks: list[ClaimResult] = Field(default_factory=list, description="claims shown first in no run: linked here")

    @property
    def claim(self) -> ClaimResult | None:
        """The claim the run shows (links to), or None for plain text."""
        return self.claims[0] if self.claims else None

    @property
    def ids(self) -> str:
        """The ids of every claim covering the run, space-separated (for ``data-claims``)."""
        return " ".join(c.id for c in self.claims)


def _ranges(claim: ClaimResult, size: int) -> list[tuple[int, int]]:
    """The claim's spans clipped to the text (its whole range when it has none), empty ones dropped."""
    spans = [(s.start, s.end) for s in claim.spans] or [(claim.start, claim.end)]
    return [(max(0, a), min(size, b)) for a, b in spans if min(size, b) > max(0, a)]


def _order(claim: ClaimResult, ranges: dict[str, list[tuple[int, int]]]) -> tuple[bool, int, int, int]:
    width = sum(b - a for a, b in ranges[claim.id])
    return not claim.needs_attention, _SEVERITY[claim.verdict], width, claim.start


def segments(report: Report) -> list[Segment]:
    """The briefing text cut into plain runs and claim runs, in order; their texts join back to the briefing.

    Leading blank text (front matter is blanked, not cut) is dropped. One sweep over the span ends,
    so the cost grows with the briefing, not with its square.
    """
    text = report.briefing_text
    ranges = {c.id: _ranges(c, len(text)) for c in report.claims}
    opens: dict[int, list[ClaimResult]] = defaultdict(list)
    closes: dict[int, list[str]] = defaultdict(list)
    for claim in report.claims:
        for a, b in ranges[claim.id]:
            opens[a].append(claim)
            closes[b].append(claim.id)
    active: dict[str, tuple[ClaimResult, int]] = {}
    out: list[Segment] = []
    cuts = sorted({0, len(text), *opens, *closes})
    for a, b in zip(cuts, cuts[1:], strict=False):
        _step(active, opens.get(a, []), closes.get(a, []))
        covering = sorted((c for c, _ in active.values()), key=lambda c: _order(c, ranges))
        if out and [c.id for c in out[-1].claims] == [c.id for c in covering]:
            out[-1].text += text[a:b]
        else:
            out.append(Segment(text=text[a:b], start=a, claims=covering))
    _mark_hidden(report.claims, out)
    if out and not out[0].claims:
        out[0].text = out[0].text.lstrip()
    return [s for s in out if s.text or s.marks]


def _step(active: dict[str, tuple[ClaimResult, int]], opening: list[ClaimResult], closing: list[str]) -> None:
    """Move the sweep over one cut: spans ending here leave, spans starting here enter (a count per claim)."""
    for cid in closing:
        claim, n = active[cid]
        if n > 1:
            active[cid] = (claim, n - 1)
        else:
            del active[cid]
    for claim in opening:
        active[claim.id] = (claim, active.get(claim.id, (claim, 0))[1] + 1)


def _mark_hidden(claims: list[ClaimResult], runs: list[Segment]) -> None:
    """Give each claim that no run shows first a marker at the end of its last run."""
    shown = {s.claim.id for s in runs if s.claim}
    last = {c.id: run for run in runs for c in run.claims}
    for claim in claims:
        if claim.id not in shown and claim.id in last:
            last[claim.id].marks.append(claim)
