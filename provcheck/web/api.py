"""The JSON API under ``/api/``: the CLI's commands, returning the report schema.

===============================  ==========================================
``POST /api/check``              ``provcheck check`` on pasted text
``POST /api/check/upload``       ``provcheck check`` on an uploaded file
``POST /api/claims``             ``provcheck claims``
``GET /api/corpora``             the configured corpora and their documents
``POST /api/corpora/{name}/index``  ``provcheck index`` (a job to poll)
``GET /api/jobs/{id}``           progress of a check or re-index
``GET /api/reports/{id}``        a report (``?format=`` renders it)
===============================  ==========================================
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, FastAPI, File, Form, Request, UploadFile
from fastapi.responses import JSONResponse, PlainTextResponse, Response
from pydantic import BaseModel, ConfigDict, Field
from starlette.datastructures import UploadFile as StarletteUpload
from starlette.exceptions import HTTPException as StarletteHTTPException

from provcheck.claims import extract_claims
from provcheck.errors import ConfigError, ProvcheckError, SignoffRefusedError
from provcheck.report import render
from provcheck.schema import Claim, Document, Report
from provcheck.web.corpus import CorpusInfo
from provcheck.web.jobs import Job
from provcheck.web.service import NotFoundError, WebService
from provcheck.web.uploads import document_from_text, document_from_upload

__all__ = ["CheckRequest", "ClaimsRequest", "add_error_handlers", "read_upload", "router"]

router = APIRouter(prefix="/api", tags=["api"])
Format = Literal["json", "html", "markdown", "csv", "terminal"]
_MEDIA = {"json": "application/json", "html": "text/html", "markdown": "text/markdown", "csv": "text/csv",
          "terminal": "text/plain"}


def get_service(request: Request) -> WebService:
    """The app's :class:`WebService` (a FastAPI dependency)."""
    service: WebService = request.app.state.service
    return service


Service = Annotated[WebService, Depends(get_service)]


class CheckRequest(BaseModel):
    """A briefing's text and the corpus to check it against."""

    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1, description="the briefing's text")
    corpus: str = Field(min_length=1, max_length=64, description="name of a configured corpus")
    name: str = Field("pasted briefing", max_length=200, description="a label for the report")


class ClaimsRequest(BaseModel):
    """Text to split into claims."""

    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1)


class Problem(BaseModel):
    """Why a request was refused, and what to do."""

    detail: str


ERROR_RESPONSES: dict[int | str, dict[str, object]] = {
    400: {"model": Problem}, 404: {"model": Problem}, 409: {"model": Problem}, 413: {"model": Problem}}


def _located(stored_id: str, report: Report) -> JSONResponse:
    return JSONResponse(report.model_dump(mode="json"), headers={"Location": f"/api/reports/{stored_id}"})


@router.post("/check", response_model=Report, responses=ERROR_RESPONSES)
def check(body: CheckRequest, service: Service) -> JSONResponse:
    """Check pasted briefing text against a corpus; the report's URL is in ``Location``."""
    document = document_from_text(body.text, name=body.name, max_chars=service.config.max_text_chars)
    stored = service.check_now(document, body.corpus)
    return _located(stored.id, stored.report)


@router.post("/check/upload", response_model=Report, responses=ERROR_RESPONSES)
async def check_upload(file: Annotated[UploadFile, File(description=".txt, .md, .docx or .pdf")],
                       corpus: Annotated[str, Form(max_length=64)], service: Service) -> JSONResponse:
    """Check an uploaded briefing file against a corpus."""
    document = await read_upload(file, service.config.max_upload_bytes)
    stored = service.check_now(document, corpus)
    return _located(stored.id, stored.report)


async def read_upload(file: StarletteUpload, max_bytes: int) -> Document:
    """Read at most ``max_bytes + 1`` bytes of an upload into a Document (never by its name on disk)."""
    data = await file.read(max_bytes + 1)
    return document_from_upload(file.filename or "", data, max_bytes=max_bytes)


@router.post("/claims", response_model=list[Claim], responses=ERROR_RESPONSES)
def claims(body: ClaimsRequest, service: Service) -> list[Claim]:
    """The claims that would be checked in the text, with spans and atoms."""
    return extract_claims(document_from_text(body.text, max_chars=service.config.max_text_chars).text)


@router.get("/corpora", response_model=list[CorpusInfo])
def corpora(service: Service) -> list[CorpusInfo]:
    """The configured corpora with their indexed documents."""
    return service.corpora()


@router.post("/corpora/{name}/index", response_model=Job, status_code=202, responses=ERROR_RESPONSES)
def reindex(name: str, service: Service) -> Job:
    """Re-index a corpus from its configured sources folder; poll the returned job."""
    return service.start_index(name)


@router.get("/jobs/{job_id}", response_model=Job, responses=ERROR_RESPONSES)
def job(job_id: str, service: Service) -> Job:
    """A check's or re-index's progress; ``result`` is the report id once done."""
    return service.job(job_id)


_RENDERED: dict[int | str, dict[str, object]] = {
    200: {"content": {m: {} for m in _MEDIA.values() if m != "application/json"}}, **ERROR_RESPONSES}


@router.get("/reports/{report_id}", response_model=Report, responses=_RENDERED)
def report(report_id: str, service: Service, format: Format = "json") -> Response:  # noqa: A002
    """A finished report, as JSON (the schema) or rendered in another format."""
    stored = service.reports.get(report_id)
    if format == "json":
        return JSONResponse(stored.report.model_dump(mode="json"))
    return PlainTextResponse(render(stored.report, format), media_type=_MEDIA[format])


def _status(err: ProvcheckError) -> int:
    if isinstance(err, NotFoundError):
        return 404
    return 409 if isinstance(err, SignoffRefusedError) else 400


def add_error_handlers(app: FastAPI) -> None:
    """ProvcheckErrors become ``{"detail": ...}`` under /api/ and an error page elsewhere."""
    from provcheck.web.pages import error_page

    async def handle(request: Request, err: Exception) -> Response:
        assert isinstance(err, ProvcheckError)
        if request.url.path.startswith("/api/"):
            return JSONResponse({"detail": str(err)}, status_code=_status(err))
        return error_page(request, str(err), _status(err))

    async def http_error(request: Request, err: Exception) -> Response:
        assert isinstance(err, StarletteHTTPException)
        if request.url.path.startswith("/api/"):
            return JSONResponse({"detail": err.detail}, status_code=err.status_code, headers=err.headers)
        return error_page(request, _page_problem(request, err), err.status_code)

    app.add_exception_handler(ProvcheckError, handle)
    app.add_exception_handler(ConfigError, handle)
    app.add_exception_handler(StarletteHTTPException, http_error)


def _page_problem(request: Request, err: StarletteHTTPException) -> str:
    """What a mistyped address or a wrong method means to someone using the pages."""
    if err.status_code == 404:
        return f"There is no page at {request.url.path}; start a check at /check or open the ledger at /ledger."
    if err.status_code == 405:
        return f"{request.method} is not how {request.url.path} is used; open it from a link or a form."
    return str(err.detail)
