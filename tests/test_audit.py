"""``provcheck audit``: the demo and drill briefings through the process pool and through Ray, resume, bad input."""

from __future__ import annotations

import csv
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from provcheck import Checker, Settings
from provcheck.audit import AuditResult, InProcess, Job, PoolRunner, RayRunner, Status, audit
from provcheck.cli import main
from provcheck.ledger import Ledger
from provcheck.schema import Document, Report

from .conftest import DEMO, ROOT

FAST = Settings(embedder="hashing", verifier="rules")
FAST_OPTIONS = ["--embedder", "hashing", "--verifier", "rules"]
BRIEFINGS = {
    "briefing.md": DEMO / "briefing.md",
    "briefing-slanted.md": DEMO / "briefing-slanted.md",
    "drills/sound-briefing.md": ROOT / "corpora/drills/sound-briefing.md",
    "drills/sound-briefing.docx": ROOT / "corpora/drills/sound-briefing.docx",
    "drills/drill-1-md/briefing.md": ROOT / "corpora/drills/drill-1-md/briefing.md",
    "drills/drill-2-txt/briefing.txt": ROOT / "corpora/drills/drill-2-txt/briefing.txt",
    "drills/drill-3-docx/briefing.docx": ROOT / "corpora/drills/drill-3-docx/briefing.docx",
    "odd <b>&name.md": DEMO / "briefing-slanted.md",
}


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("index") / "demo.db"
    Checker(FAST).index(DEMO / "sources", db)
    return db


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo and drill briefings, and one PDF that cannot be read."""
    root = tmp_path_factory.mktemp("briefings")
    for name, source in BRIEFINGS.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, root / name)
    (root / "broken.pdf").write_bytes(b"%PDF-1.4 not really a PDF")
    return root


@pytest.fixture(scope="module")
def pool_run(folder: Path, index: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[int, str, Path, Path]:
    """``provcheck audit`` on the folder through the process pool of 2 workers: exit code, output, out, ledger."""
    work = tmp_path_factory.mktemp("pool")
    out, ledger = work / "out", work / "ledger.db"
    result = CliRunner().invoke(main, ["audit", str(folder), "--db", str(index), "--out", str(out), "--workers", "2",
                                       "--ledger", str(ledger), *FAST_OPTIONS])
    return result.exit_code, result.output, out, ledger


def _verdicts(out: Path) -> dict[tuple[str, str], tuple[str, str, list[str]]]:
    """Every claim of every JSON report under ``out``: (report, claim id) -> text, verdict, flags."""
    found = {}
    for path in sorted((out / "reports").rglob("*.json")):
        report = Report.model_validate_json(path.read_bytes())
        for claim in report.claims:
            found[(path.relative_to(out).as_posix(), claim.id)] = (claim.text, claim.verdict.value,
                                                                    sorted(f.value for f in claim.flags))
    return found


def _summary(out: Path) -> list[dict[str, str]]:
    with (out / "summary.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_pool_audit_writes_a_report_per_briefing_and_a_summary(pool_run: tuple[int, str, Path, Path],
                                                               folder: Path) -> None:
    code, output, out, _ = pool_run
    assert code == 1, output  # the demo briefing has contradicted claims
    assert f"{len(BRIEFINGS) + 1} briefings: {len(BRIEFINGS)} checked, 0 resumed, 1 unreadable, 0 failed" in output
    rows = {Path(row["briefing"]).relative_to(folder).as_posix(): row for row in _summary(out)}
    assert len(_summary(out)) == len(BRIEFINGS) + 1  # one row per file, the unreadable one too
    for name in BRIEFINGS:
        json_path, html_path = out / "reports" / f"{name}.json", out / "reports" / f"{name}.html"
        assert json.loads(json_path.read_text(encoding="utf-8"))["briefing"]["path"].endswith(name)
        assert html_path.read_text(encoding="utf-8").startswith("<!doctype html>")
    demo = rows["briefing.md"]
    assert demo["status"] == "checked" and int(demo["contradicted"]) >= 1
    assert "contradicted" in demo["worst_claims"].split(" | ")[0]
    assert demo["sources_relied_on"] and "claim" in demo["sources_relied_on"]


def test_unreadable_file_is_reported_and_the_rest_audited(pool_run: tuple[int, str, Path, Path]) -> None:
    _, _, out, _ = pool_run
    broken = [row for row in _summary(out) if row["briefing"].endswith("broken.pdf")]
    assert [row["status"] for row in broken] == ["unreadable"]
    assert "broken.pdf" in broken[0]["error"] and "PDF" in broken[0]["error"]
    assert not (out / "reports" / "broken.pdf.json").exists()


def test_summary_html_is_escaped(pool_run: tuple[int, str, Path, Path]) -> None:
    page = (pool_run[2] / "summary.html").read_text(encoding="utf-8")
    assert "odd &lt;b&gt;&amp;name.md" in page and "<b>&name" not in page
    assert 'href="reports/odd%20%3Cb%3E%26name.md.html"' in page


def test_ledger_has_one_entry_per_briefing_checked(pool_run: tuple[int, str, Path, Path]) -> None:
    _, _, _, ledger_file = pool_run
    with Ledger(ledger_file) as ledger:
        entries = ledger.entries()
        assert ledger.verify().ok
    assert sorted(Path(e.content.briefing.path).name for e in entries) == sorted(Path(n).name for n in BRIEFINGS)


class _Counting(InProcess):
    """Checks in this process and counts the briefings it is given."""

    def __init__(self) -> None:
        self.given: list[str] = []

    def run(self, jobs: list[Job], settings: Settings, db: Path) -> Iterator:  # type: ignore[type-arg]
        self.given += [job.name for job in jobs]
        return super().run(jobs, settings, db)


def test_resume_redoes_only_the_briefing_whose_report_is_missing(pool_run: tuple[int, str, Path, Path],
                                                                 folder: Path, index: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    shutil.copytree(pool_run[2], out)
    (out / "reports" / "drills" / "drill-1-md" / "briefing.md.json").unlink()
    runner = _Counting()
    result = audit(folder, index, out=out, settings=FAST, runner=runner, ledger=tmp_path / "ledger.db")
    redone = [name for name in runner.given if not name.endswith("broken.pdf")]  # unreadable: tried every run
    assert [Path(name).relative_to(folder).as_posix() for name in redone] == ["drills/drill-1-md/briefing.md"]
    assert result.count(Status.CHECKED) == 1 and result.count(Status.RESUMED) == len(BRIEFINGS) - 1
    assert _verdicts(out) == _verdicts(pool_run[2])
    with Ledger(tmp_path / "ledger.db") as ledger:
        assert len(ledger.entries()) == 1
    assert len(_summary(out)) == len(BRIEFINGS) + 1


def test_resume_redoes_a_half_written_report_and_a_changed_briefing(pool_run: tuple[int, str, Path, Path],
                                                                   index: Path, tmp_path: Path) -> None:
    folder, out = tmp_path / "in", tmp_path / "out"
    folder.mkdir()
    for name in ("briefing.md", "briefing-slanted.md"):
        shutil.copyfile(BRIEFINGS[name], folder / name)
    audit(folder, index, out=out, settings=FAST, runner=InProcess())
    report = out / "reports" / "briefing.md.json"
    report.write_text(report.read_text(encoding="utf-8")[:500], encoding="utf-8")  # as a crash mid-write would
    runner = _Counting()
    audit(folder, index, out=out, settings=FAST, runner=runner)
    assert runner.given == [str(folder / "briefing.md")]
    with (folder / "briefing-slanted.md").open("a", encoding="utf-8") as handle:
        handle.write("\nKick-off is at 17:30.\n")
    runner = _Counting()
    audit(folder, index, out=out, settings=FAST, runner=runner)
    assert runner.given == [str(folder / "briefing-slanted.md")]


def test_a_killed_run_leaves_whole_reports_and_is_resumed_twice(index: Path, tmp_path: Path) -> None:
    folder, out, ledger_file = tmp_path / "in", tmp_path / "out", tmp_path / "ledger.db"
    folder.mkdir()
    for i, name in enumerate(("briefing.md", "briefing-slanted.md", "drills/drill-2-txt/briefing.txt",
                              "drills/sound-briefing.md")):
        shutil.copyfile(BRIEFINGS[name], folder / f"b{i}{Path(name).suffix}")
    run = subprocess.Popen([sys.executable, "-m", "provcheck", "audit", str(folder), "--db", str(index), "--out",
                            str(out), "--workers", "1", "--ledger", str(ledger_file), *FAST_OPTIONS],
                           cwd=tmp_path, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while not list(out.glob("reports/*.json")) and run.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert run.poll() is None, "the audit finished before it could be killed"
    os.killpg(run.pid, signal.SIGKILL)  # the CLI and its pool's workers
    run.wait()
    finished = list(out.glob("reports/*.json"))
    assert finished and all(Report.model_validate_json(p.read_bytes()) for p in finished)  # whole, never half
    first = audit(folder, index, out=out, settings=FAST, runner=InProcess(), ledger=ledger_file)
    assert first.count(Status.RESUMED) == len(finished) and first.count(Status.CHECKED) == 4 - len(finished)
    second = audit(folder, index, out=out, settings=FAST, runner=InProcess(), ledger=ledger_file)
    assert second.count(Status.RESUMED) == 4 and len(_summary(out)) == 4
    with Ledger(ledger_file) as ledger:
        recorded = [e.content.briefing.path for e in ledger.entries()]
    # each recorded once, or twice for one killed after its ledger entry and before its report
    assert set(recorded) == {str(p) for p in folder.iterdir()} and len(recorded) <= 5


class _Crashing(Checker):
    """A checker that raises on ``raises.md`` and kills its process on ``dies.md``."""

    def check_document(self, briefing: Document, *args: object, **kwargs: object) -> Report:
        if briefing.path.endswith("raises.md"):
            raise RuntimeError("a bug in the check")
        if briefing.path.endswith("dies.md"):
            os._exit(3)
        return super().check_document(briefing, *args, **kwargs)  # type: ignore[arg-type]


def _crashing(settings: Settings) -> Checker:
    return _Crashing(settings)


def _crash_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("briefing.md", "briefing-slanted.md", "raises.md", "dies.md"):
        shutil.copyfile(DEMO / ("briefing.md" if name == "briefing.md" else "briefing-slanted.md"), folder / name)
    return folder


def _assert_crashes_failed(result: AuditResult, out: Path) -> None:
    status = {Path(row.briefing).name: row for row in result.rows}
    assert {name: row.status.value for name, row in status.items()} == {
        "briefing.md": "checked", "briefing-slanted.md": "checked", "raises.md": "failed", "dies.md": "failed"}
    assert "RuntimeError: a bug in the check" in (status["raises.md"].error or "")
    assert "died" in (status["dies.md"].error or "")
    assert result.needs_attention
    assert [row["status"] for row in _summary(out)] == ["checked", "checked", "failed", "failed"]


def test_a_briefing_that_crashes_or_kills_a_pool_worker_is_failed_and_the_rest_finish(index: Path,
                                                                                     tmp_path: Path) -> None:
    result = audit(_crash_folder(tmp_path), index, out=tmp_path / "out", settings=FAST,
                   runner=PoolRunner(2, make_checker=_crashing))
    _assert_crashes_failed(result, tmp_path / "out")


def test_unreachable_ray_address_exits_2_with_a_message(folder: Path, index: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["audit", str(folder), "--db", str(index), "--out", str(tmp_path / "out"),
                                       "--ray", "127.0.0.1:1", "--no-ledger", *FAST_OPTIONS])
    assert result.exit_code == 2
    assert "Ray cluster at 127.0.0.1:1 cannot be reached" in result.output
    assert "Traceback" not in result.output and not (tmp_path / "out" / "summary.csv").exists()


@pytest.mark.parametrize(("make", "message"), [
    (lambda p: p.mkdir(), "no briefings found"),
    (lambda p: None, "briefings folder not found"),
])
def test_empty_or_missing_folder_exits_2(make, message: str, index: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    make(tmp_path / "in")
    result = CliRunner().invoke(main, ["audit", str(tmp_path / "in"), "--db", str(index), "--no-ledger",
                                       "--out", str(tmp_path / "out"), *FAST_OPTIONS])
    assert result.exit_code == 2 and message in result.output


def test_missing_index_exits_2_before_any_check(folder: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["audit", str(folder), "--db", str(tmp_path / "none.db"), "--no-ledger",
                                       *FAST_OPTIONS])
    assert result.exit_code == 2 and "no corpus index here" in result.output


@pytest.fixture(scope="class")
def ray_cluster() -> Iterator[None]:
    """A local Ray cluster of 2 CPUs started in this process, shut down after the class's tests."""
    ray = pytest.importorskip("ray", reason='ray cannot be imported (pip install "ray==2.60.0", the scale extra)')
    from ray import cloudpickle

    cloudpickle.register_pickle_by_value(sys.modules[__name__])  # the crashing checker, for the actors
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    yield
    ray.shutdown()


@pytest.mark.usefixtures("ray_cluster")
class TestRay:
    """The same audits through Ray actors on a local cluster started in this process."""

    def test_ray_gives_the_same_verdicts_as_the_pool(self, pool_run: tuple[int, str, Path, Path], folder: Path,
                                                     index: Path, tmp_path: Path) -> None:
        result = audit(folder, index, out=tmp_path / "ray", settings=FAST, runner=RayRunner("auto", workers=2))
        assert result.count(Status.CHECKED) == len(BRIEFINGS) and result.count(Status.UNREADABLE) == 1
        assert _verdicts(tmp_path / "ray") == _verdicts(pool_run[2])
        assert len(_verdicts(pool_run[2])) > 100

    def test_a_briefing_that_kills_a_ray_actor_is_failed_and_the_rest_finish(self, index: Path,
                                                                             tmp_path: Path) -> None:
        result = audit(_crash_folder(tmp_path), index, out=tmp_path / "out", settings=FAST,
                       runner=RayRunner("auto", workers=2, make_checker=_crashing))
        _assert_crashes_failed(result, tmp_path / "out")
