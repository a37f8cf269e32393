"""A page for a family, session or clip that does not exist (or no longer does)."""

from __future__ import annotations

from fastapi import Request
from nicegui import ui

from vipp_session.ui.context import AppContext
from vipp_session.ui.widgets.frame import page_frame


def not_found(ctx: AppContext, request: Request, reason: str) -> None:
    ui.status_code(404)
    with page_frame(ctx, request, "Not found"):
        ui.label(reason).classes("text-xl").mark("not-found")
        ui.link("Back to the caseload", "/")
