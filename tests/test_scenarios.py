"""The scenario suite in corpora/scenarios: per-behaviour detection and false flags."""

from __future__ import annotations

from pathlib import Path

import pytest

from provcheck import Checker
from provcheck.errors import InputError
from provcheck.schema import Flag, Verdict
from provcheck.verify.scenarios import FAITHFUL, ScenarioScore, load_scenarios, run_scenarios

SCENARIOS = Path(__file__).resolve().parents[1] / "corpora" / "scenarios"
BEHAVIOURS = {
    "side_by_side", "partial", "invented_event", "certainty_raised", "attribution_dropped",
    "exaggerated_quantity", "exaggerated_intensity", "weak_sources_only", "single_origin",
    "conflicting", "stale_source",
}


@pytest.fixture(scope="module")
def score(fast_checker: Checker) -> ScenarioScore:
    result = run_scenarios(fast_checker, load_scenarios(SCENARIOS))
    print("\n" + result.table())
    return result


def test_the_suite_is_big_enough() -> None:
    scenarios = load_scenarios(SCENARIOS)
    assert len(scenarios) >= 40
    claims = [(s, c) for s in scenarios for c in s.claims]
    per_behaviour = {b: sum(1 for s, c in claims if (c.behaviour or s.behaviour) == b) for b in BEHAVIOURS}
    assert all(n >= 4 for n in per_behaviour.values()), per_behaviour


def test_every_behaviour_is_detected(score: ScenarioScore) -> None:
    detection = score.detection()
    assert set(detection) == BEHAVIOURS
    low = {name: f"{hit}/{total}" for name, (hit, total) in detection.items() if hit < 0.9 * total}
    assert low == {}, [(o.scenario, o.got.value, o.reason) for o in score.outcomes if not o.passed]


def test_faithful_paraphrases_stay_supported(score: ScenarioScore) -> None:
    bad, total = score.false_flags()
    assert total >= 20
    assert bad <= 0.05 * total, [(o.quote, o.got.value, o.got_flags) for o in score.outcomes
                                 if o.behaviour == FAITHFUL and o.false_flag]


def test_every_reason_is_plain_text(score: ScenarioScore) -> None:
    for outcome in score.outcomes:
        assert outcome.reason and outcome.reason[0].isupper() and outcome.reason.endswith((".", "\u201d"))


def test_scoring_counts_a_miss(fast_checker: Checker, tmp_path: Path) -> None:
    (tmp_path / "case.yaml").write_text(
        "behaviour: side_by_side\ncases:\n  - name: wrong-key\n    briefing: About 4,000 fans came to Kelder Park.\n"
        "    sources:\n      - name: log.txt\n        text: About 1,200 fans came to Kelder Park.\n"
        "    claims:\n      - quote: About 4,000 fans came to Kelder Park.\n        verdict: supported\n"
        "        flags: [stale_source]\n", encoding="utf-8")
    result = run_scenarios(fast_checker, load_scenarios(tmp_path))
    (outcome,) = result.outcomes
    assert not outcome.passed and outcome.got is Verdict.CONTRADICTED
    assert result.detection() == {"side_by_side": (0, 1)}
    assert Flag.EXAGGERATED in outcome.got_flags


def test_bad_scenario_files(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no scenario files"):
        load_scenarios(tmp_path)
    (tmp_path / "bad.yaml").write_text("- just a list\n", encoding="utf-8")
    with pytest.raises(InputError, match="cases"):
        load_scenarios(tmp_path)
