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
