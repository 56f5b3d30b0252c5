"""`provcheck claims`: what will be checked, with spans, atoms, certainty and attribution."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from provcheck.cli import main
from provcheck.schema import Claim

from .test_claims_llm import ChatServer, _url
from .test_claims_llm import chat as chat  # noqa: PLC0414 (the fixture, shared)

BRIEFING = ("---\ntitle: Test\ndate: 2026-10-21\n---\n\n"
            "According to the club, dozens of seats were damaged last Saturday. Should the stand close?\n")


def _file(tmp_path: Path) -> Path:
    path = tmp_path / "briefing.md"
    path.write_text(BRIEFING, encoding="utf-8")
    return path


def test_text_shows_spans_atoms_and_attribution(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["claims", str(_file(tmp_path))])
    assert result.exit_code == 0, result.output
    assert "hedged, attributed to the club" in result.output
    assert "date:last Saturday (=2026-10-17)" in result.output  # the briefing's own date
    assert "number:dozens (=~24-99 seat)" in result.output
    assert "not checkable (a question)" in result.output


def test_as_of_overrides_the_briefing_date(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["claims", str(_file(tmp_path)), "--as-of", "2026-11-04", "--format", "json"])
    assert result.exit_code == 0, result.output
    claims = [Claim.model_validate_json(line) for line in result.output.splitlines()]
    day = next(a for a in claims[0].atoms if a.kind.value == "date")
    assert day.resolved == "2026-10-31"
    text = BRIEFING
    assert all(text[c.start:c.end] == c.text for c in claims)


def test_bad_as_of_says_how_to_write_it(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["claims", str(_file(tmp_path)), "--as-of", "soon"])
    assert result.exit_code == 2 and "YYYY-MM-DD" in result.output


def test_llm_option_aligns_and_counts_drops(tmp_path: Path, chat: ChatServer) -> None:
    chat.reply = json.dumps(["dozens of seats were damaged last Saturday", "The stand was set on fire"])
    result = CliRunner().invoke(main, ["claims", str(_file(tmp_path)), "--llm", _url(chat), "--format", "json"])
    assert result.exit_code == 0, result.output
    lines = [line for line in result.output.splitlines() if line.startswith("{")]
    assert len(lines) == 1 and json.loads(lines[0])["attribution"] == "the club"
    assert "1 LLM claims matched no span and were dropped" in result.output
