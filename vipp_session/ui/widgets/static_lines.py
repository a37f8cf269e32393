"""Lines of words that never change, each with its classes, as one plain element.

A family page's six session rows had an element for every line (the session's number and
title, what is filmed and prepared); making those elements was most of the page's time on
the server. Here the lines are written as one piece of HTML that Vue sets at once, without
a component of its own to load (ui.html brings one). Every word is escaped: a session's
title holds the child's name, typed by people.
"""

from __future__ import annotations

import html

from nicegui import ui


class StaticLines(ui.element):
    def __init__(self, *lines: tuple[str, str]):
        """`lines` are (classes, words) pairs, shown one under the other."""
        super().__init__("div")
        self.words = [text for _, text in lines]
        self.classes("nicegui-column gap-0")
        self._props["innerHTML"] = "".join(
            f'<div class="{html.escape(classes)}">{html.escape(text)}</div>'
            for classes, text in lines)

    def _displayed_contents(self, *, only_visible: bool) -> list:
        """The words, so that the simulated user's should_see finds them."""
        return self.words
