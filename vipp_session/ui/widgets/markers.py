"""Markers visible in the page too.

NiceGUI's `.mark()` names elements for the simulated `user` fixture only. We
also write the markers into the DOM as `data-marker`, so the real-browser
tests find exactly the same elements by the same names.
"""

from __future__ import annotations

from nicegui.element import Element

_original_mark = Element.mark


def _mark(self: Element, *markers: str) -> Element:
    _original_mark(self, *markers)
    self._props["data-marker"] = " ".join(self._markers)
    self.update()
    return self


def enable_dom_markers() -> None:
    Element.mark = _mark
