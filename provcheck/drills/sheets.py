"""The trainee sheet (HTML and Markdown) and the trainer's HTML debrief; everything quoted is escaped.

>>> from provcheck.drills.records import AnswerKey
>>> key = AnswerKey(seed=1, briefing="b.md", doctored_file="briefing.md", sources="src",
...                 text="Fans <b>came</b>.", plants=[])
>>> "&lt;b&gt;" in render_sheet_html(key, [])
True
"""

from __future__ import annotations

from functools import lru_cache
from html import escape

from jinja2 import Environment, PackageLoader, select_autoescape

from provcheck.drills.records import FABRICATIONS, AnswerKey, PlantType, Score
from provcheck.schema import SourceRef

__all__ = ["render_debrief", "render_sheet_html", "render_sheet_markdown"]


@lru_cache(maxsize=1)
def _env() -> Environment:
    return Environment(loader=PackageLoader("provcheck.drills", "templates"),
                       autoescape=select_autoescape(["html", "j2"]), trim_blocks=False)


def _labels() -> list[str]:
    return [t.label[:1].upper() + t.label[1:] for t in FABRICATIONS]


def _counts(key: AnswerKey) -> tuple[int, int]:
    """Fabrications and omissions planted."""
    left = sum(p.type is PlantType.OMISSION for p in key.plants)
    return len(key.plants) - left, left


def render_sheet_html(key: AnswerKey, sources: list[SourceRef]) -> str:
    """The trainee's HTML sheet: instructions, the doctored briefing and the list of sources."""
    count, left = _counts(key)
    return _env().get_template("sheet.html.j2").render(
        count=count, left_out=left, labels=_labels(), doctored_file=key.doctored_file, text=key.text.strip(),
        sources=sources)


def _left_out_markdown(left: int) -> list[str]:
    if not left:
        return []
    return ["## What does the briefing leave out?", "",
            f"**{left}** statement{'s' if left > 1 else ''} of the sources that weaken{'s' if left == 1 else ''} "
            "the briefing's case (no arrests, nothing corroborated, the subject's cooperation...) "
            f"{'has' if left == 1 else 'have'} been taken out of it. Name each in your copy, anywhere, as "
            "`[[left out: No arrests were made at Kelder Park on 14 March.]]`.", ""]


def render_sheet_markdown(key: AnswerKey, sources: list[SourceRef]) -> str:
    """The trainee's Markdown sheet, for printing or pasting into a learning platform."""
    count, left = _counts(key)
    lines = [
        "# Drill: spot the fabrications", "",
        f"The briefing below was drafted from the sources listed under it. **{count}** of its "
        "statements have been altered or invented. Read it against the sources and mark every statement "
        "you would not sign off.", "", "## What to look for", "",
        *(f"- {label}" for label in _labels()), "", *_left_out_markdown(left), "## How to hand in", "",
        f"Copy `{key.doctored_file}` and put `[[` and `]]` around each statement you doubt, for example "
        "`[[Kick-off is at 17:30.]]`. Your trainer scores it with `provcheck drill score`.", "",
        "## The briefing", "", *(f"> {escape(line, quote=False)}" if line.strip() else ">"
                                 for line in key.text.strip().splitlines()), "",
        "## Sources", "",
        *(f"- `{s.path}`" + (f": {s.title}" if s.title else "") + (f" (graded {s.grading})" if s.grading else "")
          for s in sources), "",
    ]
    return "\n".join(lines)


def render_debrief(key: AnswerKey, scores: list[Score]) -> str:
    """The trainer's debrief: each plant, who caught it, and the source passage that gives it away."""
    return _env().get_template("debrief.html.j2").render(key=key, plants=key.plants, scores=scores)
