"""A clip's picture in lists: its poster (the frame that shows it best) and, on hover, a
strip of frames from across the clip, so clips filmed in the same room are told apart."""

from __future__ import annotations

from nicegui import ui

from vipp_session import briefs
from vipp_session.paths import DataDir
from vipp_session.ui import urls

STRIP = 6  # pictures in the strip shown on hover


def clip_picture(data: DataDir, family_id: str, clip_id: str, classes: str, name: str) -> None:
    """`name`: the clip's file name, for a screen reader ("A picture from garden.mp4")."""
    picture = ui.image(urls.thumbnail(clip_id)).classes(classes) \
        .props("fit=cover no-spinner").mark("clip-picture")
    picture._props["alt"] = f"A picture from {name}"  # a prop, so the name is never markup
    with picture:
        strip = briefs.filmstrip_sample(data, family_id, clip_id, STRIP)
        if len(strip) > 1:
            with ui.tooltip().props('anchor="bottom left" self="top left" :offset="[0, 8]"') \
                    .classes("bg-white shadow-lg p-1").style("max-width: none"):
                with ui.row().classes("no-wrap gap-1").mark("clip-strip"):
                    for name in strip:
                        ui.image(urls.thumbnail(clip_id, name)).classes("w-32 h-[72px] rounded") \
                            .props('fit=cover no-spinner alt=""')  # the same clip, named above
