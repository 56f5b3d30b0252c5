"""What the corpus page shows: each configured index, its documents and when they were indexed.

>>> from provcheck.web.config import CorpusConfig
>>> describe(CorpusConfig(name="none", db="/nonexistent/x.db")).indexed
False
"""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing

from pydantic import BaseModel, ConfigDict, Field

from provcheck.errors import CorpusError
from provcheck.web.config import CorpusConfig

__all__ = ["CorpusInfo", "DocumentInfo", "describe"]


class DocumentInfo(BaseModel):
    """One indexed source document."""

    model_config = ConfigDict(extra="forbid")

    path: str
    sha256: str
    title: str | None = None
    date: str | None = None
    grading: str | None = None
    indexed_at: str | None = Field(None, description="UTC time the document was (re)indexed")
    not_read: list[str] = Field(default_factory=list,
                                description="what the file holds that its text leaves out (\"2 tracked deletions\")")


class CorpusInfo(BaseModel):
    """A configured corpus as the corpus page and ``GET /api/corpora`` show it."""

    model_config = ConfigDict(extra="forbid")

    name: str
    indexed: bool = Field(description="the index file exists and holds documents")
    can_reindex: bool = Field(description="a sources folder is configured for re-indexing")
    passages: int = 0
    documents: list[DocumentInfo] = Field(default_factory=list)
    last_indexed: str | None = None


def describe(corpus: CorpusConfig) -> CorpusInfo:
    """Read the index at ``corpus.db`` (read-only) into a :class:`CorpusInfo`."""
    info = CorpusInfo(name=corpus.name, indexed=False, can_reindex=corpus.sources is not None)
    if not corpus.db.is_file():
        return info
    uri = corpus.db.resolve().as_uri() + "?mode=ro"
    try:
        with closing(sqlite3.connect(uri, uri=True)) as conn:
            rows = conn.execute("SELECT path, sha256, metadata, indexed_at FROM documents ORDER BY path").fetchall()
            info.passages = int(conn.execute("SELECT count(*) FROM passages").fetchone()[0])
    except sqlite3.DatabaseError as err:
        raise CorpusError(f"corpus {corpus.name!r}: the index cannot be read ({err}); re-index it") from err
    info.documents = [_document(*row) for row in rows]
    info.indexed = bool(info.documents)
    info.last_indexed = max((d.indexed_at for d in info.documents if d.indexed_at), default=None)
    return info


def _document(path: str, sha256: str, metadata: str, indexed_at: str | None) -> DocumentInfo:
    meta = json.loads(metadata or "{}")
    return DocumentInfo(path=path, sha256=sha256, title=meta.get("title"), date=meta.get("date"),
                        grading=meta.get("grading"), indexed_at=indexed_at, not_read=meta.get("not_read") or [])
