"""'Her film' on the session page: the session's moments as one video for her to keep.

The film (film.py: each moment's lead-in with sound, its frame held with its words,
a title and an end card) is made straight onto her USB stick, in the background,
with progress and Stop; nothing is left on the stick unless it was all made. It
goes where her copies go, so it needs her wish for copies, like them.
"""

from __future__ import annotations

from nicegui import ui

from vipp_session import copies
from vipp_session.model import Family
from vipp_session.ui import urls
from vipp_session.ui.context import AppContext
from vipp_session.ui.widgets.copy_runner import CopyRunner
from vipp_session.ui.widgets.folder_choice import FolderChoice


class FilmCard:
    def __init__(self, ctx: AppContext, family: Family, session: int):
        with ui.card().classes("vipp-card w-full p-4 gap-2").mark("film"):
            ui.label("Her film of these moments").classes("text-lg font-semibold")
            if family.wants_copies is not True:
                said = ("She said she does not want copies of the videos" if
                        family.wants_copies is False else
                        "She has not said she wants copies of the videos")
                ui.label(f"{said}, so her film is not made for her stick. If she would like "
                         "it, record her wish in the family's details.") \
                    .classes("text-sm vipp-muted").mark("film-not-wanted")
                ui.link("Open the family's page", urls.family(family.id)).classes("text-sm")
                return
            name = copies.film_file_name(family.child, session)
            ui.label(f"Each moment above with its lead-in and sound, then held with your words "
                     f"in large type; a title and a thank-you at the end. It goes on her stick "
                     f"as '{name}'.").classes("text-sm vipp-muted")
            folder = FolderChoice(marker="film")
            button = ui.button("Make her film", icon="movie") \
                .props("unelevated no-caps").mark("film-make")
            runner = CopyRunner(ctx, family.id, folder, marker="film")
            runner.buttons = [button]
            button.on_click(lambda: runner.start(session, film_only=True))
