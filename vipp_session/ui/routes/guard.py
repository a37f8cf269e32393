"""The outermost check on every request, HTTP and websocket alike.

- Host: only the address the app serves. The connection's own local address
  (host and port) is what the app is bound to; on loopback, `127.0.0.1`,
  `localhost` and `[::1]` with that port. A page from a foreign name that
  resolves to this laptop (DNS rebinding) gets nothing at all.
- Origin: a websocket, and any POST, PUT, PATCH or DELETE (uploads included),
  must come from the app's own origin.
- The websocket (NiceGUI 3.18 mounts socket.io as a sub-app at /_nicegui_ws/, so
  it passes through the app's ASGI middleware, but BaseHTTPMiddleware lets every
  websocket by unseen) is refused unless it names a page (client id) that this
  very browser was given: its sign-in cookie must be valid and the one the page
  was opened with. Only the sign-in page's own socket may connect without a
  sign-in (and a page the app no longer knows, which NiceGUI refuses itself).
- Every HTTP answer says no framing (`frame-ancestors 'none'`, X-Frame-Options)
  and carries a content security policy (see csp.py).
"""

from __future__ import annotations

import ipaddress
from http.cookies import SimpleCookie
from urllib.parse import parse_qs

from vipp_session.ui.routes.csp import add_security_headers
from vipp_session.ui.routes.signin import COOKIE, SOCKET_PREFIX, SignIns

UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "[::1]")


def is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def own_hosts(scope) -> set[str]:
    """The Host values that name this app: its bound address (and loopback names) with its port."""
    host, port = (scope.get("server") or ("", None))[:2]
    host = str(host)
    names = {f"[{host}]" if ":" in host else host}
    if is_loopback(host):
        names |= set(LOOPBACK_NAMES)
    if port in (None, 80):
        return names | {f"{n}:80" for n in names}
    return {f"{n}:{port}" for n in names}


def _headers(scope) -> dict[str, str]:
    return {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}


def host_is_own(scope) -> bool:
    return _headers(scope).get("host", "").lower() in own_hosts(scope)


def origin_is_own(scope) -> bool:
    origin = _headers(scope).get("origin", "").lower()
    return origin.startswith("http://") and origin[len("http://"):] in own_hosts(scope)


def cookie_token(scope) -> str | None:
    jar = SimpleCookie()
    try:
        jar.load(_headers(scope).get("cookie", ""))
    except Exception:  # a malformed Cookie header is simply no sign-in
        return None
    return jar[COOKIE].value if COOKIE in jar else None


def page_token(client) -> str | None:
    """The sign-in cookie the page was opened with."""
    try:
        return client.request.cookies.get(COOKIE)
    except RuntimeError:  # a page made without a request (never one of ours)
        return None


def socket_may_drive(scope, signins: SignIns) -> bool:
    """A socket connects only for a page this browser opened, while it is signed in."""
    from nicegui import Client

    query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
    client_id = (query.get("client_id") or [""])[0]
    client = Client.instances.get(client_id)
    if client is None:
        # A page this app no longer knows (it was restarted, or the page was left long
        # enough to be dropped). NiceGUI itself refuses such a socket before any message
        # is read ("Implicit handshake failed"), and that refusal makes the browser
        # reload the page, which then goes through the sign-in check. A socket that
        # would not be refused that way is refused here.
        return bool(client_id) and query.get("implicit_handshake") == ["true"]
    if client.page.path == "/signin":
        return True
    token = cookie_token(scope)
    return signins.is_valid(token) and token == page_token(client)


class RequestGuard:
    """ASGI middleware: Host, Origin and the websocket's sign-in, then security headers."""

    def __init__(self, app, signins: SignIns):
        self.app, self.signins = app, signins

    async def __call__(self, scope, receive, send):
        kind = scope["type"]
        if kind not in ("http", "websocket"):
            return await self.app(scope, receive, send)
        reason = self.refusal(scope)
        if reason:
            return await _refuse(scope, receive, send, reason)
        if kind == "http":
            send = add_security_headers(scope, send)
        return await self.app(scope, receive, send)

    def refusal(self, scope) -> str | None:
        if not host_is_own(scope):
            return "This address does not serve vipp-session."
        changes = scope["type"] == "websocket" or scope.get("method", "GET") in UNSAFE_METHODS
        if changes and not origin_is_own(scope):
            return "Refused: this request did not come from vipp-session's own pages."
        if scope["path"].startswith(SOCKET_PREFIX) and not socket_may_drive(scope, self.signins):
            return "Sign in first."
        return None


async def _refuse(scope, receive, send, reason: str) -> None:
    if scope["type"] == "websocket":
        await send({"type": "websocket.close", "code": 1008})
        return
    body = reason.encode()
    await send({"type": "http.response.start", "status": 403, "headers": [
        (b"content-type", b"text/plain; charset=utf-8"), (b"content-length", str(len(body)).encode()),
        (b"cache-control", b"no-store")]})
    await send({"type": "http.response.body", "body": body})
