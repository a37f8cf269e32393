"""The backup card: choose a folder, type the backup passphrase, back up or check a backup.

The work runs in a worker thread (the same service as `vipp-session backup`); a timer shows
its progress, so the page never waits on it, and Stop ends it, keeping nothing of it. The
passphrase lives only in the two fields, which are emptied when the work ends; it is never
put in the address, a message or a log.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from nicegui import run, ui

from vipp_session import words
from vipp_session.backup import folder as folders
from vipp_session.backup import restore, service
from vipp_session.errors import BadInput, Cancelled
from vipp_session.ui.context import AppContext

NEW_FOLDER = ("A new backup goes here: choose a backup passphrase (at least 8 characters) and "
              "type it twice. Keep it apart from the disk: without it nothing can be read, and "
              "it cannot be recovered.")
OLD_FOLDER = "This folder holds a backup: type its backup passphrase."
NO_FOLDER = ("There is no such folder yet: a new backup will make it. If your backups are on a "
             "USB disk, is it plugged in?")


class BackupCard:
    def __init__(self, ctx: AppContext, on_backed_up: Callable[[], None] = lambda: None):
        self.ctx, self.on_backed_up = ctx, on_backed_up
        self.state = {"fraction": 0.0, "started": 0.0}
        self.cancel = threading.Event()
        last_folder = service.backup_status(ctx.data).folder or ""
        with ui.card().classes("vipp-card w-full p-6 gap-3").mark("backup-card"):
            ui.label("Back up everything").classes("text-xl font-semibold")
            ui.label("Every family's records, videos, stills and summaries, encrypted with a "
                     "backup passphrase, into a folder you choose: a USB disk or a network "
                     "folder. Only what changed since the last backup there is copied.") \
                .classes("vipp-muted")
            self.folder = ui.input("Backup folder", value=last_folder,
                                   placeholder="e.g. /media/usb/vipp-backup or E:\\vipp-backup") \
                .props("outlined").classes("w-full").mark("backup-folder")
            self.hint = ui.label().classes("text-sm").mark("backup-hint")
            with ui.row().classes("w-full gap-3"):
                self.passphrase = ui.input("Backup passphrase", password=True,
                                           password_toggle_button=True) \
                    .props('outlined autocomplete="off"').classes("grow") \
                    .mark("backup-passphrase")
                self.again = ui.input("The same passphrase again", password=True,
                                      password_toggle_button=True) \
                    .props('outlined autocomplete="off"').classes("grow") \
                    .mark("backup-passphrase-again")
            with ui.row().classes("items-center gap-3"):
                self.start = ui.button("Back up now", icon="save", on_click=self.back_up) \
                    .props("unelevated size=lg").mark("backup-start")
                self.check = ui.button("Check this backup", icon="fact_check",
                                       on_click=self.check_backup) \
                    .props("outline size=lg").mark("backup-check")
            self.status = ui.column().classes("w-full gap-1").mark("backup-run")
        self.folder.on_value_change(lambda: self.show_folder_kind())
        self.show_folder_kind()

    def _is_new_folder(self) -> bool:
        try:
            return not folders.is_backup_folder(self.folder.value or "")
        except BadInput:  # no folder typed yet
            return True

    def show_folder_kind(self) -> None:
        new = self._is_new_folder()
        self.again.set_visibility(new)
        self.check.set_visibility(not new)
        self.hint.set_text(OLD_FOLDER if not new else NEW_FOLDER if self._exists() else
                           f"{NO_FOLDER} {NEW_FOLDER}")

    def _exists(self) -> bool:
        try:
            return folders.absolute(self.folder.value or "").is_dir()
        except BadInput:
            return True  # nothing typed yet: nothing to warn about

    async def back_up(self) -> None:
        again = self.again.value if self._is_new_folder() else None
        done = await self._run("Backing up", service.make_backup, self.ctx.data,
                               self.folder.value or "", self.passphrase.value or "", again,
                               progress=self._progress, cancel=self.cancel)
        if done is None:
            return
        families = words.count(len(done.families), "family", "families")
        self._say(f"Backup made: {families}, {words.size(done.bytes)}, "
                  f"{words.size(done.bytes_written)} new.", "text-positive", "backup-done")
        self.show_folder_kind()
        self.on_backed_up()

    async def check_backup(self) -> None:
        found = await self._run("Checking the backup", restore.check_backup,
                                self.folder.value or "", self.passphrase.value or "",
                                progress=self._progress)
        if found is None:
            return
        if found.ok:
            held = words.count(len(found.families), "family", "families")
            self._say(f"The backup is whole: every piece was read and checked. The newest "
                      f"backup in it holds {held}.", "text-positive", "backup-check-ok")
        else:
            self._say(f"The backup is damaged: {words.count(len(found.damaged), 'file')} in it "
                      "would not restore. Make a new backup to another folder.",
                      "text-negative", "backup-check-damaged")

    def _progress(self, fraction: float) -> None:
        if self.cancel.is_set():
            raise Cancelled()
        self.state["fraction"] = fraction

    async def _run(self, doing: str, work, *args, **kwargs):
        """Run `work` off the event loop with a progress bar and Stop; None if it failed."""
        if not self.passphrase.value:
            self._say("Type the backup passphrase first.", "text-negative", "backup-problem")
            return None
        self.cancel.clear()
        self.state.update(fraction=0.0, started=time.monotonic())
        self.status.clear()
        with self.status:
            with ui.row().classes("w-full items-center gap-3"):
                bar = ui.linear_progress(value=0, show_value=False, size="12px").classes("grow")
                ui.button("Stop", icon="stop", on_click=self.cancel.set) \
                    .props("outline color=negative").mark("backup-stop")
            said = ui.label(f"{doing}…").classes("text-sm vipp-muted")

        def show() -> None:
            fraction = self.state["fraction"]
            bar.set_value(fraction)
            left = words.time_left(time.monotonic() - self.state["started"], fraction)
            said.set_text(f"{doing}: {fraction:.0%}" + (f", {left}" if left else ""))

        timer = ui.timer(0.3, show)
        for button in (self.start, self.check):
            button.disable()
        try:
            return await run.io_bound(work, *args, **kwargs)
        except Cancelled:
            self._say("Stopped: nothing of it was kept, and the last good backup is as it was.",
                      "vipp-muted", "backup-stopped")
        except BadInput as exc:
            self._say(str(exc), "text-negative", "backup-problem")
        finally:
            timer.cancel()
            for button in (self.start, self.check):
                button.enable()
            self.passphrase.set_value("")  # not kept in the page longer than needed
            self.again.set_value("")
        return None

    def _say(self, text: str, style: str, marker: str) -> None:
        self.status.clear()
        with self.status:
            ui.label(text).classes(f"text-base {style}").mark(marker)
