"""``provcheck eval-omissions``: the omissions yardstick (recall of planted omissions, items on faithful briefings)."""

from __future__ import annotations

from pathlib import Path

import click

__all__ = ["register"]


@click.command("eval-omissions")
@click.argument("folder", type=click.Path(path_type=Path), default="corpora/omissions")
@click.option("--verifier", default=None, help="Verifier by name: nli (trained model) or rules.")
@click.option("--embedder", default=None, help="Dense embedder by name (default: minilm).")
@click.option("--json", "as_json", is_flag=True, help="Print every scenario's result as JSON.")
def eval_omissions_cmd(folder: Path, verifier: str | None, embedder: str | None, as_json: bool) -> None:
    """Measure what the briefing leaves out on FOLDER's scenarios: recall in the top 5, items on faithful ones."""
    from provcheck.cli import _errors, _settings
    from provcheck.omissions.yardstick import checking, load_scenarios, measure
    from provcheck.pipeline import Checker

    with _errors():
        scenarios = load_scenarios(folder)
        checker = Checker(_settings(verifier=verifier, embedder=embedder, omissions=True))
        metrics = measure(scenarios, checking(checker))
    if as_json:
        click.echo(metrics.model_dump_json(indent=2))
        return
    for r in metrics.results:
        click.echo(f"{r.id}: found {r.found}/{r.planted}, faithful items {r.faithful_items}")
    for key, value in metrics.model_dump(exclude={"results"}).items():
        click.echo(f"{key:>20}: {value}")


def register(main: click.Group) -> None:
    """Attach ``eval-omissions`` to the ``provcheck`` group."""
    main.add_command(eval_omissions_cmd)
