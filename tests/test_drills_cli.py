"""The drill commands round trip: make, score a trainee and the tool, report, bench."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from provcheck.cli import main

from .conftest import ROOT

SOUND = str(ROOT / "corpora" / "drills" / "sound-briefing.md")
SOURCES = str(ROOT / "corpora" / "demo" / "sources")


def test_make_score_report_round_trip(tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "drill"
    made = runner.invoke(main, ["drill", "make", SOUND, "--sources", SOURCES, "--count", "4", "--seed", "7",
                                "-o", str(out)])
    assert made.exit_code == 0, made.output
    assert "4 plants" in made.output
    key = json.loads((out / "key.json").read_text())
    marked = (out / "briefing.md").read_text().replace(key["plants"][0]["planted"],
                                                       f"[[{key['plants'][0]['planted']}]]")
    (tmp_path / "dan.md").write_text(marked)
    scored = runner.invoke(main, ["drill", "score", str(out), "--answers", str(tmp_path / "dan.md"), "--tool",
                                  "--embedder", "hashing"])
    assert scored.exit_code == 0, scored.output
    assert "dan: caught 1 of 4, missed 3, false alarms 0" in scored.output
    assert "provcheck: caught" in scored.output
    assert sorted(p.name for p in (out / "scores").iterdir()) == ["dan.json", "provcheck.json"]
    reported = runner.invoke(main, ["drill", "report", str(out)])
    assert reported.exit_code == 0 and (out / "debrief.html").stat().st_size > 0


def test_score_without_answers_or_tool_and_without_key_exit_2(tmp_path: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(main, ["drill", "score", str(tmp_path)]).exit_code == 2
    missing = runner.invoke(main, ["drill", "score", str(tmp_path), "--answers", str(tmp_path / "a.json")])
    assert missing.exit_code == 2 and "drill make" in missing.output


def test_bench_prints_a_rate_per_type_and_false_alarms() -> None:
    result = CliRunner().invoke(main, ["drill", "bench", SOUND, "--sources", SOURCES, "--seeds", "1",
                                       "--embedder", "hashing"])
    assert result.exit_code == 0, result.output
    assert "negation" in result.output and "false alarms:" in result.output
    assert len([line for line in result.output.splitlines() if "/1" in line]) == 8
