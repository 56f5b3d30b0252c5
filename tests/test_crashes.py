"""Crashes that lose nothing: SIGKILL part-way through `index` and `signoff`, a full disk during writes.

The kills run in :mod:`tests.crashing` (a few in ``make test``, 200 each in ``make soak``). A full disk is
simulated with RLIMIT_FSIZE in a child process (SIGXFSZ ignored, so a write past the limit fails with
EFBIG as it would with ENOSPC): mounting a small tmpfs needs root.
"""

from __future__ import annotations

import json
import os
import resource
import signal
import subprocess
import sys
from pathlib import Path

from provcheck.ledger import Ledger
from provcheck.ledger.testing import tiny_report

from .crashing import KILLS

ROOT = Path(__file__).resolve().parents[1]


def _drive(command: str, folder: Path) -> dict:
    done = subprocess.run([sys.executable, "-m", "tests.crashing", command, str(folder), str(KILLS)], cwd=ROOT,
                          capture_output=True, text=True, timeout=1800, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    print(f"\n{command}: {done.stdout.strip()}")  # the tallies, shown by make soak (pytest -s)
    return json.loads(done.stdout)


def test_sigkill_during_index_leaves_it_as_before_or_fully_updated(tmp_path: Path) -> None:
    tally = _drive("index", tmp_path)
    assert tally["bad"] == []
    assert tally["before"] + tally["after"] == tally["kills"] == KILLS
    assert tally["landed"] >= 1 and tally["fresh"] == KILLS // 4


def test_sigkill_during_signoff_keeps_every_acknowledged_entry_and_the_chain(tmp_path: Path) -> None:
    tally = _drive("signoff", tmp_path)
    assert tally["bad"] == []
    assert tally["landed"] == tally["kills"] == KILLS
    with Ledger(tmp_path / "ledger.db") as ledger:
        result = ledger.verify()
        signoffs = ledger.signoffs(1)
    assert result.ok and len(signoffs) >= tally["signoffs"]
    assert {s.content.decision.value for s in signoffs} <= {"approve", "reject"}


def _disk_full(limit: int) -> None:
    """Files this process writes may not grow past ``limit`` bytes (``preexec_fn`` of a child)."""
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))


def test_full_disk_during_a_report_write_names_the_file_and_leaves_the_old_one(tmp_path: Path) -> None:
    sources = tmp_path / "sources"
    sources.mkdir()
    (sources / "log.txt").write_text("About 1,200 away fans attended the match at Kelder Park.\n", encoding="utf-8")
    briefing, report = tmp_path / "briefing.md", tmp_path / "out" / "report.html"
    briefing.write_text("About 1,200 away fans attended the match at Kelder Park.\n" * 40, encoding="utf-8")
    report.parent.mkdir()
    report.write_text("the report of yesterday", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "provcheck", "check", str(briefing), "--sources", str(sources),
                           "--format", "html", "-o", str(report), "--no-ledger", "--verifier", "rules"],
                          capture_output=True, text=True, timeout=600, check=False,
                          preexec_fn=lambda: _disk_full(4096), env={**os.environ, "HF_HUB_OFFLINE": "1"})
    assert done.returncode == 2, done.stderr[-3000:]
    assert str(report) in done.stderr and "could not be written" in done.stderr
    assert "Traceback" not in done.stderr
    assert report.read_text(encoding="utf-8") == "the report of yesterday"
    assert sorted(p.name for p in report.parent.iterdir()) == ["report.html"]


_APPEND_WHEN_FULL = """
import resource, signal, sys
from provcheck.errors import LedgerError
from provcheck.ledger import Ledger
from provcheck.ledger.testing import tiny_report
ledger = Ledger(sys.argv[1])
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
resource.setrlimit(resource.RLIMIT_FSIZE, (1024, 1024))
try:
    ledger.append_check(tiny_report("Kelder Park was full. " * 4000))
except LedgerError as err:
    print(err)
    sys.exit(2)
"""


def test_full_disk_during_a_ledger_append_names_the_file_and_the_chain_verifies(tmp_path: Path) -> None:
    path = tmp_path / "ledger.db"
    with Ledger(path) as ledger:
        first = ledger.append_check(tiny_report("Kick-off at Kelder Park is at 12:30."))
        ledger.signoff(first.seq, "A. Shaw", "reject")
    done = subprocess.run([sys.executable, "-c", _APPEND_WHEN_FULL, str(path)], capture_output=True, text=True,
                          timeout=300, check=False)
    assert done.returncode == 2, done.stderr[-3000:]
    assert str(path) in done.stdout and "could not be read or written" in done.stdout
    with Ledger(path) as ledger:
        assert ledger.verify().ok and [e.seq for e in ledger.entries()] == [1, 2]
        ledger.append_check(tiny_report("Kelder Park was full."))
        result = ledger.verify()
    assert result.ok and result.entries == 3
