"""The omissions yardstick: hand-written scenarios with planted omissions, and what the tool finds in them.

Each scenario (``corpora/omissions/*.yaml``, format in its README) is a source
set, a slanted briefing that leaves out two to four labelled statements, and
the faithful briefing that states them. Measured: recall of the labelled
statements in the top five of the slanted briefing, and the items shown for the
faithful one (with those from a source it quotes in full).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from provcheck.errors import InputError
from provcheck.schema import Document, Metadata, Omission, Report

if TYPE_CHECKING:
    from provcheck.pipeline import Checker

__all__ = ["Label", "OmissionMetrics", "Scenario", "ScenarioResult", "Source", "checking", "load_scenarios", "measure"]


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Source(_Record):
    """One source document of a scenario."""

    id: str
    title: str | None = None
    date: str | None = None
    grading: str | None = None
    text: str

    @field_validator("date", mode="before")
    @classmethod
    def _iso(cls, value: object) -> object:
        return value.isoformat() if isinstance(value, date) else value

    def document(self) -> Document:
        """The source as an ingested document."""
        meta = Metadata(title=self.title, date=self.date, grading=self.grading)
        return Document(path=self.id, sha256=hashlib.sha256(self.text.encode()).hexdigest(), text=self.text,
                        metadata=meta)


class Label(_Record):
    """A statement the slanted briefing leaves out: an exact quote of one source."""

    source: str
    quote: str


class Scenario(_Record):
    """Sources, a slanted briefing and its faithful version, and the labelled omissions."""

    id: str
    title: str
    briefing_date: str | None = None
    sources: list[Source] = Field(min_length=1)
    slanted: str
    faithful: str
    omissions: list[Label] = Field(min_length=1)
    quoted_in_full: list[str] = Field(default_factory=list, description="sources the faithful briefing quotes whole")

    @field_validator("briefing_date", mode="before")
    @classmethod
    def _iso(cls, value: object) -> object:
        return value.isoformat() if isinstance(value, date) else value

    @model_validator(mode="after")
    def _quotes_exist(self) -> Scenario:
        texts = {s.id: s.text for s in self.sources}
        for label in self.omissions:
            if label.quote not in texts.get(label.source, ""):
                raise ValueError(f"omission {label.quote[:50]!r} is not in source {label.source!r}")
        return self

    def span(self, label: Label) -> tuple[int, int]:
        """Where a labelled quote lies in its source."""
        text = next(s.text for s in self.sources if s.id == label.source)
        start = text.index(label.quote)
        return start, start + len(label.quote)


class ScenarioResult(_Record):
    """What the tool listed for one scenario's two briefings."""

    id: str
    planted: int
    found: int
    missed: list[str] = Field(default_factory=list)
    faithful_items: int
    from_quoted_sources: int
    slanted_items: list[Omission] = Field(default_factory=list)
    faithful_listed: list[Omission] = Field(default_factory=list)


class OmissionMetrics(_Record):
    """The yardstick's figures over all scenarios."""

    scenarios: int
    planted: int
    found_in_top5: int
    recall: float = Field(ge=0.0, le=1.0)
    faithful_items_mean: float = Field(ge=0.0)
    from_quoted_sources: int
    seconds: float
    results: list[ScenarioResult] = Field(default_factory=list)


def load_scenarios(folder: Path) -> list[Scenario]:
    """Every ``*.yaml`` scenario under ``folder``, by file name; an InputError naming a bad file."""
    files = sorted(Path(folder).glob("*.yaml"))
    if not files:
        raise InputError(f"{folder}: no omission scenarios (*.yaml) here; see corpora/omissions/README.md")
    return [_load(f) for f in files]


def _load(path: Path) -> Scenario:
    try:
        return Scenario.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    except (OSError, yaml.YAMLError, ValidationError) as err:
        raise InputError(f"{path}: not an omission scenario ({' '.join(str(err).split())[:200]}); "
                         "see corpora/omissions/README.md") from err


def _hits(scenario: Scenario, label: Label, items: list[Omission]) -> bool:
    start, end = scenario.span(label)
    return any(o.source == label.source and o.start < end and start < o.end for o in items)


Check = Callable[[str, list[Document], str | None], Report]


def score(scenario: Scenario, slanted: Report, faithful: Report, *, top: int = 5) -> ScenarioResult:
    """Recall of the labels in the slanted report's top ``top``; what the faithful report lists."""
    items = slanted.omissions[:top]
    missed = [label.quote for label in scenario.omissions if not _hits(scenario, label, items)]
    quoted = set(scenario.quoted_in_full)
    return ScenarioResult(
        id=scenario.id, planted=len(scenario.omissions), found=len(scenario.omissions) - len(missed), missed=missed,
        faithful_items=len(faithful.omissions), from_quoted_sources=sum(o.source in quoted for o in faithful.omissions),
        slanted_items=items, faithful_listed=faithful.omissions)


def measure(scenarios: list[Scenario], check: Check) -> OmissionMetrics:
    """Run ``check(briefing text, sources, briefing date)`` on both briefings of every scenario."""
    import time

    started = time.perf_counter()
    results = list(_results(scenarios, check))
    planted, found = sum(r.planted for r in results), sum(r.found for r in results)
    return OmissionMetrics(
        scenarios=len(results), planted=planted, found_in_top5=found, recall=round(found / planted, 4),
        faithful_items_mean=round(sum(r.faithful_items for r in results) / len(results), 4),
        from_quoted_sources=sum(r.from_quoted_sources for r in results),
        seconds=round(time.perf_counter() - started, 1), results=results)


def _results(scenarios: list[Scenario], check: Check) -> Iterator[ScenarioResult]:
    for scenario in scenarios:
        documents = [s.document() for s in scenario.sources]
        slanted = check(scenario.slanted, documents, scenario.briefing_date)
        faithful = check(scenario.faithful, documents, scenario.briefing_date)
        yield score(scenario, slanted, faithful)


def checking(checker: Checker) -> Check:
    """A :data:`Check` that runs ``checker``'s whole pipeline, omissions on, on a briefing and in-memory sources."""
    if checker.settings.omissions is not True:
        raise InputError("the omissions yardstick needs a checker with Settings(omissions=True)")

    def run(text: str, documents: list[Document], day: str | None) -> Report:
        briefing = Document(path="briefing.md", sha256=hashlib.sha256(text.encode()).hexdigest(), text=text,
                            metadata=Metadata(date=day))
        return checker.check_in_memory(briefing, documents)

    return run
