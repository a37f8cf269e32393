"""Sign-in: a passphrase, an idle time-out, a Lock button, and every route refused without it.

Sign-ins live in memory only: restarting the program signs everyone out.
The browser holds a random token in an HttpOnly cookie; the passphrase never
travels in a URL. Wrong passphrases are slowed down (see throttle.py). A sign-in
holds only while the passphrase it was made with is the one in settings.json, so
changing the passphrase (here or from the command line) signs out every browser.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import quote

from fastapi import Request
from fastapi.responses import PlainTextResponse, RedirectResponse
from nicegui import __version__ as nicegui_version
from starlette.middleware.base import BaseHTTPMiddleware

from vipp_session.errors import BadInput
from vipp_session.ui import urls
from vipp_session.ui.routes.throttle import SignInThrottle

COOKIE = "vipp_signin"
DEVICE_COOKIE = "vipp_device"  # names this browser for counting its own wrong passphrases
TICKET_SECONDS = 30
SIGNIN_PATHS = ("/signin", "/signin/complete")
# Anyone may fetch the sign-in page and the framework's own versioned code and styles
# (NiceGUI serves only static files under /_nicegui/<version>/). The websocket is
# checked by guard.py; everything else, NiceGUI's own upload route included, needs a sign-in.
FRAMEWORK_PREFIX = "/_nicegui/"
SOCKET_PREFIX = "/_nicegui_ws/"
API_PREFIXES = (urls.MEDIA, urls.UPLOAD, urls.DOWNLOAD, FRAMEWORK_PREFIX)


FRAMEWORK_ASSETS = f"{FRAMEWORK_PREFIX}{nicegui_version}/"


def is_open_path(path: str) -> bool:
    return (path in SIGNIN_PATHS or path == "/favicon.ico" or path.startswith(SOCKET_PREFIX)
            or path.startswith(FRAMEWORK_ASSETS))


@dataclass
class SignIns:
    idle_seconds: float
    # the passphrase hash in use now: a sign-in made with another one no longer holds
    current_hash: Callable[[], str | None] = lambda: None
    throttle: SignInThrottle = field(default_factory=SignInThrottle)
    _last_seen: dict[str, float] = field(default_factory=dict)
    _made_with: dict[str, str | None] = field(default_factory=dict)
    _tickets: dict[str, tuple[str, float, str | None]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def issue_ticket(self) -> str:
        """A one-use ticket, exchanged within seconds for the sign-in cookie."""
        token, ticket = secrets.token_urlsafe(32), secrets.token_urlsafe(16)
        made_with = self.current_hash()
        with self._lock:
            self._tickets[ticket] = (token, time.monotonic(), made_with)
        return ticket

    def redeem(self, ticket: str) -> str | None:
        """The sign-in for a ticket, unless it is old, or the passphrase or a Lock came since."""
        in_use = self.current_hash()
        with self._lock:
            token, issued, made_with = self._tickets.pop(ticket, (None, 0.0, None))
            if token is None or time.monotonic() - issued > TICKET_SECONDS or made_with != in_use:
                return None
            self._last_seen[token] = time.monotonic()
            self._made_with[token] = made_with
            return token

    def is_valid(self, token: str | None) -> bool:
        if not token:
            return False
        try:
            in_use = self.current_hash()
        except BadInput:  # settings.json cannot be read: no sign-in holds until it can
            return False
        with self._lock:
            seen = self._last_seen.get(token)
            if seen is None:
                return False
            if time.monotonic() - seen > self.idle_seconds or self._made_with.get(token) != in_use:
                self._last_seen.pop(token, None)
                self._made_with.pop(token, None)
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
            self._made_with.clear()
            self._tickets.clear()


def sign_out_everywhere(signins: SignIns) -> None:
    """Lock: every browser is signed out, and every open page leaves for the sign-in page."""
    from nicegui import Client, ui

    signins.revoke_all()
    for client in list(Client.instances.values()):
        if client.page.path != "/signin" and client.has_socket_connection:
            with client:
                ui.navigate.to("/signin")


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
        if path == "/signin" and not request.cookies.get(DEVICE_COOKIE):
            return _with_device_cookie(request, await call_next(_named_device(request)))
        if is_open_path(path):
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


def device_of(request: Request) -> str:
    """The source a sign-in attempt comes from: its address and this browser's device cookie."""
    device = request.scope.get("vipp_device") or request.cookies.get(DEVICE_COOKIE) or ""
    host = request.client.host if request.client else ""
    return f"{host} {device[:64]}"


def _named_device(request: Request) -> Request:
    request.scope["vipp_device"] = secrets.token_urlsafe(16)
    return request


def _with_device_cookie(request: Request, response):
    response.set_cookie(DEVICE_COOKIE, request.scope["vipp_device"], max_age=400 * 86400,
                        httponly=True, samesite="strict", path="/")
    return response


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
