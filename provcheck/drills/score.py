"""Scoring marked spans against a drill's key: caught, missed, false alarms, per plant type.

>>> from provcheck.drills.records import AnswerKey, Mark, Plant, PlantType
>>> plant = Plant(id="p1", type=PlantType.NUMBER, start=5, end=10, sentence_start=0, sentence_end=16,
...               original="1,200", planted="3,600", source_says="about 1,200")
>>> key = AnswerKey(seed=1, briefing="b.txt", doctored_file="briefing.txt", sources="src",
...                 text="Some 3,600 came. Kick-off at 12:30.", plants=[plant])
>>> score = score_marks(key, [Mark(start=5, end=10), Mark(start=17, end=25)], name="ana")
>>> score.caught, score.missed, len(score.false_alarms)
(['p1'], [], 1)
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from provcheck.drills.records import AnswerKey, Mark, Plant, PlantType, Score, TypeScore
from provcheck.errors import InputError
from provcheck.schema import Flag, Report

__all__ = ["TOOL_FLAGS", "marked_up_spans", "read_marks", "score_marks", "tool_marks"]

#: Flags that count as the tool raising a claim, besides a verdict that needs attention.
TOOL_FLAGS = frozenset({Flag.CERTAINTY_RAISED, Flag.ATTRIBUTION_DROPPED, Flag.EXAGGERATED,
                        Flag.ENTITIES_NEVER_TOGETHER})
_MARKUP = re.compile(r"\[\[(.+?)\]\]", re.S)


def _overlaps(mark: Mark, plant: Plant) -> bool:
    return mark.start < plant.sentence_end and plant.sentence_start < mark.end


def score_marks(key: AnswerKey, marks: list[Mark], *, name: str) -> Score:
    """A plant is caught when a mark overlaps its sentence; a mark that overlaps no plant is a false alarm."""
    marks = [m for m in marks if m.end > m.start]
    caught = [p.id for p in key.plants if any(_overlaps(m, p) for m in marks)]
    per_type = [TypeScore(type=t, planted=sum(p.type is t for p in key.plants),
                          caught=sum(p.type is t and p.id in caught for p in key.plants)) for t in PlantType]
    return Score(
        name=name, caught=caught, missed=[p.id for p in key.plants if p.id not in caught],
        false_alarms=[m for m in marks if not any(_overlaps(m, p) for p in key.plants)],
        per_type=[t for t in per_type if t.planted], marks=marks,
    )


def tool_marks(report: Report) -> list[Mark]:
    """The claims that provcheck raises: a verdict needing attention, or a flag in :data:`TOOL_FLAGS`."""
    return [Mark(start=c.start, end=c.end) for c in report.claims
            if c.verdict.needs_attention or TOOL_FLAGS.intersection(c.flags)]


def read_marks(path: Path, key: AnswerKey) -> list[Mark]:
    """A trainee's marks: a JSON list of spans, or a copy of the briefing with [[...]] around suspect text.

    JSON items may be ``{"start": 0, "end": 9}``, ``[0, 9]``, ``{"text": "..."}`` or a quoted string.
    """
    from provcheck.ingest import read_document

    path = Path(path)
    if path.suffix.lower() == ".json":
        try:
            items = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as err:
            raise InputError(f"{path}: not a JSON list of spans ({err}); see provcheck drill score --help") from err
        if not isinstance(items, list):
            raise InputError(f"{path}: expected a JSON list of spans, like [{{\"start\": 0, \"end\": 9}}]")
        return [_json_mark(item, key.text, path) for item in items]
    return marked_up_spans(read_document(path).text, key.text)


def _json_mark(item: object, text: str, path: Path) -> Mark:
    if isinstance(item, dict) and "text" in item:
        item = item["text"]
    if isinstance(item, str):
        found = text.find(item)
        if found < 0 or not item:
            raise InputError(f"{path}: the marked text {item[:60]!r} is not in the drill's briefing; quote it exactly")
        return Mark(start=found, end=found + len(item))
    if isinstance(item, list) and len(item) == 2:
        item = {"start": item[0], "end": item[1]}
    if isinstance(item, dict) and set(item) == {"start", "end"}:
        start, end = item["start"], item["end"]
        if isinstance(start, int) and isinstance(end, int) and 0 <= start <= end <= len(text):
            return Mark(start=start, end=end)
    raise InputError(f"{path}: {str(item)[:60]} is not a span inside the briefing; use {{\"start\": S, \"end\": E}}")


def marked_up_spans(marked: str, text: str) -> list[Mark]:
    """Spans in ``text`` of what a copy of it puts between [[ and ]].

    >>> marked_up_spans("Fans [[ran]] home.", "Fans ran home.")
    [Mark(start=5, end=8)]
    """
    plain, fragments, pos = [], [], 0
    length = 0
    for match in _MARKUP.finditer(marked):
        plain.append(marked[pos:match.start()])
        length += match.start() - pos
        fragments.append((length, match.group(1)))
        plain.append(match.group(1))
        length += len(match.group(1))
        pos = match.end()
    plain.append(marked[pos:])
    stripped = "".join(plain)
    offset = stripped.find(text) if len(stripped) >= len(text) else -1
    if offset >= 0 or stripped == text:
        return [Mark(start=s - max(offset, 0), end=s - max(offset, 0) + len(f)) for s, f in fragments]
    marks, cursor = [], 0
    for _, fragment in fragments:
        found = text.find(fragment, cursor)
        if found < 0:
            found = text.find(fragment)
        if found >= 0:
            marks.append(Mark(start=found, end=found + len(fragment)))
            cursor = found + len(fragment)
    return marks
