"""The ``provcheck`` command: each subcommand parses, calls one library function, renders.

Exit codes: 0 nothing needs attention, 1 some claim needs attention, 2 usage or input error.
Command groups of other stages live in their own modules of this package and are
registered at the bottom of this file.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import click

from provcheck import __version__
from provcheck.atomic import write_text_atomically
from provcheck.errors import ProvcheckError

__all__ = ["main"]

F = TypeVar("F", bound=Callable[..., Any])
_FORMATS = ("terminal", "json", "html", "markdown", "csv")


class _UsageError(click.ClickException):
    exit_code = 2


@contextmanager
def _errors() -> Iterator[None]:
    """Turn provcheck's errors into one clear line and exit code 2."""
    try:
        yield
    except ProvcheckError as err:
        raise _UsageError(str(err)) from err


def _write_atomically(path: Path, text: str) -> None:
    """Write an output file whole or not at all; a full disk is one clear line that names the file."""
    with _errors():
        write_text_atomically(path, text)


def _settings(**overrides: Any) -> Any:
    from provcheck.config import Settings

    return Settings(**{k: v for k, v in overrides.items() if v is not None})


def _progress() -> Any:
    from rich.console import Console
    from rich.progress import Progress

    return Progress(console=Console(stderr=True), transient=True, disable=not sys.stderr.isatty())


# What the trained verifier reads, for the commands that measure or fit it (eval, bench, calibrate).
_verify_top = click.option(
    "--verify-top", type=click.IntRange(1, 50),
    help="Passages per claim the trained verifier reads, the most related first (default: all five).")
_passage_context = click.option(
    "--passage-context", type=click.IntRange(0, 3),
    help="Sentences either side of each passage that the trained verifier also reads, for the calibrated "
         "confidence (default: 1; 0 reads the sentence alone).")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="provcheck")
def main() -> None:
    """Check an AI-drafted briefing, claim by claim, against its source documents."""


@main.command("index")
@click.argument("sources", type=click.Path(path_type=Path))
@click.option("--db", type=click.Path(path_type=Path), required=True, help="SQLite index file to create or update.")
@click.option("--embedder", default=None, help="Dense embedder by name (default: minilm).")
def index_cmd(sources: Path, db: Path, embedder: str | None) -> None:
    """Index (or re-index) a folder of source documents into DB."""
    from provcheck.ingest import source_files
    from provcheck.pipeline import Checker

    with _errors(), _progress() as bar:
        source_files(sources)  # a missing or empty folder is refused before the models load
        task = bar.add_task("indexing", total=None)
        stats = Checker(_settings(embedder=embedder)).index(
            sources, db, progress=lambda name, i, n: bar.update(task, description=name, completed=i, total=n))
    click.echo(_index_line(stats, db))


def _index_line(stats: dict[str, int], db: Path) -> str:
    """What an index run did: the counts, or that nothing changed.

    >>> _index_line({"added": 0, "updated": 0, "removed": 0, "passages": 0, "unchanged": 12}, Path("c.db"))
    'c.db unchanged: 12 documents already indexed, none added, changed or removed'
    """
    if not any(stats.get(k) for k in ("added", "updated", "removed")):
        return f"{db} unchanged: {stats.get('unchanged', 0)} documents already indexed, none added, changed or removed"
    return ", ".join(f"{k} {v}" for k, v in stats.items()) + f" -> {db}"


@main.command("check")
@click.argument("briefing", type=click.Path(path_type=Path))
@click.option("--db", type=click.Path(path_type=Path), help="Corpus index built by `provcheck index`.")
@click.option("--sources", type=click.Path(path_type=Path), help="Folder of sources, indexed on the fly.")
@click.option("--format", "fmt", type=click.Choice(_FORMATS), default="terminal", show_default=True)
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Write the report here instead of stdout.")
@click.option("--verifier", default=None, help="Verifier by name: nli (trained model) or rules.")
@click.option("--ledger", "ledger_file", type=click.Path(path_type=Path),
              help="Audit ledger to record the check in (default: $PROVCHECK_LEDGER, else ./provcheck-ledger.db).")
@click.option("--no-ledger", is_flag=True, help="Do not record this check in the audit ledger.")
@click.option("--sign-key", type=click.Path(path_type=Path), help="Ed25519 private key (PEM) to sign the entry.")
@click.option("--as-of", help="The briefing's date, YYYY-MM-DD, in place of its front matter's (default: that date).")
@click.option("--omissions/--no-omissions", default=None,
              help="List what the briefing leaves out (default: when it has a conclusion or recommendation).")
def check_cmd(briefing: Path, db: Path | None, sources: Path | None, fmt: str, output: Path | None,
              verifier: str | None, ledger_file: Path | None, no_ledger: bool, sign_key: Path | None,
              as_of: str | None, omissions: bool | None) -> None:
    """Check BRIEFING against the sources; exit 1 if any claim needs attention."""
    from provcheck.cli.progress import progress_on_stderr
    from provcheck.inputs import check_inputs, read_inputs
    from provcheck.ledger import record_check
    from provcheck.pipeline import Checker
    from provcheck.report import render

    with _errors():
        settings = _settings(verifier=verifier, omissions=omissions)
        inputs = read_inputs(briefing, db=db, sources=sources, as_of=as_of, max_bytes=settings.max_file_bytes)
        with progress_on_stderr() as progress:
            report = check_inputs(Checker(settings), inputs, progress=progress)
        entry = None if no_ledger else record_check(report, ledger_file, sign_key=sign_key)
    if entry:
        click.echo(f"ledger entry {entry.seq} ({entry.hash[:16]})", err=True)
    text = render(report, fmt)
    if output:
        _write_atomically(output, text)
        click.echo(f"report written to {output}")
    else:
        click.echo(text)
    sys.exit(1 if report.needs_attention else 0)


@main.command("eval")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--limit", type=int, help="Check only the first N examples.")
@click.option("--part", type=click.Choice(["all", "validation", "training"]), default="all", show_default=True,
              help="The half of the stable id split to run (use validation for files the verifier trained on).")
@click.option("--verifier", default=None, help="Verifier by name: nli (trained model) or rules.")
@_verify_top
@_passage_context
@click.option("--mode", type=click.Choice(["full", "rules-only", "verifier-only"]), default="full",
              show_default=True, help="The whole pipeline, the rules without the verifier, or the bare verifier.")
@click.option("--json", "as_json", is_flag=True, help="Print the metrics as one JSON object.")
@click.option("--no-calibration", is_flag=True, help="Use the rules' verdicts without the fitted decision.")
def eval_cmd(file: Path, limit: int | None, part: str, verifier: str | None, verify_top: int | None,
             passage_context: int | None, mode: str, as_json: bool, no_calibration: bool) -> None:
    """Run the pipeline on a benchmark FILE (JSONL, or a folder of police scenarios) and print its metrics."""
    from provcheck.evaluate import evaluate
    from provcheck.pipeline import Checker

    with _errors():
        checker = Checker(_settings(verifier="rules" if mode == "rules-only" else verifier, verify_top=verify_top,
                                    passage_context=passage_context, calibrate=not no_calibration))
        result = evaluate(file, checker, part=part, limit=limit, mode=mode)  # type: ignore[arg-type]
    if as_json:
        click.echo(result.model_dump_json(indent=2))
        return
    for key, value in result.model_dump().items():
        click.echo(f"{key:>16}: {value:.4f}" if isinstance(value, float) else f"{key:>16}: {value}")


@main.command("claims")
@click.argument("briefing", type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--as-of", help="Date that relative dates count from, YYYY-MM-DD (default: the briefing's date).")
@click.option("--llm", "llm_url", help="OpenAI-compatible chat endpoint that proposes claims (aligned to the text).")
def claims_cmd(briefing: Path, fmt: str, as_of: str | None, llm_url: str | None) -> None:
    """Print the claims that would be checked in BRIEFING: spans, atoms, certainty, attribution."""
    from provcheck.claims.listing import claims_of_file, render_claims

    with _errors():
        result = claims_of_file(briefing, as_of=as_of, llm=llm_url)
    if result.warning or result.dropped:
        click.echo(result.warning or f"{result.dropped} LLM claims matched no span and were dropped", err=True)
    click.echo(render_claims(result.claims, fmt), nl=False)


@main.command("bench")
@click.argument("briefing", type=click.Path(path_type=Path), default="corpora/demo/briefing.md")
@click.option("--sources", type=click.Path(path_type=Path), default="corpora/demo/sources", show_default=True)
@click.option("--runs", type=click.IntRange(1),
              help="Timed checks after the warm-up (default: 3; 1 with --briefing-size).")
@click.option("--verifier", default=None, help="Verifier by name: nli (trained model) or rules.")
@click.option("--dev", "dev_file", type=click.Path(path_type=Path),
              help="Time a development JSONL file's examples instead of BRIEFING (e.g. lfqa.jsonl).")
@click.option("--limit", type=int, default=20, show_default=True, help="With --dev: examples to check.")
@click.option("--briefing-size", help="Grow BRIEFING to this size (e.g. 100KB, 1MB, 5MB) by repeating its "
                                      "paragraphs with their counts changed, and time that; warm-up on BRIEFING.")
@_verify_top
@_passage_context
def bench_cmd(briefing: Path, sources: Path, runs: int | None, verifier: str | None, dev_file: Path | None,
              limit: int, briefing_size: str | None, verify_top: int | None, passage_context: int | None) -> None:
    """Time the whole pipeline: claims per second, verifier pairs per second and peak memory.

    BRIEFING against --sources (default: the demo), or with --dev the first
    --limit examples of a development file.
    """
    from provcheck.cli.progress import progress_on_stderr
    from provcheck.evaluate.bench import benchmark, benchmark_dev, benchmark_size, parse_size
    from provcheck.pipeline import Checker

    with _errors(), progress_on_stderr() as progress:
        size = parse_size(briefing_size) if briefing_size is not None else None  # a bad size before models load
        checker = Checker(_settings(verifier=verifier, verify_top=verify_top, passage_context=passage_context))
        if dev_file is not None:
            result = benchmark_dev(dev_file, checker, limit=limit, runs=runs or 3)
        elif size is not None:
            result = benchmark_size(size, briefing, sources, checker, runs=runs or 1, progress=progress)
        else:
            result = benchmark(briefing, sources, checker, runs=runs or 3)
    for key, value in result.model_dump().items():
        click.echo(f"{key:>20}: {value:.3f}" if isinstance(value, float) else f"{key:>20}: {value}")


@main.command("calibrate")
@click.option("--verifier", default="rules", show_default=True, help="Verifier to calibrate: nli or rules.")
@click.option("--dev-dir", type=click.Path(path_type=Path), default=Path("../shared/benchmarks/dev"),
              show_default=True, help="Folder of the development JSONL files.")
@click.option("--file", "files", multiple=True,
              help="Dev file (name without .jsonl) to fit on, repeatable. Default: for rules the files the "
                   "verifier may train on, for nli the measure-only files (the verifier never saw them).")
@click.option("--police", type=click.Path(path_type=Path), default=Path("corpora/police"), show_default=True,
              help="Folder of police scenarios whose training half is fitted on too ('' for none; with --file, "
                   "name it as --file police).")
@click.option("--limit", type=int, help="At most N examples per file and half.")
@click.option("--rows", "rows_cache", type=click.Path(path_type=Path),
              help="Folder of the claims' features, a JSON file per set: written after checking, read back if present.")
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Default: models/calibration/VERIFIER.json.")
@click.option("--verifier-only", "bare", is_flag=True,
              help="Fit the one threshold of the verifier-only reading instead (eval --mode verifier-only).")
@_passage_context
def calibrate_cmd(verifier: str, dev_dir: Path, files: tuple[str, ...], police: Path, limit: int | None,
                  rows_cache: Path | None, output: Path | None, bare: bool, passage_context: int | None) -> None:
    """Fit the decision on the training halves of the dev files and police scenarios; report validation halves."""
    from provcheck.evaluate.calibrate import MEASURE_ONLY, TRAINABLE, calibrate
    from provcheck.pipeline import Checker
    from provcheck.verify.calibration import CALIBRATION_DIR

    if bare:
        from provcheck.evaluate.verifier_only import calibrate_bare

        with _errors():
            fitted = calibrate_bare(Checker(_settings(verifier="nli")), dev_dir, files or TRAINABLE + MEASURE_ONLY,
                                    limit=limit, output=output)
        click.echo(f"threshold {fitted.threshold}, " + ", ".join(f"{k} {v}" for k, v in fitted.metrics.items()))
        return
    with _errors():
        checker = Checker(_settings(verifier=verifier, calibrate=False, passage_context=passage_context))
        named = files or TRAINABLE + MEASURE_ONLY
        with_police = str(police) not in ("", ".") and (not files or "police" in files)
        result = calibrate(checker, dev_dir, verifier=verifier, files=named,
                           police=police if with_police else None, limit=limit,
                           rows_cache=rows_cache, progress=lambda name: click.echo(f"collecting {name}", err=True))
    target = output or CALIBRATION_DIR / f"{verifier}.json"
    _write_atomically(target, result.model_dump_json(indent=2) + "\n")
    click.echo(f"{target}: threshold {result.threshold}, " + ", ".join(f"{k} {v}" for k, v in result.metrics.items()))


# Modules of this package that add commands: each defines ``register(main)``.
_GROUPS: tuple[str, ...] = ("provcheck.cli.web", "provcheck.cli.ledger", "provcheck.cli.drill",
                            "provcheck.cli.omissions", "provcheck.cli.audit")


def _register_groups() -> None:
    """Attach the commands that live in their own modules (imports stay lazy inside them)."""
    import importlib

    for module in _GROUPS:
        importlib.import_module(module).register(main)


_register_groups()
