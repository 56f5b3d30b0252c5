"""Reliability of the ledger file: SIGKILL at random moments, concurrent writers, schema migrations."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from provcheck.errors import LedgerError
from provcheck.ledger import Ledger
from provcheck.ledger import store as ledger_store
from provcheck.ledger.chain import GENESIS, canonical, entry_hash, sha256_hex
from provcheck.ledger.core import check_content
from provcheck.ledger.testing import tiny_report

KILLS = 220

# One process imports provcheck once, then forks writers and SIGKILLs each after a random short time.
# Each writer prints "seq hash" after every append that returned; the driver collects those lines.
_CRASH_DRIVER = """
import os, random, select, signal, sys, time
from provcheck.ledger import Ledger
from provcheck.ledger.testing import tiny_report
path, acks, kills = sys.argv[1], sys.argv[2], int(sys.argv[3])
report, rng = tiny_report("Kick-off at Kelder Park is at 12:30."), random.Random(5)
Ledger(path).close()
with open(acks, "a") as out:
    for i in range(kills):
        r, w = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(r)
            ledger = Ledger(path)
            while True:
                entry = ledger.append_check(report)
                os.write(w, f"{entry.seq} {entry.hash}\\n".encode())
        os.close(w)
        got = b""
        if i % 4 == 0:  # every fourth writer gets at least one append done, however loaded the machine
            if select.select([r], [], [], 10.0)[0]:
                got = os.read(r, 1 << 16)
        time.sleep(rng.uniform(0.0, 0.04))
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        while chunk := os.read(r, 1 << 16):
            got += chunk
        os.close(r)
        out.write(got.decode())
print(kills)
"""

_WRITER = """
import os, sys, time
from provcheck.ledger import Ledger
from provcheck.ledger.testing import tiny_report
path, start, name, count = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
while not os.path.exists(start):
    time.sleep(0.005)
with Ledger(path) as ledger:
    for i in range(count):
        entry = ledger.append_check(tiny_report(f"{name} claim {i} about Kelder Park."))
        print(entry.seq, entry.hash, flush=True)
"""


def _acked(text: str) -> dict[int, str]:
    return {int(seq): digest for seq, digest in (line.split() for line in text.splitlines() if line.strip())}


def test_sigkill_at_random_moments_loses_no_returned_append(tmp_path: Path) -> None:
    path, acks = tmp_path / "ledger.db", tmp_path / "acks.txt"
    done = subprocess.run([sys.executable, "-c", _CRASH_DRIVER, str(path), str(acks), str(KILLS)],
                          capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stderr
    assert int(done.stdout) == KILLS >= 200
    acked = _acked(acks.read_text())
    with Ledger(path) as ledger:
        result = ledger.verify()
        stored = {e.seq: e.hash for e in ledger.entries()}
    assert result.ok, result.problem
    assert len(acked) >= KILLS // 4
    assert all(stored.get(seq) == digest for seq, digest in acked.items())
    assert sorted(stored) == list(range(1, len(stored) + 1))


def test_concurrent_writers_lose_nothing(tmp_path: Path) -> None:
    """Four processes create the ledger and append at once while this one verifies it."""
    path, start, writers, count = tmp_path / "ledger.db", tmp_path / "go", 4, 25
    procs = [subprocess.Popen([sys.executable, "-c", _WRITER, str(path), str(start), f"w{n}", str(count)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for n in range(writers)]
    start.touch()
    checks = []
    with Ledger(path) as reader:  # verifying while the writers append always sees a consistent chain
        while any(p.poll() is None for p in procs):
            checks.append(reader.verify())
    assert checks and all(r.ok for r in checks), [r.problem for r in checks if not r.ok]
    outputs = [p.communicate(timeout=300) for p in procs]
    assert all(p.returncode == 0 for p in procs), [err for _, err in outputs]
    acked = [_acked(out) for out, _ in outputs]
    with Ledger(path) as ledger:
        result = ledger.verify()
        stored = {e.seq: e for e in ledger.entries()}
    assert result.ok and result.entries == writers * count
    for n, mine in enumerate(acked):
        assert len(mine) == count
        texts = {stored[seq].content.report.briefing_text for seq in mine}  # type: ignore[union-attr]
        assert texts == {f"w{n} claim {i} about Kelder Park." for i in range(count)}
        assert all(stored[seq].hash == digest for seq, digest in mine.items())


def _version_1_ledger(path: Path, entries: int) -> list[str]:
    """A ledger file as version 1 wrote it: no head, no signature or listing columns."""
    conn = sqlite3.connect(path, isolation_level=None)
    ledger_store.MIGRATIONS[0](conn)
    conn.execute("INSERT INTO schema_version VALUES (1)")
    prev, hashes = GENESIS, list[str]()
    for i in range(entries):
        text = canonical(check_content(tiny_report(f"Old claim {i}.", name=f"old-{i}.md")).model_dump(mode="json"))
        created = f"2025-01-0{i + 1}T09:00:00.000000+00:00"
        digest = sha256_hex(text)
        prev = entry_hash(seq=i + 1, created=created, kind="check", prev_hash=prev, content_sha256=digest)
        conn.execute("INSERT INTO entries VALUES (?, ?, 'check', ?, ?, ?, ?)",
                     (i + 1, created, hashes[-1] if hashes else GENESIS, digest, prev, text.decode()))
        hashes.append(prev)
    conn.close()
    return hashes


def _tables(path: Path) -> tuple[int, set[str]]:
    conn = sqlite3.connect(path)
    version = conn.execute("SELECT version FROM schema_version").fetchone()[0]
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    conn.close()
    return version, tables


def test_version_1_ledger_is_upgraded_on_open(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    hashes = _version_1_ledger(path, 3)
    assert _tables(path)[0] == 1
    with Ledger(path) as ledger:
        assert ledger.verify().ok and ledger.head() == hashes[-1]
        assert [e.seq for e in ledger.entries()] == [1, 2, 3]
        from provcheck.ledger import EntryFilter

        assert [e.seq for e in ledger.entries(EntryFilter(briefing="old-1"))] == [2]
        assert ledger.append_check(tiny_report()).prev_hash == hashes[-1]
        assert ledger.signoff(2, "A. Shaw", "reject").seq == 5
        assert ledger.verify().ok
    version, tables = _tables(path)
    assert version == ledger_store.SCHEMA_VERSION == 2 and {"head", "entries_no_update"} <= tables


def test_failed_migration_leaves_the_old_file_untouched(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "old.db"
    _version_1_ledger(path, 2)

    def half_then_fail(conn: sqlite3.Connection) -> None:
        conn.execute("ALTER TABLE entries ADD COLUMN signature TEXT")
        raise RuntimeError("disk full")

    monkeypatch.setattr(ledger_store, "MIGRATIONS", [ledger_store.MIGRATIONS[0], half_then_fail])
    with pytest.raises(RuntimeError, match="disk full"):
        Ledger(path)
    version, tables = _tables(path)
    assert version == 1 and "head" not in tables
    columns = [r[1] for r in sqlite3.connect(path).execute("PRAGMA table_info(entries)")]
    assert "signature" not in columns
    monkeypatch.undo()
    with Ledger(path) as ledger:
        assert ledger.verify().ok and ledger.verify().entries == 2


def test_newer_or_foreign_files_are_refused(tmp_path: Path) -> None:
    newer = tmp_path / "newer.db"
    Ledger(newer).close()
    conn = sqlite3.connect(newer)
    conn.execute("UPDATE schema_version SET version = 99")
    conn.commit()
    conn.close()
    with pytest.raises(LedgerError, match="newer"):
        Ledger(newer)
    foreign = tmp_path / "corpus.db"
    sqlite3.connect(foreign).execute("CREATE TABLE passages (id INTEGER)").connection.close()
    with pytest.raises(LedgerError, match="not a provcheck ledger"):
        Ledger(foreign)
    garbage = tmp_path / "garbage.db"
    garbage.write_bytes(b"not sqlite at all" * 100)
    with pytest.raises(LedgerError, match="not a usable provcheck ledger"):
        Ledger(garbage)
