"""The app factory: one FastAPI app with the pages, the JSON API under ``/api/`` and static files.

>>> from provcheck import Checker, Settings
>>> app = create_app(WebConfig(), Checker(Settings(embedder="hashing")))
>>> app.openapi()["info"]["title"], app.openapi_url
('provcheck', '/api/openapi.json')
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib.resources import files

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from starlette.middleware.trustedhost import TrustedHostMiddleware

from provcheck import __version__
from provcheck.pipeline import Checker
from provcheck.web import api, ledger_pages, pages
from provcheck.web.config import WebConfig
from provcheck.web.security import guard
from provcheck.web.service import WebService

__all__ = ["create_app"]


def create_app(config: WebConfig, checker: Checker | None = None) -> FastAPI:
    """Build the app; ``checker`` defaults to the configured pipeline (models load on first use)."""
    service = WebService(config, checker or Checker())

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        service.close()

    app = FastAPI(title="provcheck", version=__version__, lifespan=lifespan, openapi_url="/api/openapi.json",
                  docs_url=None, redoc_url=None,
                  description="Check a briefing, claim by claim, against an indexed corpus; sign it off.")
    app.state.service = service
    app.middleware("http")(guard(config))
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=config.allowed_hosts)
    app.mount("/static", StaticFiles(directory=str(files("provcheck.web") / "static")), name="static")
    app.include_router(api.router)
    app.include_router(ledger_pages.api)
    app.include_router(pages.router)
    app.include_router(ledger_pages.router)
    api.add_error_handlers(app)
    return app
