"""Calibration: fitting, thresholds, ECE, and how the probability adjusts verdicts."""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

import numpy as np
import pytest

from provcheck import Checker
from provcheck.claims import extract_claims
from provcheck.config import Settings
from provcheck.errors import InputError
from provcheck.evaluate.calibrate import (
    Row,
    calibrate,
    collect_rows,
    expected_calibration_error,
    fit_calibrator,
    sentence_flags,
    steady_threshold,
    unit_bacc_by_file,
    unit_bacc_by_file_of_flags,
)
from provcheck.schema import ClaimResult, NliScores, Passage, Verdict
from provcheck.verify.aggregate import claim_of
from provcheck.verify.calibration import (
    FEATURES,
    Calibrator,
    claim_features,
    flagged_whatever,
    load_calibrator,
    sentence_rule,
)
from provcheck.verify.evidence_set import Where, evidence_set
from provcheck.verify.judge import judge

DATA = Path(__file__).parent / "data" / "mini-bench.jsonl"


def _result(verdict: Verdict, text: str = "About 1,200 fans attended the match.") -> tuple[ClaimResult, list]:
    (claim,) = extract_claims(text)
    passage = Passage(id=1, document="log.txt", sha256="0" * 64, text=text, start=0, end=len(text))
    judgements = [judge(claim, passage, 0.95, entity_match=0.85)]
    result = ClaimResult(**claim.model_dump(), verdict=verdict, confidence=0.5, reason="r")
    return result, judgements


def _calibrator(intercept: float) -> Calibrator:
    return Calibrator(verifier="rules", features=list(FEATURES), coef=[0.0] * len(FEATURES),
                      intercept=intercept, threshold=0.5)


def test_features_have_the_declared_length() -> None:
    result, judgements = _result(Verdict.SUPPORTED)
    assert len(claim_features(judgements)) == len(FEATURES) == len(claim_features([]))


def test_the_features_take_the_verifiers_reading_with_the_neighbours() -> None:
    result, [judgement] = _result(Verdict.SUPPORTED)
    judgement.nli = NliScores(supported=0.1, contradicted=0.1, neutral=0.8)
    alone = dict(zip(FEATURES, claim_features([judgement]), strict=True))
    judgement.context_nli = NliScores(supported=0.9, contradicted=0.05, neutral=0.05)
    around = dict(zip(FEATURES, claim_features([judgement]), strict=True))
    assert (alone["nli_supported"], around["nli_supported"]) == (0.1, 0.9)
    assert around["support"] > alone["support"] and around["nli_neutral"] == 0.05
    assert judgement.nli.supported == 0.1  # the verdict's own reading is left as it was


def test_low_probability_downgrades_support() -> None:
    result, judgements = _result(Verdict.SUPPORTED)
    adjusted = _calibrator(-5.0).adjust(result, judgements)
    assert adjusted.verdict is Verdict.UNSUPPORTED and adjusted.confidence > 0.9


def test_high_probability_upgrades_with_evidence() -> None:
    result, judgements = _result(Verdict.UNSUPPORTED)
    adjusted = _calibrator(5.0).adjust(result, judgements)
    assert adjusted.verdict is Verdict.SUPPORTED
    assert adjusted.evidence[0].quote == judgements[0].passage.text


def test_a_low_probability_leaves_a_claim_unsupported_saying_what_is_found_where() -> None:
    (claim,) = extract_claims("Several supporters were arrested at the March 2026 fixture at Kelder Park.")
    text = "Two supporters were arrested for possession of pyrotechnics at the match on 3 October 2026."
    passage = Passage(id=1, document="log.txt", sha256="0" * 64, text=text, start=0, end=len(text))
    judgements = [judge(claim, passage, 0.9, entity_match=0.85)]
    result = ClaimResult(**claim.model_dump(), verdict=Verdict.SUPPORTED, confidence=0.5, reason="r")
    details = evidence_set(claim, judgements, None)
    adjusted = _calibrator(-5.0).adjust(result, judgements, details)
    assert adjusted.verdict is not Verdict.SUPPORTED and adjusted.evidence[0].stance == "closest"


def test_a_detail_found_in_another_source_is_quoted_with_it() -> None:
    (claim,) = extract_claims("City drew 1-1 with Athletic in front of 9,240 fans.")
    log = "Full time: City 1, Athletic 1."
    debrief = "Attendance: 9,240 (away 1,100)."
    passages = [Passage(id=i, document=d, sha256="0" * 64, text=t, start=0, end=len(t))
                for i, (d, t) in enumerate([("match-log.txt", log), ("debrief.txt", debrief)], start=1)]
    judgements = [judge(claim, passages[0], 0.9, entity_match=0.85)]
    where = Where(passages={p.document: [p] for p in passages})
    details = evidence_set(claim, judgements, where)
    assert {d.atom.text: d.found.value for d in details}["9,240"] == "elsewhere"
    result = ClaimResult(**claim.model_dump(), verdict=Verdict.UNSUPPORTED, confidence=0.5, reason="r")
    adjusted = _calibrator(5.0).adjust(result, judgements, details)
    assert adjusted.verdict is Verdict.SUPPORTED
    assert [e.source for e in adjusted.evidence] == ["match-log.txt", "debrief.txt"]
    assert "debrief.txt" in adjusted.reason and "no source" not in adjusted.reason.lower()


def test_a_detail_no_source_has_makes_a_claim_partial() -> None:
    (claim,) = extract_claims("Fans carried 14 flares into the away end at Kelder Park.")
    text = "Fans carried flares into the away end at Kelder Park."
    passage = Passage(id=1, document="log.txt", sha256="0" * 64, text=text, start=0, end=len(text))
    judgements = [judge(claim, passage, 0.9, entity_match=0.85)]
    details = evidence_set(claim, judgements, Where(passages={"log.txt": [passage]}))
    result = ClaimResult(**claim.model_dump(), verdict=Verdict.UNSUPPORTED, confidence=0.5, reason="r")
    adjusted = _calibrator(5.0).adjust(result, judgements, details)
    assert adjusted.verdict is Verdict.PARTIAL and adjusted.missing == ["14"]
    assert _calibrator(-5.0).adjust(result, judgements, details).verdict is Verdict.UNSUPPORTED
    assert flagged_whatever(result, judgements, details)  # known before the fit: needs attention either way


def test_a_value_clash_no_other_passage_resolves_is_never_overruled() -> None:
    (claim,) = extract_claims("They carried roughly 840 passengers.")
    text = "12:55 - 14 coaches arrived. Passengers approx 640."
    passage = Passage(id=1, document="log.txt", sha256="0" * 64, text=text, start=0, end=len(text))
    judgements = [judge(claim, passage, 0.9, entity_match=0.85)]
    details = evidence_set(claim, judgements, Where(passages={"log.txt": [passage]}))
    result = ClaimResult(**claim.model_dump(), verdict=Verdict.CONTRADICTED, confidence=0.9, reason="r")
    assert _calibrator(5.0).adjust(result, judgements, details).verdict is Verdict.CONTRADICTED


def test_a_contradiction_another_passage_resolves_goes_to_the_decision() -> None:
    # the 54-year-old occupier beside the two arrested men of 17 and 18: another passage states the age
    (claim,) = extract_claims("The 54-year-old woman was not arrested.")
    arrests = "Arrests: male 17 and male 18. Female occupier not arrested."
    present = "Persons present: female occupier (54), male (17), male (18)."
    p1 = Passage(id=1, document="w.txt", sha256="0" * 64, text=arrests, start=0, end=len(arrests))
    p2 = Passage(id=2, document="w.txt", sha256="0" * 64, text=present, start=61, end=61 + len(present))
    judgements = [judge(claim, p1, 0.9, entity_match=0.85)]
    details = evidence_set(claim, judgements, Where(passages={"w.txt": [p1, p2]}))
    result = ClaimResult(**claim.model_dump(), verdict=Verdict.CONTRADICTED, confidence=0.9, reason="r")
    assert _calibrator(5.0).adjust(result, judgements, details).verdict is Verdict.SUPPORTED
    assert _calibrator(-5.0).adjust(result, judgements, details).verdict is Verdict.CONTRADICTED  # below: it stands


def test_a_claim_the_decision_decides_is_not_flagged_whatever() -> None:
    result, judgements = _result(Verdict.UNSUPPORTED)  # every detail found
    details = evidence_set(claim_of(result), judgements, None)
    assert not flagged_whatever(result, judgements, details)
    assert not _calibrator(5.0).adjust(result, judgements, details).needs_attention


def test_a_forced_claim_flags_its_sentence_at_every_threshold_and_is_not_fitted_on() -> None:
    zeros = [0.0] * (len(FEATURES) - 1)
    rows = [Row([0.9, *zeros], 1, "toy", f"s{i}", 1) for i in range(10)]
    rows += [Row([0.9, *zeros], 0, "toy", f"u{i}", 0, True) for i in range(10)]  # a clash that stands
    rows += [Row([0.1, *zeros], 0, "toy", f"v{i}", 0) for i in range(10)]
    p = np.array([r.features[0] for r in rows])
    assert unit_bacc_by_file(rows, p, 0.5) == {"toy": 1.0}
    cal = fit_calibrator(rows, verifier="rules", trained_on=["toy"])
    assert cal.metrics["train_rows_decided"] == 20 and cal.metrics["train_unit_bacc"] == 1.0


def _rows(n: int = 20) -> list[Row]:
    zeros = [0.0] * (len(FEATURES) - 1)
    good = [Row([0.9, *zeros], 1, "toy", f"g{i}", 1) for i in range(n)]
    return good + [Row([0.1, *zeros], 0, "toy", f"b{i}", 0) for i in range(n)]


def test_fit_separates_and_picks_a_threshold() -> None:
    rows = _rows()
    cal = fit_calibrator(rows, verifier="rules", trained_on=["toy"])
    assert cal.metrics["train_unit_bacc"] == 1.0
    assert cal.probability_of(rows[0].features) > cal.threshold > cal.probability_of(rows[-1].features)


def test_a_fit_with_one_class_is_refused_in_words() -> None:
    zeros = [0.0] * (len(FEATURES) - 1)
    with pytest.raises(InputError, match="all supported"):
        fit_calibrator([Row([0.9, *zeros], 1, "toy", f"s{i}", 1) for i in range(5)], verifier="rules",
                       trained_on=["toy"])


def test_the_threshold_is_chosen_on_sentences_each_taking_its_worst_claim() -> None:
    zeros = [0.0] * (len(FEATURES) - 1)
    # a supported sentence cut into two claims, one of them weaker; an unsupported sentence with one weak claim
    rows = [Row([0.9, *zeros], 1, "toy", f"s{i}", 1) for i in range(10)]
    rows += [Row([0.5, *zeros], 1, "toy", f"s{i}", 1) for i in range(10)]
    rows += [Row([0.2, *zeros], 0, "toy", f"u{i}", 0) for i in range(10)]
    p = np.array([r.features[0] for r in rows])
    assert unit_bacc_by_file(rows, p, 0.4) == {"toy": 1.0}
    assert unit_bacc_by_file(rows, p, 0.6) == {"toy": 0.5}  # every supported sentence lost to its weaker claim


def test_the_threshold_is_the_middle_of_the_near_best_ones() -> None:
    # overlapping classes: many thresholds score within a point of the best; one noisy row moves the best alone
    y = np.array([0] * 40 + [1] * 40)
    p = np.concatenate([np.linspace(0.1, 0.6, 40), np.linspace(0.4, 0.9, 40)])
    noisy = p.copy()
    noisy[5] = 0.62
    assert abs(steady_threshold(y, p) - steady_threshold(y, noisy)) <= 0.02
    near = [t for t in np.arange(0.05, 0.96, 0.01)
            if np.mean([(p >= t) [y == c].mean() if c else (p < t)[y == c].mean() for c in (0, 1)]) >= 0.74]
    assert min(near) <= steady_threshold(y, p) <= max(near)


def test_ece() -> None:
    assert expected_calibration_error([1.0, 0.0], [1, 0]) == 0.0
    assert expected_calibration_error([0.75, 0.75, 0.75, 0.75], [1, 1, 1, 0]) == 0.0
    assert expected_calibration_error([0.9, 0.9], [0, 0]) == 0.9


def test_collect_rows_and_round_trip(fast_checker: Checker, tmp_path: Path) -> None:
    rows = collect_rows(fast_checker, DATA, part="all")
    assert rows and all(r.label in (0, 1, None) and len(r.features) == len(FEATURES) for r in rows)
    (tmp_path / "rules.json").write_text(_calibrator(0.0).model_dump_json(), encoding="utf-8")
    assert load_calibrator("rules", tmp_path) == _calibrator(0.0)
    assert load_calibrator("nli", tmp_path) is None


def test_calibrate_fits_on_the_named_files_only(tmp_path: Path, fast_checker: Checker) -> None:
    for name in ("lfqa", "wice"):
        (tmp_path / f"{name}.jsonl").write_text(DATA.read_text(encoding="utf-8"), encoding="utf-8")
    fitted = calibrate(fast_checker, tmp_path, verifier="rules", files=("lfqa",))
    assert fitted.trained_on == ["lfqa (training half)"]
    assert fitted.metrics["validation_rows"] > 0
    fast_checker.calibrator = load_calibrator("rules")


class _ConstantVerifier:
    """Scores every pair alike (the real verifier is exercised in test_nli and test_pipeline)."""

    name = "constant"

    def score(self, pairs: list[tuple[str, str]]) -> list[NliScores]:
        return [NliScores(supported=0.7, contradicted=0.1, neutral=0.2) for _ in pairs]


def test_calibrate_records_the_passage_context_its_features_were_read_with(tmp_path: Path) -> None:
    (tmp_path / "lfqa.jsonl").write_text(DATA.read_text(encoding="utf-8"), encoding="utf-8")
    checker = Checker(Settings(embedder="hashing", verifier="rules", passage_context=2), verifier=_ConstantVerifier())
    assert calibrate(checker, tmp_path, verifier="nli", files=("lfqa",)).passage_context == 2
    rules = Checker(Settings(embedder="hashing", verifier="rules", passage_context=2))
    assert calibrate(rules, tmp_path, verifier="rules", files=("lfqa",)).passage_context == 0  # no verifier read


def test_calibrate_refuses_a_missing_file(tmp_path: Path, fast_checker: Checker) -> None:
    with pytest.raises(InputError, match="qags"):
        calibrate(fast_checker, tmp_path, verifier="rules", files=("qags",))
    fast_checker.calibrator = load_calibrator("rules")


def test_a_calibrator_can_use_a_subset_of_the_features() -> None:
    rows = _rows()
    fitted = fit_calibrator(rows, verifier="rules", trained_on=["x"], features=["support", "coverage"])
    assert fitted.features == ["support", "coverage"] and len(fitted.coef) == 2
    assert fitted.probability_of(rows[0].features) > 0.5 > fitted.probability_of(rows[-1].features)


class _Claim(NamedTuple):
    result: ClaimResult
    judgements: list
    details: list
    sentence_reading: float = 0.0
    set_reading: float = 0.0


def _two_claims() -> list[_Claim]:
    text = "About 1,200 fans attended the match, and 40 officers were on duty."
    claims = [c for c in extract_claims(text) if c.checkable]
    assert len(claims) == 2 and claims[0].sentence == claims[1].sentence
    passage = Passage(id=1, document="log.txt", sha256="0" * 64, text=text, start=0, end=len(text))
    out = []
    for claim in claims:
        judgements = [judge(claim, passage, 0.95, entity_match=0.85)]
        result = ClaimResult(**claim.model_dump(), verdict=Verdict.UNSUPPORTED, confidence=0.5, reason="r")
        out.append(_Claim(result, judgements, evidence_set(claim, judgements, None)))
    return out


def _with_sentence(intercept: float, sentence_intercept: float) -> Calibrator:
    cal = _calibrator(intercept)
    cal.sentence_coef, cal.sentence_intercept, cal.sentence_threshold = [0.0] * 5, sentence_intercept, 0.5
    return cal


def test_a_sentence_the_sentence_decision_supports_has_every_claim_supported() -> None:
    claims = _two_claims()
    assert [r.verdict for r in _calibrator(-1.0).decide(claims)] == [Verdict.UNSUPPORTED] * 2  # claim by claim
    decided = _with_sentence(-1.0, 2.0).decide(claims)
    assert [r.verdict for r in decided] == [Verdict.SUPPORTED] * 2
    assert decided[0].confidence == pytest.approx(1 / (1 + np.exp(-2.0)), abs=1e-4)


def test_a_sentence_it_does_not_support_keeps_at_least_its_weakest_claim_flagged() -> None:
    claims = _two_claims()
    assert [r.verdict for r in _calibrator(1.0).decide(claims)] == [Verdict.SUPPORTED] * 2
    decided = _with_sentence(1.0, -2.0).decide(claims)
    assert sum(r.needs_attention for r in decided) == 1  # the weakest claim, not every claim


def test_the_sentence_rule_lets_a_forced_claim_stand() -> None:
    assert sentence_rule([0.9, 0.9], [True, False], 0.9, 0.5, 0.5) == [(0.9, 0.5), (0.9, 0.5)]
    assert sentence_rule([0.9, 0.9], [True, False], 0.2, 0.5, 0.5) == [(0.9, 0.5), (0.2, 0.5)]
    assert sentence_rule([0.9], [True], 0.2, 0.5, 0.5) == [(0.9, 0.5)]  # nothing decided: each alone


def test_the_sentence_decision_is_fitted_on_sentences_and_measured_on_units() -> None:
    zeros = [0.0] * (len(FEATURES) - 1)
    rows = [Row([0.9, *zeros], 1, "toy", f"g{i}", 1, sentence=f"good {i}.") for i in range(20)]
    rows += [Row([0.1, *zeros], 0, "toy", f"b{i}", 0, sentence=f"bad {i}.") for i in range(20)]
    cal = fit_calibrator(rows, verifier="rules", trained_on=["toy"])
    assert len(cal.sentence_coef) == 5 and cal.metrics["train_sentences"] == 40
    p = np.array([cal.probability_of(r.features) for r in rows])
    assert unit_bacc_by_file_of_flags(rows, sentence_flags(rows, p, cal)) == {"toy": 1.0}


def test_a_claim_whose_details_another_passage_states_quotes_that_passage_first() -> None:
    (claim,) = extract_claims("No arrests were made.")
    coin = "15:38 - Coin thrown from home Kop towards away section."
    stand = "22:40 - Stand down. No arrests."
    read = Passage(id=1, document="match-log.txt", sha256="0" * 64, text=coin, start=0, end=len(coin))
    states = Passage(id=2, document="debrief.txt", sha256="0" * 64, text=stand, start=0, end=len(stand))
    judgements = [judge(claim, read, 0.9, entity_match=0.85)]
    details = evidence_set(claim, judgements, Where(passages={"match-log.txt": [read], "debrief.txt": [states]}))
    assert details and all(d.found.value == "elsewhere" for d in details)
    result = ClaimResult(**claim.model_dump(), verdict=Verdict.UNSUPPORTED, confidence=0.5, reason="r")
    adjusted = _calibrator(5.0).adjust(result, judgements, details)
    assert adjusted.verdict is Verdict.SUPPORTED and adjusted.evidence[0].quote == stand
    assert adjusted.reason == "Stated in debrief.txt."
