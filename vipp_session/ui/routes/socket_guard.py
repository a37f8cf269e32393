"""Events are taken only from the socket of the signed-in browser that owns the page.

NiceGUI 3.18 looks a page up by the `client_id` inside each socket message, not by
the socket it came on, so any socket that learnt a page's id could drive it. Here
every message handler first checks that the socket is the one that did the
page's handshake (NiceGUI puts it in a room named after the page), and that the
page's sign-in still holds (the sign-in page itself needs none). A page whose
sign-in has ended (Lock elsewhere, a new passphrase, idle time) is sent to the
sign-in page instead of doing what was asked.
"""

from __future__ import annotations

import functools

from vipp_session.ui.routes.signin import SignIns

GUARDED_EVENTS = ("event", "javascript_response", "ack", "log")


def page_of(sio, sid: str, msg):
    """The page (NiceGUI client) this socket did the handshake for, if the message names it."""
    from nicegui import Client

    client_id = msg.get("client_id") if isinstance(msg, dict) else None
    client = Client.instances.get(client_id or "")
    if client is None or client_id not in sio.rooms(sid):
        return None
    return client


def still_signed_in(client, signins: SignIns) -> bool:
    from vipp_session.ui.routes.guard import page_token

    return client.page.path == "/signin" or signins.is_valid(page_token(client))


def _to_sign_in(client) -> None:
    from nicegui import ui

    with client:
        ui.navigate.to("/signin")


def guard_socket_events(signins: SignIns) -> None:
    """Wrap NiceGUI's socket.io message handlers (once per app)."""
    from nicegui import core

    sio = core.sio
    handlers = sio.handlers.setdefault("/", {})
    for name in GUARDED_EVENTS:
        original = handlers.get(name)
        if original is None or getattr(original, "vipp_guarded", False):
            continue

        @functools.wraps(original)
        def guarded(sid, msg, *rest, _original=original, _name=name):
            client = page_of(sio, sid, msg)
            if client is None:
                return None
            if still_signed_in(client, signins):
                return _original(sid, msg, *rest)
            if _name == "event":
                _to_sign_in(client)
            return None

        guarded.vipp_guarded = True
        handlers[name] = guarded
