"""The command line: thin commands, clear errors, exit codes 0/1/2, nothing half-written."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from click.testing import CliRunner

from provcheck.cli import main

ENV = {"HF_HUB_OFFLINE": "1"}


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "provcheck", *args], capture_output=True, text=True, check=False)


def test_help_lists_commands() -> None:
    result = CliRunner().invoke(main, ["--help"])
    assert result.exit_code == 0
    for name in ("index", "check", "eval", "claims"):
        assert name in result.output


def test_help_does_not_import_torch() -> None:
    code = "import sys; from provcheck.cli import main; assert 'torch' not in sys.modules; print('ok')"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout.strip() == "ok"


def test_index_then_check_json(sources: Path, tmp_path: Path) -> None:
    db = tmp_path / "c.db"
    runner = CliRunner()
    result = runner.invoke(main, ["index", str(sources), "--db", str(db), "--embedder", "hashing"])
    assert result.exit_code == 0, result.output
    assert "added 3" in result.output
    briefing = tmp_path / "b.md"
    briefing.write_text("About 5,000 away fans attended the match at Kelder Park.\n", encoding="utf-8")
    out = tmp_path / "r.json"
    result = _run("check", str(briefing), "--db", str(db), "--format", "json", "-o", str(out))
    # the index was built with the hashing embedder; the default minilm one is refused
    assert result.returncode == 2 and "embedder" in result.stderr
    assert not out.exists()


@pytest.mark.model
def test_check_exit_codes(sources: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.md"
    bad.write_text("About 5,000 away fans attended the match at Kelder Park.\n", encoding="utf-8")
    good = tmp_path / "good.md"
    good.write_text("About 1,200 away fans attended the match at Kelder Park.\n", encoding="utf-8")
    out = tmp_path / "r.json"
    result = _run("check", str(bad), "--sources", str(sources), "--format", "json", "-o", str(out))
    assert result.returncode == 1, result.stderr
    assert json.loads(out.read_text())["claims"][0]["verdict"] == "contradicted"
    assert _run("check", str(good), "--sources", str(sources)).returncode == 0


@pytest.mark.model
def test_check_exits_1_when_the_only_support_hedges(sources: Path, tmp_path: Path) -> None:
    hedged = tmp_path / "hedged.md"
    hedged.write_text("Fans plan to meet at The Lamplighter pub.\n", encoding="utf-8")
    out = tmp_path / "r.json"
    result = _run("check", str(hedged), "--sources", str(sources), "--format", "json", "-o", str(out))
    claim = json.loads(out.read_text())["claims"][0]
    assert claim["verdict"] == "supported" and "certainty_raised" in claim["flags"], claim
    assert claim["needs_attention"] is True and result.returncode == 1, result.stderr


@pytest.mark.parametrize(
    ("setup", "words"),
    [
        ("empty", "empty"),
        ("latin1", "UTF-8"),
        ("binary", "binary"),
        ("missing_sources", "not found"),
        ("empty_sources", "no source documents"),
        ("pdf", "PDF"),
    ],
)
def test_bad_input_exit_2(setup: str, words: str, sources: Path, tmp_path: Path) -> None:
    briefing = tmp_path / "b.txt"
    src = sources
    if setup == "empty":
        briefing.write_text("", encoding="utf-8")
    elif setup == "latin1":
        briefing.write_bytes("caf\u00e9 fans".encode("latin-1"))
    elif setup == "binary":
        briefing.write_bytes(b"\x00\x00binary")
    elif setup == "pdf":
        briefing = tmp_path / "b.pdf"
        briefing.write_bytes(b"%PDF-1.7 garbage")
    else:
        briefing.write_text("Fans arrived at 2pm.", encoding="utf-8")
        src = tmp_path / ("nope" if setup == "missing_sources" else "empty_dir")
        if setup == "empty_sources":
            src.mkdir()
    out = tmp_path / "report.html"
    result = CliRunner().invoke(main, ["check", str(briefing), "--sources", str(src), "-o", str(out),
                                       "--format", "html"])
    assert result.exit_code == 2
    assert words in result.output and "Traceback" not in result.output
    assert not out.exists()


@pytest.mark.parametrize("setup", ["empty", "latin1", "truncated_pdf", "missing_sources", "empty_sources",
                                   "missing_db", "bad_source", "bad_as_of"])
def test_input_errors_come_before_any_model_loads(setup: str, sources: Path, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    import provcheck.pipeline

    def no_models(*args: object, **kwargs: object) -> None:
        raise AssertionError("the models were loaded before the input was read")

    monkeypatch.setattr(provcheck.pipeline.Checker, "__init__", no_models)
    briefing, where, extra = tmp_path / "b.txt", ["--sources", str(sources)], []
    briefing.write_text("Fans arrived at 2pm.", encoding="utf-8")
    if setup == "empty":
        briefing.write_text("  \n", encoding="utf-8")
    elif setup == "latin1":
        briefing.write_bytes("caf\u00e9 fans".encode("latin-1"))
    elif setup == "truncated_pdf":
        briefing = tmp_path / "b.pdf"
        briefing.write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\nendobj\n")
    elif setup in {"missing_sources", "empty_sources"}:
        where = ["--sources", str(tmp_path / "nothing")]
        if setup == "empty_sources":
            (tmp_path / "nothing").mkdir()
    elif setup == "missing_db":
        where = ["--db", str(tmp_path / "none.db")]
    elif setup == "bad_source":
        (sources / "broken.pdf").write_bytes(b"%PDF-1.4 not really a pdf")
    else:
        extra = ["--as-of", "21/10/2026"]
    result = CliRunner().invoke(main, ["check", str(briefing), *where, *extra, "--no-ledger"])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output and "models were loaded" not in result.output
    assert len(result.output.strip().splitlines()) == 1, result.output  # one line, nothing stray before it


def test_check_as_of_gives_the_briefing_its_date(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import provcheck.cli
    from provcheck.config import Settings

    monkeypatch.setattr(provcheck.cli, "_settings", lambda **kw: Settings(embedder="hashing", verifier="rules"))
    folder = tmp_path / "src"
    folder.mkdir()
    (folder / "log.md").write_text("---\ndate: 2026-01-10\n---\nAbout 1,200 away fans attended the match at "
                                   "Kelder Park.\n", encoding="utf-8")
    briefing = tmp_path / "b.txt"  # no front matter, as a DOCX, PDF or pasted briefing may have none
    briefing.write_text("About 1,200 away fans attended the match at Kelder Park.\n", encoding="utf-8")

    def flags(*extra: str) -> list[str]:
        out = tmp_path / "r.json"
        CliRunner().invoke(main, ["check", str(briefing), "--sources", str(folder), "--format", "json",
                                  "-o", str(out), "--no-ledger", *extra])
        return json.loads(out.read_text())["claims"][0]["flags"]

    assert "stale_source" not in flags()  # no briefing date: the source's age cannot be judged
    assert "stale_source" in flags("--as-of", "2026-10-21")  # nine months after the only source


def test_index_missing_folder_exit_2(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["index", str(tmp_path / "nope"), "--db", str(tmp_path / "x.db")])
    assert result.exit_code == 2 and "not found" in result.output
    assert not (tmp_path / "x.db").exists()


def test_claims_command(tmp_path: Path) -> None:
    briefing = tmp_path / "b.md"
    briefing.write_text("About 1,200 fans travelled. Should we worry?", encoding="utf-8")
    result = CliRunner().invoke(main, ["claims", str(briefing), "--format", "json"])
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert [r["checkable"] for r in rows] == [True, False]


@pytest.mark.parametrize("empty", [True, False])
def test_index_refuses_a_missing_or_empty_folder_before_loading_models(empty: bool, tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    import provcheck.pipeline

    def no_models(*args: object, **kwargs: object) -> None:
        raise AssertionError("the models were loaded before the folder was looked at")

    monkeypatch.setattr(provcheck.pipeline.Checker, "__init__", no_models)
    folder = tmp_path / "sources"
    if empty:
        folder.mkdir()
    result = CliRunner().invoke(main, ["index", str(folder), "--db", str(tmp_path / "c.db")])
    assert result.exit_code == 2 and ("no source documents" if empty else "not found") in result.output


def test_an_unchanged_re_index_says_so(sources: Path, tmp_path: Path) -> None:
    db = tmp_path / "c.db"
    args = ["index", str(sources), "--db", str(db), "--embedder", "hashing"]
    assert "added 3" in CliRunner().invoke(main, args).output
    again = CliRunner().invoke(main, args)
    assert again.exit_code == 0 and "unchanged: 3 documents already indexed" in again.output
    assert "passages 0" not in again.output


def test_check_omissions_flag_turns_the_left_out_section_on_and_off(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    import provcheck.cli
    from provcheck.config import Settings

    def settings(**overrides: object) -> Settings:
        return Settings(embedder="hashing", verifier="rules", **{k: v for k, v in overrides.items() if v is not None})

    monkeypatch.setattr(provcheck.cli, "_settings", settings)
    folder = tmp_path / "src"
    folder.mkdir()
    (folder / "log.txt").write_text("Dean Marsh was arrested at 21:31. No punch is seen on the footage of "
                                    "Dean Marsh.\n", encoding="utf-8")
    briefing = tmp_path / "b.md"  # no conclusion: by default what it leaves out is not looked for
    briefing.write_text("Dean Marsh was arrested at 21:31.\n", encoding="utf-8")

    def report(*extra: str) -> dict:
        out = tmp_path / "r.json"
        result = CliRunner().invoke(main, ["check", str(briefing), "--sources", str(folder), "--format", "json",
                                           "-o", str(out), "--no-ledger", *extra])
        assert result.exit_code in (0, 1), result.output
        return json.loads(out.read_text())

    assert report()["omissions"] == [] and "--omissions" in report()["omissions_note"]
    listed = report("--omissions")["omissions"]
    assert [o["quote"] for o in listed] == ["No punch is seen on the footage of Dean Marsh."]
    off = report("--no-omissions")
    assert off["omissions"] == [] and off["omissions_note"] == "not looked for (omissions off)"


def test_check_draws_its_progress_on_stderr_and_keeps_json_stdout_clean(sources: Path, tmp_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    import provcheck.cli
    import provcheck.cli.progress
    from provcheck.config import Settings

    monkeypatch.setattr(provcheck.cli, "_settings", lambda **kw: Settings(embedder="hashing", verifier="rules"))
    monkeypatch.setattr(provcheck.cli.progress, "_on_terminal", lambda: True)  # as if stderr were a terminal
    seen: list[str] = []
    real = provcheck.cli.progress.progress_on_stderr

    @contextmanager
    def recording() -> Iterator[Callable[[str, int, int], None]]:
        with real() as report:
            def both(stage: str, done: int, total: int) -> None:
                seen.append(stage)
                report(stage, done, total)

            yield both

    monkeypatch.setattr(provcheck.cli.progress, "progress_on_stderr", recording)
    briefing = tmp_path / "b.md"
    briefing.write_text("About 5,000 away fans attended the match at Kelder Park.\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(briefing), "--sources", str(sources), "--format", "json",
                                       "--no-ledger"])
    assert result.exit_code == 1, result.output
    assert json.loads(result.stdout)["claims"][0]["verdict"] == "contradicted"  # nothing but the report
    assert "verifying the claims" in seen and "finding the claims" in seen


def test_bench_refuses_a_briefing_size_that_is_not_a_size() -> None:
    result = CliRunner().invoke(main, ["bench", "--briefing-size", "huge"], env=ENV)
    assert result.exit_code == 2 and "100KB, 1MB or 5MB" in result.output
