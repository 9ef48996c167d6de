"""The page's security model, in one place.

* Loopback by default. Bound to loopback, only loopback Host headers are served, so a web page
  that rebinds its own domain name to 127.0.0.1 (DNS rebinding) cannot read the queue.
* Off loopback, a token (BRIEFCHECK_REVIEW_TOKEN) is required, and then every request needs it:
  ``Authorization: Bearer T``, or ``?token=T`` once, which sets an HttpOnly cookie.
* Every POST carries a CSRF token: an HMAC of a per-browser cookie under a per-process secret.
  Another site can make a browser send the cookie but cannot read a page to learn the token.
* A strict Content-Security-Policy: no inline script, nothing from elsewhere, so even text that
  slipped past autoescaping could not run.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import secrets

from starlette.middleware.base import BaseHTTPMiddleware
from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response

CSRF_COOKIE = "bc_csrf"
TOKEN_COOKIE = "bc_token"
LOOPBACK_NAMES = {"localhost", "127.0.0.1", "::1"}
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
       "frame-ancestors 'none'; base-uri 'none'")


def is_loopback(host: str) -> bool:
    host = host.strip("[]")
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _host_name(header: str) -> str:
    if header.startswith("["):  # [::1]:8765
        return header[1:].split("]")[0]
    return header.rsplit(":", 1)[0] if header.count(":") == 1 else header


def _sign(secret: bytes, value: str) -> str:
    return hmac.new(secret, value.encode(), hashlib.sha256).hexdigest()


class Guard(BaseHTTPMiddleware):
    """Host check, token check and security headers around every request."""

    def __init__(self, app, *, secret: bytes, token: str | None, loopback_only: bool):
        super().__init__(app)
        self.secret = secret
        self.token = token
        self.loopback_only = loopback_only

    async def dispatch(self, request: Request, call_next) -> Response:
        if self.loopback_only and not is_loopback(_host_name(request.headers.get("host", ""))):
            return PlainTextResponse("briefcheck: this page answers only on loopback addresses\n", 421)
        if self.token:
            denied = self._token_response(request)
            if denied is not None:
                return _headers(denied)
        seed = csrf_seed(request)
        response = await call_next(request)
        if CSRF_COOKIE not in request.cookies:
            response.set_cookie(CSRF_COOKIE, seed, httponly=True, samesite="strict")
        return _headers(response)

    def _token_response(self, request: Request) -> Response | None:
        assert self.token
        given = request.query_params.get("token")
        if given is not None and hmac.compare_digest(given.encode(), self.token.encode()):
            # Swap the token in the address bar for a cookie, so it does not linger in history.
            clean = request.url.remove_query_params("token")
            r = RedirectResponse(str(clean.path) + (f"?{clean.query}" if clean.query else ""), 303)
            r.set_cookie(TOKEN_COOKIE, _sign(self.secret, "auth"), httponly=True, samesite="strict")
            return r
        bearer = request.headers.get("authorization", "")
        if bearer.startswith("Bearer ") and hmac.compare_digest(bearer[7:].encode(), self.token.encode()):
            return None
        cookie = request.cookies.get(TOKEN_COOKIE, "")
        if cookie and hmac.compare_digest(cookie, _sign(self.secret, "auth")):
            return None
        return PlainTextResponse("briefcheck: this page needs the review token (open it with ?token=...)\n", 401)


def _headers(response: Response) -> Response:
    response.headers["Content-Security-Policy"] = CSP
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["Cache-Control"] = "no-store"
    return response


def csrf_seed(request: Request) -> str:
    """The browser's CSRF cookie, or a fresh one the response will set."""
    seed = request.cookies.get(CSRF_COOKIE)
    if not seed:
        seed = getattr(request.state, "csrf_seed", None) or secrets.token_urlsafe(24)
    request.state.csrf_seed = seed
    return seed


def csrf_token(request: Request, secret: bytes) -> str:
    return _sign(secret, "csrf:" + csrf_seed(request))


def csrf_ok(request: Request, secret: bytes, given: str | None) -> bool:
    seed = request.cookies.get(CSRF_COOKIE)
    return bool(seed and given) and hmac.compare_digest(given, _sign(secret, "csrf:" + seed))
