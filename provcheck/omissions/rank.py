"""One feature record per candidate, one fitted score over it: how much a left-out statement bears on the briefing.

The weights, the threshold for showing an item and the thresholds for "the
briefing states it" are data: ``models/omissions/ranker.json``, fitted by
``provcheck eval-omissions --fit`` on the training half of the scenarios.

>>> ranker = load_ranker()
>>> strong = Features(cue=1.0, names=1.0, relied_on=1.0, contradiction=0.9, similarity=0.8)
>>> ranker.score(strong) > ranker.score(Features(cue=0.6))
True
"""

from __future__ import annotations

import math
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from provcheck.errors import ConfigError

__all__ = ["FEATURES", "RANKER_FILE", "Features", "Ranker", "load_ranker"]

RANKER_FILE = Path(__file__).resolve().parents[2] / "models" / "omissions" / "ranker.json"


class Features(BaseModel):
    """What bears on whether a candidate is a material omission; every value is 0-1."""

    model_config = ConfigDict(extra="forbid")

    cue: float = Field(0.0, ge=0.0, le=1.0, description="weight of its strongest weakening cue")
    names: float = Field(0.0, ge=0.0, le=1.0, description="briefing names it mentions, up to three, over three")
    relied_on: float = Field(0.0, ge=0.0, le=1.0, description="1 when the claims' evidence comes from its document")
    weak_grading: float = Field(0.0, ge=0.0, le=1.0, description="1 when its document is low-graded")
    contradiction: float = Field(0.0, ge=0.0, le=1.0, description="the verifier's best contradiction of a sentence")
    conclusion: float = Field(0.0, ge=0.0, le=1.0, description="the verifier's contradiction of the conclusion")
    similarity: float = Field(0.0, ge=0.0, le=1.0, description="best cosine with a briefing sentence")
    stated: float = Field(0.0, ge=0.0, le=1.0, description="how far a briefing sentence already states it")


FEATURES = tuple(Features.model_fields)


class Ranker(BaseModel):
    """A logistic score over :class:`Features`, and the thresholds that go with it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    bias: float
    weights: dict[str, float]
    show_threshold: float = Field(ge=0.0, le=1.0, description="items scoring below it are not shown")
    stated_threshold: float = Field(ge=0.0, le=1.0, description="verifier support from which a sentence states it")
    lexical_stated: float = Field(ge=0.0, le=1.0, description="share of its content words a sentence must hold")
    fitted_on: str = ""
    metrics: dict[str, float] = Field(default_factory=dict)

    def score(self, features: Features) -> float:
        """P(material omission), 0-1."""
        values = features.model_dump()
        total = self.bias + sum(self.weights.get(name, 0.0) * values[name] for name in FEATURES)
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, total))))


@lru_cache(maxsize=4)
def load_ranker(path: Path = RANKER_FILE) -> Ranker:
    """The ranker in ``path`` (JSON)."""
    try:
        ranker = Ranker.model_validate_json(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValidationError) as err:
        raise ConfigError(f"{path}: no usable omission ranker ({' '.join(str(err).split())[:160]}); "
                          "fit one with: provcheck eval-omissions corpora/omissions --fit") from err
    if unknown := sorted(set(ranker.weights) - set(FEATURES)):
        raise ConfigError(f"{path}: unknown features {', '.join(unknown)}; use {', '.join(FEATURES)}")
    return ranker
