"""The scenario suite: small written cases with the verdict and flags each claim should get.

Each YAML file in ``corpora/scenarios/`` names a behaviour and holds cases:
a briefing, its sources (with grading and date), and the expected verdict and
flags of chosen claims. A claim expected ``supported`` with no flags is a
faithful paraphrase; any flag or other verdict on it is a false flag.

Run it with ``python -m provcheck.verify.scenarios corpora/scenarios``.

>>> case = Scenario.model_validate({"name": "n", "behaviour": "side_by_side", "briefing": "About 400 fans came.",
...     "sources": [{"name": "log.txt", "text": "About 1,200 fans came."}],
...     "claims": [{"quote": "About 400 fans came.", "verdict": "contradicted"}]})
>>> case.claims[0].verdict.value
'contradicted'
"""

from __future__ import annotations

import hashlib
import sys
from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, field_validator

from provcheck.errors import InputError
from provcheck.schema import ClaimResult, Document, Flag, Metadata, Report, Verdict

if TYPE_CHECKING:
    from provcheck.pipeline import Checker

__all__ = ["FAITHFUL", "Outcome", "Scenario", "ScenarioScore", "load_scenarios", "run_scenarios"]

FAITHFUL = "faithful_paraphrase"
_INFORMATIONAL = {Flag.SINGLE_SOURCE}


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")

    @field_validator("*", mode="before")
    @classmethod
    def _dates_as_text(cls, value: Any) -> Any:
        return str(value) if hasattr(value, "isoformat") else value


class ScenarioSource(_Model):
    """One source document of a case."""

    name: str
    text: str
    grading: str | None = None
    date: str | None = None


class ScenarioClaim(_Model):
    """What one briefing claim should get; value fields are wordings the result must contain."""

    quote: str
    verdict: Verdict
    flags: list[Flag] = Field(default_factory=list)
    behaviour: str | None = None
    briefing_value: str | None = None
    source_value: str | None = None
    missing: str | None = None


class Scenario(_Model):
    """One small case: a briefing, its sources, and the expected results."""

    name: str
    behaviour: str
    briefing: str
    briefing_date: str | None = None
    sources: list[ScenarioSource]
    claims: list[ScenarioClaim]


class Outcome(_Model):
    """How one expected claim came out."""

    scenario: str
    behaviour: str
    quote: str
    expected: Verdict
    got: Verdict
    expected_flags: list[Flag]
    got_flags: list[Flag]
    passed: bool
    false_flag: bool
    reason: str


class ScenarioScore(_Model):
    """Every outcome, with per-behaviour detection and the false-flag rate."""

    outcomes: list[Outcome]

    def detection(self) -> dict[str, tuple[int, int]]:
        """(passed, total) per behaviour, faithful paraphrases left out."""
        counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for o in self.outcomes:
            if o.behaviour != FAITHFUL:
                counts[o.behaviour][0] += o.passed
                counts[o.behaviour][1] += 1
        return {k: (v[0], v[1]) for k, v in sorted(counts.items())}

    def false_flags(self) -> tuple[int, int]:
        """(false flags, faithful claims)."""
        faithful = [o for o in self.outcomes if o.behaviour == FAITHFUL]
        return sum(o.false_flag for o in faithful), len(faithful)

    def table(self) -> str:
        """The Markdown table the README shows."""
        rows = ["| behaviour | detected | rate |", "|---|---|---|"]
        for name, (hit, total) in self.detection().items():
            rows.append(f"| {name} | {hit}/{total} | {hit / total:.0%} |")
        bad, total = self.false_flags()
        rows.append(f"| false flags on faithful paraphrases | {bad}/{total} | {bad / max(total, 1):.0%} |")
        return "\n".join(rows)


def load_scenarios(folder: Path) -> list[Scenario]:
    """Every case in the ``*.yaml`` files of ``folder``, in file order."""
    scenarios = []
    for path in sorted(Path(folder).glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict) or not isinstance(data.get("cases"), list):
            raise InputError(f"{path}: a scenario file needs `behaviour:` and a list of `cases:`")
        for case in data["cases"]:
            scenarios.append(Scenario.model_validate({"behaviour": data.get("behaviour", path.stem), **case}))
    if not scenarios:
        raise InputError(f"{folder}: no scenario files (*.yaml) here")
    return scenarios


def run_scenarios(checker: Checker, scenarios: list[Scenario]) -> ScenarioScore:
    """Check every case with ``checker`` and compare each expected claim."""
    outcomes = []
    for scenario in scenarios:
        report = _check(checker, scenario)
        for expected in scenario.claims:
            outcomes.append(_compare(scenario, expected, report))
    return ScenarioScore(outcomes=outcomes)


def _check(checker: Checker, scenario: Scenario) -> Report:
    documents = [
        Document(path=s.name, sha256=hashlib.sha256(s.text.encode()).hexdigest(), text=s.text,
                 metadata=Metadata(grading=s.grading, date=s.date))
        for s in scenario.sources
    ]
    briefing = Document(path=f"{scenario.name}.md", sha256=hashlib.sha256(scenario.briefing.encode()).hexdigest(),
                        text=scenario.briefing, metadata=Metadata(date=scenario.briefing_date))
    return checker.check_in_memory(briefing, documents)


def _compare(scenario: Scenario, expected: ScenarioClaim, report: Report) -> Outcome:
    start = report.briefing_text.find(expected.quote)
    if start < 0:
        raise InputError(f"scenario {scenario.name}: {expected.quote!r} is not in its briefing")
    end = start + len(expected.quote)
    claims = [c for c in report.claims if c.start < end and c.end > start]
    got = next((c for c in claims if c.verdict.needs_attention), claims[0] if claims else None)
    behaviour = expected.behaviour or (FAITHFUL if _faithful(expected) else scenario.behaviour)
    if got is None:
        return Outcome(scenario=scenario.name, behaviour=behaviour, quote=expected.quote, expected=expected.verdict,
                       got=Verdict.NOT_CHECKABLE, expected_flags=expected.flags, got_flags=[], passed=False,
                       false_flag=True, reason="no claim found")
    flags = [f for f in got.flags if f not in _INFORMATIONAL or f in expected.flags]
    passed = got.verdict is expected.verdict and set(expected.flags) <= set(flags) and _values_match(expected, got)
    false_flag = got.verdict is not expected.verdict or bool(set(flags) - set(expected.flags))
    return Outcome(scenario=scenario.name, behaviour=behaviour, quote=expected.quote, expected=expected.verdict,
                   got=got.verdict, expected_flags=expected.flags, got_flags=flags, passed=passed,
                   false_flag=false_flag, reason=got.reason)


def _faithful(expected: ScenarioClaim) -> bool:
    return expected.verdict is Verdict.SUPPORTED and not set(expected.flags) - _INFORMATIONAL


def _values_match(expected: ScenarioClaim, got: ClaimResult) -> bool:
    checks = [(expected.briefing_value, got.briefing_value), (expected.source_value, got.source_value),
              (expected.missing, " ".join(got.missing))]
    return all(want is None or (have is not None and want.lower() in have.lower()) for want, have in checks)


def main(argv: list[str]) -> int:
    """Print the table (and each miss) for the scenario folder in ``argv[0]``."""
    from provcheck.config import Settings
    from provcheck.pipeline import Checker

    folder = Path(argv[0]) if argv else Path("corpora/scenarios")
    verifier = argv[1] if len(argv) > 1 else "rules"
    embedder = argv[2] if len(argv) > 2 else "hashing"
    score = run_scenarios(Checker(Settings(embedder=embedder, verifier=verifier)), load_scenarios(folder))
    for o in score.outcomes:
        if not o.passed or o.false_flag:
            print(f"MISS {o.scenario} [{o.behaviour}] {o.quote!r}: want {o.expected.value} "
                  f"{[f.value for f in o.expected_flags]}, got {o.got.value} {[f.value for f in o.got_flags]}"
                  f" - {o.reason}")
    print(score.table())
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
