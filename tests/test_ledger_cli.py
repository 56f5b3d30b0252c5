"""The ledger commands: check records an entry, signoff gates approval, list/show/verify/export, recheck."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

import provcheck.cli
from provcheck.cli import main
from provcheck.config import Settings
from provcheck.ledger import Ledger


@pytest.fixture()
def fast_cli(monkeypatch: pytest.MonkeyPatch) -> None:
    """`check` with the hashing embedder (the model-marked test below runs the real one)."""
    def settings(**overrides: Any) -> Settings:
        return Settings(embedder="hashing", **{k: v for k, v in overrides.items() if v is not None})

    monkeypatch.setattr(provcheck.cli, "_settings", settings)


@pytest.fixture()
def briefing(tmp_path: Path) -> Path:
    path = tmp_path / "briefing.md"
    path.write_text("About 5,000 away fans attended the match at Kelder Park.\n"
                    "Eastmoor Rovers beat Harrowgate Town 2-1 at Kelder Park.\n", encoding="utf-8")
    return path


def _cli(*args: str | Path) -> Result:
    return CliRunner().invoke(main, [str(a) for a in args])


def _entries(path: Path) -> list[int]:
    with Ledger(path) as ledger:
        return [e.seq for e in ledger.entries()]


@pytest.mark.usefixtures("fast_cli")
def test_check_records_to_env_option_or_nowhere(briefing: Path, sources: Path, tmp_path: Path) -> None:
    default = Path(os.environ["PROVCHECK_LEDGER"])
    out = tmp_path / "r.json"
    result = _cli("check", briefing, "--sources", sources, "--format", "json", "-o", out)
    assert result.exit_code == 1 and "ledger entry 1" in result.output
    assert _entries(default) == [1]
    with Ledger(default) as ledger:
        assert ledger.get(1).content.report.model_dump(mode="json") == json.loads(out.read_text())  # type: ignore[union-attr]
    assert _cli("check", briefing, "--sources", sources, "--ledger", tmp_path / "x.db").exit_code == 1
    assert _entries(tmp_path / "x.db") == [1]
    result = _cli("check", briefing, "--sources", sources, "--no-ledger")
    assert result.exit_code == 1 and "ledger entry" not in result.output
    assert _entries(default) == [1]
    bad = _cli("check", briefing, "--sources", sources, "--ledger", tmp_path)  # a folder is refused
    assert bad.exit_code == 2 and "is a folder" in bad.output


@pytest.fixture()
def recorded(fast_cli: None, briefing: Path, sources: Path, tmp_path: Path) -> Path:
    ledger = tmp_path / "audit.db"
    assert _cli("check", briefing, "--sources", sources, "--ledger", ledger).exit_code == 1
    return ledger


def test_signoff_gate_refuses_then_records(recorded: Path) -> None:
    refused = _cli("signoff", "1", "--reviewer", "A. Shaw", "--decision", "approve", "--ledger", recorded)
    assert refused.exit_code == 2
    assert "refused" in refused.output and "c1 contradicted" in refused.output and "Traceback" not in refused.output
    ok = _cli("signoff", "1", "--reviewer", "A. Shaw", "--decision", "approve", "--override", "c1",
              "Gate count confirms 5,000.", "--ledger", recorded)
    assert ok.exit_code == 0 and "entry 2" in ok.output
    missing = _cli("signoff", "7", "--reviewer", "A. Shaw", "--decision", "reject", "--ledger", recorded)
    assert missing.exit_code == 2 and "no entry 7" in missing.output
    absent = recorded.with_name("absent.db")
    nothing = _cli("ledger", "list", "--ledger", absent)
    assert nothing.exit_code == 2 and "no ledger here" in nothing.output and not absent.exists()


def test_list_show_verify_export(recorded: Path, tmp_path: Path) -> None:
    _cli("signoff", "1", "--reviewer", "A. Shaw", "--decision", "reject", "--ledger", recorded)
    listed = _cli("ledger", "list", "--ledger", recorded)
    assert listed.exit_code == 0 and "briefing.md" in listed.output and "reject by A. Shaw" in listed.output
    assert "] 1 need(s) attention" in listed.output
    assert _cli("ledger", "list", "--reviewer", "nobody", "--ledger", recorded).output == ""
    as_json = _cli("ledger", "list", "--verdict", "contradicted", "--json", "--ledger", recorded).output
    assert [json.loads(line)["seq"] for line in as_json.splitlines()] == [1, 2]
    shown = _cli("ledger", "show", "1", "--format", "markdown", "--ledger", recorded)
    assert "CONTRADICTED" in shown.output and "reject by A. Shaw" in shown.output
    verified = _cli("ledger", "verify", "--ledger", recorded)
    assert verified.exit_code == 0 and "ledger OK: 2 entries" in verified.output
    for fmt in ("html", "json"):
        out = tmp_path / f"bundle.{fmt}"
        assert _cli("ledger", "export", "1", "--format", fmt, "-o", out, "--ledger", recorded).exit_code == 0
    assert "Disclosure bundle" in (tmp_path / "bundle.html").read_text()
    assert _cli("ledger", "verify", "--bundle", tmp_path / "bundle.json").exit_code == 0


def test_terminal_output_neutralises_escape_sequences(recorded: Path) -> None:
    reason = "ok\x1b[2J\x1b]0;pwned\x07 fine"
    _cli("signoff", "1", "--reviewer", "Eve\x1b[31m", "--decision", "reject", "--override", "c1", reason,
         "--ledger", recorded)
    for args in (("ledger", "list"), ("ledger", "show", "1")):
        output = _cli(*args, "--ledger", recorded).output
        assert "\x1b" not in output and "\x07" not in output and "Eve?[31m" in output


def test_verify_names_the_tampered_entry_and_exits_1(recorded: Path) -> None:
    _cli("signoff", "1", "--reviewer", "A. Shaw", "--decision", "reject", "--ledger", recorded)
    conn = sqlite3.connect(recorded, isolation_level=None)
    conn.execute("DROP TRIGGER entries_no_update")
    conn.execute("UPDATE entries SET content = replace(content, 'reject', 'approve') WHERE seq = 2")
    conn.close()
    result = _cli("ledger", "verify", "--ledger", recorded)
    assert result.exit_code == 1 and "FAILED at entry 2" in result.output


def test_show_and_export_refuse_a_tampered_ledger_unless_forced(recorded: Path, tmp_path: Path) -> None:
    conn = sqlite3.connect(recorded, isolation_level=None)
    conn.execute("DROP TRIGGER entries_no_update")
    conn.execute("UPDATE entries SET content = replace(content, '5,000', '6,000') WHERE seq = 1")  # one byte
    conn.close()
    out = tmp_path / "bundle.json"
    for args in (("ledger", "show", "1"), ("ledger", "export", "1", "--format", "json", "-o", out)):
        refused = _cli(*args, "--ledger", recorded)
        assert refused.exit_code == 1, refused.output
        assert "entry 1 refused: the ledger fails verification at entry 1" in refused.output
        assert "6,000" not in refused.output and "--force" in refused.output
    assert not out.exists()
    shown = _cli("ledger", "show", "1", "--force", "--ledger", recorded)
    assert shown.exit_code == 0 and shown.output.startswith("WARNING: the ledger fails verification at entry 1")
    as_json = json.loads(_cli("ledger", "show", "1", "--force", "--format", "json", "--ledger", recorded).output)
    assert as_json["warning"].startswith("WARNING: the ledger fails verification at entry 1")
    assert _cli("ledger", "export", "1", "--force", "--format", "json", "-o", out, "--ledger", recorded).exit_code == 0
    assert json.loads(out.read_text())["warning"].startswith("WARNING: the ledger fails verification at entry 1")
    html = _cli("ledger", "export", "1", "--force", "--ledger", recorded).output
    assert 'id="warning"><strong>WARNING: the ledger fails verification at entry 1' in html
    assert _cli("ledger", "verify", "--bundle", out).exit_code == 1


@pytest.mark.usefixtures("fast_cli")
def test_signed_check_and_trusted_key(briefing: Path, sources: Path, tmp_path: Path) -> None:
    key, ledger = tmp_path / "reviewer.pem", tmp_path / "signed.db"
    assert _cli("ledger", "keygen", key).exit_code == 0
    assert _cli("check", briefing, "--sources", sources, "--ledger", ledger, "--sign-key", key).exit_code == 1
    result = _cli("ledger", "verify", "--require-signatures", "--public-key", f"{key}.pub", "--ledger", ledger)
    assert result.exit_code == 0 and "1 signed" in result.output
    _cli("ledger", "keygen", tmp_path / "other.pem")
    assert _cli("ledger", "verify", "--public-key", tmp_path / "other.pem.pub", "--ledger", ledger).exit_code == 1


def test_recheck_prints_what_changed(recorded: Path, sources: Path) -> None:
    same = _cli("recheck", "1", "--sources", sources, "--ledger", recorded)
    assert same.exit_code == 0 and "nothing changed" in same.output
    (sources / "log.txt").write_text("About 5,000 away fans attended the match at Kelder Park.\n", encoding="utf-8")
    moved = _cli("recheck", "1", "--sources", sources, "--ledger", recorded)
    assert moved.exit_code == 1
    assert "verdict c1: contradicted -> supported" in moved.output and "source changed: log.txt" in moved.output
    data = json.loads(_cli("recheck", "1", "--sources", sources, "--json", "--ledger", recorded).output)
    assert data["verdicts"][0]["after"] == "supported"


@pytest.mark.model
def test_real_check_records_an_entry(briefing: Path, sources: Path, tmp_path: Path) -> None:
    """The real pipeline in a subprocess; the ledger path comes from PROVCHECK_LEDGER."""
    work = tmp_path / "work"
    work.mkdir()
    result = subprocess.run([sys.executable, "-m", "provcheck", "check", str(briefing), "--sources", str(sources)],
                            capture_output=True, text=True, check=False, cwd=work)
    assert result.returncode == 1, result.stderr
    with Ledger(Path(os.environ["PROVCHECK_LEDGER"])) as ledger:
        entry = ledger.get(1)
    assert {m.role: m.sha256 is not None for m in entry.content.models}["embedder"]  # type: ignore[union-attr]
    assert not (work / "provcheck-ledger.db").exists()


def test_list_counts_what_a_check_left_out(tmp_path: Path) -> None:
    from provcheck.ledger.testing import tiny_report

    with Ledger(tmp_path / "l.db", create=True) as ledger:
        ledger.append_check(tiny_report(verdict="supported", omitted=["No arrests were made.", "Nobody was hurt."]))
    listed = _cli("ledger", "list", "--ledger", tmp_path / "l.db")
    assert listed.exit_code == 0 and "[supported 1, left out 2]" in listed.output


def test_recheck_lines_name_each_statement_left_out_on_one_side() -> None:
    from provcheck.cli.ledger import _recheck_lines
    from provcheck.ledger.recheck import OmissionChange, RecheckResult
    from provcheck.ledger.testing import tiny_report

    result = RecheckResult(entry=1, tool_before="0.1.0", tool_after="0.1.0", verdicts=[], sources=[], models=[],
                           settings={}, report=tiny_report(), omissions=[
                               OmissionChange(quote="No arrests were made.", source="log.txt", before=None,
                                              after="o1")])
    assert _recheck_lines(result)[1:] == ["  left out - -> o1: No arrests were made. (log.txt)"]
