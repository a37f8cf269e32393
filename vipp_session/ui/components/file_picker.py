"""The file picker element: a drop zone that sends each chosen file to the upload route
(see file_picker.js)."""

from __future__ import annotations

from nicegui.element import Element


class FilePicker(Element, component="file_picker.js"):
    def __init__(self, label: str):
        super().__init__()
        self._props["label"] = label

    def send(self, key: str, url: str) -> None:
        self.run_method("send", key, url)

    def forget(self, key: str) -> None:
        self.run_method("forget", key)

    def abort(self, key: str) -> None:
        self.run_method("abort", key)
