"""The presentation element (see presenter.js)."""

from __future__ import annotations

from nicegui.element import Element


class Presenter(Element, component="presenter.js"):
    def __init__(self, clips: dict[str, dict], moments: list[dict], preroll: float,
                 title: str, end_words: str):
        super().__init__()
        self._props.update({"clips": clips, "moments": moments, "preroll": preroll,
                            "title": title, "end-words": end_words})
