"""One reader per file type: bytes in, plain text (plus page map and metadata) out."""

from __future__ import annotations

import codecs
import email
import email.policy
import io
import logging
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from provcheck.errors import UnreadableFileError
from provcheck.ingest.docx_text import docx_text
from provcheck.ingest.pdf_hidden import described, drop_hidden_text
from provcheck.ingest.pdf_lines import join_lines, page_lines
from provcheck.schema import PageSpan

__all__ = ["READERS", "Extracted"]


@dataclass
class Extracted:
    """What a reader returns before the Document is assembled."""

    text: str
    pages: list[PageSpan] = field(default_factory=list)
    metadata: dict[str, Any] = field(default_factory=dict)
    front_matter: bool = False


Reader = Callable[[Path, bytes], Extracted]


# Byte-order marks of the Unicode encodings read besides UTF-8 (UTF-32 first: its LE mark starts as UTF-16's).
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def decode_text(path: Path, data: bytes) -> str:
    """UTF-8 text (or UTF-16/32 with a byte-order mark), refusing binary content and other encodings.

    >>> decode_text(Path("note.txt"), "Kick-off is at 3pm.\\r\\n".encode("utf-16"))
    'Kick-off is at 3pm.\\n'
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding).replace("\r\n", "\n")
            except UnicodeDecodeError as err:
                raise UnreadableFileError(f"{path}: starts as {encoding.upper()} but is not valid "
                                          f"{encoding.upper()} (byte {err.start}); re-save it as UTF-8") from err
    if b"\x00" in data[:8192]:
        raise UnreadableFileError(f"{path}: looks like a binary file, not text; check the file type")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise UnreadableFileError(
            f"{path}: not valid UTF-8 (byte {err.start}); re-save the file as UTF-8"
        ) from err
    return text.replace("\r\n", "\n")


def _plain(path: Path, data: bytes) -> Extracted:
    return Extracted(decode_text(path, data))


def _markdown(path: Path, data: bytes) -> Extracted:
    return Extracted(decode_text(path, data), front_matter=True)


def _html(path: Path, data: bytes) -> Extracted:
    from selectolax.lexbor import LexborHTMLParser as HTMLParser

    tree = HTMLParser(decode_text(path, data))
    for node in tree.css("script, style, noscript, template"):
        node.decompose()
    meta: dict[str, Any] = {}
    title = tree.css_first("title")
    if title is not None and title.text(strip=True):
        meta["title"] = title.text(strip=True)
    for node in tree.css("meta[name]"):
        name = (node.attributes.get("name") or "").lower()
        if name in {"date", "author", "originator"} and node.attributes.get("content"):
            meta["originator" if name == "author" else name] = node.attributes["content"]
    body = tree.body or tree.root
    if body is None:
        return Extracted("", metadata=meta)
    blocks = [_squash(node.text(separator=" ")) for node in body.css("h1,h2,h3,h4,p,li,td,pre,blockquote")]
    text = "\n\n".join(block for block in blocks if block)
    return Extracted(text or _squash(body.text(separator=" ")), metadata=meta)


def _squash(text: str) -> str:
    return " ".join(text.split())


def _docx(path: Path, data: bytes) -> Extracted:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError, OSError) as err:
        raise UnreadableFileError(f"{path}: not a readable .docx file ({err}); re-save it from Word") from err
    except Exception as err:  # zipfile.BadZipFile and lxml errors
        raise UnreadableFileError(f"{path}: not a readable .docx file ({err}); re-save it from Word") from err
    text, left_out = docx_text(document)
    props = document.core_properties
    meta: dict[str, Any] = {k: v for k, v in {"title": props.title, "originator": props.author}.items() if v}
    if props.created:
        meta["date"] = props.created.date().isoformat()
    if left_out:
        meta["not_read"] = left_out
    return Extracted(text, metadata=meta)


def _pdf(path: Path, data: bytes) -> Extracted:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        with _pypdf_quiet():
            reader = PdfReader(io.BytesIO(data))
            _open_pdf(path, reader)
            hidden = sum((drop_hidden_text(page) for page in reader.pages), Counter())
            texts = [join_lines(page_lines(page)) for page in reader.pages]
    except UnreadableFileError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError, NotImplementedError) as err:
        raise UnreadableFileError(f"{path}: corrupt or unreadable PDF ({err}); re-export it") from err
    pages, parts, offset = [], [], 0
    for number, page_text in enumerate(texts, start=1):
        page_text = page_text.strip()
        pages.append(PageSpan(page=number, start=offset, end=offset + len(page_text)))
        parts.append(page_text)
        offset += len(page_text) + 2
    text = "\n\n".join(parts)
    if not text.strip():
        raise UnreadableFileError(f"{path}: the PDF has no extractable text (a scan?); OCR it first")
    meta: dict[str, Any] = {"not_read": described(hidden)} if hidden else {}
    if reader.metadata and reader.metadata.title:
        meta["title"] = str(reader.metadata.title)
    return Extracted(text, pages=pages, metadata=meta)


def _open_pdf(path: Path, reader: Any) -> None:
    """Open an encrypted PDF with the empty user password (an owner password alone only restricts editing)."""
    from pypdf import PasswordType

    if reader.is_encrypted and reader.decrypt("") == PasswordType.NOT_DECRYPTED:
        raise UnreadableFileError(f"{path}: the PDF needs a password to open; save an unprotected copy")


_QUIET = {"depth": 0, "propagate": True}
_QUIET_LOCK = threading.Lock()


@contextmanager
def _pypdf_quiet() -> Iterator[None]:
    """Keep pypdf's warnings ("EOF marker not found") off stderr: a bad PDF gets one clear error instead.

    Re-entrant across threads: the first reader in silences pypdf's logger, the last one out restores it.
    """
    logger = logging.getLogger("pypdf")
    with _QUIET_LOCK:
        if _QUIET["depth"] == 0:
            _QUIET["propagate"] = logger.propagate
            logger.propagate = False
            logger.addHandler(_NULL)
        _QUIET["depth"] += 1
    try:
        yield
    finally:
        with _QUIET_LOCK:
            _QUIET["depth"] -= 1
            if _QUIET["depth"] == 0:
                logger.removeHandler(_NULL)
                logger.propagate = bool(_QUIET["propagate"])


_NULL = logging.NullHandler()


def _eml(path: Path, data: bytes) -> Extracted:
    message = email.message_from_bytes(data, policy=email.policy.default)
    part = message.get_body(preferencelist=("plain", "html"))  # type: ignore[attr-defined]
    if part is None:
        raise UnreadableFileError(f"{path}: the e-mail has no text body")
    body = part.get_content()
    if part.get_content_type() == "text/html":
        body = _html(path, body.encode("utf-8")).text
    meta = {"title": message.get("subject"), "originator": message.get("from")}
    if message.get("date"):
        try:
            meta["date"] = message["date"].datetime.date().isoformat()
        except (AttributeError, TypeError, ValueError):
            meta["date"] = str(message["date"])
    return Extracted(body.replace("\r\n", "\n"), metadata={k: v for k, v in meta.items() if v})


READERS: dict[str, Reader] = {
    ".txt": _plain,
    ".text": _plain,
    ".md": _markdown,
    ".markdown": _markdown,
    ".html": _html,
    ".htm": _html,
    ".docx": _docx,
    ".pdf": _pdf,
    ".eml": _eml,
}
