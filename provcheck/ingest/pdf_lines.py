"""A PDF page's text as paragraphs: wrapped lines joined, headings and separate paragraphs kept apart.

pypdf gives a page's text line by line, as it is laid out: a sentence wrapped
before "2026." comes out as two lines, and a title sits on the line above the
first sentence. Here each line's height on the page and font size (read with
pypdf's text visitor) decide whether the next line carries on the same
paragraph (same font, the usual line spacing: joined with a space) or starts a
new block (a larger or bold heading, a wider gap, a list item: a blank line
between them), the way pdfminer's layout analysis groups lines into text boxes.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Line", "join_lines", "page_lines"]

_ITEM = re.compile(r"^\s*(?:[-*\u2022\u25aa\u2013]\s|\d{1,3}[.)]\s|\(?[a-z]\)\s)")
_GAP = 1.3  # a gap this much wider than the page's line spacing starts a paragraph
_LEADING = 1.75  # ... and so does one wider than this many font sizes
_SIZE = 0.5  # font sizes further apart than this (points) are different styles


@dataclass
class Line:
    """One line of a page as pypdf lays it out: its text, height on the page, font size and boldness."""

    text: str = ""
    y: float | None = None
    size: float = 0.0
    bold: bool = True
    runs: int = field(default=0, repr=False)

    def add(self, text: str, y: float, size: float, bold: bool) -> None:
        """Add a run of text set at height ``y`` in a font of ``size`` points."""
        self.text += text
        if not text.strip():
            return
        self.y = y if self.y is None else self.y
        self.size = max(self.size, size)
        self.bold = self.bold and bold
        self.runs += 1


def page_lines(page: Any) -> list[Line]:
    """The lines of a pypdf page, in pypdf's reading order, each with its height and font."""
    lines = [Line()]

    def visit(text: str, cm: list[float], tm: list[float], font: Any, size: float) -> None:
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        scale = abs(cm[3] * tm[3]) or 1.0
        bold = isinstance(font, dict) and "bold" in str(font.get("/BaseFont", "")).lower()
        first, *rest = text.split("\n")
        lines[-1].add(first, y, size * scale, bold)
        for part in rest:
            lines.append(Line())
            lines[-1].add(part, y, size * scale, bold)

    page.extract_text(visitor_text=visit)
    return [line for line in lines if line.text.strip()]


def join_lines(lines: list[Line]) -> str:
    """The page's text: lines of one paragraph joined by a space, paragraphs and headings by a blank line.

    >>> body = [Line("The stand opens in July", 700, 12, False), Line("2026.", 686, 12, False)]
    >>> join_lines([Line("Match briefing", 730, 16, True)] + body)
    'Match briefing\\n\\nThe stand opens in July 2026.'
    """
    if not lines:
        return ""
    pitch = _line_pitch(lines)
    out = [lines[0].text.strip()]
    for before, line in zip(lines, lines[1:], strict=False):
        text = line.text.strip()
        if _carries_on(before, line, pitch):
            out[-1] += text if out[-1].endswith("-") and out[-1][-2:-1].isalpha() else " " + text
        else:
            out.append(text)
    return "\n\n".join(out)


def _line_pitch(lines: list[Line]) -> float | None:
    """The usual distance between two lines of one paragraph on this page (the smallest common gap)."""
    gaps = [a.y - b.y for a, b in zip(lines, lines[1:], strict=False)
            if a.y is not None and b.y is not None and _same_style(a, b) and a.y - b.y >= 0.5 * a.size]
    if not gaps:
        return None
    small = [gap for gap in gaps if gap <= min(gaps) * _GAP]
    return statistics.median(small)


def _carries_on(before: Line, line: Line, pitch: float | None) -> bool:
    if before.y is None or line.y is None or not _same_style(before, line) or _ITEM.match(line.text):
        return False
    gap = before.y - line.y
    if gap <= 0 or gap > _LEADING * max(before.size, 1.0):
        return False
    return pitch is None or gap <= pitch * _GAP


def _same_style(a: Line, b: Line) -> bool:
    return abs(a.size - b.size) <= _SIZE and a.bold == b.bold
