"""Her keepsake, on the family page once visit 6 is held or the visits ended early: one
picture and its words from each visit, in large print, made on request."""

from __future__ import annotations

from nicegui import run, ui

from vipp_session.errors import BadInput
from vipp_session.summary.checks import describe
from vipp_session.summary.keepsake import keepsake_checks, keepsake_ready, make_keepsake
from vipp_session.ui import urls


class KeepsakeCard:
    def __init__(self, ctx, family_id: str, sessions) -> None:
        self.ctx, self.family_id = ctx, family_id
        if not keepsake_ready(sessions):
            return
        with ui.card().classes("vipp-card w-full p-4 gap-2").mark("keepsake-card"):
            ui.label("Her keepsake").classes("text-lg font-semibold")
            ui.label("A picture and its words from each visit, what you did together, and "
                     "the programme's last words: up to four pages in large print, for her "
                     "to keep.").classes("text-sm vipp-muted")
            self.box = ui.column().classes("w-full gap-1")
            self.confirm = None
            self.button = ui.button("Make her keepsake", icon="auto_stories", on_click=self.make) \
                .props("unelevated").mark("make-keepsake")

    async def make(self) -> None:
        if self.confirm is None:
            warnings = await run.io_bound(keepsake_checks, self.ctx.data, self.family_id)
            if any(w.needs_confirming for w in warnings):
                with self.box:
                    for w in warnings:
                        ui.label(describe(w)).classes("text-sm text-accent") \
                            .mark("keepsake-warning")
                    self.confirm = ui.checkbox("I have read these and want to make it as it is") \
                        .mark("keepsake-anyway")
                return
        if self.confirm is not None and not self.confirm.value:
            ui.notify("Tick the box to make it as it is, or change the words first.",
                      type="warning")
            return
        try:
            _, pages = await run.io_bound(make_keepsake, self.ctx.data, self.family_id)
        except BadInput as exc:
            ui.notify(str(exc), type="negative")
            return
        self.box.clear()
        self.button.text = "Make it again"
        self.button.props("outline")
        with self.box:
            ui.label(f"Ready: {pages} page{'s' if pages != 1 else ''}.").mark("keepsake-ready")
            url = urls.keepsake_pdf(self.family_id)
            with ui.row().classes("gap-2"):
                ui.button("Open to print", icon="print").props(
                    f"href={url} target=_blank tag=a unelevated").mark("keepsake-open")
                ui.button("Download", icon="download").props(
                    f"href={url}?download=1 tag=a outline")
