"""Request guards: access token, same-origin writes, CSRF tokens on forms, body size, headers.

>>> same_origin("http://127.0.0.1:8000", "127.0.0.1:8000"), same_origin("http://evil.test", "127.0.0.1:8000")
(True, False)
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Awaitable, Callable
from urllib.parse import urlencode, urlsplit

from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response

from provcheck.web.config import WebConfig

__all__ = ["CSRF_COOKIE", "CSRF_FIELD", "TOKEN_COOKIE", "csrf_ok", "guard", "same_origin"]

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


def _refusal(request: Request, config: WebConfig) -> Response | None:
    """The response refusing this request, or None to let it through."""
    if config.token and not _token_ok(request, config.token):
        return PlainTextResponse("401: open the address the server printed (it carries the access token), "
                                 "or send 'Authorization: Bearer TOKEN'", status_code=401)
    if request.method in _UNSAFE:
        origin = request.headers.get("origin")
        if (origin and not same_origin(origin, request.headers.get("host", ""))) or \
                request.headers.get("sec-fetch-site") == "cross-site":
            return PlainTextResponse("403: cross-site request refused", status_code=403)
        length = request.headers.get("content-length")
        if length is None and request.headers.get("transfer-encoding"):
            return PlainTextResponse("411: send a Content-Length", status_code=411)
        if length is not None and (not length.isdigit() or int(length) > config.max_upload_bytes + _FORM_OVERHEAD):
            return PlainTextResponse(f"413: request over the {config.max_upload_bytes:,}-byte upload limit",
                                     status_code=413)
    return None


def _token_ok(request: Request, token: str) -> bool:
    sent = request.cookies.get(TOKEN_COOKIE) or request.query_params.get("token") or ""
    auth = request.headers.get("authorization", "")
    if auth.lower().startswith("bearer "):
        sent = auth[7:].strip()
    return hmac.compare_digest(sent.encode(), token.encode())


def guard(config: WebConfig) -> Callable[[Request, Next], Awaitable[Response]]:
    """The HTTP middleware applying every guard above, then the security headers."""

    async def middleware(request: Request, call_next: Next) -> Response:
        refusal = _refusal(request, config)
        if refusal is not None:
            return _with_headers(refusal)
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

    return middleware


def _without_token(request: Request) -> str:
    query = urlencode([(k, v) for k, v in request.query_params.multi_items() if k != "token"])
    return request.url.path + (f"?{query}" if query else "")


def _with_headers(response: Response) -> Response:
    for name, value in _HEADERS.items():
        response.headers.setdefault(name, value)
    return response
