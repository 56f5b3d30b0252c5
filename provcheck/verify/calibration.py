"""The fitted decision: the evidence about a claim -> P(supported), and the verdict it implies.

One logistic regression (scikit-learn, fitted by ``provcheck calibrate`` on
the training halves of the development files and of the police scenarios;
stored as JSON in ``models/calibration/<verifier>.json``) reads one feature
record per claim: the verifier's readings (alone, with neighbours, best and
second best), the rules' findings (clashes, missing names and values, the
rules' own verdict), the evidence set (each detail stated by the best
passage, by another passage, or by no source) and retrieval scores. Its
threshold is chosen for the balanced accuracy at the granularity of the
labels (a sentence takes the worst of its claims). What stands whatever the
probability: a clash shown side by side that no other passage resolves (a
value no passage about the claim states, a name in another's place, the doer
and the target the other way round, the claim's own words with a "no", a word
put more strongly than every passage puts it), a conflict between sources, a
claim whose names no source has together (``unsupported``), and one the
decision supports but for a detail found in no source at all (``partial``).
A contradiction the words alone suggest ("without incident" beside "no risk
present") stands only while the decision does not support the claim.
Everything else is the fitted decision's.

>>> cal = Calibrator(verifier="rules", features=list(FEATURES), coef=[0.0] * len(FEATURES),
...                  intercept=0.0, threshold=0.5)
>>> cal.probability([])
0.5
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from provcheck.schema import AtomKind, ClaimResult, Evidence, Flag, Passage, Verdict
from provcheck.verify.evidence_set import Detail, Found
from provcheck.verify.judge import Judgement

__all__ = [
    "CALIBRATION_DIR", "FEATURES", "RULE_FEATURES", "Calibrator", "claim_features", "decide_at", "flagged_whatever",
    "load_calibrator",
]

CALIBRATION_DIR = Path(__file__).resolve().parents[2] / "models" / "calibration"
FEATURES = (
    "support", "relatedness", "similarity", "coverage", "contradiction", "missing_values",
    "missing_entities", "predicate_missing", "clash", "nli_supported", "nli_contradicted", "nli_neutral",
    "nli_supported_mean", "passages",
    # the evidence set: each detail stated by the best passage, by another, or by none
    "details", "details_here", "details_elsewhere", "details_absent", "details_clash",
    # the verifier's readings: sentence alone, with neighbours, the second best
    "nli_alone_supported", "nli_second_supported", "nli_best_contradicted",
    # the rules' reading, as evidence
    "rule_supported", "rule_partial", "rule_unsupported", "never_together", "negation_flip",
    # the bare verifier's reading of the claim's whole sentence (what eval --mode verifier-only reads)
    "nli_sentence",
    # the verifier's reading of the claim against its evidence set read as one text (its best passage without it)
    "nli_set",
)
# the rules-only reading: no verifier feature
RULE_FEATURES = tuple(f for f in FEATURES if not f.startswith("nli_"))
# a deterministic clash shown side by side (a value, a name, a negation, an intensity) is never overruled
_KEEP = {Verdict.CONTRADICTED, Verdict.CONFLICTING, Verdict.NOT_CHECKABLE}


def claim_features(judgements: Sequence[Judgement], details: Sequence[Detail] = (),
                   ruled: ClaimResult | None = None, sentence_reading: float = 0.0,
                   set_reading: float | None = None) -> list[float]:
    """The claim-level feature vector, in the order of :data:`FEATURES`.

    Where the verifier also read each passage with its neighbours, the
    features take that reading; ``details`` is the claim's evidence set and
    ``ruled`` the rules' verdict.
    """
    if not judgements:
        return [0.0] * len(FEATURES)
    alone = [j.nli.supported for j in judgements if j.nli is not None]
    judgements = [j.in_context() for j in judgements]
    best = max(judgements, key=lambda j: j.support if j.nli is None else j.nli.supported + j.support)
    nli = [j.nli for j in judgements if j.nli is not None]
    ranked = sorted((n.supported for n in nli), reverse=True)
    counts = {found: sum(1 for d in details if d.found is found) for found in Found}
    n = max(1, len(details))
    verdict = ruled.verdict if ruled is not None else None
    return [
        max(j.support for j in judgements),
        max(j.relatedness for j in judgements),
        max(j.similarity for j in judgements),
        max(j.coverage for j in judgements),
        max(j.contradiction for j in judgements),
        float(len(best.missing_values)),
        float(len(best.missing_entities)),
        float(best.predicate_missing),
        float(bool(best.clashes or best.negation_flip)),
        ranked[0] if ranked else 0.0,
        max((n.contradicted for n in nli), default=0.0),
        best.nli.neutral if best.nli is not None else 0.0,
        sum(ranked) / len(ranked) if ranked else 0.0,
        float(len(judgements)),
        float(len(details)),
        counts[Found.HERE] / n,
        counts[Found.ELSEWHERE] / n,
        counts[Found.ABSENT] / n,
        counts[Found.CLASH] / n,
        max(alone, default=0.0),
        ranked[1] if len(ranked) > 1 else 0.0,
        best.nli.contradicted if best.nli is not None else 0.0,
        float(verdict is Verdict.SUPPORTED),
        float(verdict is Verdict.PARTIAL),
        float(verdict is Verdict.UNSUPPORTED),
        float(ruled is not None and Flag.ENTITIES_NEVER_TOGETHER in ruled.flags),
        float(any(j.negation_flip for j in judgements)),
        sentence_reading,
        max(set_reading or 0.0, ranked[0] if ranked else 0.0),
    ]


class Calibrator(BaseModel):
    """A fitted logistic regression and the threshold chosen for it."""

    model_config = ConfigDict(extra="forbid")

    verifier: str
    features: list[str]
    coef: list[float]
    intercept: float
    threshold: float
    passage_context: int = 0  # the setting the features were computed with
    trained_on: list[str] = []
    metrics: dict[str, float] = {}

    def probability(self, judgements: Sequence[Judgement]) -> float:
        """P(supported) for one claim."""
        return self.probability_of(claim_features(judgements))

    def probability_of(self, features: Sequence[float]) -> float:
        """P(supported) for a feature vector in the order of :data:`FEATURES`."""
        values = dict(zip(FEATURES, features, strict=False))  # rows fitted before a feature was added lack it
        z = self.intercept + sum(c * values[name] for name, c in zip(self.features, self.coef, strict=True))
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def adjust(self, result: ClaimResult, judgements: Sequence[Judgement], details: Sequence[Detail] = (),
               sentence_reading: float = 0.0, set_reading: float = 0.0) -> ClaimResult:
        """The fitted decision: supported when P(supported) reaches the threshold, partial when it does but
        a detail is in no source at all, else unsupported.

        The rules' verdict (``result``) is one of its features; a clash that no
        other passage resolves and a conflict between sources stand whatever the
        probability, and a claim whose names no source has together stays unsupported.
        """
        p = self.probability_of(claim_features(judgements, details, result, sentence_reading, set_reading))
        return decide_at(result, judgements, details, p, self.threshold)


def decide_at(result: ClaimResult, judgements: Sequence[Judgement], details: Sequence[Detail], p: float,
              threshold: float) -> ClaimResult:
    """The verdict at P(supported) ``p``: the one place the fitted decision and the rules' verdict meet."""
    if _stands(result, details, judgements):
        return result
    if result.verdict is Verdict.CONTRADICTED and p < threshold:  # a negation or a value found elsewhere
        return result
    absent = [d.atom.text for d in details if d.found is Found.ABSENT]
    if Flag.ENTITIES_NEVER_TOGETHER in result.flags:  # no source has its names together: none can state it
        return _as_unsupported(result, judgements, details, max(1.0 - p, 0.5))
    if p >= threshold and not absent:
        return _as_supported(result, judgements, details, p)
    if p >= threshold and judgements:  # supported but for a detail found in no source at all
        return _as_partial(result, judgements, details, absent, p)
    return _as_unsupported(result, judgements, details, 1.0 - p)


def flagged_whatever(result: ClaimResult, judgements: Sequence[Judgement], details: Sequence[Detail]) -> bool:
    """Whether the claim needs attention whatever P(supported) is: a clash that stands, names never
    together, a detail in no source, an attention flag on the rules' support.

    Below the threshold every claim needs attention, so this is the verdict
    at P = 1; ``provcheck calibrate`` chooses the threshold on the claims it
    actually decides.
    """
    return decide_at(result, judgements, details, 1.0, 0.5).needs_attention


def _stands(result: ClaimResult, details: Sequence[Detail], judgements: Sequence[Judgement]) -> bool:
    """A conflict, a claim not to be checked, or a contradiction whose clash no other passage resolves."""
    return result.verdict in _KEEP and (result.verdict is not Verdict.CONTRADICTED
                                        or _clash_stands(result, details, judgements))


def _clash_stands(result: ClaimResult, details: Sequence[Detail], judgements: Sequence[Judgement]) -> bool:
    """Whether a clash is one of values that no other passage states ("840" where the log says "640"),
    a name put in another's place (The Crown where the log has The Lamplighter), the act the other way
    round (the attackers named as the attacked), a passage that says the claim's own words with a "no",
    or a word put more strongly than every passage puts it ("destroyed" where the log says "damaged").

    A negation read from the words ("without incident" beside "no risk
    present"), or a value that another passage about the claim does state
    (the 54-year-old occupier beside the two arrested men of 17 and 18), is
    evidence for the fitted decision, not an override.
    """
    return (any(d.found is Found.CLASH for d in details) or Flag.EXAGGERATED in result.flags
            or any(j.contradiction > 0 and (any(c.kind is AtomKind.ENTITY for c in j.clashes)
                                            or (j.negation_flip and j.coverage >= 0.9)) for j in judgements))


def _as_supported(result: ClaimResult, judgements: Sequence[Judgement], details: Sequence[Detail],
                  p: float) -> ClaimResult:
    if result.verdict is Verdict.SUPPORTED:
        return result.model_copy(update={"confidence": round(p, 4)})
    best = max(judgements, key=_verifier_support)
    evidence = [_quote(best.passage, p, "supports")]
    others = [d for d in details if d.found is Found.ELSEWHERE and d.passage is not None]
    for d in others:
        if d.passage is not None and all(e.start != d.passage.start or e.source != d.passage.document
                                         for e in evidence):
            evidence.append(_quote(d.passage, p, "supports"))
    reason = f"Stated in other words in {best.passage.document}."
    if others:
        where = "; ".join(f"\u201c{d.atom.text}\u201d: {d.passage.document}" for d in others if d.passage)
        reason = f"Stated across the sources: the rest in {best.passage.document}; {where}."
    return result.model_copy(update={
        "verdict": Verdict.SUPPORTED, "confidence": round(p, 4), "evidence": evidence, "reason": reason,
        "missing": [], "independent_sources": len({e.source for e in evidence}),
        "briefing_value": None, "source_value": None,
    })


def _verifier_support(judgement: Judgement) -> float:
    """The verifier's P(supported) of the passage read with its neighbours, or its relatedness without one."""
    read = judgement.in_context().nli
    return read.supported if read is not None else judgement.relatedness


def _as_partial(result: ClaimResult, judgements: Sequence[Judgement], details: Sequence[Detail],
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


def _as_unsupported(result: ClaimResult, judgements: Sequence[Judgement], details: Sequence[Detail],
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


def load_calibrator(verifier: str, folder: Path = CALIBRATION_DIR) -> Calibrator | None:
    """The calibrator fitted for ``verifier``, or None when none is shipped."""
    path = folder / f"{verifier}.json"
    if not path.is_file():
        return None
    return Calibrator.model_validate_json(path.read_text(encoding="utf-8"))
