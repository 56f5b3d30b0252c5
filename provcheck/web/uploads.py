"""Uploaded or pasted briefings -> Documents, in memory: no request path reaches the file system.

>>> doc = document_from_upload("note.md", b"Kick-off is at 3pm.", max_bytes=1000)
>>> doc.path, doc.text
('note.md', 'Kick-off is at 3pm.')
>>> document_from_upload("../../etc/passwd.txt", b"x", max_bytes=1000).path
'passwd.txt'
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath, PureWindowsPath

from provcheck.errors import EmptyInputError, FileTooLargeError, UnreadableFileError, UnsupportedFormatError
from provcheck.ingest.files import document_from_bytes
from provcheck.schema import Document
from provcheck.web.config import UPLOAD_SUFFIXES

__all__ = ["document_from_text", "document_from_upload", "safe_name"]

_MAGIC = {".pdf": b"%PDF-", ".docx": b"PK\x03\x04"}


def safe_name(filename: str, *, default: str = "briefing.txt") -> str:
    """The last component of a client-sent file name, with odd characters replaced; a label only.

    >>> safe_name("C:\\\\Users\\\\x\\\\brief <1>.md")
    'brief _1_.md'
    """
    base = PureWindowsPath(PurePosixPath(filename or "").name).name
    base = re.sub(r"[^A-Za-z0-9._ -]", "_", base).strip(" .")[:100]
    return base or default


def document_from_upload(filename: str, data: bytes, *, max_bytes: int) -> Document:
    """Read an uploaded .txt, .md, .docx or .pdf briefing from its bytes.

    The suffix must be allowed and the content must look like that type; the
    name is kept only as a label.
    """
    name = safe_name(filename)
    suffix = PurePosixPath(name).suffix.lower()
    if suffix not in UPLOAD_SUFFIXES:
        raise UnsupportedFormatError(f"{name}: upload a briefing of type {', '.join(UPLOAD_SUFFIXES)}")
    if len(data) > max_bytes:
        raise FileTooLargeError(f"{name}: {len(data):,} bytes is over the {max_bytes:,}-byte upload limit; "
                                "split the briefing or paste its text")
    if not data.strip():
        raise EmptyInputError(f"{name}: the file is empty; choose the briefing file")
    magic = _MAGIC.get(suffix)
    if magic and not data.startswith(magic):
        raise UnreadableFileError(f"{name}: this is not a {suffix} file; check the file you chose")
    return document_from_bytes(data, path=PurePosixPath(name), name=name)


def document_from_text(text: str, *, name: str = "pasted briefing", max_chars: int) -> Document:
    """A briefing pasted into the page, read as a Markdown file would be (front matter is metadata).

    >>> document_from_text("Kick-off is at 3pm.\\r\\n", max_chars=100).text
    'Kick-off is at 3pm.\\n'
    >>> document_from_text("---\\ndate: 2026-10-24\\n---\\nKick-off is at 3pm.", max_chars=100).metadata.date
    '2026-10-24'
    """
    if len(text) > max_chars:
        raise FileTooLargeError(f"the pasted text has {len(text):,} characters, over the {max_chars:,} limit; "
                                "upload the file or check a shorter part")
    if not text.strip():
        raise EmptyInputError("the briefing is empty; paste its text or choose a file")
    label = safe_name(name, default="pasted briefing")
    return document_from_bytes(text.encode("utf-8"), path=PurePosixPath("pasted.md"), name=label)
