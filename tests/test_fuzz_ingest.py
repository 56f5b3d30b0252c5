"""Every reader, fuzzed: any bytes give a Document or one clear InputError naming the file, within a time limit."""

from __future__ import annotations

from pathlib import Path, PurePath

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from provcheck.errors import InputError
from provcheck.ingest.files import SUFFIXES, document_from_bytes, read_document
from provcheck.ingest.metadata import read_sidecar, split_front_matter
from provcheck.schema import Document

from .fuzzing import EML_SEED, FUZZ, HTML_SEED, MD_SEED, TEXT, docx_seed, docx_with_body, mutated, pdf_seed, within


def read_or_refuse(data: bytes, suffix: str) -> Document | None:
    """Read ``data`` as a file of type ``suffix``; None when refused with an InputError that names the file."""
    name = f"fuzzed{suffix}"
    with within():
        try:
            document = document_from_bytes(data, path=PurePath(name), name=name)
        except InputError as err:
            assert name in str(err) or "metadata" in str(err), f"the error does not say which file: {err}"
            return None
    assert isinstance(document, Document)
    for page in document.pages:
        assert 0 <= page.start <= page.end <= len(document.text)
    return document


@pytest.mark.parametrize("suffix", SUFFIXES)
@FUZZ
@given(data=st.binary(max_size=2000))
@example(data=b"")
@example(data=b"\xff\xfe\x00")
@example(data=b"\xef\xbb\xbf")
def test_random_bytes_in_every_format(suffix: str, data: bytes) -> None:
    read_or_refuse(data, suffix)


@pytest.mark.parametrize("suffix", [".txt", ".md", ".html", ".eml"])
@FUZZ
@given(text=TEXT)
def test_random_text_in_every_text_format(suffix: str, text: str) -> None:
    document = read_or_refuse(text.encode("utf-8", "surrogatepass"), suffix)
    if document is not None and suffix == ".txt":
        assert document.text == text.removeprefix("\ufeff").replace("\r\n", "\n")


@FUZZ
@given(data=mutated(HTML_SEED))
def test_mutated_html(data: bytes) -> None:
    read_or_refuse(data, ".html")


@FUZZ
@given(data=mutated(EML_SEED))
def test_mutated_email(data: bytes) -> None:
    read_or_refuse(data, ".eml")


@FUZZ
@given(data=mutated(MD_SEED))
def test_mutated_markdown_front_matter(data: bytes) -> None:
    read_or_refuse(data, ".md")


@FUZZ
@given(data=mutated(docx_seed()))
def test_mutated_docx(data: bytes) -> None:
    read_or_refuse(data, ".docx")


@FUZZ
@given(body=st.one_of(TEXT, mutated(b'<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
                                    b'wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Fans</w:t></w:r></w:p>'
                                    b'</w:body></w:document>').map(lambda b: b.decode("latin-1"))))
def test_docx_with_fuzzed_document_xml(body: str) -> None:
    read_or_refuse(docx_with_body(body), ".docx")


@FUZZ
@given(data=mutated(pdf_seed()))
def test_mutated_pdf(data: bytes) -> None:
    read_or_refuse(data, ".pdf")


YAML_BITS = ["title: ", "date: ", "grading: ", "extra: ", "- ", "? ", "&a ", "*a ", "!!binary ", "!!python/object ",
             "!!set ", "{", "}", "[", "]", "2026-10-03", "12:30:00", "~", "null", "yes", "0x1F", ".inf", "'", '"',
             ":", "\n", "  ", "\t", "<<: *a", "%YAML 1.1\n", "--- ", "...", "#", "|", ">"]
YAML_TEXT = st.one_of(st.text(max_size=200), st.lists(st.sampled_from(YAML_BITS) | st.text(max_size=5),
                                                      max_size=40).map("".join))


@FUZZ
@given(yaml_text=YAML_TEXT)
@example(yaml_text="a: &a [*a]")
@example(yaml_text="when: 2026-10-03 12:30:00\nextra: !!set {a, b}")
def test_front_matter_yaml(yaml_text: str) -> None:
    text = f"---\n{yaml_text}\n---\nFans arrived.\n"
    with within():
        try:
            body, meta = split_front_matter(text)
        except InputError as err:
            assert "front matter" in str(err)
            return
    assert len(body) == len(text) and isinstance(meta, dict)
    read_or_refuse(text.encode("utf-8", "surrogatepass"), ".md")


@FUZZ
@given(yaml_text=YAML_TEXT, raw=st.binary(max_size=300))
def test_sidecar_yaml(tmp_path: Path, yaml_text: str, raw: bytes) -> None:
    source = tmp_path / "log.txt"
    source.write_text("Fans arrived.", encoding="utf-8")
    for data in (yaml_text.encode("utf-8", "surrogatepass"), raw):
        (tmp_path / "log.meta.yaml").write_bytes(data)
        with within():
            try:
                assert isinstance(read_sidecar(source), dict)
                read_document(source)
            except InputError as err:
                assert "log.meta.yaml" in str(err)
