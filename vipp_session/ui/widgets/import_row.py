"""One file's row in the import panel, from choosing to done.

Name and size from the start; then a progress bar while it is sent, waits its turn, is
copied and looked through; and at the end exactly one outcome: a tick with the clip's
length and picture, a cross with the plain reason it was refused, or a grey note (chosen
twice, already imported, cancelled). The row shows what it is told; importer.py decides.
"""

from __future__ import annotations

from collections.abc import Callable

from nicegui import ui

from vipp_session import words
from vipp_session.ui import urls

OK_TEXT, REFUSED_TEXT = "#2b6a37", "#a3231c"  # at least 4.5:1 on white, for tired eyes
OUTCOMES = {  # icon, colour, marker
    "ok": ("check_circle", "positive", "import-ok"),
    "refused": ("cancel", "negative", "import-refused"),
    "note": ("info", "grey-8", "import-note"),
}


class ImportRow:
    def __init__(self, name: str, size: int, on_cancel: Callable[[], None]):
        self.job = None  # the queue's job, once the file is sent
        self.key = None  # the picker's key, while the file is sent
        self.shown: tuple | None = None
        with ui.row().classes("w-full items-center gap-3 no-wrap py-1") \
                .style("border-top: 1px solid #e4e0d9").mark("import-job") as self.element:
            self.picture = ui.element("div").classes(
                "w-20 h-[45px] shrink-0 rounded bg-grey-3 flex items-center justify-center "
                "overflow-hidden")
            with self.picture:
                ui.icon("movie", size="24px", color="grey-7")
            with ui.column().classes("grow min-w-0 gap-1"):
                with ui.row().classes("w-full items-baseline gap-2 no-wrap"):
                    ui.label(name).classes("font-semibold truncate").mark("import-name")
                    ui.label(words.size(size)).classes("vipp-muted shrink-0 text-sm") \
                        .mark("import-size")
                self.bar = ui.linear_progress(value=0, show_value=False) \
                    .props("rounded size=8px color=primary").classes("w-full")
                self.status = ui.label("").classes("text-sm vipp-muted").mark("import-status")
            self.outcome = ui.element("div").classes("w-8 shrink-0")
            with ui.button(icon="close", on_click=on_cancel) \
                    .props('flat round dense aria-label="Cancel this import"') \
                    .mark("import-cancel") as self.stop:
                self.stop_tip = ui.tooltip("Cancel this import")

    def working(self, text: str, fraction: float | None) -> None:
        """Still on its way: how far it has got, or no bar while it waits."""
        self.status.set_text(text)
        self.bar.set_visibility(fraction is not None)
        if fraction is not None:
            self.bar.set_value(max(0.0, min(1.0, fraction)))

    def cancel_stops(self, what: str) -> None:
        """Say what the x stops now (once imported, only the look for likely moments)."""
        self.stop_tip.set_text(what)
        self.stop.props(f'aria-label="{what}"')

    def imported(self, text: str, clip_id: str) -> None:
        self._finish("ok", text, OK_TEXT)
        self.picture.clear()
        with self.picture:
            ui.image(urls.thumbnail(clip_id, urls.POSTER)).classes("w-20 h-[45px]") \
                .props('fit=cover no-spinner alt=""').mark("import-picture")

    def refused(self, reason: str) -> None:
        self._finish("refused", reason, REFUSED_TEXT)

    def note(self, text: str) -> None:
        self._finish("note", text, None)

    def _finish(self, outcome: str, text: str, colour: str | None) -> None:
        icon, icon_colour, marker = OUTCOMES[outcome]
        self.bar.set_visibility(False)
        self.stop.delete()
        self.status.set_text(text)
        self.status.classes(replace="text-sm" if colour else "text-sm vipp-muted")
        if colour:
            self.status.style(f"color: {colour}")
        self.outcome.clear()
        with self.outcome:
            ui.icon(icon, size="28px", color=icon_colour).mark(marker) \
                .props(f'aria-label="{"Imported" if outcome == "ok" else "Not imported"}"')
