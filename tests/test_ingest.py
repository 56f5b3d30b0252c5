"""Ingest: every format to a Document, and every bad input to one clear error."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from provcheck.errors import EmptyInputError, FileTooLargeError, UnreadableFileError, UnsupportedFormatError
from provcheck.ingest import read_document, read_sources

from .conftest import DEMO


def test_text_file_has_hash_and_text(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"Fans arrived at 2pm.\r\n")
    doc = read_document(path)
    assert doc.text == "Fans arrived at 2pm.\n"
    assert doc.sha256 == hashlib.sha256(b"Fans arrived at 2pm.\r\n").hexdigest()


def test_front_matter_is_metadata_and_offsets_are_kept(tmp_path: Path) -> None:
    raw = "---\ntitle: Log\ngrading: 2/B/1\ndate: 2026-10-03\n---\nBody text."
    path = tmp_path / "a.md"
    path.write_text(raw, encoding="utf-8")
    doc = read_document(path)
    assert doc.metadata.title == "Log" and doc.metadata.grading == "2/B/1" and doc.metadata.date == "2026-10-03"
    assert doc.text[raw.index("Body"):] == "Body text."
    assert "title" not in doc.text


def test_sidecar_metadata(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Body.", encoding="utf-8")
    (tmp_path / "a.meta.yaml").write_text("originator: PC Hart\ngrading: B2\nsource_ref: X1\n", encoding="utf-8")
    doc = read_document(tmp_path / "a.txt")
    assert doc.metadata.originator == "PC Hart" and doc.metadata.grading == "B2"
    assert doc.metadata.extra == {"source_ref": "X1"}


def test_html_drops_scripts_and_styles(tmp_path: Path) -> None:
    path = tmp_path / "a.html"
    path.write_text("<html><head><title>T</title><style>p{color:red}</style></head><body>"
                    "<script>alert('5,000 fans')</script><p>About 1,200 fans.</p></body></html>", encoding="utf-8")
    doc = read_document(path)
    assert doc.text == "About 1,200 fans."
    assert doc.metadata.title == "T"


def test_demo_sources_all_read() -> None:
    docs = read_sources(DEMO / "sources")
    kinds = {Path(d.path).suffix for d in docs}
    assert {".txt", ".md", ".html", ".eml", ".docx", ".pdf"} <= kinds
    news = next(d for d in docs if d.path.endswith(".html"))
    assert "<script" not in news.text and "function" not in news.text
    pdf = next(d for d in docs if d.path.endswith(".pdf"))
    assert len(pdf.pages) == 2 and pdf.page_of(pdf.pages[1].start) == 2
    assert all(d.metadata.grading for d in docs)


def test_docx_and_pdf_round_trip(tmp_path: Path) -> None:
    import docx
    from fpdf import FPDF

    document = docx.Document()
    document.add_paragraph("Twelve supporters were arrested.")
    document.save(tmp_path / "a.docx")
    assert read_document(tmp_path / "a.docx").text == "Twelve supporters were arrested."
    pdf = FPDF()
    for text in ("Page one text.", "Page two text."):
        pdf.add_page()
        pdf.set_font("helvetica", size=12)
        pdf.cell(text=text)
    pdf.output(str(tmp_path / "a.pdf"))
    doc = read_document(tmp_path / "a.pdf")
    assert [doc.text[p.start:p.end] for p in doc.pages] == ["Page one text.", "Page two text."]


@pytest.mark.parametrize(
    ("name", "data", "error", "words"),
    [
        ("latin1.txt", "caf\u00e9".encode("latin-1"), UnreadableFileError, "UTF-8"),
        ("binary.txt", b"\x00\x01\x02binary", UnreadableFileError, "binary"),
        ("broken.pdf", b"%PDF-1.4 not really a pdf", UnreadableFileError, "PDF"),
        ("broken.docx", b"PK\x03\x04 not a zip", UnreadableFileError, "docx"),
        ("image.png", b"\x89PNG", UnsupportedFormatError, "unsupported"),
    ],
)
def test_bad_files_name_the_file(tmp_path: Path, name: str, data: bytes, error: type, words: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(error) as caught:
        read_document(path)
    assert name in str(caught.value) and words in str(caught.value)


def test_encrypted_pdf(tmp_path: Path) -> None:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.encrypt("secret")
    with (tmp_path / "locked.pdf").open("wb") as handle:
        writer.write(handle)
    with pytest.raises(UnreadableFileError, match="encrypted"):
        read_document(tmp_path / "locked.pdf")


def _pdf_bytes(text: str = "Kick-off is at 12:30 at Kelder Park.") -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(text=text)
    return bytes(pdf.output())


def test_a_pdf_with_only_an_owner_password_is_opened(tmp_path: Path) -> None:
    import io

    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(_pdf_bytes())))
    writer.encrypt(user_password="", owner_password="owner-only")  # opens in any viewer; editing is restricted
    with (tmp_path / "restricted.pdf").open("wb") as handle:
        writer.write(handle)
    assert read_document(tmp_path / "restricted.pdf").text == "Kick-off is at 12:30 at Kelder Park."


def test_a_truncated_pdf_gives_one_error_and_nothing_on_stderr(tmp_path: Path) -> None:
    import subprocess
    import sys

    data = _pdf_bytes()
    (tmp_path / "cut.pdf").write_bytes(data[: len(data) // 2])
    with pytest.raises(UnreadableFileError, match="cut.pdf: corrupt or unreadable PDF"):
        read_document(tmp_path / "cut.pdf")
    # outside pytest (whose log capture would swallow it) pypdf's "EOF marker not found" reached stderr
    code = ("import sys; from provcheck.ingest import read_document\n"
            "try: read_document(sys.argv[1])\nexcept Exception as err: print(type(err).__name__)")
    run = subprocess.run([sys.executable, "-c", code, str(tmp_path / "cut.pdf")], capture_output=True, text=True)
    assert run.stdout.strip() == "UnreadableFileError" and run.stderr == ""


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32", "utf-8-sig"])
def test_unicode_text_with_a_byte_order_mark_is_read(tmp_path: Path, encoding: str) -> None:
    import codecs

    text = "Kick-off at Kelder Park is at 12:30. Caf\u00e9 \u2014 \u00bd time.\r\n"
    bom = codecs.BOM_UTF16_BE if encoding == "utf-16-be" else b""
    (tmp_path / "note.txt").write_bytes(bom + text.encode(encoding))
    assert read_document(tmp_path / "note.txt").text == text.replace("\r\n", "\n")


def test_size_limit(tmp_path: Path) -> None:
    (tmp_path / "big.txt").write_text("x" * 100, encoding="utf-8")
    with pytest.raises(FileTooLargeError, match="big.txt"):
        read_document(tmp_path / "big.txt", max_bytes=10)


def test_missing_and_empty_sources(tmp_path: Path) -> None:
    with pytest.raises(EmptyInputError, match="not found"):
        read_sources(tmp_path / "nope")
    (tmp_path / "empty").mkdir()
    with pytest.raises(EmptyInputError, match="no source documents"):
        read_sources(tmp_path / "empty")


def test_symlink_outside_folder_is_ignored(tmp_path: Path) -> None:
    outside = tmp_path / "secret.txt"
    outside.write_text("secret", encoding="utf-8")
    folder = tmp_path / "src"
    folder.mkdir()
    (folder / "ok.txt").write_text("fine", encoding="utf-8")
    (folder / "link.txt").symlink_to(outside)
    assert [d.path for d in read_sources(folder)] == ["ok.txt"]


def test_reading_a_folder_reports_progress(tmp_path: Path) -> None:
    for i in range(3):
        (tmp_path / f"{i}.txt").write_text(f"Report {i}.", encoding="utf-8")
    seen: list[tuple[str, int, int]] = []
    docs = read_sources(tmp_path, progress=lambda name, done, total: seen.append((name, done, total)))
    assert [d.path for d in docs] == ["0.txt", "1.txt", "2.txt"]
    assert seen == [("reading 0.txt", 0, 3), ("reading 1.txt", 1, 3), ("reading 2.txt", 2, 3)]


def _briefing_pdf() -> bytes:
    """A title in a larger bold font, a paragraph wrapped before "2026.", a second page, then a list."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", style="B", size=16)
    pdf.multi_cell(0, 10, "Match briefing for Kelder Park", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("helvetica", size=12)
    pdf.multi_cell(55, 6, "The club confirmed that the new stand opens in July 2026. About 1,200 fans are "
                          "expected at the first fixture.", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    pdf.multi_cell(0, 6, "A second paragraph stands apart.", new_x="LMARGIN", new_y="NEXT")
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    for item in ("- Kick-off is at 12:30.", "- Gates open at 11:00."):
        pdf.multi_cell(0, 6, item, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def test_a_pdf_s_wrapped_lines_are_joined_and_its_title_kept_apart(tmp_path: Path) -> None:
    from provcheck.claims.extract import extract_claims
    from provcheck.claims.extract_blocks import text_blocks

    (tmp_path / "b.pdf").write_bytes(_briefing_pdf())
    doc = read_document(tmp_path / "b.pdf")
    blocks = [block for _, block in text_blocks(doc.text)]
    assert blocks == ["Match briefing for Kelder Park",
                      "The club confirmed that the new stand opens in July 2026. About 1,200 fans are expected "
                      "at the first fixture.",
                      "A second paragraph stands apart.",
                      "Kick-off is at 12:30.", "Gates open at 11:00."]
    claims = [c.text for c in extract_claims(doc.text)]
    assert "The club confirmed that the new stand opens in July 2026." in claims
    assert not any("Kelder Park" in text and "club" in text for text in claims)
    pages = [doc.text[p.start:p.end] for p in doc.pages]
    assert pages[0].startswith("Match briefing") and pages[0].endswith("stands apart.")
    assert pages[1] == "- Kick-off is at 12:30.\n\n- Gates open at 11:00."
    assert [doc.page_of(doc.text.index(word)) for word in ("2026", "apart", "Gates")] == [1, 1, 2]
