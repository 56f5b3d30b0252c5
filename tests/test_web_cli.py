"""``provcheck serve``: a real server process on 127.0.0.1, and its refusals."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner

from provcheck import Checker
from provcheck.cli import main
from provcheck.web.server import free_port

from .test_web import indexed_demo


def test_serve_is_registered_with_its_options() -> None:
    result = CliRunner().invoke(main, ["serve", "--help"])
    assert result.exit_code == 0
    for option in ("--host", "--port", "--db", "--sources", "--ledger", "--no-ledger", "--token"):
        assert option in result.output
    assert "[default: 127.0.0.1]" in result.output


@pytest.mark.parametrize(("args", "message"), [
    (["--token", "short"], "the access token is too short"),
    (["--sources", "corpora/demo/sources"], "--sources needs exactly one --db"),
])
def test_serve_refuses_bad_options_before_listening(args: list[str], message: str) -> None:
    result = CliRunner().invoke(main, ["serve", "--no-ledger", *args])
    assert result.exit_code == 2
    assert message in result.output


def test_serve_answers_on_loopback(fast_checker: Checker, tmp_path_factory: pytest.TempPathFactory,
                                   tmp_path: Path) -> None:
    db, port = indexed_demo(fast_checker, tmp_path_factory), free_port()
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "PROVCHECK_LEDGER": str(tmp_path / "ledger.db")}
    process = subprocess.Popen([sys.executable, "-m", "provcheck", "serve", "--port", str(port), "--db", str(db)],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    try:
        corpora = _wait_for(f"http://127.0.0.1:{port}/api/corpora")
        assert corpora.json()[0]["name"] == db.stem and len(corpora.json()[0]["documents"]) == 12
        assert "Ledger" in httpx.get(f"http://127.0.0.1:{port}/check").text
        assert httpx.get(f"http://127.0.0.1:{port}/ledger/verify").status_code == 200
        assert (tmp_path / "ledger.db").exists()
    finally:
        process.send_signal(signal.SIGINT)
        output = process.communicate(timeout=30)[0]
    assert f"open http://127.0.0.1:{port}/" in output


def _wait_for(url: str, timeout: float = 90.0) -> httpx.Response:
    deadline = time.monotonic() + timeout
    while True:
        try:
            return httpx.get(url, timeout=5)
        except httpx.TransportError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)
