"""A section that starts closed and builds what it holds the first time it is opened.

Quasar draws a closed expansion's contents anyway, only hidden, so a family page paid
for the family details form and the erase box on every visit, though they are opened
rarely. Here the server builds them, and the browser draws them, only when opened.
"""

from __future__ import annotations

from collections.abc import Callable

from nicegui import ui


def closed_section(title: str, icon: str, marker: str, build: Callable[[], None]) -> ui.expansion:
    """An expansion titled `title`; `build()` runs inside it once, when it first opens."""
    section = ui.expansion(title, icon=icon).classes("vipp-card w-full").mark(marker)

    def opened(e) -> None:
        if e.value and not section.default_slot.children:
            with section:
                build()

    section.on_value_change(opened)
    return section
