"""Sign-in: a passphrase, an idle time-out, a Lock button, and every route refused without it.

Sign-ins live in memory only: restarting the program signs everyone out.
The browser holds a random token in an HttpOnly cookie; the passphrase never
travels in a URL. Wrong passphrases are slowed down, more with each one.
"""

from __future__ import annotations

import asyncio
import secrets
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import quote

from fastapi import Request
from fastapi.responses import PlainTextResponse, RedirectResponse
from starlette.middleware.base import BaseHTTPMiddleware

COOKIE = "vipp_signin"
TICKET_SECONDS = 30
# Paths anyone may fetch: the sign-in page itself and the framework's own code.
# Nothing private is ever served under /_nicegui (clips use our own routes).
OPEN_PREFIXES = ("/signin", "/_nicegui/")
API_PREFIXES = ("/media/", "/upload/", "/download/")


@dataclass
class SignIns:
    idle_seconds: float
    _last_seen: dict[str, float] = field(default_factory=dict)
    _tickets: dict[str, tuple[str, float]] = field(default_factory=dict)
    _failures: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def issue_ticket(self) -> str:
        """A one-use ticket, exchanged within seconds for the sign-in cookie."""
        token, ticket = secrets.token_urlsafe(32), secrets.token_urlsafe(16)
        with self._lock:
            self._tickets[ticket] = (token, time.monotonic())
            self._failures = 0
        return ticket

    def redeem(self, ticket: str) -> str | None:
        with self._lock:
            token, issued = self._tickets.pop(ticket, (None, 0.0))
            if token is None or time.monotonic() - issued > TICKET_SECONDS:
                return None
            self._last_seen[token] = time.monotonic()
            return token

    def is_valid(self, token: str | None) -> bool:
        with self._lock:
            seen = self._last_seen.get(token or "")
            if seen is None:
                return False
            if time.monotonic() - seen > self.idle_seconds:
                del self._last_seen[token]
                return False
            return True

    def touch(self, token: str | None) -> None:
        with self._lock:
            if token in self._last_seen:
                self._last_seen[token] = time.monotonic()

    def revoke(self, token: str | None) -> None:
        with self._lock:
            self._last_seen.pop(token or "", None)

    def revoke_all(self) -> None:
        with self._lock:
            self._last_seen.clear()

    async def slow_down_after_failure(self) -> None:
        """Each wrong passphrase waits longer: 1, 2, 4 ... up to 30 seconds."""
        with self._lock:
            self._failures += 1
            delay = min(2 ** (self._failures - 1), 30)
        await asyncio.sleep(delay)


def safe_next(path: str | None) -> str:
    """Only ever return to a page of this app (never an outside address)."""
    if not path or not path.startswith("/") or path.startswith("//") or "\\" in path:
        return "/"
    return path


class SignInMiddleware(BaseHTTPMiddleware):
    def __init__(self, app, signins: SignIns):
        super().__init__(app)
        self.signins = signins

    async def dispatch(self, request: Request, call_next):
        path = request.url.path
        if path.startswith(OPEN_PREFIXES):
            return await call_next(request)
        token = request.cookies.get(COOKIE)
        if not self.signins.is_valid(token):
            if path.startswith(API_PREFIXES):
                return PlainTextResponse("Sign in first.", status_code=401)
            target = path + (f"?{request.url.query}" if request.url.query else "")
            return RedirectResponse(f"/signin?next={quote(target)}", status_code=303)
        if not path.startswith(API_PREFIXES):  # opening a page counts as activity
            self.signins.touch(token)
        return await call_next(request)


def complete_route(signins: SignIns):
    """GET /signin/complete?ticket=...&next=...: set the cookie and go on."""

    async def complete(ticket: str = "", next: str = "/"):  # noqa: A002 - the query name
        token = signins.redeem(ticket)
        if token is None:
            return RedirectResponse("/signin", status_code=303)
        response = RedirectResponse(safe_next(next), status_code=303)
        response.set_cookie(COOKIE, token, httponly=True, samesite="strict", path="/")
        return response

    return complete
