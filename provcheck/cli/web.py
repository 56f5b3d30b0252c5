"""``provcheck serve``: the local web app for analysts."""

from __future__ import annotations

from pathlib import Path

import click

__all__ = ["register"]


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; any other than loopback requires the access token.")
@click.option("--port", default=8000, type=click.IntRange(1, 65535), show_default=True)
@click.option("--db", "dbs", type=click.Path(path_type=Path), multiple=True,
              help="Corpus index to check against (from `provcheck index`); repeat to offer several.")
@click.option("--sources", type=click.Path(path_type=Path), help="Sources folder of --db; enables re-indexing.")
@click.option("--ledger", type=click.Path(path_type=Path),
              help="Audit ledger to record checks and sign-offs in (default: $PROVCHECK_LEDGER, else "
                   "./provcheck-ledger.db).")
@click.option("--no-ledger", is_flag=True, help="Record nothing; reports live in memory and cannot be signed off.")
@click.option("--token", envvar="PROVCHECK_TOKEN", help="Access token (made up and printed when off loopback).")
@click.option("--verifier", default=None, help="Verifier by name: nli (trained model) or rules.")
def serve_cmd(host: str, port: int, dbs: tuple[Path, ...], sources: Path | None, ledger: Path | None, no_ledger: bool,
              token: str | None, verifier: str | None) -> None:
    """Serve the web app: check a briefing, read each claim's evidence, sign off (on 127.0.0.1 by default)."""
    from provcheck.cli import _errors, _settings
    from provcheck.ledger import ledger_path
    from provcheck.pipeline import Checker
    from provcheck.web import create_app
    from provcheck.web.server import serve, server_config

    with _errors():
        config = server_config(dbs=dbs, host=host, sources=sources, token=token,
                               ledger=None if no_ledger else ledger_path(ledger))
        serve(create_app(config, Checker(_settings(verifier=verifier))), config, host=host, port=port)


def register(main: click.Group) -> None:
    """Add ``serve`` to the ``provcheck`` command."""
    main.add_command(serve_cmd)
