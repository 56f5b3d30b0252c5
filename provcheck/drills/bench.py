"""The tool over many seeded drills: detection rate per plant type, false alarms on untouched claims.

>>> from provcheck.drills.records import BenchResult, TypeScore, PlantType
>>> BenchResult(seeds=1, per_type=[TypeScore(type=PlantType.NUMBER, planted=4, caught=3)],
...             untouched_claims=20, false_alarms=1).false_alarm_rate
0.05
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from provcheck.drills.drill import looking_for_omissions
from provcheck.drills.make import apply_plants, plan_plants
from provcheck.drills.records import AnswerKey, BenchResult, PlantType, TypeScore
from provcheck.drills.score import score_marks, tool_left_out, tool_marks
from provcheck.drills.vocab import build_vocabulary
from provcheck.ingest import read_document, read_sources
from provcheck.pipeline import Checker
from provcheck.schema import Document, Report

__all__ = ["bench"]


def bench(briefing: Path, sources: Path, checker: Checker, *, seeds: int, count: int = 8,
          omit: int = 0) -> BenchResult:
    """Make a drill for each seed 0..seeds-1 (in memory), check it, and count what the tool catches.

    With ``omit``, each drill also takes out that many mitigating sentences,
    and the tool's list of what the briefing leaves out is scored on them.
    """
    text = read_document(Path(briefing)).text
    documents = read_sources(Path(sources))
    report = checker.check_text(text, documents)
    vocab = build_vocabulary(documents)
    totals = {t: TypeScore(type=t) for t in PlantType}
    untouched = alarms = 0
    omitting = looking_for_omissions(checker) if omit else None
    for seed in range(seeds):
        doctored, plants = apply_plants(text, plan_plants(text, report, vocab, count=count, seed=seed, omit=omit))
        key = AnswerKey(seed=seed, briefing=str(briefing), doctored_file="", sources=str(sources), text=doctored,
                        plants=plants)
        checked = _check(omitting or checker, doctored, documents)
        scored = score_marks(key, tool_marks(checked), name="provcheck", left_out=tool_left_out(checked))
        for row in scored.per_type:
            totals[row.type].planted += row.planted
            totals[row.type].caught += row.caught
        flagged = {(m.start, m.end) for m in tool_marks(checked)}
        clean = [c for c in checked.claims if c.checkable
                 and not any(c.start < p.sentence_end and p.sentence_start < c.end for p in plants)]
        untouched += len(clean)
        alarms += sum((c.start, c.end) in flagged for c in clean)
    return BenchResult(seeds=seeds, per_type=[t for t in totals.values() if t.planted],
                       untouched_claims=untouched, false_alarms=alarms)


def _check(checker: Checker, text: str, documents: list[Document]) -> Report:
    """The doctored text checked; what it leaves out looked for when ``checker`` is set to."""
    if not checker.settings.omissions:
        return checker.check_text(text, documents)
    briefing = Document(path="<text>", sha256=hashlib.sha256(text.encode()).hexdigest(), text=text)
    return looking_for_omissions(checker).check_in_memory(briefing, documents)
