"""The local web app: paste or upload a briefing, see every claim with its evidence, sign off.

>>> from provcheck import Checker, Settings
>>> from fastapi.testclient import TestClient
>>> app = create_app(WebConfig(), Checker(Settings(embedder="hashing")))
>>> with TestClient(app, base_url="http://127.0.0.1") as client:
...     client.get("/check").status_code
200
"""

from __future__ import annotations

from provcheck.web.app import create_app
from provcheck.web.config import CorpusConfig, WebConfig

__all__ = ["CorpusConfig", "WebConfig", "create_app"]
