"""Importing clips in the browser: drop or pick files, see each one's progress and outcome.

The browser sends each file, raw, to our own signed-in upload route, which
streams it to disk. Then the same import service as the command line makes
the browser copy in a worker thread; a timer shows its progress, so the
page never waits on it. Each import can be cancelled.
"""

from __future__ import annotations

import shutil
import threading
import time
from collections.abc import Callable

from nicegui import run, ui

from vipp_session import clips, words
from vipp_session.suggestions.keep import scan_for_suggestions
from vipp_session.errors import BadInput, Cancelled
from vipp_session.ui.context import AppContext
from vipp_session.words import SESSION_NUMBERS
from vipp_session.ui.routes.upload_route import take_upload

# Send each file as the raw request body, its name in a header (no multipart parsing).
UPLOAD_HEADERS_JS = (
    "files => [{name: 'X-File-Name', value: encodeURIComponent(files[0].name)}]"
)


class ImportPanel:
    def __init__(self, ctx: AppContext, family_id: str, session: int,
                 on_imported: Callable[[], None]):
        self.ctx, self.family_id, self.on_imported = ctx, family_id, on_imported
        with ui.card().classes("vipp-card w-full p-4 gap-2").mark("import-panel"):
            with ui.row().classes("w-full items-center gap-4"):
                ui.label("Import clips").classes("font-semibold")
                self.session = ui.select({n: f"filmed at session {n}" for n in SESSION_NUMBERS},
                                         value=session).props("dense outlined") \
                    .mark("import-session")
            self.upload = ui.upload(multiple=True, auto_upload=True,
                                    label="Drop video files here, or click + to choose") \
                .props("flat bordered send-raw method=POST color=primary") \
                .classes("w-full").mark("upload")
            self.upload.props(f':headers="{UPLOAD_HEADERS_JS}"')
            self._point_upload()
            self.session.on_value_change(lambda: self._point_upload())
            self.upload.on("uploaded", self._uploaded,
                           js_handler="(info) => emit(info.xhr.responseText)")
            self.upload.on("failed", self._failed,
                           js_handler="(info) => emit(info.xhr.responseText)")
            self.jobs = ui.column().classes("w-full gap-1").mark("import-jobs")

    def _point_upload(self) -> None:
        self.upload.props(f"url=/upload/{self.family_id}/{self.session.value}")

    def _failed(self, e) -> None:
        """The upload route's own reason (too large, not from this app), else a plain guess."""
        import json

        try:
            reason = json.loads(e.args)["reason"]
        except (TypeError, ValueError, KeyError):
            reason = "A file could not be sent. Is there room on the disk?"
        ui.notify(reason, type="negative", multi_line=True)

    async def _uploaded(self, e) -> None:
        import json

        sent = json.loads(e.args)
        path = take_upload(self.ctx.data, sent["upload"])
        await self._import(path, sent["name"], int(sent["session"]))

    async def _import(self, path, name: str, session: int) -> None:
        state = {"fraction": 0.0}
        cancel = threading.Event()
        with self.jobs:
            with ui.row().classes("w-full items-center gap-3").mark("import-job") as row:
                ui.label(name).classes("w-64 truncate")
                bar = ui.linear_progress(value=0, show_value=False).classes("grow")
                status = ui.label("Making a browser copy...").classes("text-sm vipp-muted w-72") \
                    .mark("import-status")
                stop = ui.button(icon="close", on_click=cancel.set).props("flat round dense") \
                    .tooltip("Cancel this import")
        began = time.monotonic()

        def show_progress() -> None:
            bar.set_value(state["fraction"])
            if state.get("step", "copy") == "copy":  # how long the browser copy has left
                left = words.time_left(time.monotonic() - began, state["fraction"])
                status.set_text(f"Making a browser copy... {left}" if left
                                else "Making a browser copy...")

        timer = ui.timer(0.3, show_progress)
        try:
            result = await run.io_bound(
                clips.import_clip, self.ctx.data, self.family_id, session, path,
                lambda f: state.__setitem__("fraction", f), cancel, move=True,
            )
        except Cancelled:
            status.set_text("Cancelled: nothing was kept.")
        except BadInput as exc:
            status.set_text(str(exc))
            status.classes(replace="text-sm text-negative w-72")
        else:
            bar.set_value(1.0)
            if result.status == "duplicate":
                status.set_text("Already imported: nothing new was added.")
            else:
                self.on_imported()
                shutil.rmtree(path.parent, ignore_errors=True)
                await self._look_for_moments(result.clip.id, state, bar, status, cancel)
        finally:
            timer.cancel()
            stop.delete()
            shutil.rmtree(path.parent, ignore_errors=True)
        row.update()

    async def _look_for_moments(self, clip_id, state, bar, status, cancel) -> None:
        """After an import, look through the clip for likely moments (it can be stopped)."""
        state["fraction"], state["step"] = 0.0, "scan"
        status.set_text("Imported. Looking for likely moments...")
        try:
            found = await run.io_bound(scan_for_suggestions, self.ctx.data, clip_id,
                                       lambda f: state.__setitem__("fraction", f), cancel)
        except Cancelled:
            status.set_text("Imported. (Stopped looking for likely moments.)")
        except BadInput as exc:
            status.set_text(f"Imported. Could not look for likely moments: {exc}")
        else:
            n = len(found)
            status.set_text(f"Imported. {words.plural(n, 'likely moment')} to look at." if n else
                            "Imported. No likely moments found: look through it yourself.")
            self.on_imported()
        bar.set_value(1.0)
        status.classes(replace="text-sm text-positive w-72")
