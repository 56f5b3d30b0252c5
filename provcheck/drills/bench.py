"""The tool over many seeded drills: detection rate per plant type, false alarms on untouched claims.

>>> from provcheck.drills.records import BenchResult, TypeScore, PlantType
>>> BenchResult(seeds=1, per_type=[TypeScore(type=PlantType.NUMBER, planted=4, caught=3)],
...             untouched_claims=20, false_alarms=1).false_alarm_rate
0.05
"""

from __future__ import annotations

from pathlib import Path

from provcheck.drills.make import apply_plants, plan_plants
from provcheck.drills.records import AnswerKey, BenchResult, PlantType, TypeScore
from provcheck.drills.score import score_marks, tool_marks
from provcheck.drills.vocab import build_vocabulary
from provcheck.ingest import read_document, read_sources
from provcheck.pipeline import Checker

__all__ = ["bench"]


def bench(briefing: Path, sources: Path, checker: Checker, *, seeds: int, count: int = 8) -> BenchResult:
    """Make a drill for each seed 0..seeds-1 (in memory), check it, and count what the tool catches."""
    text = read_document(Path(briefing)).text
    documents = read_sources(Path(sources))
    report = checker.check_text(text, documents)
    vocab = build_vocabulary(documents)
    totals = {t: TypeScore(type=t) for t in PlantType}
    untouched = alarms = 0
    for seed in range(seeds):
        doctored, plants = apply_plants(text, plan_plants(text, report, vocab, count=count, seed=seed))
        key = AnswerKey(seed=seed, briefing=str(briefing), doctored_file="", sources=str(sources), text=doctored,
                        plants=plants)
        checked = checker.check_text(doctored, documents)
        for row in score_marks(key, tool_marks(checked), name="provcheck").per_type:
            totals[row.type].planted += row.planted
            totals[row.type].caught += row.caught
        flagged = {(m.start, m.end) for m in tool_marks(checked)}
        clean = [c for c in checked.claims if c.checkable
                 and not any(c.start < p.sentence_end and p.sentence_start < c.end for p in plants)]
        untouched += len(clean)
        alarms += sum((c.start, c.end) in flagged for c in clean)
    return BenchResult(seeds=seeds, per_type=[t for t in totals.values() if t.planted],
                       untouched_claims=untouched, false_alarms=alarms)
