"""The flags of a supported claim, each with one plain sentence: hedges, attribution, grading, origin, age.

>>> from provcheck.claims import extract_claims
>>> from provcheck.schema import Passage
>>> from provcheck.verify.aggregate import SourceFacts
>>> from provcheck.verify.judge import judge
>>> (claim,) = extract_claims("About 60 fans will travel by train.")
>>> text = "Unconfirmed reports suggest that about 60 fans will travel by train."
>>> passage = Passage(id=1, document="intel.txt", sha256="0" * 64, text=text, start=0, end=len(text))
>>> facts = SourceFacts(grading={"intel.txt": "3/E/1"}, texts={"intel.txt": text})
>>> notes = support_notes(claim, [judge(claim, passage, 0.9, entity_match=0.85)], facts, 90)
>>> [n.flag.value for n in notes]
['certainty_raised', 'single_source', 'weak_sources_only']
>>> notes[0].reason
'The briefing states “About 60 fans will travel by train.” as fact, but intel.txt hedges (“Unconfirmed”).'
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from provcheck.schema import AtomKind, Certainty, Claim, Flag, FlagNote
from provcheck.verify.flags import age_in_days, attributed, attribution_of, hedge_of
from provcheck.verify.grading import parse_grading
from provcheck.verify.judge import Judgement

if TYPE_CHECKING:
    from provcheck.verify.aggregate import SourceFacts

__all__ = ["support_notes"]


def support_notes(claim: Claim, supporting: list[Judgement], facts: SourceFacts,
                  stale_after_days: int | None) -> list[FlagNote]:
    """Every flag that the supporting passages raise, in a fixed order."""
    notes = [*_drift(claim, supporting), *_corroboration(supporting, facts), *_weak(claim, supporting, facts)]
    stale = _stale(claim, supporting, facts, stale_after_days)
    return notes + ([stale] if stale else [])


def _drift(claim: Claim, supporting: list[Judgement]) -> list[FlagNote]:
    """certainty_raised / attribution_dropped when every supporting passage hedges / attributes."""
    notes = []
    asserted = claim.certainty is Certainty.ASSERTED and hedge_of(claim.text) is None
    best = supporting[0].passage
    if asserted and all(hedge_of(j.passage.text) for j in supporting):
        hedge = hedge_of(best.text)
        notes.append(FlagNote(
            flag=Flag.CERTAINTY_RAISED, briefing=claim.text, source=best.text, document=best.document,
            reason=(f"The briefing states \u201c{claim.text}\u201d as fact, but {best.document} hedges "
                    f"(\u201c{hedge}\u201d)."),
        ))
    if not claim.attribution and not attributed(claim.text) and all(attribution_of(j.passage.text) for j in supporting):
        notes.append(FlagNote(
            flag=Flag.ATTRIBUTION_DROPPED, briefing=claim.text, source=best.text, document=best.document,
            reason=(f"The briefing states \u201c{claim.text}\u201d as fact, but {best.document} only reports "
                    f"someone's claim: \u201c{best.text}\u201d."),
        ))
    return notes


def _corroboration(supporting: list[Judgement], facts: SourceFacts) -> list[FlagNote]:
    documents = list(dict.fromkeys(j.passage.document for j in supporting))
    if len(documents) == 1:
        return [FlagNote(flag=Flag.SINGLE_SOURCE, document=documents[0],
                         reason=f"Only {documents[0]} says this.")]
    groups = facts.origins(documents)
    if len(groups) == 1:
        names = ", ".join(documents[:-1]) + " and " + documents[-1]
        return [FlagNote(flag=Flag.SINGLE_ORIGIN, document=documents[0],
                         reason=f"{names} are copies of one report, so they count as one source.")]
    return []


def _weak(claim: Claim, supporting: list[Judgement], facts: SourceFacts) -> list[FlagNote]:
    """weak_sources_only when every supporting source is low-graded and the briefing states the claim as fact.

    "An anonymous caller alleged that ..." says itself how far it can be
    trusted: resting on the anonymous call is then what it claims.
    """
    if claim.certainty is Certainty.HEDGED or claim.attribution:
        return []
    documents = list(dict.fromkeys(j.passage.document for j in supporting))
    gradings = [parse_grading(facts.grading.get(d)) for d in documents]
    if not gradings or not all(g is not None and g.weak for g in gradings):
        return []
    described = "; ".join(f"{d} is {g.meaning}" for d, g in zip(documents, gradings, strict=True) if g)
    return [FlagNote(flag=Flag.WEAK_SOURCES_ONLY, document=documents[0],
                     reason=f"Only low-graded sources say this ({described}).")]


def _stale(claim: Claim, supporting: list[Judgement], facts: SourceFacts,
           stale_after_days: int | None) -> FlagNote | None:
    """stale_source when every supporting source predates the briefing by more than the limit."""
    if stale_after_days is None or facts.briefing_date is None or any(a.kind is AtomKind.DATE for a in claim.atoms):
        return None
    documents = list(dict.fromkeys(j.passage.document for j in supporting))
    ages = [age_in_days(facts.dates.get(d), facts.briefing_date) for d in documents]
    if not ages or any(age is None or age <= stale_after_days for age in ages):
        return None
    newest = min(ages)  # type: ignore[type-var]
    source = documents[ages.index(newest)]
    return FlagNote(flag=Flag.STALE_SOURCE, document=source, source=facts.dates.get(source),
                    reason=(f"The newest source for this, {source} ({facts.dates.get(source)}), is {newest} days "
                            f"older than the briefing; it may no longer hold."))
