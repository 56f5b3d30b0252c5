"""Rebuild the ready drills from ``sound-briefing.md`` and the demo sources.

Writes ``sound-briefing.txt`` and ``sound-briefing.docx`` (the same paragraphs,
without the Markdown headings) and one drill folder per format:

    /work/main/.venv/bin/python corpora/drills/build_drills.py
"""

from __future__ import annotations

import re
from pathlib import Path

import docx

from provcheck import Checker, Settings
from provcheck.drills import make_drill

HERE = Path(__file__).resolve().parent
SOURCES = HERE.parent / "demo" / "sources"
DRILLS = (("drill-1-md", "sound-briefing.md", 1), ("drill-2-txt", "sound-briefing.txt", 2),
          ("drill-3-docx", "sound-briefing.docx", 3))


def paragraphs() -> list[str]:
    """The briefing's paragraphs, front matter and headings left out."""
    body = re.sub(r"\A---\n.*?\n---\n", "", (HERE / "sound-briefing.md").read_text(encoding="utf-8"), flags=re.S)
    return [p.strip() for p in body.split("\n\n") if p.strip() and not p.lstrip().startswith("#")]


def write_formats() -> None:
    """The plain-text and Word copies of the sound briefing."""
    (HERE / "sound-briefing.txt").write_text("\n\n".join(paragraphs()) + "\n", encoding="utf-8")
    document = docx.Document()
    document.core_properties.title = "Match-day briefing: Eastmoor Rovers v Harrowgate Town"
    for paragraph in paragraphs():
        document.add_paragraph(paragraph)
    document.save(str(HERE / "sound-briefing.docx"))


def main() -> None:
    write_formats()
    checker = Checker(Settings(embedder="hashing", verifier="rules"))
    for folder, briefing, seed in DRILLS:
        key = make_drill(HERE / briefing, SOURCES, HERE / folder, count=8, seed=seed, checker=checker)
        print(f"{folder}: {len(key.plants)} plants")


if __name__ == "__main__":
    main()
