"""Drills end to end: make one from a sound briefing, score a trainee or the tool, write the debrief.

>>> from provcheck.drills.drill import scores_of
>>> import tempfile, pathlib
>>> scores_of(pathlib.Path(tempfile.mkdtemp()))
[]
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

from provcheck.drills.files import KEY_FILE, load_key, write_doctored, write_text
from provcheck.drills.make import apply_plants, plan_plants
from provcheck.drills.records import AnswerKey, Score
from provcheck.drills.score import read_answers, score_marks, tool_left_out, tool_marks
from provcheck.drills.sheets import render_debrief, render_sheet_html, render_sheet_markdown
from provcheck.drills.vocab import build_vocabulary
from provcheck.errors import EmptyInputError
from provcheck.ingest import read_document, read_sources
from provcheck.pipeline import Checker
from provcheck.schema import SourceRef

__all__ = ["looking_for_omissions", "make_drill", "save_score", "score_answers", "score_tool", "scores_of",
           "write_debrief"]

TOOL_NAME = "provcheck"


def make_drill(briefing: Path, sources: Path, out: Path, *, count: int, seed: int, checker: Checker,
               omit: int = 0) -> AnswerKey:
    """Plant ``count`` fabrications in ``briefing``, take out ``omit`` mitigating sentences, write the drill ``out``.

    ``out`` receives ``briefing.<ext>`` (the input's format), ``key.json``,
    ``sheet.html`` and ``sheet.md``. Only sentences that ``checker`` finds
    supported by ``sources`` are doctored.
    """
    document = read_document(Path(briefing), max_bytes=checker.settings.max_file_bytes)
    documents = read_sources(Path(sources), max_bytes=checker.settings.max_file_bytes)
    if not documents:
        raise EmptyInputError(f"{sources}: no source documents; a drill needs the sources the briefing rests on")
    report = checker.check_text(document.text, documents, name=str(briefing))
    choices = plan_plants(document.text, report, build_vocabulary(documents), count=count, seed=seed, omit=omit)
    text, plants = apply_plants(document.text, choices)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    doctored = write_doctored(Path(briefing), document.text, text, out)
    key = AnswerKey(seed=seed, briefing=Path(briefing).name, doctored_file=doctored.name,
                    sources=os.path.relpath(Path(sources).resolve(), out.resolve()), text=text, plants=plants)
    refs = [SourceRef(path=d.path, sha256=d.sha256, title=d.metadata.title, grading=d.metadata.grading)
            for d in documents]
    write_text(out / KEY_FILE, key.model_dump_json(indent=2) + "\n")
    write_text(out / "sheet.html", render_sheet_html(key, refs))
    write_text(out / "sheet.md", render_sheet_markdown(key, refs))
    return key


def score_answers(drill: Path, answers: Path, *, name: str | None = None) -> Score:
    """Score a trainee's answers file (JSON spans or a [[marked-up]] copy) against the drill's key."""
    key = load_key(drill)
    marks, left_out = read_answers(Path(answers), key)
    return score_marks(key, marks, name=name or Path(answers).stem, left_out=left_out)


def score_tool(drill: Path, checker: Checker, *, sources: Path | None = None) -> Score:
    """Run provcheck on the drill's doctored briefing and score what it raises, like a trainee's marks.

    What it lists as left out by the briefing answers the drill's omissions; it
    looks for them whether or not the briefing has a conclusion.
    """
    key = load_key(drill)
    folder = Path(sources) if sources else (Path(drill) / key.sources)
    report = looking_for_omissions(checker).check(Path(drill) / key.doctored_file, sources=folder)
    return score_marks(key, tool_marks(report), name=TOOL_NAME, left_out=tool_left_out(report))


def looking_for_omissions(checker: Checker) -> Checker:
    """``checker``, or one with the same models whose settings look for omissions in every briefing."""
    if checker.settings.omissions is True:
        return checker
    return Checker(checker.settings.model_copy(update={"omissions": True}), embedder=checker.embedder,
                   verifier=checker.verifier)


def save_score(drill: Path, score: Score) -> Path:
    """Keep a score in ``drill/scores/<name>.json`` for the debrief; the name is made file-safe."""
    safe = re.sub(r"[^A-Za-z0-9_-]+", "_", score.name).strip("_") or "trainee"
    path = Path(drill) / "scores" / f"{safe}.json"
    write_text(path, score.model_dump_json(indent=2) + "\n")
    return path


def scores_of(drill: Path) -> list[Score]:
    """Every saved score of a drill, the tool's last."""
    folder = Path(drill) / "scores"
    scores = [Score.model_validate(json.loads(p.read_text(encoding="utf-8")))
              for p in sorted(folder.glob("*.json"))] if folder.is_dir() else []
    return sorted(scores, key=lambda s: (s.name == TOOL_NAME, s.name))


def write_debrief(drill: Path, output: Path | None = None) -> Path:
    """Write the HTML debrief (default ``drill/debrief.html``) from the key and the saved scores."""
    path = Path(output) if output else Path(drill) / "debrief.html"
    write_text(path, render_debrief(load_key(drill), scores_of(drill)))
    return path
