"""The records of a drill: plant types, plants, the answer key, marks and scores.

>>> plant = Plant(id="p1", type=PlantType.NUMBER, start=5, end=10, sentence_start=0, sentence_end=16,
...               original="1,200", planted="3,600", source_says="about 1,200 of its 1,850 tickets")
>>> "Fans 3,600 came."[plant.start:plant.end]
'3,600'
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["FABRICATIONS", "AnswerKey", "BenchResult", "LeftOut", "Mark", "Plant", "PlantType", "Score", "TypeScore"]


class PlantType(StrEnum):
    """The kinds of fabrication a drill plants."""

    INVENTED_INCIDENT = "invented_incident"
    NUMBER = "number"
    DATE_TIME = "date_time"
    SWAP = "swap"
    DROPPED_HEDGE = "dropped_hedge"
    EXAGGERATION = "exaggeration"
    ADDED_DETAIL = "added_detail"
    NEGATION = "negation"
    OMISSION = "omission"

    @property
    def label(self) -> str:
        """A plain-English name for sheets and debriefs."""
        return _LABELS[self]


_LABELS = {
    PlantType.INVENTED_INCIDENT: "invented incident made of real names",
    PlantType.NUMBER: "inflated or changed number",
    PlantType.DATE_TIME: "shifted date or time",
    PlantType.SWAP: "swapped person, club or place",
    PlantType.DROPPED_HEDGE: "dropped hedge or attribution",
    PlantType.EXAGGERATION: "exaggerated intensity",
    PlantType.ADDED_DETAIL: "added detail no source has",
    PlantType.NEGATION: "negation",
    PlantType.OMISSION: "mitigating statement left out",
}

#: The plant types that change or add words; an omission takes a sentence out instead.
FABRICATIONS = tuple(t for t in PlantType if t is not PlantType.OMISSION)


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Plant(_Record):
    """One fabrication: ``text[start:end] == planted`` in the doctored text.

    An omission plant takes a sentence out: ``planted`` is empty, its spans are
    the point where the sentence was, ``original`` is the sentence and
    ``source[source_start:source_end] == source_says`` is the passage it rested on.
    """

    id: str
    type: PlantType
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    sentence_start: int = Field(ge=0)
    sentence_end: int = Field(ge=0)
    original: str
    planted: str
    source_says: str
    source: str | None = None
    source_start: int | None = Field(None, ge=0)
    source_end: int | None = Field(None, ge=0)


class AnswerKey(_Record):
    """Everything a trainer needs to score a drill; written as ``key.json``.

    ``doctored_file`` is a bare file name inside the drill folder; ``sources``
    is the sources folder relative to the drill folder.
    """

    seed: int
    briefing: str
    doctored_file: str = Field(pattern=r"^(briefing\.(txt|md|docx))?$")
    sources: str
    text: str
    plants: list[Plant]


class Mark(_Record):
    """A span that a trainee (or the tool) marked as made up."""

    start: int = Field(ge=0)
    end: int = Field(ge=0)


class LeftOut(_Record):
    """A statement a trainee (or the tool) says the briefing leaves out: its words, and where a source has it."""

    text: str
    source: str | None = None
    start: int | None = Field(None, ge=0)
    end: int | None = Field(None, ge=0)


class TypeScore(_Record):
    """How many plants of one type were planted and caught."""

    type: PlantType
    planted: int = 0
    caught: int = 0

    @property
    def rate(self) -> float:
        """Share caught, 0-1 (1 when none were planted)."""
        return self.caught / self.planted if self.planted else 1.0


class Score(_Record):
    """One scorer's result on one drill."""

    name: str
    caught: list[str] = Field(default_factory=list)
    missed: list[str] = Field(default_factory=list)
    false_alarms: list[Mark] = Field(default_factory=list)
    per_type: list[TypeScore] = Field(default_factory=list)
    marks: list[Mark] = Field(default_factory=list)
    left_out: list[LeftOut] = Field(default_factory=list)

    @property
    def detection_rate(self) -> float:
        """Caught plants over all plants, 0-1."""
        total = len(self.caught) + len(self.missed)
        return len(self.caught) / total if total else 1.0


class BenchResult(_Record):
    """The tool over many seeded drills: detection per type and false alarms."""

    seeds: int
    per_type: list[TypeScore]
    untouched_claims: int
    false_alarms: int

    @property
    def detection_rate(self) -> float:
        """Caught plants over all plants, 0-1."""
        planted = sum(t.planted for t in self.per_type)
        return sum(t.caught for t in self.per_type) / planted if planted else 1.0

    @property
    def false_alarm_rate(self) -> float:
        """Flagged untouched claims over all untouched claims, 0-1."""
        return self.false_alarms / self.untouched_claims if self.untouched_claims else 0.0
