"""Trainer drills: plant realistic fabrications in a sound briefing, then score trainees and the tool.

>>> from provcheck.drills import PlantType
>>> PlantType.DROPPED_HEDGE.label
'dropped hedge or attribution'
"""

from __future__ import annotations

from provcheck.drills.bench import bench
from provcheck.drills.drill import (
    looking_for_omissions,
    make_drill,
    save_score,
    score_answers,
    score_tool,
    scores_of,
    write_debrief,
)
from provcheck.drills.records import (
    FABRICATIONS,
    AnswerKey,
    BenchResult,
    LeftOut,
    Mark,
    Plant,
    PlantType,
    Score,
    TypeScore,
)

__all__ = [
    "FABRICATIONS",
    "AnswerKey",
    "BenchResult",
    "LeftOut",
    "Mark",
    "Plant",
    "PlantType",
    "Score",
    "TypeScore",
    "bench",
    "looking_for_omissions",
    "make_drill",
    "save_score",
    "score_answers",
    "score_tool",
    "scores_of",
    "write_debrief",
]
