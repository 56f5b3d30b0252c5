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

from provcheck.drills.records import AnswerKey, LeftOut, Mark, Plant, PlantType, Score, TypeScore
from provcheck.errors import InputError
from provcheck.schema import Flag, Report

__all__ = ["LEFT_OUT", "TOOL_FLAGS", "marked_up_spans", "names_left_out", "read_answers", "read_marks", "score_marks",
           "tool_left_out", "tool_marks"]

#: Flags that count as the tool raising a claim, besides a verdict that needs attention.
TOOL_FLAGS = frozenset({Flag.CERTAINTY_RAISED, Flag.ATTRIBUTION_DROPPED, Flag.EXAGGERATED,
                        Flag.ENTITIES_NEVER_TOGETHER})
_MARKUP = re.compile(r"\[\[(.+?)\]\]", re.S)
#: How a trainee names a statement the briefing leaves out, in a marked-up copy: ``[[left out: ...]]``.
LEFT_OUT = re.compile(r"\[\[\s*left out\s*:\s*(.+?)\]\]", re.S | re.I)
_SHARE = 0.5  # of the left-out statement's content words an answer must name


def _overlaps(mark: Mark, plant: Plant) -> bool:
    return (plant.type is not PlantType.OMISSION and mark.start < plant.sentence_end
            and plant.sentence_start < mark.end)


def score_marks(key: AnswerKey, marks: list[Mark], *, name: str, left_out: list[LeftOut] | None = None) -> Score:
    """A plant is caught when a mark overlaps its sentence; a mark that overlaps no plant is a false alarm.

    An omission plant is caught when one of ``left_out`` names it: a span of
    its source passage, or most of the content words of that passage or of the
    sentence taken out.
    """
    marks, left_out = [m for m in marks if m.end > m.start], left_out or []
    caught = [p.id for p in key.plants if any(_overlaps(m, p) for m in marks)
              or (p.type is PlantType.OMISSION and any(names_left_out(a, p) for a in left_out))]
    per_type = [TypeScore(type=t, planted=sum(p.type is t for p in key.plants),
                          caught=sum(p.type is t and p.id in caught for p in key.plants)) for t in PlantType]
    return Score(
        name=name, caught=caught, missed=[p.id for p in key.plants if p.id not in caught],
        false_alarms=[m for m in marks if not any(_overlaps(m, p) for p in key.plants)],
        per_type=[t for t in per_type if t.planted], marks=marks, left_out=left_out,
    )


def names_left_out(answer: LeftOut, plant: Plant) -> bool:
    """Whether ``answer`` names what the omission ``plant`` took out.

    >>> plant = Plant(id="p1", type=PlantType.OMISSION, start=9, end=9, sentence_start=9, sentence_end=9,
    ...               original="No arrests were made.", planted="", source="log.txt",
    ...               source_says="No arrests were made at Kelder Park on 14 March.", source_start=40, source_end=88)
    >>> names_left_out(LeftOut(text="The coaches arrived late."), plant)
    False
    >>> names_left_out(LeftOut(text="No arrests were made at Kelder Park"), plant)
    True
    >>> names_left_out(LeftOut(text="...", source="log.txt", start=30, end=60), plant)
    True
    """
    if answer.source is not None and answer.source == plant.source and None not in (
            answer.start, answer.end, plant.source_start, plant.source_end):
        return answer.start < plant.source_end and plant.source_start < answer.end  # type: ignore[operator]
    said = _words(answer.text)
    return any(len(said & w) >= _SHARE * len(w) for w in (_words(plant.source_says), _words(plant.original)) if w)


def _words(text: str) -> set[str]:
    """The lower-case content words of ``text`` (spaCy lemmas of nouns, verbs, adjectives, numbers, names)."""
    from provcheck.claims.nlp import load_nlp
    from provcheck.omissions.subjects import content_lemmas

    return set(content_lemmas(load_nlp()(text))[0])


def tool_marks(report: Report) -> list[Mark]:
    """The claims that provcheck raises: a verdict needing attention, or a flag in :data:`TOOL_FLAGS`."""
    return [Mark(start=c.start, end=c.end) for c in report.claims
            if c.verdict.needs_attention or TOOL_FLAGS.intersection(c.flags)]


def tool_left_out(report: Report) -> list[LeftOut]:
    """What provcheck lists under "Left out by the briefing", as answers to the drill's omissions."""
    return [LeftOut(text=o.quote, source=o.source, start=o.start, end=o.end) for o in report.omissions]


def read_marks(path: Path, key: AnswerKey) -> list[Mark]:
    """A trainee's marks: a JSON list of spans, or a copy of the briefing with [[...]] around suspect text.

    JSON items may be ``{"start": 0, "end": 9}``, ``[0, 9]``, ``{"text": "..."}`` or a quoted string.
    """
    return read_answers(path, key)[0]


def read_answers(path: Path, key: AnswerKey) -> tuple[list[Mark], list[LeftOut]]:
    """A trainee's marks and the statements they say the briefing leaves out.

    In a marked-up copy, ``[[left out: No arrests were made in March.]]``
    anywhere names a left-out statement; in JSON, ``{"left_out": "..."}``.
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
        left = [LeftOut(text=str(i["left_out"])) for i in items if isinstance(i, dict) and set(i) == {"left_out"}]
        marks = [_json_mark(i, key.text, path) for i in items if not (isinstance(i, dict) and "left_out" in i)]
        return marks, left
    marked = read_document(path).text
    left = [LeftOut(text=" ".join(m.group(1).split())) for m in LEFT_OUT.finditer(marked)]
    return marked_up_spans(LEFT_OUT.sub("", marked), key.text), left


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
