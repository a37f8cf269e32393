"""/backups: make or check an encrypted backup of everything; how to restore one."""

from __future__ import annotations

from fastapi import Request
from nicegui import ui

from vipp_session.ui import urls
from vipp_session.ui.context import AppContext
from vipp_session.ui.widgets.backup_card import BackupCard
from vipp_session.ui.widgets.backup_status import backup_status_line
from vipp_session.ui.widgets.frame import page_frame

RESTORE = "vipp-session restore --from FOLDER"


def register(ctx: AppContext) -> None:
    @ui.page(urls.backups())
    def backups_page(request: Request):
        with page_frame(ctx, request, "Backups", crumbs=[("Backups", urls.backups())]):
            ui.label("Backups").classes("text-2xl font-semibold")
            status = ui.refreshable(lambda: backup_status_line(ctx, link=False))
            status()
            BackupCard(ctx, on_backed_up=status.refresh)
            with ui.card().classes("vipp-card w-full p-6 gap-2").mark("restore-help"):
                ui.label("Getting families back from a backup").classes("text-lg font-semibold")
                ui.label("Restoring is done on the command line, so that nothing on this laptop "
                         "is replaced by a click. In a terminal, type:").classes("vipp-muted")
                ui.label(RESTORE).classes("font-mono text-base bg-grey-2 px-3 py-2 rounded")
                ui.label("with the backup folder in place of FOLDER. Add --family and a family "
                         "code to restore one family only. A family already on this laptop is "
                         "replaced only if you add --replace.").classes("vipp-muted")
