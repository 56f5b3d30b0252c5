"""The HTML pages: check, progress, report, corpus (the ledger's pages are in ``ledger_pages``)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from jinja2 import ChoiceLoader, Environment, PackageLoader, select_autoescape
from starlette.datastructures import FormData, UploadFile

from provcheck.errors import InputError
from provcheck.inputs import dated
from provcheck.report import render
from provcheck.report.readable import readable
from provcheck.report.render import LEGEND
from provcheck.report.segments import segments
from provcheck.schema import Report, Verdict
from provcheck.web.api import get_service, read_upload
from provcheck.web.config import UPLOAD_SUFFIXES
from provcheck.web.security import CSRF_FIELD, csrf_ok
from provcheck.web.uploads import document_from_text

if TYPE_CHECKING:
    from provcheck.ledger import Entry

__all__ = ["error_page", "latest_decision", "page", "report_context", "router", "verified_form"]

router = APIRouter(include_in_schema=False)
_DOWNLOADS = {"html": ("text/html", "html"), "json": ("application/json", "json"),
              "markdown": ("text/markdown", "md"), "csv": ("text/csv", "csv")}


@lru_cache(maxsize=1)
def _templates() -> Jinja2Templates:
    # the report's templates too: the briefing pane's macro is shared with the static report
    loader = ChoiceLoader([PackageLoader("provcheck", "web/templates"), PackageLoader("provcheck", "report/templates")])
    env = Environment(loader=loader, autoescape=select_autoescape(default=True))
    env.filters["when"] = when
    env.filters["readable"] = readable
    return Jinja2Templates(env=env)


def when(created: str) -> str:
    """An ISO 8601 time for people, to the minute, in UTC.

    >>> when("2026-11-30T22:51:03.123456+00:00")
    '2026-11-30 22:51 UTC'
    """
    moment = datetime.fromisoformat(created)
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC") if moment.tzinfo else created


def page(request: Request, name: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    """Render a template with what every page needs (CSRF token, whether a ledger is kept)."""
    service = get_service(request)
    return _templates().TemplateResponse(request, name, {
        "csrf_field": CSRF_FIELD, "csrf_token": getattr(request.state, "csrf", ""),
        "has_ledger": service.has_ledger, **context}, status_code=status_code)


def error_page(request: Request, message: str, status_code: int) -> HTMLResponse:
    """A page saying what went wrong and what to do."""
    return page(request, "error.html", status_code, message=message)


async def verified_form(request: Request) -> FormData:
    """The posted form, after checking its CSRF token; an :class:`InputError` if it fails."""
    form = await request.form(max_files=1, max_fields=200)
    if not csrf_ok(request, form.get(CSRF_FIELD)):
        raise InputError("the form has expired or came from another site; reload the page and submit again")
    return form


@router.get("/")
def home() -> RedirectResponse:
    return RedirectResponse("/check", status_code=303)


@router.get("/check")
def check_form(request: Request) -> HTMLResponse:
    service = get_service(request)
    return page(request, "check.html", corpora=service.corpora(), suffixes=UPLOAD_SUFFIXES,
                max_bytes=service.config.max_upload_bytes)


@router.post("/check")
async def check_submit(request: Request) -> RedirectResponse:
    service, form = get_service(request), await verified_form(request)
    upload = form.get("file")
    if isinstance(upload, UploadFile) and upload.filename:
        document = await read_upload(upload, service.config.max_upload_bytes)
    else:
        document = document_from_text(str(form.get("text") or ""), max_chars=service.config.max_text_chars)
    document = dated(document, str(form.get("as_of") or ""))
    job = service.start_check(document, str(form.get("corpus") or ""))
    return RedirectResponse(f"/jobs/{job.id}", status_code=303)


@router.get("/jobs/{job_id}")
def job_page(request: Request, job_id: str) -> HTMLResponse:
    return page(request, "job.html", job=get_service(request).job(job_id))


@router.get("/reports/{report_id}")
def report_page(request: Request, report_id: str, show: str = "all") -> HTMLResponse:
    service = get_service(request)
    stored = service.reports.get(report_id)
    signoffs = service.entry(stored.entry)[1] if stored.entry and service.has_ledger else []
    return page(request, "report_page.html", **report_context(stored.report, show, signoffs), stored=stored,
                entry=stored.entry, base=f"/reports/{stored.id}")


def report_context(report: Report, show: str, signoffs: Sequence[Entry] = ()) -> dict[str, Any]:
    """What the report template needs: segments, the claims to list, counts, the decision that stands."""
    attention = report.attention
    listed = attention if show == "attention" else report.claims
    return {"report": report, "segments": segments(report), "listed": listed, "show": show,
            "attention": attention, "verdicts": list(Verdict), "decision": latest_decision(signoffs),
            "legend": list(LEGEND.items())}


def latest_decision(signoffs: Sequence[Entry]) -> Entry | None:
    """The sign-off that stands: the last one recorded, or None before any.

    >>> latest_decision([]) is None
    True
    """
    return signoffs[-1] if signoffs else None


@router.get("/reports/{report_id}/download")
def download(request: Request, report_id: str, format: str = "html") -> Response:  # noqa: A002
    stored = get_service(request).reports.get(report_id)
    if format not in _DOWNLOADS:
        return PlainTextResponse(f"format must be one of {', '.join(_DOWNLOADS)}", status_code=400)
    media, suffix = _DOWNLOADS[format]
    return Response(render(stored.report, format), media_type=media,
                    headers={"Content-Disposition": f'attachment; filename="provcheck-report.{suffix}"'})


@router.get("/corpus")
def corpus_page(request: Request) -> HTMLResponse:
    return page(request, "corpus.html", corpora=get_service(request).corpora())


@router.post("/corpus/{name}/index")
async def corpus_reindex(request: Request, name: str) -> RedirectResponse:
    await verified_form(request)
    job = get_service(request).start_index(name)
    return RedirectResponse(f"/jobs/{job.id}", status_code=303)
