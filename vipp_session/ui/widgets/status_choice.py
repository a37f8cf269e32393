"""A choice among a few fixed words (a session's status) as the browser's own <select>.

A family page has six of them. Quasar's select is a field, a menu and a list for each;
Vue setting up the six took about as long in the browser as the rest of the session rows.
The browser's own control is one element: it opens with the keyboard (arrows, Space,
typing a letter), its label is read out with it, and the theme gives it its colours and
focus ring (.vipp-choice in frame.py).

The label and the control are one piece of HTML; the control's change reaches the server
as the chosen key, which is always one of the keys offered.
"""

from __future__ import annotations

import html
import json
from collections.abc import Awaitable, Callable

from nicegui import ui
from nicegui.events import ValueChangeEventArguments, handle_event


class Choice(ui.element):
    def __init__(self, label: str, options: dict[str, str], value: str, spoken: str):
        """`label` is shown above the control; `spoken` is the control's full name for
        screen readers (say 'Session 2 status', not only 'Status')."""
        super().__init__("label")
        self.options, self.label_text, self.spoken = options, label, spoken
        self.value = value
        self._handlers: list[Callable[[ValueChangeEventArguments], Awaitable[None] | None]] = []
        self.classes("vipp-choice")
        self._draw()
        self.on("change", self._changed, js_handler="(e) => emit(e.target.value)")

    def on_value_change(self, handler: Callable[[ValueChangeEventArguments],
                                                Awaitable[None] | None]) -> Choice:
        """Run `handler(e)` when another option is chosen; `e.value` is its key."""
        self._handlers.append(handler)
        return self

    def show(self, value: str) -> None:
        """Show `value` as chosen (after a refused change, what the records still hold)."""
        self.value = value
        self._draw()
        # the HTML may be just what the browser last had, and then Vue leaves the control as
        # the clinician left it: set what it shows too
        ui.run_javascript(f"getHtmlElement({self.id}).querySelector('select').value = "
                          f"{json.dumps(value)}")

    def _draw(self) -> None:
        options = "".join(
            f'<option value="{html.escape(key)}"{" selected" if key == self.value else ""}>'
            f"{html.escape(words)}</option>" for key, words in self.options.items())
        self._props["innerHTML"] = (
            f'<span class="vipp-choice__label">{html.escape(self.label_text)}</span>'
            f'<select aria-label="{html.escape(self.spoken)}">{options}</select>')
        self.update()

    def _displayed_contents(self, *, only_visible: bool) -> list:
        """What it shows, so that the simulated user's should_see finds it."""
        return [self.label_text, self.options.get(self.value)]

    def _changed(self, e) -> None:
        if e.args not in self.options or e.args == self.value:
            return
        change = ValueChangeEventArguments(sender=self, client=self.client, value=e.args,
                                           previous_value=self.value)
        self.value = e.args
        for handler in self._handlers:
            handle_event(handler, change)
