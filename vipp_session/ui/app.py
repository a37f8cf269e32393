"""Assemble the app: sign-in guard, routes and pages, then serve on this machine only."""

from __future__ import annotations

import importlib
import logging
import shutil
import socket
import threading
from collections.abc import Callable

from nicegui import app, ui

from vipp_session import passphrase
from vipp_session.paths import DataDir
from vipp_session.settings import load_settings
from vipp_session.ui import urls
from vipp_session.ui.routes import media_routes
from vipp_session.ui.context import AppContext
from vipp_session.ui.routes.guard import RequestGuard
from vipp_session.ui.widgets.markers import enable_dom_markers
from vipp_session.ui.routes.signin import SignInMiddleware, SignIns, complete_route
from vipp_session.ui.routes.socket_guard import guard_socket_events
from vipp_session.ui.routes.throttle import SignInThrottle
from vipp_session.ui.routes.upload_route import incoming_dir, upload_route

PAGE_MODULES = ["signin_page", "caseload", "family", "session", "annotator", "present", "week",
                "summary", "backups", "disk"]
log = logging.getLogger(__name__)


def build(data: DataDir) -> AppContext:
    """Register everything on NiceGUI's app for this data folder."""
    enable_dom_markers()
    from vipp_session.erase_watch import EraseWatcher
    from vipp_session.fsutil import keep_new_files_private, make_tree_private
    from vipp_session.erasure import finish_interrupted_erases

    keep_new_files_private(data.root)  # everything the app writes is for this user only
    make_tree_private(data.root)
    # an erase a stopped process left half-done is finished before anything is shown, and
    # one made by another process (the command line) closes this server's readers at once
    finish_interrupted_erases(data)
    watcher = EraseWatcher(data).start()
    app.on_shutdown(watcher.stop)
    # uploads a stopped app never finished or imported: nothing may be left half-written
    shutil.rmtree(incoming_dir(data), ignore_errors=True)
    from vipp_session.import_queue import queue_for

    app.on_shutdown(queue_for(data).stop)  # the running import stops and leaves nothing
    settings = load_settings(data)
    throttle = SignInThrottle(known=lambda: passphrase.known_browsers(data),
                              remember=lambda browser: passphrase.remember_browser(data, browser))
    signins = SignIns(idle_seconds=settings.idle_minutes * 60, throttle=throttle,
                      current_hash=lambda: passphrase.stored_hash(data))
    ctx = AppContext(data=data, signins=signins)
    app.add_middleware(SignInMiddleware, signins=ctx.signins)
    app.add_middleware(RequestGuard, signins=ctx.signins)  # added last: runs first
    guard_socket_events(ctx.signins)
    app.add_api_route("/signin/complete", complete_route(ctx.signins), methods=["GET"])
    media_routes.register(app, data)
    app.add_api_route(urls.UPLOAD + "{family_id}/{session}", upload_route(data), methods=["POST"])
    for name in PAGE_MODULES:
        importlib.import_module(f"vipp_session.ui.pages.{name}").register(ctx)
    return ctx


def serve(data: DataDir, host: str = "127.0.0.1", port: int = 8080, show: bool | str = True,
          on_ready: Callable[[], None] = lambda: None) -> None:
    """Serve the app until stopped; `on_ready` runs once it really answers at host:port.

    Raises AppDidNotStart if the server stopped before it ever answered.
    """
    build(data)
    stopped = threading.Event()
    threading.Thread(target=_call_when_answering, args=(host, port, on_ready, stopped),
                     daemon=True, name="ready-check").start()
    try:
        ui.run(
            host=host,
            port=port,
            show=show,
            reload=False,
            title="vipp-session",
            language="en-GB",
            show_welcome_message=False,
            favicon="🌱",
            tailwind=False,  # the pages carry a stylesheet made once (see frame.py)
        )
    except SystemExit as exc:  # how uvicorn and NiceGUI give up when the server cannot start
        if not _started():
            raise AppDidNotStart(f"the web server stopped while starting (exit {exc.code}); "
                                 "its own message is above") from None
        raise
    finally:
        stopped.set()


class AppDidNotStart(RuntimeError):
    pass


def _started() -> bool:
    from nicegui.server import Server

    return bool(getattr(getattr(Server, "instance", None), "started", False))


def _call_when_answering(host: str, port: int, on_ready: Callable[[], None],
                         stopped: threading.Event) -> None:
    """Once this process's own server has started and its port answers, call on_ready."""
    address = "127.0.0.1" if host in ("0.0.0.0", "") else "::1" if host == "::" else host
    while not stopped.wait(0.05):
        if not _started():
            continue
        try:
            socket.create_connection((address, port), timeout=1).close()
        except OSError:
            continue
        on_ready()
        return
