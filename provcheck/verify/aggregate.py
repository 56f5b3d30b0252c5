"""Judgements of one claim -> its verdict, reason, flags and quoted evidence."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from provcheck.claims.lexicon import hedge_in
from provcheck.config import Settings
from provcheck.schema import AtomKind, Certainty, Claim, ClaimResult, Evidence, Flag, Verdict
from provcheck.verify.checks import entity_in
from provcheck.verify.judge import Judgement

__all__ = ["SourceFacts", "decide", "is_weak_grading"]

_MAX_EVIDENCE = 3


@dataclass
class SourceFacts:
    """What the aggregator needs to know about the corpus beyond the passages."""

    grading: dict[str, str | None]
    texts: dict[str, str]
    entity_match: float = 0.85
    _seen: dict[str, set[str]] = field(default_factory=dict)

    def documents_with(self, name: str) -> set[str]:
        """The sources that mention ``name`` (or a spelling variant)."""
        if name not in self._seen:
            self._seen[name] = {
                path for path, text in self.texts.items() if entity_in(name, text, threshold=self.entity_match)
            }
        return self._seen[name]


def is_weak_grading(grading: str | None) -> bool:
    """Low-graded: 3x5x2 source 3 or intelligence D/E; Admiralty E/F or 5/6.

    >>> is_weak_grading("3/E/1"), is_weak_grading("2/B/1"), is_weak_grading("E5"), is_weak_grading("B2")
    (True, False, True, False)
    """
    if not grading:
        return False
    g = grading.upper().replace(" ", "")
    three = re.fullmatch(r"([1-3])/?([A-E])/?([1-5P])?", g)
    if three:
        return three.group(1) == "3" or three.group(2) in {"D", "E"}
    admiralty = re.fullmatch(r"([A-F])([1-6])", g)
    if admiralty:
        return admiralty.group(1) in {"E", "F"} or admiralty.group(2) in {"5", "6"}
    return False


def decide(claim: Claim, judgements: list[Judgement], facts: SourceFacts, settings: Settings) -> ClaimResult:
    """The verdict for one claim from how each retrieved passage bears on it."""
    if not claim.checkable:
        return _result(claim, Verdict.NOT_CHECKABLE, 1.0, f"Not a factual assertion: {claim.reason_not_checkable}.")
    related = [j for j in judgements if j.relatedness >= settings.related_threshold]
    supporting = sorted((j for j in related if j.support >= settings.support_threshold), key=lambda j: -j.support)
    contradicting = sorted(
        (j for j in related if j.contradiction >= settings.contradiction_threshold), key=lambda j: -j.contradiction
    )
    bar = supporting[0].relatedness - 0.1 if supporting else 0.0
    strong = [j for j in contradicting if j.similarity >= 0.7 and j.relatedness >= bar]
    if supporting and strong and {j.passage.document for j in supporting} - {j.passage.document for j in strong}:
        contradicting = strong
        return _conflicting(claim, supporting, strong, facts)
    if contradicting and not supporting:
        return _contradicted(claim, contradicting, facts)
    if supporting:
        return _supported(claim, supporting, facts)
    return _not_found(claim, judgements, facts, settings)


def _evidence(judgements: list[Judgement], facts: SourceFacts, stance: str, score: str) -> list[Evidence]:
    return [
        Evidence(
            source=j.passage.document, sha256=j.passage.sha256, start=j.passage.start, end=j.passage.end,
            quote=j.passage.text, score=round(float(getattr(j, score)), 4),
            grading=facts.grading.get(j.passage.document), stance=stance,
        )
        for j in judgements[:_MAX_EVIDENCE]
    ]


def _supported(claim: Claim, supporting: list[Judgement], facts: SourceFacts) -> ClaimResult:
    best = supporting[0]
    flags = []
    documents = {j.passage.document for j in supporting}
    if claim.certainty is Certainty.ASSERTED and all(hedge_in(j.passage.text) for j in supporting):
        flags.append(Flag.CERTAINTY_RAISED)
    if len(documents) == 1:
        flags.append(Flag.SINGLE_SOURCE)
    if all(is_weak_grading(facts.grading.get(d)) for d in documents):
        flags.append(Flag.WEAK_SOURCES_ONLY)
    reason = f"Stated in {best.passage.document}."
    if Flag.CERTAINTY_RAISED in flags:
        hedge = hedge_in(best.passage.text)
        reason = (f"Stated in {best.passage.document}, but the source hedges (\u201c{hedge}\u201d) "
                  "where the briefing asserts.")
    evidence = _evidence(supporting, facts, "supports", "support")
    result = _result(claim, Verdict.SUPPORTED, best.support, reason, evidence)
    result.flags = flags
    return result


def _contradicted(claim: Claim, contradicting: list[Judgement], facts: SourceFacts) -> ClaimResult:
    best = contradicting[0]
    result = _result(claim, Verdict.CONTRADICTED, best.contradiction, "",
                     _evidence(contradicting, facts, "contradicts", "contradiction"))
    if best.clashes:
        clash = best.clashes[0]
        result.briefing_value, result.source_value = clash.briefing, clash.source
        document = best.passage.document
        result.reason = f"Briefing says \u201c{clash.briefing}\u201d; {document} says \u201c{clash.source}\u201d."
    else:
        result.reason = f"{best.passage.document} says the opposite (negation differs)."
        result.briefing_value, result.source_value = claim.text, best.passage.text
    return result


def _conflicting(
    claim: Claim, supporting: list[Judgement], contradicting: list[Judgement], facts: SourceFacts
) -> ClaimResult:
    pro, con = supporting[0], contradicting[0]
    value = f"\u201c{con.clashes[0].source}\u201d" if con.clashes else "the opposite"
    reason = f"Sources disagree: {pro.passage.document} supports it; {con.passage.document} says {value}."
    evidence = _evidence(supporting, facts, "supports", "support")
    evidence += _evidence(contradicting, facts, "contradicts", "contradiction")
    result = _result(claim, Verdict.CONFLICTING, max(pro.support, con.contradiction), reason, evidence)
    if con.clashes:
        result.briefing_value, result.source_value = con.clashes[0].briefing, con.clashes[0].source
    return result


def _not_found(claim: Claim, judgements: list[Judgement], facts: SourceFacts, settings: Settings) -> ClaimResult:
    ranked = sorted(judgements, key=lambda j: -j.relatedness)
    best = ranked[0] if ranked else None
    closest = _evidence(ranked[:1], facts, "closest", "relatedness")
    lonely = _entities_never_together(claim, judgements, facts)
    if best is not None and best.relatedness >= settings.partial_threshold and best.missing_atoms and not lonely \
            and len(best.missing_atoms) < len(claim.atoms):
        missing = ", ".join(f"\u201c{m}\u201d" for m in best.missing_atoms)
        reason = f"{best.passage.document} says much of this, but no source mentions {missing}."
        return _result(claim, Verdict.PARTIAL, best.relatedness, reason, closest)
    relatedness = best.relatedness if best else 0.0
    if lonely:
        names = " and ".join(lonely)
        reason = f"{names} appear in the sources, but never together: no source describes this."
        result = _result(claim, Verdict.UNSUPPORTED, 1.0 - relatedness / 2, reason, closest)
        result.flags = [Flag.ENTITIES_NEVER_TOGETHER]
        return result
    reason = "No source says this." + (f" The closest passage is in {best.passage.document}." if best else "")
    return _result(claim, Verdict.UNSUPPORTED, 1.0 - relatedness / 2, reason, closest)


def _entities_never_together(claim: Claim, judgements: list[Judgement], facts: SourceFacts) -> list[str]:
    names = list(dict.fromkeys(a.text for a in claim.atoms if a.kind is AtomKind.ENTITY))
    if len(names) < 2 or any(not facts.documents_with(n) for n in names):
        return []
    shared = set.intersection(*(facts.documents_with(n) for n in names))
    return [] if shared else names


def _result(claim: Claim, verdict: Verdict, confidence: float, reason: str,
            evidence: list[Evidence] | None = None) -> ClaimResult:
    return ClaimResult(
        **claim.model_dump(), verdict=verdict, confidence=round(max(0.0, min(1.0, confidence)), 4),
        reason=reason, evidence=evidence or [],
    )
