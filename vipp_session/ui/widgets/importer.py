"""Importing clips in the browser: one row per file, from choosing to done.

The picker sends each file, raw, to our own signed-in upload route, which streams it to
disk. The finished upload goes to the import queue (import_queue.py): a file that cannot
become a clip is refused there at once, the others wait their turn and are imported by the
same service as the command line, in a background thread. A timer shows each job's state
in its row, so the page never waits on an import, and leaving the page loses nothing.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable

from nicegui import run, ui

from vipp_session import import_queue as q
from vipp_session import words
from vipp_session.ui import urls
from vipp_session.ui.components.file_picker import FilePicker
from vipp_session.ui.context import AppContext
from vipp_session.ui.routes.upload_route import clean_name, take_upload
from vipp_session.ui.widgets.import_row import ImportRow
from vipp_session.words import SESSION_NUMBERS

CANCELLED = "Cancelled: nothing was kept."


class ImportPanel:
    def __init__(self, ctx: AppContext, family_id: str, session: int,
                 on_imported: Callable[[], None]):
        self.ctx, self.family_id, self.on_imported = ctx, family_id, on_imported
        self.queue = q.queue_for(ctx.data)
        self.sending: dict[str, ImportRow] = {}  # by the picker's key
        self.rows: list[ImportRow] = []
        self.chosen: dict[tuple[str, int], ImportRow] = {}  # (name, size): chosen on this page
        with ui.card().classes("vipp-card w-full p-4 gap-2").mark("import-panel"):
            with ui.row().classes("w-full items-center gap-4"):
                ui.label("Import clips").classes("font-semibold text-lg")
                self.session = ui.select({n: f"filmed at session {n}" for n in SESSION_NUMBERS},
                                         value=session).props("dense outlined") \
                    .mark("import-session")
            self.picker = FilePicker("Import video files: drop them here, or choose them") \
                .classes("w-full").mark("upload")
            self.picker.on("chosen", self._chosen)
            self.picker.on("progress", self._progress)
            self.picker.on("sent", self._sent)
            self.picker.on("failed", self._failed)
            self.picker.on("aborted", self._aborted)
            self.jobs = ui.column().classes("w-full gap-0").mark("import-jobs")
        for job in self.queue.jobs(family_id):  # still under way from an earlier visit
            if not job.finished:
                self._follow(self._row(job.name, job.size), job)
        ui.timer(0.3, self._show_jobs)

    # ------------------------------------------------------------------ choosing and sending

    def _row(self, name: str, size: int) -> ImportRow:
        with self.jobs:
            row = ImportRow(name, size, on_cancel=lambda: self._cancel(row))
        self.rows.append(row)
        self.chosen.setdefault((clean_name(name), size), row)
        return row

    def _chosen(self, e) -> None:
        for f in e.args:
            name, size = str(f["name"]), int(f["size"])
            earlier = self.chosen.get((clean_name(name), size))
            row = self._row(name, size)
            if earlier is not None:  # said at once, and never sent twice
                self.picker.forget(f["key"])
                row.note(f"Chosen twice: {name} is already in the list above.")
                continue
            row.key = f["key"]
            row.working("Waiting to be sent...", None)
            self.sending[row.key] = row
            self.picker.send(row.key, urls.upload(self.family_id, self.session.value))

    def _progress(self, e) -> None:
        row = self.sending.get(e.args["key"])
        if row is not None and e.args["total"]:
            share = e.args["loaded"] / e.args["total"]
            row.working(f"Sending to the app... {share:.0%}", share)

    async def _sent(self, e) -> None:
        row = self.sending.pop(e.args["key"], None)
        if row is None:
            return
        sent = json.loads(e.args["text"])
        row.working("Looking at the file...", 1.0)
        path = take_upload(self.ctx.data, sent["upload"])
        job = await run.io_bound(self.queue.submit, self.family_id, int(sent["session"]), path)
        self._follow(row, job)

    def _failed(self, e) -> None:
        """The upload route's own reason (too large, not from this app), else a plain guess."""
        row = self.sending.pop(e.args["key"], None)
        if row is None:
            return
        try:
            reason = json.loads(e.args["text"])["reason"]
        except (TypeError, ValueError, KeyError):
            reason = "The file could not be sent to the app. Is there room on the disk?"
        row.refused(reason)

    def _aborted(self, e) -> None:
        row = self.sending.pop(e.args["key"], None)
        if row is not None:
            row.note(CANCELLED)

    def _cancel(self, row: ImportRow) -> None:
        if row.job is not None:
            self.queue.cancel(row.job.id)
        elif row.key is not None:
            self.picker.abort(row.key)

    # ------------------------------------------------------------------ the queue's jobs

    def _follow(self, row: ImportRow, job: q.ImportJob) -> None:
        row.job = job
        self._show(row)

    def _show_jobs(self) -> None:
        for row in self.rows:
            if row.job is not None and not (row.shown and row.shown[0]):
                self._show(row)

    def _show(self, row: ImportRow) -> None:
        job = row.job
        if job is None:
            return
        state = (job.finished, job.state, round(job.fraction, 2),
                 self.queue.place(job) if job.state == q.WAITING else 0)
        if state == row.shown:
            return
        had_clip = row.shown is not None and row.shown[1] in (q.SCANNING, q.IMPORTED)
        row.shown = state
        if job.state == q.WAITING:
            ahead = state[3]
            row.working("Waiting its turn: the import before it is still going." if ahead == 1
                        else f"Waiting its turn: {ahead} imports go first." if ahead
                        else "Waiting its turn...", None)
        elif job.state == q.IMPORTING:
            left = words.time_left(time.monotonic() - (job.started or time.monotonic()),
                                   job.fraction)
            row.working(f"Making a browser copy... {left}".strip(), job.fraction)
        elif job.state == q.SCANNING:
            row.working("Imported. Looking for likely moments...", job.fraction)
            row.cancel_stops("Stop looking for likely moments (the clip stays)")
        elif job.state == q.IMPORTED:
            row.imported(_imported_text(job), job.clip.id)
        elif job.state == q.DUPLICATE:
            row.note(f"Already imported, as {job.clip.file}: nothing new was added.")
        elif job.state == q.REFUSED:
            row.refused(job.reason or f"{job.name} could not be imported.")
        else:
            row.note(CANCELLED)
        if job.state in (q.SCANNING, q.IMPORTED) and not had_clip:
            self.on_imported()  # the new clip shows in the list as soon as it is there


def _imported_text(job: q.ImportJob) -> str:
    text = f"Imported. {words.duration(job.clip.duration)} long"
    n = job.likely_moments
    if job.scan_problem == "stopped":
        return f"{text}. (Stopped looking for likely moments.)"
    if job.scan_problem:
        return f"{text}. Could not look for likely moments: {job.scan_problem}"
    if not n:
        return f"{text}. No likely moments found: watch it through."
    return f"{text} · {words.count(n, 'likely moment')} to look at."
