"""Shared fixtures: a fast checker with the hashing embedder, and the real one."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from provcheck import Checker, Settings

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "corpora" / "demo"


@pytest.fixture(autouse=True)
def _ledger_in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every `provcheck check` of a test records into a ledger under its tmp_path, never the working folder."""
    monkeypatch.setenv("PROVCHECK_LEDGER", str(tmp_path / "provcheck-ledger.db"))


@pytest.fixture(scope="session")
def fast_checker() -> Checker:
    """The rules pipeline with the hashing embedder: no model weights load."""
    return Checker(Settings(embedder="hashing", verifier="rules"))


@pytest.fixture(scope="session")
def real_checker() -> Checker:
    """The default pipeline: spaCy, MiniLM and the default verifier."""
    return Checker(Settings())


@pytest.fixture(scope="session")
def demo_expected() -> dict:
    return json.loads((DEMO / "expected.json").read_text(encoding="utf-8"))


@pytest.fixture()
def sources(tmp_path: Path) -> Path:
    """A tiny sources folder of three plain-text documents."""
    folder = tmp_path / "sources"
    folder.mkdir()
    (folder / "log.txt").write_text(
        "About 1,200 away fans attended the match at Kelder Park on Saturday 3 October 2026.\n"
        "Kick-off was at 15:00. No arrests were made.\n", encoding="utf-8")
    (folder / "intel.md").write_text(
        "---\ntitle: Intel report\ngrading: 3/E/1\n---\nUnconfirmed reports suggest that fans plan to meet at "
        "The Lamplighter pub.\n", encoding="utf-8")
    (folder / "news.txt").write_text("Eastmoor Rovers beat Harrowgate Town 2-1 at Kelder Park.\n", encoding="utf-8")
    return folder
