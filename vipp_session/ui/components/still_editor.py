"""The still editor element: a frozen frame with its highlights (see still_editor.js)."""

from __future__ import annotations

from collections.abc import Callable

from nicegui.element import Element


class StillEditor(Element, component="still_editor.js"):
    def __init__(self, src: str, highlights: list[dict], editable: bool = True,
                 on_change: Callable[[list[dict]], object] | None = None, tools_beside: bool = False):
        super().__init__()
        self._props["tools-beside"] = tools_beside
        self._props["src"] = src
        self._props["value"] = highlights
        self._props["editable"] = editable
        if on_change:
            self.on("change", lambda e: self._changed(e.args, on_change))

    def _changed(self, highlights: list[dict], on_change):
        self._props["value"] = highlights
        self.update()
        return on_change(highlights)  # a coroutine, when on_change is async, for NiceGUI to run
