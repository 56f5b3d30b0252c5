"""The verdict a fitted decision gives: supported, partial or unsupported, with the reason and the quotes.

:func:`provcheck.verify.calibration.decide_at` decides; these write the
verdict it decided, saying what is found where.
"""

from __future__ import annotations

from collections.abc import Sequence

from provcheck.schema import ClaimResult, Evidence, Flag, Passage, Verdict
from provcheck.verify.evidence_set import Detail, Found
from provcheck.verify.judge import Judgement

__all__ = ["as_partial", "as_supported", "as_unsupported"]


def as_supported(result: ClaimResult, judgements: Sequence[Judgement], details: Sequence[Detail],
                  p: float) -> ClaimResult:
    if result.verdict is Verdict.SUPPORTED:
        return result.model_copy(update={"confidence": round(p, 4)})
    best = max(judgements, key=_verifier_support)
    others = [d for d in details if d.found is Found.ELSEWHERE and d.passage is not None]
    lead = best.passage
    if others and not any(d.found is Found.HERE for d in details) and others[0].passage is not None:
        lead = others[0].passage  # the best-read passage states none of the details: quote those that do
    evidence = [_quote(lead, p, "supports")]
    for d in others:
        if d.passage is not None and all(e.start != d.passage.start or e.source != d.passage.document
                                         for e in evidence):
            evidence.append(_quote(d.passage, p, "supports"))
    reason = (_supported_reason(lead.document, others) if lead is best.passage
              else _stated_by_details(others))
    return result.model_copy(update={
        "verdict": Verdict.SUPPORTED, "confidence": round(p, 4), "evidence": evidence,
        "reason": reason, "missing": [],
        "independent_sources": len({e.source for e in evidence}), "briefing_value": None, "source_value": None,
    })


def _supported_reason(document: str, others: Sequence[Detail]) -> str:
    """Where a supported claim is stated: one source, or each detail's own source where it is spread.

    >>> _supported_reason("log.txt", [])
    'Stated in other words in log.txt.'
    """
    elsewhere = [(d.atom.text, d.passage.document) for d in others
                 if d.passage is not None and d.passage.document != document]
    if not elsewhere:
        return f"Stated in other words in {document}." if not others else f"Stated across passages of {document}."
    where = "; ".join(f"\u201c{text}\u201d: {source}" for text, source in elsewhere)
    return f"Stated across the sources: the rest in {document}; {where}."


def _stated_by_details(others: Sequence[Detail]) -> str:
    """Where a claim is stated when the passages that state its details are the evidence.

    >>> from provcheck.schema import Atom, AtomKind
    >>> q = Passage(id=2, document="debrief.txt", sha256="0" * 64, text="No arrests.", start=0, end=11)
    >>> _stated_by_details([Detail(Atom(kind=AtomKind.NUMBER, text="No arrests", start=0, end=10), Found.ELSEWHERE, q)])
    'Stated in debrief.txt.'
    """
    documents = list(dict.fromkeys(d.passage.document for d in others if d.passage is not None))
    if len(documents) == 1:
        return f"Stated in {documents[0]}."
    where = "; ".join(f"\u201c{d.atom.text}\u201d: {d.passage.document}" for d in others if d.passage is not None)
    return f"Stated across the sources: {where}."


def _verifier_support(judgement: Judgement) -> float:
    """The verifier's P(supported) of the passage read with its neighbours, or its relatedness without one."""
    read = judgement.in_context().nli
    return read.supported if read is not None else judgement.relatedness


def as_partial(result: ClaimResult, judgements: Sequence[Judgement], details: Sequence[Detail],
                absent: list[str], confidence: float) -> ClaimResult:
    found = [d for d in details if d.found in (Found.HERE, Found.ELSEWHERE) and d.passage is not None]
    documents = list(dict.fromkeys(d.passage.document for d in found if d.passage is not None))
    missing = " or ".join(f"\u201c{m}\u201d" for m in dict.fromkeys(absent))
    reason = (f"Only part of this is in the sources: {', '.join(documents[:3]) or 'they'} "
              f"{'has' if len(documents) == 1 else 'have'} the rest, but no source mentions {missing}.")
    closest = max(judgements, key=lambda j: j.relatedness)
    return result.model_copy(update={
        "verdict": Verdict.PARTIAL, "confidence": round(confidence, 4), "reason": reason,
        "missing": list(dict.fromkeys(absent)), "flags": [], "notes": [], "independent_sources": 0,
        "evidence": [_quote(closest.passage, closest.relatedness, "closest")],
    })


def as_unsupported(result: ClaimResult, judgements: Sequence[Judgement], details: Sequence[Detail],
                    confidence: float) -> ClaimResult:
    if result.verdict is Verdict.UNSUPPORTED and Flag.ENTITIES_NEVER_TOGETHER in result.flags:
        return result.model_copy(update={"confidence": round(confidence, 4)})
    if not judgements:
        return result.model_copy(update={"verdict": Verdict.UNSUPPORTED, "confidence": round(confidence, 4),
                                         "reason": "No source says this.", "missing": []})
    closest = max(judgements, key=lambda j: j.relatedness)
    found = [d for d in details if d.found in (Found.HERE, Found.ELSEWHERE) and d.passage is not None]
    reason = f"No source states this; the closest passage, in {closest.passage.document}, does not."
    if found:
        where = "; ".join(f"\u201c{d.atom.text}\u201d is in {d.passage.document}" for d in found if d.passage)
        reason = (f"No source states this as a whole: {where}, but no passage says what the briefing "
                  "says about them.")
    return result.model_copy(update={
        "verdict": Verdict.UNSUPPORTED, "confidence": round(confidence, 4), "reason": reason, "missing": [],
        "flags": [f for f in result.flags if f is Flag.ENTITIES_NEVER_TOGETHER],
        "notes": [n for n in result.notes if n.flag is Flag.ENTITIES_NEVER_TOGETHER],
        "independent_sources": 0, "briefing_value": None, "source_value": None,
        "evidence": [_quote(closest.passage, closest.relatedness, "closest")],
    })


def _quote(passage: Passage, score: float, stance: str) -> Evidence:
    return Evidence(source=passage.document, sha256=passage.sha256, start=passage.start, end=passage.end,
                    quote=passage.text, score=round(max(0.0, min(1.0, score)), 4), stance=stance)
