"""Calibrated support: the judgements of a claim -> P(supported), and the verdict it implies.

A logistic regression over claim-level features (the best passage's support,
relatedness, similarity and word coverage, clashes, missing atoms, and the
verifier's probabilities when a verifier ran) is fitted on the training halves
of development files (for the trained verifier, files it never saw), and
stored as JSON in ``models/calibration/<verifier>.json``. Deterministic
contradictions (a number, date, time or negation clash) are never overruled.
A ``partial`` verdict (a named detail found in no source) stands too. A rule
verdict of ``supported`` below the threshold becomes ``unsupported``; an
``unsupported`` one becomes ``supported`` only above ``upgrade_threshold``,
the probability above which at least 90% of the training claims were
supported, and only with a passage that has the claim's verb and every name,
number and date of it, so that a high score never turns an invented claim
into a supported one.

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

from provcheck.schema import ClaimResult, Evidence, Flag, Verdict
from provcheck.verify.judge import Judgement

__all__ = ["CALIBRATION_DIR", "FEATURES", "Calibrator", "claim_features", "load_calibrator"]

CALIBRATION_DIR = Path(__file__).resolve().parents[2] / "models" / "calibration"
FEATURES = (
    "support", "relatedness", "similarity", "coverage", "contradiction", "missing_values",
    "missing_entities", "predicate_missing", "clash", "nli_supported", "nli_contradicted", "nli_neutral",
    "nli_supported_mean", "passages",
)
# deterministic findings (a clash, a missing number, date or name) are never overruled
_KEEP = {Verdict.CONTRADICTED, Verdict.CONFLICTING, Verdict.PARTIAL, Verdict.NOT_CHECKABLE}


def claim_features(judgements: Sequence[Judgement]) -> list[float]:
    """The claim-level feature vector, in the order of :data:`FEATURES`.

    Where the verifier also read each passage with its neighbours, the
    features take that reading.
    """
    if not judgements:
        return [0.0] * len(FEATURES)
    judgements = [j.in_context() for j in judgements]
    best = max(judgements, key=lambda j: j.support if j.nli is None else j.nli.supported + j.support)
    nli = [j.nli for j in judgements if j.nli is not None]
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
        max((n.supported for n in nli), default=0.0),
        max((n.contradicted for n in nli), default=0.0),
        best.nli.neutral if best.nli is not None else 0.0,
        sum(n.supported for n in nli) / len(nli) if nli else 0.0,
        float(len(judgements)),
    ]


class Calibrator(BaseModel):
    """A fitted logistic regression and the threshold chosen for it."""

    model_config = ConfigDict(extra="forbid")

    verifier: str
    features: list[str]
    coef: list[float]
    intercept: float
    threshold: float
    upgrade_threshold: float = 0.9
    passage_context: int = 0  # the setting the features were computed with
    trained_on: list[str] = []
    metrics: dict[str, float] = {}

    def probability(self, judgements: Sequence[Judgement]) -> float:
        """P(supported) for one claim."""
        return self.probability_of(claim_features(judgements))

    def probability_of(self, features: Sequence[float]) -> float:
        """P(supported) for a feature vector in the order of :data:`FEATURES`."""
        values = dict(zip(FEATURES, features, strict=True))
        z = self.intercept + sum(c * values[name] for name, c in zip(self.features, self.coef, strict=True))
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def adjust(self, result: ClaimResult, judgements: Sequence[Judgement]) -> ClaimResult:
        """Set the confidence and let the calibrated probability decide supported vs unsupported."""
        if result.verdict in _KEEP:
            return result
        p = self.probability(judgements)
        supported = p >= self.threshold and Flag.ENTITIES_NEVER_TOGETHER not in result.flags
        upgrade = p >= max(self.threshold, self.upgrade_threshold) and Flag.ENTITIES_NEVER_TOGETHER not in result.flags
        # only a passage with every name, number and date of the claim and its verb can say it "in other words"
        sayers = [j for j in judgements if not j.predicate_missing and not j.missing_atoms]
        if upgrade and result.verdict is not Verdict.SUPPORTED and sayers:
            best = max(sayers, key=lambda j: j.nli.supported if j.nli is not None else j.support)
            evidence = Evidence(source=best.passage.document, sha256=best.passage.sha256, start=best.passage.start,
                                end=best.passage.end, quote=best.passage.text, score=round(p, 4), stance="supports")
            return result.model_copy(update={
                "verdict": Verdict.SUPPORTED, "confidence": round(p, 4), "evidence": [evidence],
                "reason": f"{best.passage.document} says this in other words.", "missing": [], "independent_sources": 1,
                "briefing_value": None, "source_value": None,
            })
        if not supported and result.verdict is Verdict.SUPPORTED:
            where = result.evidence[0].source if result.evidence else "the sources"
            return result.model_copy(update={
                "verdict": Verdict.UNSUPPORTED, "confidence": round(1.0 - p, 4), "flags": [], "notes": [],
                "independent_sources": 0,
                "evidence": [e.model_copy(update={"stance": "closest"}) for e in result.evidence[:1]],
                "reason": f"No source clearly states this; the closest passage, in {where}, does not.",
            })
        confidence = p if result.verdict is Verdict.SUPPORTED else 1.0 - p
        return result.model_copy(update={"confidence": round(confidence, 4)})


def load_calibrator(verifier: str, folder: Path = CALIBRATION_DIR) -> Calibrator | None:
    """The calibrator fitted for ``verifier``, or None when none is shipped."""
    path = folder / f"{verifier}.json"
    if not path.is_file():
        return None
    return Calibrator.model_validate_json(path.read_text(encoding="utf-8"))
