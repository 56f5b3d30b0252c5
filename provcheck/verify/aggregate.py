"""Judgements of one claim -> its verdict, reason, flags and quoted evidence.

>>> from provcheck.claims import extract_claims
>>> from provcheck.schema import Passage
>>> from provcheck.verify.judge import judge
>>> (claim,) = extract_claims("About 5,000 away fans attended the match.")
>>> text = "About 1,200 away fans attended the match."
>>> passage = Passage(id=1, document="log.txt", sha256="0" * 64, text=text, start=0, end=len(text))
>>> facts = SourceFacts(grading={"log.txt": "1/A/1"}, texts={"log.txt": text})
>>> result = decide(claim, [judge(claim, passage, 0.9, entity_match=0.85)], facts, Settings())
>>> result.verdict.value, result.briefing_value, result.source_value
('contradicted', 'About 5,000 away fans', 'About 1,200 away fans')
>>> [f.value for f in result.flags]
['exaggerated']
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from provcheck.config import Settings
from provcheck.schema import AtomKind, Claim, ClaimResult, Evidence, Flag, FlagNote, Verdict
from provcheck.verify.checks import entity_in, without_approximation
from provcheck.verify.flags import DEFAULT_SCALES, Scales, exaggeration, inflated, load_scales
from provcheck.verify.grading import is_weak_grading, parse_grading
from provcheck.verify.judge import Judgement
from provcheck.verify.lookalike import Spellings, lookalike_notes
from provcheck.verify.notes import support_notes
from provcheck.verify.origin import contained, group_by_origin, shingles
from provcheck.verify.swap import names_in

__all__ = ["SourceFacts", "claim_of", "decide", "is_weak_grading", "with_lookalikes", "with_support_flags"]

_MAX_EVIDENCE = 3


@dataclass
class SourceFacts:
    """What the aggregator needs to know about the corpus beyond the passages."""

    grading: dict[str, str | None]
    texts: dict[str, str]
    entity_match: float = 0.85
    dates: dict[str, str | None] = field(default_factory=dict)
    briefing_date: str | None = None
    stale_after_days: int | None = 90
    scales_file: str | None = None
    _seen: dict[str, set[str]] = field(default_factory=dict)
    _spellings: Spellings | None = None
    _shingles: dict[str, set[tuple[str, ...]]] = field(default_factory=dict)

    def documents_with(self, name: str) -> set[str]:
        """The sources that mention ``name`` (or a spelling variant)."""
        if name not in self._seen:
            self._seen[name] = {
                path for path, text in self.texts.items() if entity_in(name, text, threshold=self.entity_match)
            }
        return self._seen[name]

    def naming(self, detail: str) -> list[str]:
        """The sources that name ``detail`` (a name, number or date of a claim) anywhere, sorted."""
        if any(c.isalpha() for c in detail) and detail[:1].isupper():
            return sorted(self.documents_with(detail))
        bare = without_approximation(detail)  # "over 200": the source may say "more than 200"
        pattern = re.compile(rf"(?<![\w.,:]){re.escape(bare)}(?!\w|[.,:]\d)", re.I)
        return sorted(path for path, text in self.texts.items() if pattern.search(text))

    def origins(self, documents: list[str]) -> list[list[str]]:
        """``documents`` grouped so that copies of one report fall together."""
        return group_by_origin(documents, lambda a, b: contained(self._shingles_of(a), self._shingles_of(b)))

    def _shingles_of(self, document: str) -> set[tuple[str, ...]]:
        if document not in self._shingles:
            self._shingles[document] = shingles(self.texts.get(document, ""))
        return self._shingles[document]

    @property
    def spellings(self) -> Spellings:
        """The sources' words by what they look like (:class:`~provcheck.verify.lookalike.Spellings`)."""
        if self._spellings is None:
            self._spellings = Spellings(self.texts)
        return self._spellings

    @property
    def scales(self) -> Scales:
        """The intensity scales in use."""
        return load_scales(Path(self.scales_file) if self.scales_file else DEFAULT_SCALES)


def decide(claim: Claim, judgements: list[Judgement], facts: SourceFacts, settings: Settings) -> ClaimResult:
    """The verdict for one claim from how each retrieved passage bears on it, with its look-alike names flagged."""
    return with_lookalikes(_decide(claim, judgements, facts, settings), facts)


def with_lookalikes(result: ClaimResult, facts: SourceFacts) -> ClaimResult:
    """``result`` with a ``lookalike_name`` note for each name of the claim spelled with characters that look
    like others or do not show (:func:`~provcheck.verify.lookalike.lookalike_notes`); the verdict is unchanged."""
    if result.verdict is Verdict.NOT_CHECKABLE:
        return result
    notes = [n for n in lookalike_notes(result.text, facts.spellings) if n not in result.notes]
    if not notes:
        return result
    flagged = result.model_copy(deep=True)
    _add(flagged, notes)
    return flagged


def _decide(claim: Claim, judgements: list[Judgement], facts: SourceFacts, settings: Settings) -> ClaimResult:
    if not claim.checkable:
        return _result(claim, Verdict.NOT_CHECKABLE, 1.0, f"Not a factual assertion: {claim.reason_not_checkable}.")
    lonely = _entities_never_together(claim, facts)
    if lonely:
        return _invented(claim, judgements, lonely, facts)
    related = [j for j in judgements if j.relatedness >= settings.related_threshold]
    supporting = sorted((j for j in related if j.support >= settings.support_threshold), key=lambda j: -j.support)
    contradicting = sorted(
        (j for j in related if j.contradiction >= settings.contradiction_threshold), key=lambda j: -j.contradiction
    )
    supporting = [s for s in supporting if not any(
        c.passage.document == s.passage.document and c.similarity > s.similarity for c in contradicting)]
    bar = supporting[0].relatedness - 0.1 if supporting else 0.0
    strong = [j for j in contradicting if j.similarity >= 0.7 and j.relatedness >= bar
              and not (supporting and _another_day(j, supporting[0], facts))]
    if supporting and strong and {j.passage.document for j in supporting} - {j.passage.document for j in strong}:
        return _conflicting(claim, supporting, strong, facts)
    if contradicting and not supporting:
        return _contradicted(claim, contradicting, facts)
    overstated = _overstated(claim, supporting, related, facts)
    if overstated is not None:
        return overstated
    if supporting:
        return _supported(claim, supporting, facts, settings)
    return _not_found(claim, judgements, facts, settings)


def with_support_flags(result: ClaimResult, ruled: ClaimResult, judgements: list[Judgement], facts: SourceFacts,
                       settings: Settings) -> ClaimResult:
    """A claim the fitted decision supports where the rules did not, with the flags its passages raise.

    "Reportedly" gone, an attribution dropped, only weak or stale sources: a
    supported claim still needs attention then, whichever reading supported it.
    A look-alike name is flagged whatever the verdict (:func:`with_lookalikes`).
    """
    result = with_lookalikes(result, facts)
    if result.verdict is not Verdict.SUPPORTED or ruled.verdict is Verdict.SUPPORTED or not judgements:
        return result
    quoted = {(e.source, e.start) for e in result.evidence}
    supporting = [j for j in judgements if (j.passage.document, j.passage.start) in quoted] or judgements[:1]
    flagged = result.model_copy(deep=True)
    _add(flagged, support_notes(claim_of(result), supporting, facts, settings.stale_after_days))
    return flagged


def claim_of(result: ClaimResult) -> Claim:
    """The claim a result was decided for."""
    return Claim.model_validate({k: v for k, v in result.model_dump().items() if k in Claim.model_fields})


def _evidence(judgements: list[Judgement], facts: SourceFacts, stance: str, score: str) -> list[Evidence]:
    evidence = []
    for j in judgements[:_MAX_EVIDENCE]:
        document = j.passage.document
        grading = parse_grading(facts.grading.get(document))
        evidence.append(Evidence(
            source=document, sha256=j.passage.sha256, start=j.passage.start, end=j.passage.end,
            quote=j.passage.text, score=round(float(getattr(j, score)), 4), grading=facts.grading.get(document),
            stance=stance, grading_meaning=grading.meaning if grading else None, date=facts.dates.get(document),
        ))
    return evidence


def _supported(claim: Claim, supporting: list[Judgement], facts: SourceFacts, settings: Settings) -> ClaimResult:
    best = supporting[0]
    evidence = _evidence(supporting, facts, "supports", "support")
    result = _result(claim, Verdict.SUPPORTED, best.support, f"Stated in {_graded(best.passage.document, facts)}.",
                     evidence)
    documents = list(dict.fromkeys(j.passage.document for j in supporting))
    result.independent_sources = len(facts.origins(documents))
    _add(result, support_notes(claim, supporting, facts, settings.stale_after_days))
    return result


def _overstated(claim: Claim, supporting: list[Judgement], related: list[Judgement],
                facts: SourceFacts) -> ClaimResult | None:
    """Contradicted and ``exaggerated`` when the passages that bear on the claim all put it more mildly."""
    candidates = supporting or [j for j in related if not j.missing_entities and not j.missing_values][:1]
    found = [(j, exaggeration(claim.text, j.passage.text, facts.scales)) for j in candidates]
    if not found or any(pair is None for _, pair in found):
        return None
    best, pair = found[0]
    assert pair is not None
    document = best.passage.document
    reason = (f"The briefing says \u201c{pair[0]}\u201d where {_graded(document, facts)} "
              f"says only \u201c{pair[1]}\u201d.")
    result = _result(claim, Verdict.CONTRADICTED, best.relatedness, reason,
                     _evidence([j for j, _ in found], facts, "contradicts", "relatedness"))
    result.briefing_value, result.source_value = pair
    _add(result, [FlagNote(flag=Flag.EXAGGERATED, reason=reason, briefing=pair[0], source=pair[1],
                           document=document)], verdict_reason=True)
    return result


def _contradicted(claim: Claim, contradicting: list[Judgement], facts: SourceFacts) -> ClaimResult:
    best = contradicting[0]
    document = _graded(best.passage.document, facts)
    result = _result(claim, Verdict.CONTRADICTED, best.contradiction, "",
                     _evidence(contradicting, facts, "contradicts", "contradiction"))
    if best.clashes:
        clash = best.clashes[0]
        result.briefing_value, result.source_value = clash.briefing, clash.source
        result.reason = f"The briefing says \u201c{clash.briefing}\u201d; {document} says \u201c{clash.source}\u201d."
        if clash.kind is AtomKind.NUMBER and inflated(clash.briefing, clash.source):
            note = (f"The briefing's \u201c{clash.briefing}\u201d is well above the "
                    f"\u201c{clash.source}\u201d in {best.passage.document}.")
            _add(result, [FlagNote(flag=Flag.EXAGGERATED, reason=note, briefing=clash.briefing,
                                   source=clash.source, document=best.passage.document)])
    else:
        result.reason = f"The briefing says \u201c{claim.text}\u201d; {document} says the opposite: " \
                        f"\u201c{best.passage.text}\u201d."
        result.briefing_value, result.source_value = claim.text, best.passage.text
    return result


def _conflicting(
    claim: Claim, supporting: list[Judgement], contradicting: list[Judgement], facts: SourceFacts
) -> ClaimResult:
    pro, con = supporting[0], contradicting[0]
    value = f"\u201c{con.clashes[0].source}\u201d" if con.clashes else f"the opposite (\u201c{con.passage.text}\u201d)"
    reason = (f"Sources disagree: {_graded(pro.passage.document, facts)} says \u201c{pro.passage.text}\u201d, "
              f"but {_graded(con.passage.document, facts)} says {value}.")
    evidence = _evidence(supporting, facts, "supports", "support")
    evidence += _evidence(contradicting, facts, "contradicts", "contradiction")
    result = _result(claim, Verdict.CONFLICTING, max(pro.support, con.contradiction), reason, evidence)
    if con.clashes:
        result.briefing_value, result.source_value = con.clashes[0].briefing, con.clashes[0].source
    documents = list(dict.fromkeys(j.passage.document for j in supporting))
    result.independent_sources = len(facts.origins(documents))
    return result


def _another_day(contra: Judgement, pro: Judgement, facts: SourceFacts) -> bool:
    """Whether ``contra`` differs from ``pro`` only in a clock time and comes from a source dated another day.

    "Coaches arrive at 11:15" in October's travel note and "coaches arrive at
    12:20" in March's incident log describe two match days, not one disputed time.
    """
    days = facts.dates.get(contra.passage.document), facts.dates.get(pro.passage.document)
    only_times = bool(contra.clashes) and all(c.kind is AtomKind.TIME for c in contra.clashes)
    return only_times and None not in days and days[0] != days[1]


def _not_found(claim: Claim, judgements: list[Judgement], facts: SourceFacts, settings: Settings) -> ClaimResult:
    ranked = sorted(judgements, key=lambda j: -j.relatedness)
    best = ranked[0] if ranked else None
    closest = _evidence(ranked[:1], facts, "closest", "relatedness")
    # a detail the best passage lacks but another passage has is not missing: the claim is then unsupported
    named = {m: facts.naming(m) for m in best.missing_atoms} if best is not None else {}
    absent = [m for m in best.missing_atoms if not named[m]] if best is not None else []
    if best is not None and best.relatedness >= settings.partial_threshold and 0 < len(absent) < len(claim.atoms):
        shown = _once(absent)
        missing = " or ".join(f"\u201c{m}\u201d" for m in shown)
        reason = (f"Only part of this is in the sources: {best.passage.document} has the rest, "
                  f"but no source mentions {missing}.")
        result = _result(claim, Verdict.PARTIAL, best.relatedness, reason, closest)
        result.missing = shown
        return result
    relatedness = best.relatedness if best else 0.0
    return _result(claim, Verdict.UNSUPPORTED, 1.0 - relatedness / 2, _unsupported_reason(best, named), closest)


def _once(details: list[str]) -> list[str]:
    """``details`` with each named once, whatever its case, in first-seen order.

    >>> _once(["14", "Two", "14", "two"])
    ['14', 'Two']
    """
    first: dict[str, str] = {}
    for detail in details:
        first.setdefault(detail.lower(), detail)
    return list(first.values())


def _unsupported_reason(best: Judgement | None, named: dict[str, list[str]]) -> str:
    """Why nothing supports the claim; where the closest passage lacks details named elsewhere, where they are.

    ``named``: each detail the closest passage lacks -> the sources that name it.
    """
    if best is None:
        return "No source says this."
    reason = f"No source says this; the closest passage, in {best.passage.document}, does not"
    if not named or not all(named.values()):
        return reason + "."
    details = " and ".join(f"\u201c{m}\u201d (named in {', '.join(docs[:2])})" for m, docs in named.items())
    return f"{reason}: it lacks {details}, and no passage found has the whole claim."


def _invented(claim: Claim, judgements: list[Judgement], names: list[str], facts: SourceFacts) -> ClaimResult:
    ranked = sorted(judgements, key=lambda j: -j.relatedness)
    relatedness = ranked[0].relatedness if ranked else 0.0
    joined = ", ".join(names[:-1]) + " and " + names[-1]
    reason = f"{joined} appear in the sources, but never together, so no source describes this."
    result = _result(claim, Verdict.UNSUPPORTED, 1.0 - relatedness / 2, reason,
                     _evidence(ranked[:1], facts, "closest", "relatedness"))
    _add(result, [FlagNote(flag=Flag.ENTITIES_NEVER_TOGETHER, reason=reason)], verdict_reason=True)
    return result


def _entities_never_together(claim: Claim, facts: SourceFacts) -> list[str]:
    names = [a.text for a in claim.atoms if a.kind is AtomKind.ENTITY]
    names += [n for n, _, _ in names_in(claim.text) if len(n.split()) > 1]
    names = [n for n in dict.fromkeys(names) if not any(n != m and entity_in(n, m, threshold=1.0) for m in names)]
    if len(names) < 2 or any(not facts.documents_with(n) for n in names):
        return []
    shared = set.intersection(*(facts.documents_with(n) for n in names))
    return [] if shared else names


def _graded(document: str, facts: SourceFacts) -> str:
    grading = facts.grading.get(document)
    return f"{document} (graded {grading})" if grading else document


def _add(result: ClaimResult, notes: list[FlagNote], *, verdict_reason: bool = False) -> None:
    """Attach flags and their notes; each note's sentence joins the reason unless it is the reason."""
    for note in notes:
        if note.flag not in result.flags:
            result.flags.append(note.flag)
        result.notes.append(note)
        if not verdict_reason and note.flag is not Flag.SINGLE_SOURCE and note.reason not in result.reason:
            result.reason = f"{result.reason} {note.reason}".strip()


def _result(claim: Claim, verdict: Verdict, confidence: float, reason: str,
            evidence: list[Evidence] | None = None) -> ClaimResult:
    return ClaimResult(
        **claim.model_dump(), verdict=verdict, confidence=round(max(0.0, min(1.0, confidence)), 4),
        reason=reason, evidence=evidence or [],
    )
