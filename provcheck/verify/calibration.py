"""The fitted decision: the evidence about a claim -> P(supported), and the verdict it implies.

One logistic regression (scikit-learn, fitted by ``provcheck calibrate`` on
the training halves of the development files and of the police scenarios;
stored as JSON in ``models/calibration/<verifier>.json``) reads one feature
record per claim: the verifier's readings (alone, with neighbours, best and
second best), the rules' findings (clashes, missing names and values, the
rules' own verdict), the evidence set (each detail stated by the best
passage, by another passage, or by no source) and retrieval scores. A
second regression reads each briefing sentence from its claims (their
lowest, mean and highest probability, how many they are) and the bare
verifier's reading of the whole sentence: a sentence it supports has its
claims supported, one it does not has its weak claims (at least the
weakest) flagged, so cutting a sentence into claims cannot multiply false
alarms (:func:`sentence_rule`). Both thresholds are chosen for the balanced
accuracy at the granularity of the labels. What stands whatever the
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
from typing import NamedTuple, Protocol

from pydantic import BaseModel, ConfigDict

from provcheck.schema import AtomKind, ClaimResult, Flag, Verdict
from provcheck.verify.evidence_set import Detail, Found
from provcheck.verify.judge import Judgement
from provcheck.verify.verdicts import as_partial, as_supported, as_unsupported

__all__ = [
    "CALIBRATION_DIR", "DECISION_FEATURES", "FEATURES", "RULE_FEATURES", "SENTENCE_FEATURES", "Calibrator",
    "claim_features", "decide_at", "flagged_whatever", "forced_by", "load_calibrator", "sentence_features",
    "sentence_rule",
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
# the trained verifier's decision: the rules' features and four of the verifier's readings (its best passage,
# read for and against, the claim's sentence and the evidence set). Grouped 5-fold cross-validation on the
# training rows chose them over all of FEATURES (mean of the seven dev files 0.645 against 0.625; police 0.690
# against 0.637): with every reading of the verifier the regression fits its noise.
DECISION_FEATURES = RULE_FEATURES + ("nli_supported", "nli_contradicted", "nli_sentence", "nli_set")
# a sentence's decision, from the probabilities of its claims that the fitted decision decides
SENTENCE_FEATURES = ("claims_lowest", "claims_mean", "claims_highest", "nli_sentence", "claims_log")
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


def sentence_features(probabilities: Sequence[float], sentence_reading: float) -> list[float]:
    """A sentence's feature vector, in the order of :data:`SENTENCE_FEATURES`.

    >>> sentence_features([0.2, 0.8], 0.5)
    [0.2, 0.5, 0.8, 0.5, 0.6931471805599453]
    """
    ps = list(probabilities) or [1.0]
    return [min(ps), sum(ps) / len(ps), max(ps), sentence_reading, math.log(len(ps))]


def sentence_rule(probabilities: Sequence[float], forced: Sequence[bool], sentence_p: float | None,
                  threshold: float, sentence_threshold: float) -> list[tuple[float, float]]:
    """The probability and threshold each claim of one sentence is decided at.

    A sentence the sentence decision supports has every claim decided at its
    probability (a clash that stands still stands: :func:`decide_at`); one
    it does not support has its claims below their own threshold flagged,
    and its weakest claim flagged when none is, so cutting a sentence into
    claims cannot multiply false alarms and no flagged sentence loses its flag.

    >>> sentence_rule([0.9, 0.6], [False, False], 0.8, 0.7, 0.5)
    [(0.8, 0.5), (0.8, 0.5)]
    >>> sentence_rule([0.9, 0.8], [False, False], 0.3, 0.7, 0.5)
    [(0.9, 0.7), (0.3, 0.5)]
    """
    if sentence_p is None or all(forced):
        return [(p, threshold) for p in probabilities]
    if sentence_p >= sentence_threshold:
        return [(sentence_p, sentence_threshold)] * len(probabilities)
    weakest = min((i for i, f in enumerate(forced) if not f), key=lambda i: probabilities[i])
    flagged = [i == weakest or p < threshold for i, p in enumerate(probabilities)]
    return [(sentence_p, sentence_threshold) if f else (p, threshold) for p, f in zip(probabilities, flagged,
                                                                                      strict=True)]


class Claimed(Protocol):
    """One claim as the pipeline hands it to the decision (``pipeline.Decided``)."""

    @property
    def result(self) -> ClaimResult: ...
    @property
    def judgements(self) -> list[Judgement]: ...
    @property
    def details(self) -> list[Detail]: ...
    @property
    def sentence_reading(self) -> float: ...
    @property
    def set_reading(self) -> float: ...


class _One(NamedTuple):
    result: ClaimResult
    judgements: list[Judgement]
    details: list[Detail]
    sentence_reading: float
    set_reading: float


class Calibrator(BaseModel):
    """A fitted logistic regression and the threshold chosen for it; a second one over each sentence's claims."""

    model_config = ConfigDict(extra="forbid")

    verifier: str
    features: list[str]
    coef: list[float]
    intercept: float
    threshold: float
    passage_context: int = 0  # the setting the features were computed with
    trained_on: list[str] = []
    metrics: dict[str, float] = {}
    sentence_coef: list[float] = []  # over SENTENCE_FEATURES; none: each claim decided alone
    sentence_intercept: float = 0.0
    sentence_threshold: float = 0.5

    def sentence_probability(self, probabilities: Sequence[float], sentence_reading: float) -> float | None:
        """P(the sentence is supported) from its decided claims' probabilities, or None without a sentence fit."""
        if not self.sentence_coef or not probabilities:
            return None
        z = self.sentence_intercept + sum(c * v for c, v in zip(self.sentence_coef,
                                                                sentence_features(probabilities, sentence_reading),
                                                                strict=True))
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def decide(self, claims: Sequence[Claimed]) -> list[ClaimResult]:
        """The verdict of every claim, sentence by sentence (:func:`sentence_rule`), each through :func:`decide_at`."""
        p = [self.probability_of(claim_features(c.judgements, c.details, c.result, c.sentence_reading,
                                                c.set_reading)) for c in claims]
        forced = [flagged_whatever(c.result, c.judgements, c.details) for c in claims]
        at = [(q, self.threshold) for q in p]
        sentences: dict[str, list[int]] = {}
        for i, c in enumerate(claims):
            if c.result.checkable:
                sentences.setdefault(c.result.sentence, []).append(i)
        for members in sentences.values():
            pairs = self.at_sentence([p[i] for i in members], [forced[i] for i in members],
                                     max(claims[i].sentence_reading for i in members))
            for i, pair in zip(members, pairs, strict=True):
                at[i] = pair
        return [decide_at(c.result, c.judgements, c.details, q, t) for c, (q, t) in zip(claims, at, strict=True)]

    def at_sentence(self, probabilities: Sequence[float], forced: Sequence[bool],
                    sentence_reading: float) -> list[tuple[float, float]]:
        """The probability and threshold each claim of one sentence is decided at (:func:`sentence_rule`)."""
        decided = [p for p, f in zip(probabilities, forced, strict=True) if not f]
        return sentence_rule(probabilities, forced, self.sentence_probability(decided, sentence_reading),
                             self.threshold, self.sentence_threshold)

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
        return self.decide([_One(result, list(judgements), list(details), sentence_reading, set_reading)])[0]


def decide_at(result: ClaimResult, judgements: Sequence[Judgement], details: Sequence[Detail], p: float,
              threshold: float) -> ClaimResult:
    """The verdict at P(supported) ``p``: the one place the fitted decision and the rules' verdict meet."""
    if _stands(result, details, judgements):
        return result
    if result.verdict is Verdict.CONTRADICTED and p < threshold:  # a negation or a value found elsewhere
        return result
    absent = [d.atom.text for d in details if d.found is Found.ABSENT]
    if Flag.ENTITIES_NEVER_TOGETHER in result.flags:  # no source has its names together: none can state it
        return as_unsupported(result, judgements, details, max(1.0 - p, 0.5))
    if p >= threshold and not absent:
        return as_supported(result, judgements, details, p)
    if p >= threshold and judgements:  # supported but for a detail found in no source at all
        return as_partial(result, judgements, details, absent, p)
    return as_unsupported(result, judgements, details, 1.0 - p)


def flagged_whatever(result: ClaimResult, judgements: Sequence[Judgement], details: Sequence[Detail]) -> bool:
    """Whether the claim needs attention whatever P(supported) is: a clash that stands, names never
    together, a detail in no source, an attention flag on the rules' support.

    Below the threshold every claim needs attention, so this is the verdict
    at P = 1; ``provcheck calibrate`` chooses the threshold on the claims it
    actually decides.
    """
    return decide_at(result, judgements, details, 1.0, 0.5).needs_attention


def forced_by(result: ClaimResult, judgements: Sequence[Judgement], details: Sequence[Detail]) -> str:
    """What makes :func:`flagged_whatever` true, by name ("" when nothing does): for measuring each override."""
    if not flagged_whatever(result, judgements, details):
        return ""
    if _stands(result, details, judgements):
        return result.verdict.value if result.verdict is not Verdict.CONTRADICTED else _clash_kind(
            result, details, judgements)
    if Flag.ENTITIES_NEVER_TOGETHER in result.flags:
        return "never_together"
    if any(d.found is Found.ABSENT for d in details):
        return "absent_detail"
    decided = decide_at(result, judgements, details, 1.0, 0.5)
    return "flag:" + ",".join(sorted(f.value for f in decided.flags)) if decided.flags else "other"


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
    return bool(_clash_kind(result, details, judgements))


def _clash_kind(result: ClaimResult, details: Sequence[Detail], judgements: Sequence[Judgement]) -> str:
    """Which clash stands (:func:`_clash_stands`): "value_clash", "exaggerated", "entity_clash", "negation" or ""."""
    if any(d.found is Found.CLASH for d in details):
        return "value_clash"
    if Flag.EXAGGERATED in result.flags:
        return "exaggerated"
    if any(j.contradiction > 0 and any(c.kind is AtomKind.ENTITY for c in j.clashes) for j in judgements):
        return "entity_clash"
    if any(j.contradiction > 0 and j.negation_flip and j.coverage >= 0.9 for j in judgements):
        return "negation"
    return ""


def load_calibrator(verifier: str, folder: Path = CALIBRATION_DIR) -> Calibrator | None:
    """The calibrator fitted for ``verifier``, or None when none is shipped."""
    path = folder / f"{verifier}.json"
    if not path.is_file():
        return None
    return Calibrator.model_validate_json(path.read_text(encoding="utf-8"))
