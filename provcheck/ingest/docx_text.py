"""A Word document's text as it stands: tracked changes accepted, deletions, hidden text and comments left out.

Word shows a document under review with its insertions and deletions
marked. The text read here is the one that would print with every change
accepted: inserted and moved-in text is read, deleted and moved-out text is
not; text formatted as hidden (Word's "Hidden" font effect) is not read, nor
are comments, headers, footers, footnotes or text boxes. What was left out is
counted in words ("2 tracked deletions", "1 comment") for the document's
``not_read`` metadata, so that a reader of the report knows.

>>> import docx
>>> document = docx.Document()
>>> _ = document.add_paragraph("Kick-off is at 3pm.")
>>> docx_text(document)
('Kick-off is at 3pm.', [])
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

__all__ = ["docx_text"]

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_REMOVED = (f"{_W}del", f"{_W}moveFrom")  # tracked deletions: not read
_ADDED = (f"{_W}ins", f"{_W}moveTo")  # tracked insertions: read


def docx_text(document: Any) -> tuple[str, list[str]]:
    """(the text, paragraphs then table rows, with blank lines between; what was left out, in words)."""
    paragraphs = [_paragraph_text(p) for p in document.paragraphs]
    blocks = [text for text in paragraphs if text.strip()]
    for table in document.tables:
        for row in table.rows:
            blocks.append(" | ".join("\n".join(_paragraph_text(p) for p in cell.paragraphs).strip()
                                     for cell in row.cells))
    return "\n\n".join(blocks), _left_out(document)


def _paragraph_text(paragraph: Any) -> str:
    """The paragraph's runs as they stand: inserted runs read, deleted and hidden ones not."""
    from docx.text.run import Run

    return "".join(Run(r, paragraph).text for r in _runs(paragraph._p) if not _hidden(r))


def _runs(p: Any) -> Iterator[Any]:
    """The runs of paragraph element ``p`` in order (inside insertions, links and fields too), deletions left out,
    and none of a paragraph nested in it (a text box)."""
    for child in p:
        if child.tag == f"{_W}r":
            yield child
        elif child.tag not in _REMOVED and child.tag not in (f"{_W}pPr", f"{_W}p"):
            yield from _runs(child)


def _hidden(r: Any) -> bool:
    """A run formatted as hidden text (``w:vanish``), which Word neither shows nor prints by default."""
    vanish = r.find(f"{_W}rPr/{_W}vanish")
    return vanish is not None and vanish.get(f"{_W}val", "true").lower() not in ("0", "false", "off")


def _left_out(document: Any) -> list[str]:
    """What the text leaves out, counted: tracked deletions, hidden runs and comments (insertions are read)."""
    body = document.element.body
    counts = {
        "tracked deletion": sum(1 for tag in _REMOVED for e in body.iter(tag) if _has_text(e)),
        "run of hidden text": sum(1 for r in body.iter(f"{_W}r") if _hidden(r) and _has_text(r)),
        "comment": _comments(document),
    }
    return [f"{n} {what if n == 1 else _plural(what)}" for what, n in counts.items() if n]


def _has_text(element: Any) -> bool:
    return any((t.text or "").strip() for tag in (f"{_W}t", f"{_W}delText") for t in element.iter(tag))


def _comments(document: Any) -> int:
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    try:
        part = document.part.part_related_by(RT.COMMENTS)
    except KeyError:
        return 0
    element = getattr(part, "element", None)
    return 0 if element is None else len(element.findall(f"{_W}comment"))


def _plural(what: str) -> str:
    return what.replace("run of", "runs of") if what.startswith("run of") else what + "s"
