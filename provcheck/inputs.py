"""The inputs of one check, read and validated before any model loads.

``provcheck check`` reads the briefing and the sources first, so a missing,
empty, corrupt or wrongly encoded file is refused at once, not after the models
have loaded; then :func:`check_inputs` hands them to a :class:`~provcheck.Checker`.

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> (folder / "src").mkdir()
>>> _ = (folder / "src" / "log.txt").write_text("About 1,200 away fans attended the match.")
>>> _ = (folder / "b.txt").write_text("About 5,000 away fans attended the match.")
>>> inputs = read_inputs(folder / "b.txt", sources=folder / "src", as_of="2026-10-21")
>>> inputs.briefing.metadata.date, [d.path for d in inputs.sources]
('2026-10-21', ['log.txt'])
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict, Field

from provcheck.errors import CorpusError, EmptyInputError, InputError
from provcheck.ingest import read_document, read_sources
from provcheck.schema import Document, Report

if TYPE_CHECKING:
    from provcheck.corpus.store import Progress
    from provcheck.pipeline import Checker

__all__ = ["CheckInputs", "check_inputs", "dated", "read_inputs"]

_DEFAULT_LIMIT = 20_000_000


class CheckInputs(BaseModel):
    """A briefing and what to check it against: an index file (``db``) or the documents of a folder."""

    model_config = ConfigDict(extra="forbid")

    briefing: Document
    db: Path | None = None
    sources: list[Document] = Field(default_factory=list)


def read_inputs(briefing: Path, *, db: Path | None = None, sources: Path | None = None, as_of: str | None = None,
                max_bytes: int = _DEFAULT_LIMIT) -> CheckInputs:
    """Read the briefing (and the sources folder) and check the index exists; an InputError naming the file.

    ``as_of`` (YYYY-MM-DD) is the briefing's date, in place of its metadata's: for a DOCX, PDF or pasted
    briefing without front matter.
    """
    if db is None and sources is None:
        raise EmptyInputError("no sources given; pass --db INDEX or --sources FOLDER")
    if db is not None and str(db) != ":memory:" and not Path(db).is_file():
        raise CorpusError(f"{db}: no corpus index here; build one with: provcheck index SOURCES --db {db}")
    document = read_document(Path(briefing), max_bytes=max_bytes)
    if not document.text.strip():
        raise EmptyInputError(f"{document.path}: the briefing is empty; nothing to check")
    document = dated(document, as_of)
    documents = read_sources(Path(sources), max_bytes=max_bytes) if db is None and sources is not None else []
    return CheckInputs(briefing=document, db=db, sources=documents)


def dated(document: Document, as_of: str | None) -> Document:
    """``document`` with ``as_of`` (YYYY-MM-DD) as its date; unchanged when ``as_of`` is None or blank.

    >>> from provcheck.schema import Document
    >>> dated(Document(path="b.docx", sha256="0", text="Fans met."), "2026-10-21").metadata.date
    '2026-10-21'
    """
    if as_of is None or not as_of.strip():
        return document
    try:
        day = date.fromisoformat(as_of.strip()).isoformat()
    except ValueError as err:
        raise InputError(f"the briefing date {as_of!r} (--as-of) is not a date; write it as YYYY-MM-DD, "
                         "e.g. 2026-10-21") from err
    return document.model_copy(update={"metadata": document.metadata.model_copy(update={"date": day})})


def check_inputs(checker: Checker, inputs: CheckInputs, *, require_checkable: bool = True,
                 progress: Progress | None = None) -> Report:
    """Check the briefing of ``inputs`` against its index, or its sources indexed in memory.

    ``require_checkable=False`` accepts a briefing with no checkable claim (a re-check of a recorded one);
    ``progress(stage, done, total)`` follows the check (:meth:`~provcheck.Checker.check_document`).
    """
    from provcheck.corpus import Store

    if inputs.db is not None:
        store = checker.open_store(inputs.db)
    else:
        store = Store(":memory:", checker.embedder)
        store.update(inputs.sources, progress=_indexing(progress) if progress else None)
    try:
        return checker.check_document(inputs.briefing, store, require_checkable=require_checkable, progress=progress)
    finally:
        store.close()


def _indexing(progress: Progress) -> Progress:
    """The store's per-document progress told as the check's "indexing the sources" stage."""
    return lambda _name, done, total: progress("indexing the sources", done, total)
