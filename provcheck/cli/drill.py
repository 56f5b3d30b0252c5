"""The ``drill`` group: make a drill, score trainees and the tool, write the debrief, benchmark the tool.

Each command parses, calls the library in :mod:`provcheck.drills`, renders.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from provcheck.cli import _errors, _settings

if TYPE_CHECKING:
    from provcheck.drills import Score

__all__ = ["register"]

_FAST = {"embedder": "hashing", "verifier": "rules"}


def _checker(embedder: str | None = None, verifier: str | None = None) -> Any:
    from provcheck.pipeline import Checker

    return Checker(_settings(embedder=embedder, verifier=verifier))


def _show(score: Score) -> None:
    total = len(score.caught) + len(score.missed)
    click.echo(f"{score.name}: caught {len(score.caught)} of {total}, missed {len(score.missed)}, "
               f"false alarms {len(score.false_alarms)}")
    for row in score.per_type:
        click.echo(f"  {row.type.value:<18} {row.caught}/{row.planted}")


@click.group("drill")
def drill() -> None:
    """Trainer drills: plant fabrications in a sound briefing, score trainees and the tool."""


@drill.command("make")
@click.argument("briefing", type=click.Path(path_type=Path))
@click.option("--sources", type=click.Path(path_type=Path), required=True, help="Sources the briefing rests on.")
@click.option("--count", type=int, default=8, show_default=True, help="Number of fabrications to plant.")
@click.option("--omit", type=int, default=0, show_default=True,
              help="Mitigating sentences to take out (plant type omission).")
@click.option("--seed", type=int, default=0, show_default=True, help="The same seed makes the same drill.")
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True, help="Drill folder to write.")
def make_cmd(briefing: Path, sources: Path, count: int, omit: int, seed: int, output: Path) -> None:
    """Plant COUNT fabrications in BRIEFING; write the doctored briefing, answer key and trainee sheets."""
    from provcheck.drills import make_drill

    with _errors():
        key = make_drill(briefing, sources, output, count=count, seed=seed, checker=_checker(**_FAST), omit=omit)
    click.echo(f"{len(key.plants)} plants -> {output / key.doctored_file}, key.json, sheet.html, sheet.md")


@drill.command("score")
@click.argument("drill_dir", metavar="DIR", type=click.Path(path_type=Path))
@click.option("--answers", type=click.Path(path_type=Path), help="Trainee's JSON spans or [[marked-up]] briefing.")
@click.option("--name", help="Trainee's name in the debrief (default: the answers file's name).")
@click.option("--tool", is_flag=True, help="Run provcheck on the doctored briefing and score it the same way.")
@click.option("--sources", type=click.Path(path_type=Path), help="Sources folder (default: the one in key.json).")
@click.option("--embedder", default=None, help="Embedder for --tool by name (default: minilm).")
def score_cmd(drill_dir: Path, answers: Path | None, name: str | None, tool: bool, sources: Path | None,
              embedder: str | None) -> None:
    """Score a trainee's ANSWERS (or, with --tool, provcheck) against the drill's key; saved for the debrief."""
    from provcheck.drills import save_score, score_answers, score_tool

    if not answers and not tool:
        raise click.UsageError("give --answers FILE, --tool, or both")
    with _errors():
        scores = ([score_answers(drill_dir, answers, name=name)] if answers else []) + (
            [score_tool(drill_dir, _checker(embedder), sources=sources)] if tool else [])
        for score in scores:
            save_score(drill_dir, score)
            _show(score)


@drill.command("report")
@click.argument("drill_dir", metavar="DIR", type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path), help="HTML file (default: DIR/debrief.html).")
def report_cmd(drill_dir: Path, output: Path | None) -> None:
    """Write the HTML debrief: each plant, who caught it, and the source passage that gives it away."""
    from provcheck.drills import write_debrief

    with _errors():
        path = write_debrief(drill_dir, output)
    click.echo(f"debrief written to {path}")


@drill.command("bench")
@click.argument("briefing", type=click.Path(path_type=Path), default="corpora/drills/sound-briefing.md")
@click.option("--sources", type=click.Path(path_type=Path), default="corpora/demo/sources", show_default=True)
@click.option("--seeds", type=int, default=20, show_default=True, help="Drills to make, seeds 0..N-1.")
@click.option("--count", type=int, default=8, show_default=True, help="Plants per drill.")
@click.option("--omit", type=int, default=0, show_default=True, help="Mitigating sentences taken out per drill.")
@click.option("--embedder", default=None, help="Embedder by name (default: minilm; hashing is fast).")
@click.option("--verifier", default=None, help="Verifier by name: nli (trained model) or rules.")
def bench_cmd(briefing: Path, sources: Path, seeds: int, count: int, omit: int, embedder: str | None,
              verifier: str | None) -> None:
    """Measure the tool on seeded drills: detection rate per plant type and false alarms on untouched claims."""
    from provcheck.drills import bench

    with _errors():
        result = bench(briefing, sources, _checker(embedder, verifier), seeds=seeds, count=count, omit=omit)
    click.echo(f"{'plant type':<18} {'caught':>8} {'rate':>6}")
    for row in result.per_type:
        click.echo(f"{row.type.value:<18} {row.caught:>4}/{row.planted:<3} {row.rate:>6.0%}")
    click.echo(f"{'all':<18} {'':>8} {result.detection_rate:>6.0%}")
    click.echo(f"false alarms: {result.false_alarms} of {result.untouched_claims} untouched claims "
               f"({result.false_alarm_rate:.1%})")


def register(main: click.Group) -> None:
    """Attach the ``drill`` group to ``main``."""
    main.add_command(drill)
