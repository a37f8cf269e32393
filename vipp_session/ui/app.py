"""Assemble the app: sign-in guard, routes and pages, then serve on this machine only."""

from __future__ import annotations

import importlib
import logging
import shutil

from nicegui import app, ui

from vipp_session.paths import DataDir
from vipp_session.settings import load_settings
from vipp_session.ui import media_routes
from vipp_session.ui.context import AppContext
from vipp_session.ui.markers import enable_dom_markers
from vipp_session.ui.signin import SignInMiddleware, SignIns, complete_route
from vipp_session.ui.upload_route import incoming_dir, upload_route

PAGE_MODULES = ["signin_page", "caseload", "family", "session", "annotator", "present",
                "summary"]
log = logging.getLogger(__name__)


def build(data: DataDir) -> AppContext:
    """Register everything on NiceGUI's app for this data folder."""
    enable_dom_markers()
    from vipp_session.erase_watch import EraseWatcher
    from vipp_session.fsutil import keep_new_files_private, make_tree_private
    from vipp_session.store import Store

    keep_new_files_private(data.root)  # everything the app writes is for this user only
    make_tree_private(data.root)
    # an erase a stopped process left half-done is finished before anything is shown, and
    # one made by another process (the command line) closes this server's readers at once
    Store(data).finish_interrupted_erases()
    watcher = EraseWatcher(data).start()
    app.on_shutdown(watcher.stop)
    # uploads a stopped app never finished: nothing may be left half-written
    shutil.rmtree(incoming_dir(data), ignore_errors=True)
    settings = load_settings(data)
    ctx = AppContext(data=data, signins=SignIns(idle_seconds=settings.idle_minutes * 60))
    app.add_middleware(SignInMiddleware, signins=ctx.signins)
    app.add_api_route("/signin/complete", complete_route(ctx.signins), methods=["GET"])
    media_routes.register(app, data)
    app.add_api_route("/upload/{family_id}/{session}", upload_route(data), methods=["POST"])
    for name in PAGE_MODULES:
        importlib.import_module(f"vipp_session.ui.pages.{name}").register(ctx)
    return ctx


def serve(data: DataDir, host: str = "127.0.0.1", port: int = 8080, show: bool | str = True) -> None:
    build(data)
    ui.run(
        host=host,
        port=port,
        show=show,
        reload=False,
        title="vipp-session",
        language="en-GB",
        show_welcome_message=False,
        favicon="🌱",
    )
