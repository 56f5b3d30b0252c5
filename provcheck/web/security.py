"""Request guards: access token, same-origin writes, CSRF tokens on forms, body size, headers.

>>> same_origin("http://127.0.0.1:8000", "127.0.0.1:8000"), same_origin("http://evil.test", "127.0.0.1:8000")
(True, False)
"""

from __future__ import annotations

import hmac
import logging
import secrets
import time
from collections.abc import Awaitable, Callable
from urllib.parse import urlencode, urlsplit

from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response

from provcheck.web.config import WebConfig

__all__ = ["CSRF_COOKIE", "CSRF_FIELD", "TOKEN_COOKIE", "csrf_ok", "guard", "problem_response", "same_origin"]

_log = logging.getLogger("provcheck.web")

CSRF_COOKIE = "provcheck_csrf"
CSRF_FIELD = "csrf_token"
TOKEN_COOKIE = "provcheck_token"
_UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}
_FORM_OVERHEAD = 64_000
_CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
        "form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
_HEADERS = {
    "Content-Security-Policy": _CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}

Next = Callable[[Request], Awaitable[Response]]


def same_origin(origin: str, host: str) -> bool:
    """True when a browser's ``Origin`` names the host the request was sent to."""
    return urlsplit(origin).netloc.lower() == host.lower()


def csrf_ok(request: Request, sent: object) -> bool:
    """True when the form's token equals the cookie the server set (double-submit check)."""
    cookie = request.cookies.get(CSRF_COOKIE, "")
    return bool(cookie) and isinstance(sent, str) and hmac.compare_digest(cookie.encode(), sent.encode())


def _refusal(request: Request, config: WebConfig) -> tuple[int, str] | None:
    """The status and message refusing this request, or None to let it through."""
    if config.token and not _token_ok(request, config.token):
        return 401, ("open the address the server printed (it carries the access token), "
                     "or send 'Authorization: Bearer TOKEN'")
    if request.method in _UNSAFE:
        origin = request.headers.get("origin")
        if (origin and not same_origin(origin, request.headers.get("host", ""))) or \
                request.headers.get("sec-fetch-site") == "cross-site":
            return 403, "cross-site request refused: submit the form from this server's own pages"
        length = request.headers.get("content-length")
        if length is None and request.headers.get("transfer-encoding"):
            return 411, "send a Content-Length"
        if length is not None and (not length.isdigit() or int(length) > config.max_upload_bytes + _FORM_OVERHEAD):
            return 413, (f"the request is over the {config.max_upload_bytes:,}-byte upload limit; "
                         "split the briefing or paste a shorter part")
    return None


def problem_response(request: Request, status: int, message: str) -> Response:
    """An error as the rest of the app gives it: ``{"detail": ...}`` under /api/, an HTML page elsewhere."""
    if request.url.path.startswith("/api/"):
        return JSONResponse({"detail": message}, status_code=status)
    from provcheck.web.pages import error_page

    return error_page(request, message, status)


def _token_ok(request: Request, token: str) -> bool:
    sent = request.cookies.get(TOKEN_COOKIE) or request.query_params.get("token") or ""
    auth = request.headers.get("authorization", "")
    if auth.lower().startswith("bearer "):
        sent = auth[7:].strip()
    return hmac.compare_digest(sent.encode(), token.encode())


def guard(config: WebConfig) -> Callable[[Request, Next], Awaitable[Response]]:
    """The HTTP middleware applying every guard above, then the security headers; one log line a request."""

    async def middleware(request: Request, call_next: Next) -> Response:
        started, head = time.perf_counter(), request.method == "HEAD"
        if head:  # HEAD is answered as GET without the body
            request.scope["method"] = "GET"
        response = await _guarded(request, call_next, config)
        _log.info("%s %s -> %d in %.0f ms", "HEAD" if head else request.method, request.url.path,
                  response.status_code, 1000 * (time.perf_counter() - started))
        return _headless(response) if head else response

    return middleware


async def _guarded(request: Request, call_next: Next, config: WebConfig) -> Response:
    refusal = _refusal(request, config)
    if refusal is not None:
        return _with_headers(problem_response(request, *refusal))
    if config.token and request.method == "GET" and "token" in request.query_params:
        response: Response = RedirectResponse(_without_token(request), status_code=303)
        response.set_cookie(TOKEN_COOKIE, config.token, httponly=True, samesite="strict")
        return _with_headers(response)
    fresh = None if request.cookies.get(CSRF_COOKIE) else secrets.token_urlsafe(32)
    request.state.csrf = request.cookies.get(CSRF_COOKIE) or fresh
    response = await call_next(request)
    if fresh:
        response.set_cookie(CSRF_COOKIE, fresh, httponly=True, samesite="strict")
    return _with_headers(response)


def _headless(response: Response) -> Response:
    """The answer to a HEAD request: the GET response's status and headers, no body."""
    headless = Response(status_code=response.status_code)
    headless.raw_headers = list(response.raw_headers)  # Set-Cookie twice stays twice
    return headless


def _without_token(request: Request) -> str:
    query = urlencode([(k, v) for k, v in request.query_params.multi_items() if k != "token"])
    return request.url.path + (f"?{query}" if query else "")


def _with_headers(response: Response) -> Response:
    for name, value in _HEADERS.items():
        response.headers.setdefault(name, value)
    return response
