"""An audit's files: the briefings it finds, the reports it writes, and the finished ones it can keep.

Each briefing ``FOLDER/a/b.md`` gets ``OUT/reports/a/b.md.json`` and ``.html``, each written whole
or not at all, the JSON last: a finished JSON report is the mark that the briefing is done. A later
run keeps it while the briefing's SHA-256, the index's sources and the settings are those it records.

>>> report_paths(Path("out"), "a/b.md")
(PosixPath('out/reports/a/b.md.json'), PosixPath('out/reports/a/b.md.html'))
"""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

from pydantic import ValidationError

from provcheck.atomic import write_text_atomically
from provcheck.config import Settings
from provcheck.errors import CorpusError, EmptyInputError
from provcheck.ingest import SUFFIXES, iter_source_files
from provcheck.report import render
from provcheck.schema import Report

__all__ = ["briefing_files", "file_sha256", "finished_report", "indexed_sources", "report_paths", "write_report"]


def briefing_files(folder: Path, out: Path) -> list[Path]:
    """Every file of a readable type under ``folder`` (recursively), leaving out the audit's own ``out`` folder."""
    folder = Path(folder)
    if not folder.is_dir():
        raise EmptyInputError(f"{folder}: briefings folder not found; pass a folder of briefings")
    skip = Path(out).resolve()
    found = [p for p in iter_source_files(folder) if not p.resolve().is_relative_to(skip)]
    if not found:
        raise EmptyInputError(f"{folder}: no briefings found; add files of type {', '.join(SUFFIXES)}")
    return found


def report_paths(out: Path, relative: str) -> tuple[Path, Path]:
    """The JSON and HTML report of the briefing at ``relative`` (a path inside the briefings folder)."""
    base = Path(out) / "reports" / relative
    return base.with_name(base.name + ".json"), base.with_name(base.name + ".html")


def indexed_sources(db: Path) -> dict[str, str]:
    """The index's sources, path -> SHA-256, read without loading a model; an error if there is nothing to use."""
    if not Path(db).is_file():
        raise CorpusError(f"{db}: no corpus index here; build one with: provcheck index SOURCES --db {db}")
    try:
        conn = sqlite3.connect(Path(db).resolve().as_uri() + "?mode=ro", uri=True)
        try:
            rows = conn.execute("SELECT path, sha256 FROM documents").fetchall()
            passages = conn.execute("SELECT count(*) FROM passages").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.DatabaseError as err:
        raise CorpusError(f"{db}: not a provcheck corpus database ({err}); choose another --db") from err
    if not passages:
        raise EmptyInputError(f"{db}: the index holds no passages; index some sources first")
    return dict(rows)


def file_sha256(path: Path) -> str:
    """The SHA-256 of a file's bytes, as its Document records it."""
    digest = hashlib.sha256()
    with Path(path).open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def finished_report(briefing: Path, json_path: Path, html_path: Path, *, sources: dict[str, str],
                    settings: Settings) -> Report | None:
    """The earlier report of ``briefing`` if it still holds: same file, same indexed sources, same settings."""
    if not (json_path.is_file() and html_path.is_file()):
        return None
    try:
        report = Report.model_validate_json(json_path.read_bytes())
        same_settings = Settings.model_validate(report.tool.settings) == settings
    except (OSError, ValidationError, ValueError):
        return None
    same_sources = {s.path: s.sha256 for s in report.sources} == sources
    if not (same_settings and same_sources) or report.briefing.sha256 != file_sha256(briefing):
        return None
    return report


def write_report(report: Report, json_path: Path, html_path: Path) -> None:
    """Write the HTML report, then the JSON one (the mark that the briefing is done), each atomically."""
    write_text_atomically(html_path, render(report, "html"))
    write_text_atomically(json_path, render(report, "json"))
