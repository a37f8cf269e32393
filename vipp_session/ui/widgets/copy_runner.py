"""Copying her videos (or making her film) onto her stick, in the background, with Stop.

The copy runs in a worker thread (the same service as `vipp-session copies`); a
timer moves the progress bar, so the page never waits on it. Stop, a full or
pulled-out stick, or any failure leaves nothing on the stick. When the film's
words were flagged by the tone check, the findings are shown first, each with a
link to its moment, and the clinician may go on deliberately.
"""

from __future__ import annotations

import threading

from nicegui import run, ui

from vipp_session import briefs, copies, words
from vipp_session.errors import BadInput, Cancelled
from vipp_session.ui.context import AppContext
from vipp_session.ui.widgets.folder_choice import FolderChoice
from vipp_session.ui.widgets.tone_findings import finding_lines, moment_links


class CopyRunner:
    def __init__(self, ctx: AppContext, family_id: str, folder: FolderChoice,
                 marker: str = "copies"):
        self.ctx, self.family_id, self.folder, self.marker = ctx, family_id, folder, marker
        self.buttons: list[ui.button] = []  # disabled while a copy runs
        self.status = ui.column().classes("w-full gap-1").mark(f"{marker}-status")

    async def start(self, session: int | None, film_only: bool = False,
                    despite_warnings: bool = False) -> None:
        if not despite_warnings:
            flagged = await run.io_bound(copies.words_to_look_at, self.ctx.data, self.family_id,
                                         session)
            if flagged:
                self._show_flagged(flagged, session, film_only)
                return
        await self._copy(session, film_only, despite_warnings)

    def _show_flagged(self, flagged, session: int | None, film_only: bool) -> None:
        links = moment_links(briefs.family_records(self.ctx.data, self.family_id).moments)
        self.status.clear()
        with self.status:
            with ui.card().classes("w-full p-3 gap-2") \
                    .mark(f"{self.marker}-flagged"):
                ui.label("The tone check flagged words in her film. Look at them first, or "
                         "go on if you have read them and are sure.") \
                    .classes("text-sm font-semibold")
                for visit, checks in flagged.items():
                    finding_lines(checks, links, where=f"Visit {visit}, moment",
                                  marker=f"{self.marker}-finding", reading=False)
                ui.button("Copy despite the words flagged", icon="warning",
                          on_click=lambda: self.start(session, film_only, True)) \
                    .props("outline no-caps color=negative").mark(f"{self.marker}-despite")

    async def _copy(self, session: int | None, film_only: bool, despite_warnings: bool) -> None:
        state = {"fraction": 0.0}
        cancel = threading.Event()
        self.status.clear()
        with self.status:
            ui.label("Making her film…" if film_only else "Copying…").classes("text-sm")
            with ui.row().classes("w-full items-center gap-3 no-wrap"):
                bar = ui.linear_progress(value=0, show_value=False, size="12px") \
                    .classes("grow").mark(f"{self.marker}-progress")
                ui.button("Stop", icon="stop", on_click=cancel.set) \
                    .props("outline dense no-caps").mark(f"{self.marker}-cancel")
            # here, not where the click came from: that may be the 'despite' button just cleared
            timer = ui.timer(0.3, lambda: bar.set_value(state["fraction"]))
        for b in self.buttons:
            b.disable()
        try:
            done = await run.io_bound(copies.export_copies, self.ctx.data, self.family_id,
                                      self.folder.value, session,
                                      lambda f: state.__setitem__("fraction", f), cancel,
                                      despite_warnings, film_only)
        except Cancelled:
            self._say("Stopped: nothing was left on the stick.", "vipp-muted", "cancelled")
        except BadInput as exc:
            self._say(str(exc), "text-negative", "problem")
        else:
            self._done(done)
        finally:
            timer.cancel()
            for b in self.buttons:
                b.enable()

    def _done(self, done: list[copies.CopiedFile]) -> None:
        films = sum(1 for c in done if c.clip is None)
        clips = len(done) - films
        parts = [words.count(clips, "clip")] if clips else []
        parts += [words.count(films, "film of her moments", "films of her moments")] if films \
            else []
        total = sum(c.bytes for c in done)
        where = self.folder.name_of(str(done[0].path.parent))  # 'LEO-STICK', not its path
        self._say(f"Copied {words.count(len(done), 'video')} ({' and '.join(parts)}, "
                  f"{words.size(total)}) to {where}:", "text-positive", "done")
        with self.status:
            for c in done:
                ui.label(c.path.name).classes("text-sm")

    def _say(self, text: str, style: str, marker: str) -> None:
        self.status.clear()
        with self.status:
            ui.label(text).classes(f"text-sm {style}").mark(f"{self.marker}-{marker}")
