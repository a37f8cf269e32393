"""Events are taken only from the socket of the signed-in browser that owns the page.

NiceGUI 3.18 looks a page up by the `client_id` inside each socket message, not by
the socket it came on, so any socket that learnt a page's id could drive it. Here
every message handler first checks that the socket is the one that did the
page's handshake (NiceGUI puts it in a room named after the page), and that the
page's sign-in still holds (the sign-in page itself needs none).
"""

from __future__ import annotations

import functools

from vipp_session.ui.signin import SignIns

GUARDED_EVENTS = ("event", "javascript_response", "ack", "log")


def owns_page(sio, sid: str, msg, signins: SignIns) -> bool:
    from nicegui import Client

    from vipp_session.ui.guard import page_token

    client_id = msg.get("client_id") if isinstance(msg, dict) else None
    client = Client.instances.get(client_id or "")
    if client is None or client_id not in sio.rooms(sid):
        return False
    return client.page.path == "/signin" or signins.is_valid(page_token(client))


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
        def guarded(sid, msg, *rest, _original=original):
            if owns_page(sio, sid, msg, signins):
                return _original(sid, msg, *rest)
            return None

        guarded.vipp_guarded = True
        handlers[name] = guarded
