"""One line under the caseload's header: when the last backup was made, and a nudge when
one is due (older than the setting `backup_nudge_days`, or none made yet)."""

from __future__ import annotations

from datetime import datetime

from nicegui import ui

from vipp_session import words
from vipp_session.backup.service import backup_status
from vipp_session.ui import urls
from vipp_session.ui.context import AppContext


def backup_status_line(ctx: AppContext, now: datetime | None = None, link: bool = True) -> None:
    """`link`: offer the way to the backups page (not on that page itself)."""
    status = backup_status(ctx.data, now)
    if status.last is None:
        text, marker = ("No backup yet. If this laptop were lost or broken, every family's "
                        "videos and notes would be lost with it."), "backup-nudge"
    else:
        local = status.last.astimezone()
        today = (now or datetime.now(local.tzinfo)).astimezone(local.tzinfo).date()
        text = f"Last backup {words.days_ago(local.date(), today)} ({words.when(local)})."
        marker = "backup-nudge" if status.due else "backup-ok"
        if status.due:
            text += " Time to back up again."
    style = "bg-orange-1 text-black" if status.due else "vipp-muted"
    with ui.row().classes(f"w-full items-center gap-3 px-3 py-2 rounded {style}") \
            .mark(f"backup-status {marker}"):
        ui.icon("warning" if status.due else "cloud_done",
                color="accent" if status.due else "positive").classes("text-xl")
        ui.label(text)
        ui.space()
        if not link:
            return
        if status.due:
            ui.button("Back up now", icon="save",
                      on_click=lambda: ui.navigate.to(urls.backups())) \
                .props("unelevated").mark("backup-now")
        else:
            ui.link("Backups", urls.backups()).classes("text-primary").mark("backup-link")
