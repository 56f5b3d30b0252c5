"""Drivers of the crash tests: run a real ``provcheck`` command in a child process and SIGKILL it part-way.

Run as ``python -m tests.crashing index|signoff FOLDER KILLS``: one process imports provcheck once, then
forks a child per kill that runs the command line (``provcheck.cli.main``) and kills it after a random
time; after each kill it opens the file as the next command would and records what it found. It prints
one JSON object of tallies; ``bad`` lists every kill that left something other than the state before or
the state after.

``make test`` runs a few kills per command (``PROVCHECK_KILLS`` unset: 5); ``make soak`` runs 200 each.
"""

from __future__ import annotations

import json
import os
import random
import re
import signal
import sqlite3
import sys
import time
from collections.abc import Callable
from pathlib import Path

KILLS = int(os.environ.get("PROVCHECK_KILLS", "5"))

Snapshot = frozenset[tuple[str, str]]


def run_child(commands: Callable[[int], list[str] | None], out: int) -> int:
    """Fork a child running ``provcheck commands(0)``, ``commands(1)``... (until None) with its output on ``out``.

    The output is flushed after each command, so what the parent reads was printed after the command's work.
    """
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        os.dup2(out, 1)
        os.dup2(os.open(os.devnull, os.O_WRONLY), 2)
        from provcheck.cli import main

        code, n = 0, 0
        while code == 0 and (args := commands(n)) is not None:
            try:
                main(args, standalone_mode=False)
            except BaseException:  # noqa: BLE001 - the child reports by its exit code only
                code = 1
            sys.stdout.flush()
            n += 1
        os._exit(code)
    return pid


def kill_after(pid: int, delay: float) -> bool:
    """SIGKILL ``pid`` after ``delay`` seconds; whether the kill landed (the child had not finished)."""
    time.sleep(delay)
    os.kill(pid, signal.SIGKILL)
    _, status = os.waitpid(pid, 0)
    return os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL


def write_sources(folder: Path, generation: int, files: int = 40) -> None:
    """Generation ``generation`` of a sources folder: every file's text changed, a few files added or gone."""
    for old in folder.glob("*.txt"):
        old.unlink()
    for j in range(files - generation % 5):
        (folder / f"log{j:03d}.txt").write_text(
            f"Generation {generation}, log {j}. About {j + generation} fans arrived at Kelder Park at 15:00.\n\n"
            f"No arrests were made. PC Riley said the gates opened at 14:{j % 60:02d}.\n" * 3, encoding="utf-8")


def index_snapshot(db: Path) -> Snapshot | str:
    """The (path, sha256) of every indexed document, opened as the next command would; a string when damaged.

    No file and a file with no documents are both the empty index (``provcheck check`` refuses either and
    says to run ``provcheck index``): a first build killed before its one transaction commits leaves the latter,
    its tables perhaps not all created yet (the next open creates the rest).
    """
    from provcheck.corpus.embed import HashingEmbedder
    from provcheck.corpus.store import Store
    from provcheck.errors import CorpusError

    if not db.exists():
        return frozenset()
    try:  # a journal left by a killed writer is rolled back, and a schema cut short completed, here
        Store(db, HashingEmbedder()).close()
    except CorpusError as err:
        return f"refused: {err}"
    conn = sqlite3.connect(db)
    try:
        problems = [row[0] for row in conn.execute("PRAGMA integrity_check")]
        documents = frozenset(conn.execute("SELECT path, sha256 FROM documents"))
        counts = conn.execute(
            "SELECT (SELECT count(*) FROM passages), (SELECT count(*) FROM passages_fts), "
            "(SELECT count(*) FROM passages WHERE document_id NOT IN (SELECT id FROM documents)), "
            "(SELECT count(*) FROM documents WHERE id NOT IN (SELECT document_id FROM passages))").fetchone()
    except sqlite3.DatabaseError as err:
        return f"unreadable: {err}"
    finally:
        conn.close()
    if problems != ["ok"] or counts[0] != counts[1] or counts[2] or counts[3]:
        return f"inconsistent: {problems[:3]}, passages/fts/orphans/empty {counts}"
    return documents


def sources_snapshot(folder: Path) -> Snapshot:
    from provcheck.ingest import read_sources

    return frozenset((d.path, d.sha256) for d in read_sources(folder))


def kill_index(folder: Path, kills: int) -> dict:
    """SIGKILL ``provcheck index`` part-way ``kills`` times; each fourth run builds a new index from nothing."""
    from provcheck.config import Settings
    from provcheck.pipeline import Checker

    Checker(Settings(embedder="hashing"))  # the child forks with the models' code already imported
    sources, db = folder / "sources", folder / "index.db"
    sources.mkdir(exist_ok=True)
    args = ["index", str(sources), "--db", str(db), "--embedder", "hashing"]

    def once(n: int) -> list[str] | None:
        return None if n else args
    write_sources(sources, 0)
    null = os.open(os.devnull, os.O_WRONLY)
    started = time.monotonic()
    _, status = os.waitpid(run_child(once, null), 0)
    took = time.monotonic() - started
    assert status == 0 and index_snapshot(db) == sources_snapshot(sources), "the first index run failed"
    rng, tally = random.Random(23), {"kills": kills, "landed": 0, "mid_write": 0, "before": 0, "after": 0,
                                     "fresh": 0, "bad": []}
    for i in range(1, kills + 1):
        if i % 4 == 0:
            db.unlink(missing_ok=True)
            tally["fresh"] += 1
        before = index_snapshot(db)
        write_sources(sources, i)
        after = sources_snapshot(sources)
        pid = run_child(once, null)
        if i % 2 and _wait_for(Path(f"{db}-journal"), pid, took * 3):  # every other kill inside the write
            tally["landed"] += kill_after(pid, rng.uniform(0.0, 0.02))
        else:
            tally["landed"] += kill_after(pid, rng.uniform(0.0, took))
        tally["mid_write"] += Path(f"{db}-journal").exists()
        _record(tally, i, index_snapshot(db), before, after)
    return tally


def _wait_for(path: Path, pid: int, limit: float) -> bool:
    """Poll until ``path`` exists (the child has begun to write); False when the child ends or ``limit`` passes."""
    end = time.monotonic() + limit
    while not path.exists():
        if time.monotonic() > end or os.waitid(os.P_PID, pid, os.WEXITED | os.WNOHANG | os.WNOWAIT):
            return False
        time.sleep(0.0005)
    return True


def _record(tally: dict, i: int, found: Snapshot | str, before: Snapshot, after: Snapshot) -> None:
    if found == before:
        tally["before"] += 1
    elif found == after:
        tally["after"] += 1
    else:
        tally["bad"].append(f"kill {i}: {found if isinstance(found, str) else f'{len(found)} documents'}")


_DONE = re.compile(r"sign-off recorded as entry (\d+): .* \(hash ([0-9a-f]{64})\)")


def kill_signoff(folder: Path, kills: int) -> dict:
    """SIGKILL a child running ``provcheck signoff`` again and again; the chain verifies after each kill."""
    import provcheck.cli  # noqa: F401 - the child forks with the command line already imported
    from provcheck.ledger import Ledger
    from provcheck.ledger.testing import tiny_report

    path = folder / "ledger.db"
    with Ledger(path) as ledger:
        ledger.append_check(tiny_report("Kick-off at Kelder Park is at 12:30.", omitted=["No arrests."]))
    rng, acked = random.Random(29), dict[int, str]()
    tally = {"kills": kills, "landed": 0, "signoffs": 0, "bad": []}
    for i in range(1, kills + 1):
        read, write = os.pipe()
        pid = _signoff_loop(path, write, i)
        os.close(write)
        tally["landed"] += kill_after(pid, rng.uniform(0.0, 0.15))
        acked.update(_acks(read))
        problem = _ledger_problem(path, acked)
        if problem:
            tally["bad"].append(f"kill {i}: {problem}")
    tally["signoffs"] = len(acked)
    return tally


def _signoff_loop(path: Path, out: int, i: int) -> int:
    """A child that runs ``provcheck signoff`` on entry 1 until it is killed, approving and rejecting by turns."""
    approve = ["--decision", "approve", "--override", "c1", "Read by phone.", "--override", "o1", "Known."]

    def command(n: int) -> list[str]:
        decision = approve if n % 2 else ["--decision", "reject"]
        return ["signoff", "1", "--reviewer", f"R{i}.{n}", *decision, "--ledger", str(path)]

    return run_child(command, out)


def _acks(read: int) -> dict[int, str]:
    text = b""
    while chunk := os.read(read, 1 << 16):
        text += chunk
    os.close(read)
    return {int(m.group(1)): m.group(2) for m in _DONE.finditer(text.decode())}


def _ledger_problem(path: Path, acked: dict[int, str]) -> str | None:
    from provcheck.ledger import Ledger

    with Ledger(path) as ledger:
        result = ledger.verify()
        stored = {e.seq: e.hash for e in ledger.entries()}
    if not result.ok:
        return f"the chain fails at entry {result.first_bad}: {result.problem}"
    lost = [seq for seq, digest in acked.items() if stored.get(seq) != digest]
    if lost or sorted(stored) != list(range(1, len(stored) + 1)):
        return f"acknowledged sign-offs lost: {lost[:5]}"
    return None


DRIVERS: dict[str, Callable[[Path, int], dict]] = {"index": kill_index, "signoff": kill_signoff}

if __name__ == "__main__":
    print(json.dumps(DRIVERS[sys.argv[1]](Path(sys.argv[2]), int(sys.argv[3]))))
