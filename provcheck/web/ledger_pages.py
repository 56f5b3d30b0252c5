"""The ledger's pages and JSON API: search past checks, open one, sign it off, verify the chain."""

from __future__ import annotations

from collections.abc import Collection
from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, ConfigDict, Field

from provcheck.errors import LedgerError, SignoffRefusedError
from provcheck.ledger import CheckContent, Decision, Entry, EntryFilter, EntryKind, Override, VerifyResult
from provcheck.ledger.recheck import RecheckResult
from provcheck.schema import ClaimResult, Verdict
from provcheck.web.api import ERROR_RESPONSES, Service, get_service
from provcheck.web.pages import latest_decision, page, report_context, verified_form

__all__ = ["EntrySummary", "RecheckRequest", "SignoffRequest", "api", "router", "summarize"]

router = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api/ledger", tags=["ledger"])
_OVERRIDE = "override:"
Seq = Annotated[int, Path(ge=1, le=2**63 - 1, description="the entry's sequence number")]


class EntrySummary(BaseModel):
    """One ledger entry as the ledger page lists it."""

    model_config = ConfigDict(extra="forbid")

    seq: int
    created: str
    kind: EntryKind
    briefing: str | None = Field(None, description="the checked briefing (checks)")
    claims: int = 0
    attention: int = Field(0, description="claims that need attention (checks)")
    left_out: int = Field(0, description="statements the briefing leaves out, as the check lists them (checks)")
    refers: int | None = Field(None, description="the check a sign-off decides on")
    reviewer: str | None = None
    decision: Decision | None = None
    overrides: int = 0


class RecheckRequest(BaseModel):
    """The corpus to re-check a recorded briefing against."""

    model_config = ConfigDict(extra="forbid")

    corpus: str = Field(min_length=1, max_length=64)


class SignoffRequest(BaseModel):
    """A reviewer's decision on a check entry, with a reason for each override."""

    model_config = ConfigDict(extra="forbid")

    reviewer: str = Field(min_length=1, max_length=200)
    decision: Decision
    overrides: list[Override] = Field(default_factory=list, max_length=1000)


def summarize(entry: Entry) -> EntrySummary:
    """The list row of an entry.

    >>> from provcheck.ledger.testing import tiny_report
    >>> from provcheck.ledger import check_content
    >>> entry = Entry(seq=1, created="2026-01-01T00:00:00+00:00", prev_hash="0", content_sha256="0", hash="0",
    ...               content=check_content(tiny_report()))
    >>> row = summarize(entry)
    >>> row.briefing, row.attention >= 1, row.left_out
    ('briefing.md', True, 0)
    """
    content = entry.content
    row = EntrySummary(seq=entry.seq, created=entry.created, kind=entry.kind)
    if isinstance(content, CheckContent):
        row.briefing, row.claims = content.briefing.path, len(content.report.claims)
        row.attention, row.left_out = len(content.report.attention), len(content.report.omissions)
    else:
        row.refers, row.reviewer, row.decision = content.check, content.reviewer, content.decision
        row.overrides = len(content.overrides)
    return row


def _filters(briefing: str | None, reviewer: str | None, verdict: Verdict | None,
             kind: EntryKind | None) -> EntryFilter:
    return EntryFilter(briefing=briefing or None, reviewer=reviewer or None, verdict=verdict, kind=kind)


@api.get("", response_model=list[EntrySummary])
def list_entries(service: Service, briefing: Annotated[str | None, Query(max_length=200)] = None,
                 reviewer: Annotated[str | None, Query(max_length=200)] = None,
                 verdict: Verdict | None = None, kind: EntryKind | None = None) -> list[EntrySummary]:
    """Entries matching the filters (like ``provcheck ledger list``), oldest first."""
    return [summarize(e) for e in service.entries(_filters(briefing, reviewer, verdict, kind))]


@api.get("/verify", response_model=VerifyResult)
def verify(service: Service) -> VerifyResult:
    """Re-compute the hash chain (like ``provcheck ledger verify``)."""
    return service.verify()


@api.get("/{seq}", response_model=Entry, responses=ERROR_RESPONSES)
def get_entry(seq: Seq, service: Service) -> Entry:
    """One entry, with the report as it was (like ``provcheck ledger show``)."""
    return service.entry(seq)[0]


@api.get("/{seq}/export", responses={200: {"content": {"application/json": {}, "text/html": {}}},
                                     **ERROR_RESPONSES})
def export(seq: Seq, service: Service, format: Literal["json", "html"] = "json") -> Response:  # noqa: A002
    """A self-contained disclosure bundle of a check (like ``provcheck ledger export``), as a download."""
    media, suffix = ("text/html", "html") if format == "html" else ("application/json", "json")
    return Response(service.export(seq, format), media_type=media,
                    headers={"Content-Disposition": f'attachment; filename="provcheck-entry-{seq}.{suffix}"'})


@api.post("/{seq}/recheck", response_model=RecheckResult, responses=ERROR_RESPONSES)
def recheck(seq: Seq, body: RecheckRequest, service: Service) -> RecheckResult:
    """Re-run the recorded briefing against the corpus as it is now (like ``provcheck recheck``)."""
    return service.recheck_now(seq, body.corpus)


@api.post("/{seq}/signoff", response_model=Entry, status_code=201, responses=ERROR_RESPONSES)
def signoff(seq: Seq, body: SignoffRequest, service: Service) -> Entry:
    """Sign off a check (like ``provcheck signoff``); 409 while a flagged claim has no override."""
    return service.signoff(seq, body.reviewer, body.decision, {o.claim_id: o.reason for o in body.overrides})


@router.get("/ledger")
def ledger_page(request: Request, briefing: str = "", reviewer: str = "", verdict: str = "",
                kind: str = "") -> HTMLResponse:
    service = get_service(request)
    filters = _filters(briefing[:200], reviewer[:200], Verdict(verdict) if verdict in set(Verdict) else None,
                       EntryKind(kind) if kind in set(EntryKind) else None)
    rows = [summarize(e) for e in service.entries(filters)][::-1]
    decided = {r.refers: r for r in rows if r.kind is EntryKind.SIGNOFF}
    return page(request, "ledger.html", rows=rows, decided=decided, verdicts=list(Verdict),
                query={"briefing": briefing, "reviewer": reviewer, "verdict": verdict, "kind": kind})


@router.get("/ledger/verify")
def ledger_verify_page(request: Request) -> HTMLResponse:
    return page(request, "verify.html", result=get_service(request).verify())


@router.get("/ledger/{seq}")
def entry_page(request: Request, seq: Seq, show: str = "all", signed: int | None = None) -> Response:
    service = get_service(request)
    entry, signoffs = service.entry(seq)
    if not isinstance(entry.content, CheckContent):
        return RedirectResponse(f"/ledger/{entry.content.check}#signoff-{seq}", status_code=303)
    return page(request, "report_page.html", **report_context(entry.content.report, show, signoffs), stored=None,
                entry=seq, ledger_entry=entry, tampered=service.vouch(seq), signoffs=signoffs, signed=signed,
                base=f"/ledger/{seq}", corpora=service.config.corpora)


@router.post("/ledger/{seq}/recheck")
async def recheck_submit(request: Request, seq: Seq) -> RedirectResponse:
    form = await verified_form(request)
    job = get_service(request).start_recheck(seq, str(form.get("corpus") or ""))
    return RedirectResponse(f"/jobs/{job.id}", status_code=303)


@router.get("/ledger/{seq}/signoff")
def signoff_page(request: Request, seq: Seq) -> HTMLResponse:
    entry, signoffs = get_service(request).entry(seq)
    return _signoff_form(request, entry, signoffs)


def _signoff_form(request: Request, entry: Entry, signoffs: list[Entry], status_code: int = 200,
                  problem: str | None = None, values: dict[str, str] | None = None,
                  missing: Collection[str] = ()) -> HTMLResponse:
    if not isinstance(entry.content, CheckContent):
        return page(request, "error.html", 400, message=f"entry {entry.seq} is a sign-off, not a check")
    report = entry.content.report
    attention: list[ClaimResult] = report.attention
    return page(request, "signoff.html", status_code, entry=entry, report=report, attention=attention,
                omissions=report.omissions, signoffs=signoffs, problem=problem, values=values or {},
                override_prefix=_OVERRIDE, missing=set(missing), decision=latest_decision(signoffs))


def _refused(err: SignoffRefusedError) -> str:
    """The gate's refusal in the page's words: which claims and left-out statements still need a reason."""
    what = [_counted(err.claims, "claim")] if err.claims else []
    what += [_counted(err.omissions, "statement left out by the briefing", "statements left out by the briefing")
             ] if err.omissions else []
    one = len(err.claims) + len(err.omissions) == 1
    return (f"Approval refused: {' and '.join(what)} need{'s' if one else ''} an override reason. Write in each "
            "highlighted box why it is acceptable as it stands, or choose reject.")


def _counted(ids: list[str], one: str, many: str | None = None) -> str:
    """'1 claim (c1)', '2 claims (c1, c4)'."""
    return f"{len(ids)} {one if len(ids) == 1 else many or one + 's'} ({', '.join(ids)})"


@router.post("/ledger/{seq}/signoff")
async def signoff_submit(request: Request, seq: Seq) -> Response:
    service, form = get_service(request), await verified_form(request)
    values = {k: str(v) for k, v in form.items() if isinstance(v, str)}
    overrides = {k[len(_OVERRIDE):]: v.strip() for k, v in values.items() if k.startswith(_OVERRIDE) and v.strip()}
    problem, missing = _form_problem(values), []
    if problem is None:
        try:
            done = service.signoff(seq, values["reviewer"], values["decision"], overrides)
            return RedirectResponse(f"/ledger/{seq}?signed={done.seq}#signoff-{done.seq}", status_code=303)
        except SignoffRefusedError as err:
            problem, missing = _refused(err), err.claims + err.omissions
        except LedgerError as err:
            problem = str(err)
    entry, signoffs = service.entry(seq)  # the form again, with what was typed and why it was refused
    return _signoff_form(request, entry, signoffs, 200, problem, values, missing)


def _form_problem(values: dict[str, str]) -> str | None:
    """What the form lacks before the ledger is asked: a decision and the reviewer's name."""
    if values.get("decision") not in set(Decision):
        return "Choose a decision: approve or reject."
    if not values.get("reviewer", "").strip():
        return "Type your name in the reviewer box: a sign-off records who decided."
    return None
