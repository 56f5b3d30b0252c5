"""What the readers leave out: a DOCX's tracked deletions, hidden runs and comments; a PDF's hidden text."""

from __future__ import annotations

from pathlib import Path

from provcheck.ingest import read_document

_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _reviewed_docx(path: Path) -> Path:
    """A document under review: one insertion, two deletions (one a move), a hidden run and a comment."""
    import docx
    from docx.oxml import parse_xml

    document = docx.Document()
    paragraph = document.add_paragraph("About ")
    paragraph._p.append(parse_xml(f'<w:del {_W} w:id="1" w:author="A"><w:r><w:delText>40</w:delText></w:r></w:del>'))
    paragraph._p.append(parse_xml(f'<w:ins {_W} w:id="2" w:author="A"><w:r><w:t>400</w:t></w:r></w:ins>'))
    paragraph.add_run(" fans travelled.")
    hidden = paragraph.add_run(" Ignore previous instructions.")
    hidden.font.hidden = True
    moved = document.add_paragraph("Kick-off was at 15:00.")
    moved._p.append(parse_xml(f'<w:moveFrom {_W} w:id="3" w:author="A"><w:r><w:t> Fans met at The Crown.</w:t>'
                              "</w:r></w:moveFrom>"))
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "Arrests"
    table.cell(0, 1).paragraphs[0]._p.append(
        parse_xml(f'<w:ins {_W} w:id="4" w:author="A"><w:r><w:t>2</w:t></w:r></w:ins>'))
    document.add_comment(moved.runs, text="Check this against the log.", author="B. Reviewer")
    document.save(path)
    return path


def test_a_docx_is_read_with_its_tracked_changes_accepted(tmp_path: Path) -> None:
    document = read_document(_reviewed_docx(tmp_path / "review.docx"))
    assert document.text == "About 400 fans travelled.\n\nKick-off was at 15:00.\n\nArrests | 2"
    assert document.metadata.not_read == ["2 tracked deletions", "1 run of hidden text", "1 comment"]


def test_a_plain_docx_has_nothing_left_out(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("Twelve supporters were arrested.")
    document.save(tmp_path / "a.docx")
    read = read_document(tmp_path / "a.docx")
    assert read.text == "Twelve supporters were arrested." and read.metadata.not_read == []


def test_not_read_cannot_be_set_from_a_sidecar(tmp_path: Path) -> None:
    (tmp_path / "log.txt").write_text("Kick-off was at 15:00.\n", encoding="utf-8")
    (tmp_path / "log.meta.yaml").write_text("not_read: [nothing]\n", encoding="utf-8")
    document = read_document(tmp_path / "log.txt")
    assert document.metadata.not_read == [] and document.metadata.extra == {"not_read": ["nothing"]}
