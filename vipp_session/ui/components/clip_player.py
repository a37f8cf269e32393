"""The clip player element (see clip_player.js for the time contract)."""

from __future__ import annotations

from nicegui.element import Element


class ClipPlayer(Element, component="clip_player.js"):
    def __init__(self, src: str, frame_times: list[float], duration: float,
                 thumbs: list[dict] | None = None, markers: list[dict] | None = None):
        super().__init__()
        self._props["src"] = src
        self._props["frame-times"] = frame_times
        self._props["duration"] = duration
        self._props["thumbs"] = thumbs or []
        self._props["markers"] = markers or []

    def set_markers(self, markers: list[dict]) -> None:
        self._props["markers"] = markers
        self.update()

    def seek(self, seconds: float) -> None:
        self.run_method("seek", seconds)
