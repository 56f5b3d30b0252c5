"""Reading one file or a folder of files into Documents, safely."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from pathlib import Path, PurePath
from typing import Any

from provcheck.errors import EmptyInputError, FileTooLargeError, InputError, UnsupportedFormatError
from provcheck.ingest.metadata import read_sidecar, split_front_matter
from provcheck.ingest.readers import READERS, Extracted, Reader
from provcheck.schema import Document, Metadata

__all__ = ["SUFFIXES", "document_from_bytes", "iter_source_files", "read_document", "read_sources", "reader_of",
           "source_files"]

SUFFIXES = tuple(sorted(READERS))
_DEFAULT_LIMIT = 20_000_000


def read_document(path: Path, *, max_bytes: int = _DEFAULT_LIMIT, name: str | None = None) -> Document:
    """Read one file of a supported type into a Document.

    ``name`` is the path recorded in the Document (defaults to ``path`` as given).
    Raises an :class:`~provcheck.errors.InputError` subclass naming the file.
    """
    path = Path(path)
    data = _read_bytes(path, max_bytes)
    return document_from_bytes(data, path=path, name=name or str(path), sidecar=read_sidecar(path))


def reader_of(path: Path) -> Reader:
    """The reader for ``path``'s type; an :class:`~provcheck.errors.UnsupportedFormatError` naming it if none."""
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        raise UnsupportedFormatError(
            f"{path}: unsupported file type {path.suffix or '(none)'!r}; "
            f"use one of {', '.join(SUFFIXES)}"
        )
    return reader


def document_from_bytes(data: bytes, *, path: PurePath, name: str,
                        sidecar: dict[str, Any] | None = None) -> Document:
    """The Document of a file's bytes: the reader of ``path``'s type, then sidecar and front-matter metadata.

    Files, uploads and pasted text all come through here, so a pasted Markdown
    briefing's front matter is metadata, as it is in a file.

    >>> doc = document_from_bytes(b"---\\ndate: 2026-10-24\\n---\\nKick-off is at 3pm.", path=PurePath("b.md"),
    ...                           name="b.md")
    >>> doc.metadata.date, doc.text.strip()
    ('2026-10-24', 'Kick-off is at 3pm.')
    """
    extracted: Extracted = reader_of(Path(path))(Path(path), data)
    metadata = _merge(extracted.metadata, sidecar or {})
    text, front = split_front_matter(extracted.text) if extracted.front_matter else (extracted.text, {})
    metadata = _merge(metadata, front)
    return Document(
        path=name,
        sha256=hashlib.sha256(data).hexdigest(),
        text=text,
        metadata=Metadata.model_validate(metadata) if metadata else Metadata(),
        pages=extracted.pages,
    )


def iter_source_files(folder: Path) -> Iterator[Path]:
    """The supported files under ``folder``, sorted, never leaving it.

    Sidecar ``*.meta.yaml`` files, hidden files and symbolic links that point
    outside the folder are skipped.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise EmptyInputError(f"{folder}: sources folder not found; pass a folder of source documents")
    root = folder.resolve()
    for path in sorted(folder.rglob("*")):
        if path.name.startswith(".") or path.name.endswith(".meta.yaml"):
            continue
        if not path.is_file() or path.suffix.lower() not in READERS:
            continue
        if not path.resolve().is_relative_to(root):
            continue
        yield path


def read_sources(folder: Path, *, max_bytes: int = _DEFAULT_LIMIT,
                 progress: Callable[[str, int, int], None] | None = None) -> list[Document]:
    """Read every supported file under ``folder``; paths are recorded relative to it.

    ``progress(name, done, total)`` is called before each file is read (for a progress bar on a big folder).
    """
    folder = Path(folder)
    paths = source_files(folder)
    documents = []
    for i, path in enumerate(paths):
        name = path.relative_to(folder).as_posix()
        if progress:
            progress(f"reading {name}", i, len(paths))
        documents.append(read_document(path, max_bytes=max_bytes, name=name))
    return documents


def source_files(folder: Path) -> list[Path]:
    """The supported files under ``folder`` (see :func:`iter_source_files`); an error naming it if none.

    Cheap (nothing is read), so a command can refuse a missing or empty folder before loading models.
    """
    found = list(iter_source_files(Path(folder)))
    if not found:
        raise EmptyInputError(f"{folder}: no source documents found; add files of type {', '.join(SUFFIXES)}")
    return found


def _read_bytes(path: Path, max_bytes: int) -> bytes:
    if not path.is_file():
        raise InputError(f"{path}: file not found; check the path")
    size = path.stat().st_size
    if size > max_bytes:
        raise FileTooLargeError(
            f"{path}: {size:,} bytes is over the {max_bytes:,}-byte limit; "
            "split the file or raise max_file_bytes"
        )
    return path.read_bytes()


def _merge(base: dict[str, object], extra: dict[str, object]) -> dict[str, object]:
    known = {"title", "date", "originator", "grading", "kind"}
    merged = dict(base)
    for key, value in extra.items():
        if key in known:
            merged[key] = None if value is None else str(value)
        else:
            merged.setdefault("extra", {})
            merged["extra"] = {**merged["extra"], key: value}  # type: ignore[dict-item]
    return merged
