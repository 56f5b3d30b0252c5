"""Corpus index: one SQLite file, incremental by hash, one transaction, hybrid search."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from provcheck import Checker
from provcheck.corpus import HashingEmbedder, Store, hybrid_search
from provcheck.corpus.passages import split_passages
from provcheck.errors import CorpusError, UnreadableFileError


def test_index_is_incremental(fast_checker: Checker, sources: Path, tmp_path: Path) -> None:
    db = tmp_path / "c.db"
    first = fast_checker.index(sources, db)
    assert first["added"] == 3 and first["passages"] >= 4
    again = fast_checker.index(sources, db)
    assert again["unchanged"] == 3 and again["added"] == again["updated"] == 0
    (sources / "news.txt").write_text("Eastmoor Rovers lost 0-3.\n", encoding="utf-8")
    (sources / "log.txt").unlink()
    third = fast_checker.index(sources, db)
    assert third["updated"] == 1 and third["removed"] == 1 and third["unchanged"] == 1
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT count(*) FROM documents").fetchone()[0] == 2
    fts = conn.execute("SELECT count(*) FROM passages_fts").fetchone()[0]
    assert fts == conn.execute("SELECT count(*) FROM passages").fetchone()[0]


def test_bad_file_leaves_index_untouched(fast_checker: Checker, sources: Path, tmp_path: Path) -> None:
    db = tmp_path / "c.db"
    fast_checker.index(sources, db)
    before = db.read_bytes()
    (sources / "bad.txt").write_bytes(b"\xff\xfe\x00binary")
    with pytest.raises(UnreadableFileError):
        fast_checker.index(sources, db)
    assert db.read_bytes() == before


def test_failed_first_index_leaves_no_file(fast_checker: Checker, sources: Path, tmp_path: Path) -> None:
    (sources / "bad.txt").write_bytes(b"\x00binary")
    with pytest.raises(UnreadableFileError):
        fast_checker.index(sources, tmp_path / "new.db")
    assert not (tmp_path / "new.db").exists()


def test_passages_slice_document_text() -> None:
    text = "Fixture: A v B\nDate: 3 October\n\nFans arrived. Police made no arrests.\n- One ejection."
    spans = split_passages(text)
    assert [text[s:e] for s, e in spans] == ["Fixture: A v B", "Date: 3 October", "Fans arrived.",
                                             "Police made no arrests.", "One ejection."]


def test_prose_straight_under_a_heading_is_a_passage() -> None:
    text = "# Gove shows his ignorance of history\nThe education secretary attacked historians.\nHe wrote in 2014."
    assert [text[s:e] for s, e in split_passages(text)] == [
        "The education secretary attacked historians.", "He wrote in 2014."]


def test_hybrid_search_finds_lexical_and_dense(fast_checker: Checker, sources: Path, tmp_path: Path) -> None:
    db = tmp_path / "c.db"
    fast_checker.index(sources, db)
    store = Store(db, HashingEmbedder())
    vector = store.embedder.embed(["kick-off time"])[0]
    hits = hybrid_search(store, "When was kick-off?", vector, top_k=3, candidates=10)
    assert hits and "Kick-off" in hits[0].text
    docs = {d.path: d for d in store.documents()}
    assert all(docs[h.document].text[h.start:h.end] == h.text for h in hits)


def test_wrong_embedder_is_refused(fast_checker: Checker, sources: Path, tmp_path: Path) -> None:
    db = tmp_path / "c.db"
    fast_checker.index(sources, db)

    class Other(HashingEmbedder):
        name = "other"

    with pytest.raises(CorpusError, match="embedder"):
        Store(db, Other())


def test_not_a_database(tmp_path: Path) -> None:
    (tmp_path / "x.db").write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(CorpusError, match="x.db"):
        Store(tmp_path / "x.db", HashingEmbedder())
