"""'Copies of the videos for her' on the family page: her clips and her films onto her USB stick.

Her stick is chosen from the drives plugged in (or a folder typed); the copy
runs in the background with progress and Stop, leaving nothing on the stick
unless it all succeeded (copy_runner.py). 'Make her film' puts only the film of
one visit's moments on the stick.
"""

from __future__ import annotations

from nicegui import ui

from vipp_session import briefs, copies
from vipp_session.ui.context import AppContext
from vipp_session.ui.widgets.copy_runner import CopyRunner
from vipp_session.ui.widgets.folder_choice import FolderChoice


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
        visits = sorted({m.for_session for m in records.moments})
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
            ui.label(f"Plug in her USB stick and choose it. Each video is named like "
                     f"'{example}'; nothing already on the stick is replaced.") \
                .classes("text-sm vipp-muted")
            self.folder = FolderChoice(self.folder_value)
            self.folder.folder.on_value_change(lambda e: setattr(self, "folder_value", e.value))
            buttons = []
            with ui.row().classes("w-full items-center gap-2"):
                ui.label("Copy her videos:").classes("text-sm")
                for n in sorted({c.session for c in clips}):
                    buttons.append(ui.button(f"Session {n}", on_click=lambda n=n: self.export(n))
                                   .props("outline").mark(f"copies-session-{n}"))
                buttons.append(ui.button("All", icon="usb", on_click=lambda: self.export(None))
                               .props("unelevated").mark("copies-all"))
            if visits:
                with ui.row().classes("w-full items-center gap-2"):
                    ui.label("Or only her film of a visit's moments:").classes("text-sm")
                    visit = ui.select({n: f"visit {n}" for n in visits}, value=visits[-1]) \
                        .props("dense outlined").mark("copies-film-visit")
                    buttons.append(ui.button("Make her film", icon="movie",
                                             on_click=lambda: self.export(visit.value, True))
                                   .props("outline no-caps").mark("copies-film"))
            self.runner = CopyRunner(self.ctx, self.family_id, self.folder)
            self.runner.buttons = buttons

    async def export(self, session: int | None, film_only: bool = False) -> None:
        await self.runner.start(session, film_only)
