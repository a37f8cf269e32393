"""'Copies of the videos for her' on the family page: copy her clips onto a USB stick.

The copy runs in a worker thread (the same service as `vipp-session copies`);
a timer shows its progress, so the page never waits on it, and it can be
cancelled, leaving nothing on the stick.
"""

from __future__ import annotations

import threading

from nicegui import run, ui

from vipp_session import briefs, copies
from vipp_session.errors import BadInput, Cancelled
from vipp_session.ui.context import AppContext


class CopiesCard:
    def __init__(self, ctx: AppContext, family_id: str):
        self.ctx, self.family_id = ctx, family_id
        self.folder_value = ""
        self.card = ui.card().classes("vipp-card w-full p-4 gap-2").mark("copies")
        self.refresh()

    def refresh(self) -> None:
        """Build the card again from the saved records (her wish may have just changed)."""
        records = briefs.family_records(self.ctx.data, self.family_id)
        family, clips = records.family, records.clips
        self.card.clear()
        with self.card:
            ui.label("Copies of the videos for her").classes("font-semibold")
            if family.wants_copies is not True:
                said = ("She said she does not want copies." if family.wants_copies is False
                        else "She has not said she wants copies: tick the box in the family's "
                             "details if she does.")
                ui.label(said).classes("text-sm vipp-muted").mark("copies-not-wanted")
                return
            if not clips:
                ui.label("No clips yet: import some first.").classes("text-sm vipp-muted")
                return
            example = next(iter(copies.copy_names(family.child, clips).values()))
            ui.label(f"Plug in her USB stick and give its folder. Each video is named like "
                     f"'{example}'; nothing already on the stick is replaced.") \
                .classes("text-sm vipp-muted")
            with ui.row().classes("w-full items-center gap-2"):
                self.folder = ui.input("Folder (the USB stick)", value=self.folder_value,
                                       placeholder="e.g. /media/usb or E:\\") \
                    .props("outlined dense").classes("grow").mark("copies-folder")
                self.folder.on_value_change(lambda e: setattr(self, "folder_value", e.value))
                self.buttons = []
                for n in sorted({c.session for c in clips}):
                    self.buttons.append(
                        ui.button(f"Session {n}", on_click=lambda n=n: self.export(n))
                        .props("outline").mark(f"copies-session-{n}"))
                self.buttons.append(ui.button("All", icon="usb", on_click=lambda: self.export(None))
                                    .props("unelevated").mark("copies-all"))
            self.status = ui.column().classes("w-full gap-1").mark("copies-status")

    async def export(self, session: int | None) -> None:
        state = {"fraction": 0.0}
        cancel = threading.Event()
        self.status.clear()
        with self.status:
            with ui.row().classes("w-full items-center gap-3"):
                bar = ui.linear_progress(value=0, show_value=False).classes("grow")
                ui.button(icon="close", on_click=cancel.set).props("flat round dense") \
                    .tooltip("Stop copying").mark("copies-cancel")
        timer = ui.timer(0.3, lambda: bar.set_value(state["fraction"]))
        for b in self.buttons:
            b.disable()
        try:
            done = await run.io_bound(copies.export_copies, self.ctx.data, self.family_id,
                                      self.folder.value or "", session,
                                      lambda f: state.__setitem__("fraction", f), cancel)
        except Cancelled:
            self._say("Stopped: nothing was left on the stick.", "vipp-muted", "copies-cancelled")
        except BadInput as exc:
            self._say(str(exc), "text-negative", "copies-problem")
        else:
            n, mb = len(done), sum(c.bytes for c in done) / 2**20
            self._say(f"Copied {n} video{'s' if n != 1 else ''} ({mb:,.1f} MB) to "
                      f"{done[0].path.parent}:", "text-positive", "copies-done")
            with self.status:
                for c in done:
                    ui.label(c.path.name).classes("text-sm")
        finally:
            timer.cancel()
            for b in self.buttons:
                b.enable()

    def _say(self, text: str, style: str, marker: str) -> None:
        self.status.clear()
        with self.status:
            ui.label(text).classes(f"text-sm {style}").mark(marker)
