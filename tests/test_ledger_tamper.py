"""Tampering with the ledger file outside provcheck: every edit, deletion or reordering is found and named."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from provcheck.ledger import Ledger
from provcheck.ledger.testing import tiny_report

N = 6


@pytest.fixture()
def ledger_file(tmp_path: Path) -> Path:
    """Six entries: three checks, each followed by a sign-off."""
    path = tmp_path / "ledger.db"
    with Ledger(path) as ledger:
        for i in range(N // 2):
            check = ledger.append_check(tiny_report(f"Claim number {i} about Kelder Park.", verdict="supported"))
            ledger.signoff(check.seq, f"Reviewer {i}", "approve")
    return path


def _raw(path: Path) -> sqlite3.Connection:
    """A plain SQLite connection, as an attacker would open it, with the append-only triggers removed."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("DROP TRIGGER entries_no_update")
    conn.execute("DROP TRIGGER entries_no_delete")
    return conn


def _verify(path: Path) -> tuple[bool, int | None, str]:
    with Ledger(path) as ledger:
        result = ledger.verify()
    return result.ok, result.first_bad, result.problem or ""


def test_untouched_ledger_verifies(ledger_file: Path) -> None:
    assert _verify(ledger_file) == (True, None, "")


def test_triggers_refuse_updates_and_deletes(ledger_file: Path) -> None:
    conn = sqlite3.connect(ledger_file)
    for sql in ("UPDATE entries SET created = 'x' WHERE seq = 1", "DELETE FROM entries WHERE seq = 1"):
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            conn.execute(sql)
    conn.close()
    assert _verify(ledger_file)[0]


def _edit_content(conn: sqlite3.Connection, seq: int) -> None:
    (content,) = conn.execute("SELECT content FROM entries WHERE seq = ?", (seq,)).fetchone()
    data = json.loads(content)
    if data["kind"] == "check":
        data["report"]["claims"][0]["verdict"] = "unsupported"
    else:
        data["decision"] = "reject"
    conn.execute("UPDATE entries SET content = ? WHERE seq = ?", (json.dumps(data), seq))


def _edit_time(conn: sqlite3.Connection, seq: int) -> None:
    conn.execute("UPDATE entries SET created = '2020-01-01T00:00:00.000000+00:00' WHERE seq = ?", (seq,))


def _edit_listing(conn: sqlite3.Connection, seq: int) -> None:
    conn.execute("UPDATE entries SET reviewer = 'Someone Else', briefing = 'other.md' WHERE seq = ?", (seq,))


def _swap_with_next(conn: sqlite3.Connection, seq: int) -> None:
    conn.execute("UPDATE entries SET seq = -1 WHERE seq = ?", (seq,))
    conn.execute("UPDATE entries SET seq = ? WHERE seq = ?", (seq, seq + 1))
    conn.execute("UPDATE entries SET seq = ? WHERE seq = -1", (seq + 1,))


def _delete(conn: sqlite3.Connection, seq: int) -> None:
    conn.execute("DELETE FROM entries WHERE seq = ?", (seq,))


EDITS: dict[str, Callable[[sqlite3.Connection, int], None]] = {
    "content": _edit_content, "time": _edit_time, "listing": _edit_listing, "delete": _delete,
}


@pytest.mark.parametrize("seq", range(1, N + 1))
@pytest.mark.parametrize("edit", sorted(EDITS))
def test_any_edit_of_any_row_is_named(ledger_file: Path, edit: str, seq: int) -> None:
    conn = _raw(ledger_file)
    EDITS[edit](conn, seq)
    conn.close()
    ok, first_bad, problem = _verify(ledger_file)
    assert not ok
    assert first_bad == seq and f"entry {seq}" in problem


@pytest.mark.parametrize("seq", range(1, N))
def test_reordering_rows_is_named(ledger_file: Path, seq: int) -> None:
    conn = _raw(ledger_file)
    _swap_with_next(conn, seq)
    conn.close()
    ok, first_bad, problem = _verify(ledger_file)
    assert (ok, first_bad) == (False, seq) and f"entry {seq}" in problem


@pytest.mark.parametrize("seq", range(1, N + 1))
def test_rehashed_edit_is_caught_by_the_next_link_or_the_head(ledger_file: Path, seq: int) -> None:
    """An attacker who also recomputes the edited entry's hashes still breaks the link after it."""
    from provcheck.ledger.chain import content_sha256, entry_hash

    conn = _raw(ledger_file)
    _edit_content(conn, seq)
    content, created, kind, prev = conn.execute(
        "SELECT content, created, kind, prev_hash FROM entries WHERE seq = ?", (seq,)).fetchone()
    digest = content_sha256(content)
    new_hash = entry_hash(seq=seq, created=created, kind=kind, prev_hash=prev, content_sha256=digest)
    conn.execute("UPDATE entries SET content_sha256 = ?, hash = ?, verdicts = ?, reviewer = reviewer WHERE seq = ?",
                 (digest, new_hash, "unsupported" if kind == "check" else None, seq))
    conn.close()
    ok, first_bad, problem = _verify(ledger_file)
    assert not ok
    assert first_bad == (seq + 1 if seq < N else seq), problem


def test_row_added_outside_provcheck_is_named(ledger_file: Path) -> None:
    """A well-formed entry appended by hand (chain intact) is caught by the head record."""
    from provcheck.ledger.chain import entry_hash

    conn = _raw(ledger_file)
    row = conn.execute("SELECT created, kind, hash, content_sha256, content, briefing, verdicts FROM entries "
                       "WHERE seq = 5").fetchone()
    created, kind, prev, digest, content, briefing, verdicts = row
    prev6 = conn.execute("SELECT hash FROM entries WHERE seq = 6").fetchone()[0]
    forged = entry_hash(seq=7, created=created, kind=kind, prev_hash=prev6, content_sha256=digest)
    conn.execute("INSERT INTO entries (seq, created, kind, prev_hash, content_sha256, hash, content, briefing, "
                 "verdicts) VALUES (7, ?, ?, ?, ?, ?, ?, ?, ?)",
                 (created, kind, prev6, digest, forged, content, briefing, verdicts))
    conn.close()
    ok, first_bad, problem = _verify(ledger_file)
    assert (ok, first_bad) == (False, 7) and "outside" in problem and prev


def test_removed_head_record_is_reported(ledger_file: Path) -> None:
    conn = _raw(ledger_file)
    conn.execute("DELETE FROM head")
    conn.close()
    ok, _, problem = _verify(ledger_file)
    assert not ok and "head" in problem
