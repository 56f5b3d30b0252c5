"""The corpus index: one SQLite file with documents, passages, FTS5 and vectors."""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from provcheck.corpus.embed import Embedder
from provcheck.corpus.passages import split_passages
from provcheck.errors import CorpusError
from provcheck.schema import Document, Metadata, PageSpan, Passage

__all__ = ["IndexStats", "Store"]

SCHEMA_VERSION = 1
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS documents (
    id INTEGER PRIMARY KEY, path TEXT NOT NULL UNIQUE, sha256 TEXT NOT NULL,
    metadata TEXT NOT NULL, pages TEXT NOT NULL, text TEXT NOT NULL,
    indexed_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP);
CREATE TABLE IF NOT EXISTS passages (
    id INTEGER PRIMARY KEY, document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    start INTEGER NOT NULL, end INTEGER NOT NULL, text TEXT NOT NULL, vector BLOB NOT NULL);
CREATE INDEX IF NOT EXISTS passages_document ON passages(document_id);
CREATE VIRTUAL TABLE IF NOT EXISTS passages_fts USING fts5(text, tokenize='porter unicode61');
"""

Progress = Callable[[str, int, int], None]


class IndexStats(dict[str, int]):
    """Counts of what an update did: added, updated, unchanged, removed, passages."""


class Store:
    """A corpus index in one SQLite file (or ``":memory:"``).

    >>> from provcheck.corpus.embed import HashingEmbedder
    >>> from provcheck.schema import Document
    >>> store = Store(":memory:", HashingEmbedder())
    >>> doc = Document(path="a.txt", sha256="0" * 64, text="Fans arrived at 2pm.")
    >>> store.update([doc])["added"]
    1
    >>> store.lexical_search("arrived", limit=3)[0].text
    'Fans arrived at 2pm.'
    """

    def __init__(self, path: str | Path, embedder: Embedder) -> None:
        self.path = str(path)
        self.embedder = embedder
        try:
            self._conn = sqlite3.connect(self.path)
            self._conn.execute("PRAGMA foreign_keys = ON")
            self._conn.executescript(_SCHEMA)
        except sqlite3.DatabaseError as err:
            raise CorpusError(f"{self.path}: not a provcheck corpus database ({err}); choose another --db") from err
        self._check_meta()
        self._matrix: np.ndarray | None = None
        self._ids: np.ndarray | None = None

    def close(self) -> None:
        """Close the database connection."""
        self._conn.close()

    def _check_meta(self) -> None:
        meta = dict(self._conn.execute("SELECT key, value FROM meta").fetchall())
        if not meta:
            with self._conn:
                self._conn.executemany(
                    "INSERT INTO meta VALUES (?, ?)",
                    [("schema_version", str(SCHEMA_VERSION)), ("embedder", self.embedder.name),
                     ("dim", str(self.embedder.dim))],
                )
            return
        if meta.get("schema_version") != str(SCHEMA_VERSION):
            raise CorpusError(
                f"{self.path}: index schema {meta.get('schema_version')} is not {SCHEMA_VERSION}; "
                "re-index into a new --db"
            )
        if meta.get("embedder") != self.embedder.name:
            raise CorpusError(
                f"{self.path}: built with embedder {meta.get('embedder')!r}, not {self.embedder.name!r}; "
                "re-index into a new --db or use the same embedder"
            )

    def update(self, documents: Sequence[Document], *, progress: Progress | None = None) -> IndexStats:
        """Make the index hold exactly ``documents``, in one transaction.

        Unchanged files (same path and SHA-256) cost nothing; changed ones are
        re-split and re-embedded; files no longer present are dropped.
        """
        known = dict(self._conn.execute("SELECT path, sha256 FROM documents").fetchall())
        wanted = {doc.path: doc for doc in documents}
        todo = [doc for doc in documents if known.get(doc.path) != doc.sha256]
        prepared = [self._prepare(doc, i, len(todo), progress) for i, doc in enumerate(todo)]
        stats = IndexStats(added=0, updated=0, removed=0, passages=0)
        stats["unchanged"] = len(documents) - len(todo)
        with self._conn:
            self._conn.execute("BEGIN IMMEDIATE")
            for path in set(known) - set(wanted):
                self._delete(path)
                stats["removed"] += 1
            for doc, spans, vectors in prepared:
                stats["updated" if doc.path in known else "added"] += 1
                self._delete(doc.path)
                stats["passages"] += self._insert(doc, spans, vectors)
        self._matrix = None
        return stats

    def _prepare(self, doc: Document, i: int, total: int, progress: Progress | None):  # type: ignore[no-untyped-def]
        if progress:
            progress(doc.path, i, total)
        spans = split_passages(doc.text)
        vectors = self.embedder.embed([doc.text[s:e] for s, e in spans])
        return doc, spans, vectors

    def _delete(self, path: str) -> None:
        row = self._conn.execute("SELECT id FROM documents WHERE path = ?", (path,)).fetchone()
        if row is None:
            return
        self._conn.execute(
            "DELETE FROM passages_fts WHERE rowid IN (SELECT id FROM passages WHERE document_id = ?)", row
        )
        self._conn.execute("DELETE FROM documents WHERE id = ?", row)

    def _insert(self, doc: Document, spans: list[tuple[int, int]], vectors: np.ndarray) -> int:
        cursor = self._conn.execute(
            "INSERT INTO documents (path, sha256, metadata, pages, text) VALUES (?, ?, ?, ?, ?)",
            (doc.path, doc.sha256, doc.metadata.model_dump_json(),
             json.dumps([p.model_dump() for p in doc.pages]), doc.text),
        )
        doc_id = cursor.lastrowid
        for (start, end), vector in zip(spans, vectors, strict=True):
            text = doc.text[start:end]
            row = self._conn.execute(
                "INSERT INTO passages (document_id, start, end, text, vector) VALUES (?, ?, ?, ?, ?)",
                (doc_id, start, end, text, vector.astype(np.float32).tobytes()),
            )
            self._conn.execute("INSERT INTO passages_fts (rowid, text) VALUES (?, ?)", (row.lastrowid, text))
        return len(spans)

    def documents(self) -> list[Document]:
        """Every indexed document, with its text and metadata, by path."""
        rows = self._conn.execute("SELECT path, sha256, metadata, pages, text FROM documents ORDER BY path")
        return [
            Document(path=path, sha256=sha, text=text, metadata=Metadata.model_validate_json(meta),
                     pages=[PageSpan.model_validate(p) for p in json.loads(pages)])
            for path, sha, meta, pages, text in rows
        ]

    def passage_count(self) -> int:
        """How many passages the index holds."""
        return int(self._conn.execute("SELECT count(*) FROM passages").fetchone()[0])

    def lexical_search(self, query: str, *, limit: int) -> list[Passage]:
        """BM25 over passage text (FTS5); the score is the negated BM25 rank."""
        words = {w for w in re.findall(r"\w+", query.lower()) if len(w) > 1}
        if not words:
            return []
        match = " OR ".join(f'"{w}"' for w in sorted(words))
        rows = self._conn.execute(
            f"SELECT rowid, -bm25(passages_fts) FROM passages_fts WHERE passages_fts MATCH ? "
            f"ORDER BY bm25(passages_fts) LIMIT {int(limit)}",
            (match,),
        ).fetchall()
        return self._passages(rows)

    def dense_search(self, vector: np.ndarray, *, limit: int) -> list[Passage]:
        """Nearest passages by cosine similarity."""
        matrix, ids = self._vectors()
        if len(ids) == 0:
            return []
        scores = matrix @ vector.astype(np.float32)
        top = np.argsort(-scores)[:limit]
        return self._passages([(int(ids[i]), float(scores[i])) for i in top])

    def context(self, passage: Passage) -> str:
        """The document's title and the passage just before ``passage``: what it refers back to."""
        row = self._conn.execute(
            "SELECT d.metadata, (SELECT p.text FROM passages p "
            "WHERE p.id = q.id - 1 AND p.document_id = q.document_id) "
            "FROM passages q JOIN documents d ON d.id = q.document_id WHERE q.id = ?",
            (passage.id,),
        ).fetchone()
        if row is None:
            return ""
        title = json.loads(row[0]).get("title") or ""
        return f"{title}\n{row[1] or ''}".strip()

    def window(self, passage: Passage, neighbours: int) -> str:
        """``passage`` with up to ``neighbours`` sentences either side of it, from the same document.

        >>> from provcheck.corpus.embed import HashingEmbedder
        >>> from provcheck.schema import Document
        >>> store = Store(":memory:", HashingEmbedder())
        >>> _ = store.update([Document(path="a.txt", sha256="0" * 64, text="One. Two. Three. Four.")])
        >>> [middle] = store.lexical_search("Two", limit=1)
        >>> store.window(middle, 1)
        'One. Two. Three.'
        """
        if neighbours == 0:
            return passage.text
        rows = self._conn.execute(
            "SELECT p.text FROM passages p JOIN passages q ON q.id = ? AND p.document_id = q.document_id "
            "WHERE p.id BETWEEN ? AND ? ORDER BY p.id",
            (passage.id, passage.id - neighbours, passage.id + neighbours),
        ).fetchall()
        return " ".join(text for (text,) in rows) or passage.text

    def passages_by_document(self) -> dict[str, list[Passage]]:
        """Every passage of the index, by document path, in document order."""
        rows = self._conn.execute(
            "SELECT p.id, d.path, d.sha256, p.text, p.start, p.end FROM passages p "
            "JOIN documents d ON d.id = p.document_id ORDER BY d.path, p.start").fetchall()
        found: dict[str, list[Passage]] = {}
        for pid, path, sha, text, start, end in rows:
            found.setdefault(path, []).append(Passage(id=pid, document=path, sha256=sha, text=text, start=start,
                                                      end=end, score=0.0))
        return found

    def vectors(self, ids: Sequence[int]) -> np.ndarray:
        """The stored vectors of the given passages, in order."""
        matrix, all_ids = self._vectors()
        where = {int(pid): row for row, pid in enumerate(all_ids)}
        return matrix[[where[int(pid)] for pid in ids]]

    def _vectors(self) -> tuple[np.ndarray, np.ndarray]:
        if self._matrix is None:
            rows = self._conn.execute("SELECT id, vector FROM passages ORDER BY id").fetchall()
            self._ids = np.array([r[0] for r in rows], dtype=np.int64)
            self._matrix = (np.frombuffer(b"".join(r[1] for r in rows), dtype=np.float32)
                            .reshape(len(rows), self.embedder.dim) if rows
                            else np.zeros((0, self.embedder.dim), dtype=np.float32))
        assert self._ids is not None
        return self._matrix, self._ids

    def _passages(self, scored: list[tuple[int, float]]) -> list[Passage]:
        if not scored:
            return []
        ids = [pid for pid, _ in scored]
        marks = ",".join("?" * len(ids))
        rows = self._conn.execute(
            f"SELECT p.id, d.path, d.sha256, p.text, p.start, p.end FROM passages p "
            f"JOIN documents d ON d.id = p.document_id WHERE p.id IN ({marks})", ids,
        ).fetchall()
        by_id = {r[0]: r for r in rows}
        return [
            Passage(id=pid, document=by_id[pid][1], sha256=by_id[pid][2], text=by_id[pid][3],
                    start=by_id[pid][4], end=by_id[pid][5], score=score)
            for pid, score in scored if pid in by_id
        ]
