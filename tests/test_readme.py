"""The README documents every command, and its usage commands run."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from provcheck.cli import main

from .conftest import DEMO, ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_command_is_documented_with_its_help() -> None:
    for name, command in main.commands.items():
        assert f"provcheck {name}" in README, name
        first_line = " ".join((command.help or "").split("\n\n")[0].split())
        assert first_line in " ".join(README.split()), name


def test_quick_start_is_two_make_commands() -> None:
    block = README.split("## Quick start", 1)[1].split("```sh", 1)[1].split("```", 1)[0]
    assert [line.split("#")[0].strip() for line in block.strip().splitlines()] == ["make demo", "make test"]


def _usage_commands() -> list[str]:
    block = README.split("## Usage", 1)[1].split("```sh", 1)[1].split("```", 1)[0]
    return [line.strip() for line in block.strip().splitlines() if line.startswith("provcheck ")]


@pytest.mark.model
@pytest.mark.parametrize("command", _usage_commands())
def test_usage_commands_run(command: str, tmp_path: Path) -> None:
    shutil.copytree(DEMO, tmp_path / "corpora" / "demo")
    args = command.split()[1:]
    if args[0] == "eval":
        bench = ROOT.parent / "shared" / "benchmarks" / "dev" / "lfqa.jsonl"
        if not bench.is_file():
            pytest.skip("development benchmarks are not on this machine")
        args = [a if not a.endswith("lfqa.jsonl") else str(bench) for a in args]
        args[args.index("--limit") + 1] = "2"
    if args[0] == "check" and "--db" in args:
        subprocess.run([sys.executable, "-m", "provcheck", "index", "corpora/demo/sources", "--db", "demo.db"],
                       cwd=tmp_path, check=True, capture_output=True)
    result = subprocess.run([sys.executable, "-m", "provcheck", *args], cwd=tmp_path, capture_output=True,
                            text=True, check=False)
    assert result.returncode in {0, 1}, result.stderr
    if "-o" in args:
        assert (tmp_path / args[args.index("-o") + 1]).stat().st_size > 0
    assert re.search(r"\S", result.stdout)


def _keys(value: object, path: str = "") -> set[str]:
    """Every key path of a JSON value, lists read through their first item."""
    if isinstance(value, dict):
        return {f"{path}.{k}" for k in value} | {p for k, v in value.items() for p in _keys(v, f"{path}.{k}")}
    if isinstance(value, list) and value:
        return _keys(value[0], f"{path}[]")
    return set()


def test_the_json_example_is_what_the_demo_writes(fast_checker) -> None:  # type: ignore[no-untyped-def]
    import json

    example = json.loads(README.split("```json\n", 1)[1].split("```", 1)[0])
    report = json.loads(fast_checker.check(DEMO / "briefing.md", sources=DEMO / "sources").model_dump_json())
    assert _keys(example) <= _keys(report)  # every field shown is one the report has, where it has it
    shown = example["claims"][0]
    (claim,) = [c for c in report["claims"] if c["text"] == shown["text"]]
    for field in ("id", "start", "end", "verdict", "reason", "briefing_value", "source_value", "needs_attention"):
        assert claim[field] == shown[field], field
    assert [a["text"] for a in claim["atoms"]] == [a["text"] for a in shown["atoms"]]
    assert {k: claim["evidence"][0][k] for k in ("start", "end", "quote")} == {
        k: shown["evidence"][0][k] for k in ("start", "end", "quote")}
    assert report["tool"]["models"]["verifier"] == example["tool"]["models"]["verifier"] == "rules"
