"""Running the app: the ``provcheck serve`` entry point and a background server for tests.

>>> config = server_config(dbs=["corpus.db", "old/corpus.db"], host="127.0.0.1")
>>> [c.name for c in config.corpora], config.token is None
(['corpus', 'corpus-2'], True)
>>> server_config(dbs=[], host="0.0.0.0").token is not None
True
"""

from __future__ import annotations

import logging
import re
import secrets
import socket
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

import uvicorn
from fastapi import FastAPI

from provcheck.errors import ConfigError
from provcheck.web.config import CorpusConfig, WebConfig, is_loopback

__all__ = ["free_port", "log_requests", "running", "serve", "server_config"]


def server_config(*, dbs: Sequence[Path | str], host: str, sources: Path | None = None,
                  ledger: Path | None = None, token: str | None = None) -> WebConfig:
    """The :class:`WebConfig` for ``provcheck serve``; off loopback a token is required (made if not given)."""
    if sources is not None and len(dbs) != 1:
        raise ConfigError("--sources needs exactly one --db: the index file the sources are indexed into")
    if token is not None and len(token) < 16:
        raise ConfigError("the access token is too short; use at least 16 random characters")
    corpora = [CorpusConfig(name=name, db=Path(db), sources=sources) for name, db in zip(_names(dbs), dbs,
                                                                                         strict=True)]
    if not is_loopback(host):
        token = token or secrets.token_urlsafe(24)
    hosts = ["*"] if not is_loopback(host) else ["127.0.0.1", "localhost", "[::1]"]
    return WebConfig(corpora=corpora, ledger=ledger, token=token, allowed_hosts=hosts)


def _names(dbs: Sequence[Path | str]) -> list[str]:
    """A distinct corpus name per index file, from its file name."""
    names: list[str] = []
    for db in dbs:
        base = name = _corpus_name(Path(db))
        while name in names:
            name = f"{base}-{len(names) + 1}"
        names.append(name)
    return names


def _corpus_name(db: Path) -> str:
    name = re.sub(r"[^A-Za-z0-9_.-]", "-", db.stem).strip("-.") or "corpus"
    return name[:64]


def serve(app: FastAPI, config: WebConfig, *, host: str, port: int) -> None:
    """Serve ``app`` until interrupted, printing the address to open (with the token, if any)."""
    shown = f"[{host}]" if ":" in host else host
    query = f"/?token={config.token}" if config.token else "/"
    print(f"provcheck web app: open http://{shown}:{port}{query}  (Ctrl+C stops it)", flush=True)
    log_requests()
    uvicorn.run(app, host=host, port=port, log_level="warning", server_header=False)


def log_requests(stream: TextIO | None = None) -> logging.Handler:
    """Print the app's log on stderr: a line per request (method, path, status, time; never the query,
    which may carry the token) and each failure with the job or request it belongs to."""
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logger = logging.getLogger("provcheck.web")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    return handler


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port nothing listens on right now.

    >>> 0 < free_port() < 65536
    True
    """
    with socket.socket() as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


@contextmanager
def running(app: FastAPI, *, host: str = "127.0.0.1", port: int | None = None,
            timeout: float = 30.0) -> Iterator[str]:
    """Run a real uvicorn server on a thread; yields its base URL and stops it on exit."""
    port = port or free_port(host)
    server = uvicorn.Server(uvicorn.Config(app, host=host, port=port, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, name="provcheck-web", daemon=True)
    thread.start()
    deadline = time.monotonic() + timeout
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise ConfigError(f"the web server did not start on {host}:{port}; choose another --port")
        time.sleep(0.05)
    try:
        yield f"http://{host}:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout)
