"""Date and time boxes that write day first (15/03/2026), in 24-hour or 12-hour time as the
settings say, whatever the browser's language: Quasar's own pickers (QDate, QTime) with
explicit masks, never the browser's <input type=date>, whose layout follows the browser.

What is typed or picked is read by validate.py (the same reading as the command line)."""

from __future__ import annotations

import html
from collections.abc import Awaitable, Callable
from datetime import date, datetime

from nicegui import ui

from vipp_session import words


class CalendarMenu:
    """A date box's calendar button, and the window it opens, made the first time it opens.

    A family page has eight date boxes and most are never opened: making every menu with
    its calendar and clock up front took about a sixth of the page's server time, and the
    browser set each one up too. The button's name is its title, not a tooltip element.

    The calendar and clock open in a small window in the middle of the screen, headed by
    the box's label, not a menu hanging from the box: on a laptop's 1366x768 screen a menu
    from a box half-way down the page had room neither above nor below, and its Done button
    was cut off."""

    def __init__(self, box: ui.input, icon: str, marker: str,
                 fill: Callable[[ui.dialog], None]):
        self.box, self.fill, self.menu = box, fill, None
        self._on_hide: list[Callable] = []
        with box.add_slot("append"):
            ui.icon(icon).classes("cursor-pointer") \
                .props('role=button title="Choose on a calendar" aria-label="Choose on a calendar"') \
                .on("click", self.open).mark(f"{marker}-pick")

    def on_hide(self, handler: Callable) -> None:
        """Run `handler` whenever the menu closes."""
        self._on_hide.append(handler)
        if self.menu is not None:
            self.menu.on("hide", handler)

    def open(self) -> None:
        if self.menu is None:
            label = str(self.box.props.get("label", "Choose a date"))
            with self.box:
                self.menu = ui.dialog().props(f'aria-label="{html.escape(label)}"')
            for handler in self._on_hide:
                self.menu.on("hide", handler)
            # a window's width is capped at 560 px, too narrow for the calendar and the clock
            with self.menu, ui.card().classes("p-0 gap-0").style("max-width: none"):
                ui.label(label).classes("text-lg font-semibold px-4 pt-3")
                self.fill(self.menu)
        self.menu.open()


def when_input(label: str, value: datetime | None, twelve_hour: bool, marker: str,
               on_done: Callable[[str], Awaitable[None]] | None = None) -> ui.input:
    """A visit's date and time; `on_done(text)` runs when it is typed (on leaving the box) or
    when the picker closes with a new value."""
    mask = f"{words.ENTRY_DATE_MASK} {words.ENTRY_TIME_MASKS[twelve_hour]}"
    example = words.entry_when(datetime(2026, 3, 14, 14, 30), twelve_hour)
    box = ui.input(label, value=words.entry_when(value, twelve_hour),
                   placeholder=f"e.g. {example}").props("outlined dense").mark(marker)

    def pickers(menu: ui.dialog) -> None:
        with ui.row().classes("no-wrap gap-0"):
            with ui.column().classes("gap-0 items-end"):  # Done under the calendar: the menu stays short
                ui.date(mask=mask).bind_value(box).props("first-day-of-week=1 minimal") \
                    .mark(f"{marker}-calendar")
                ui.button("Done", on_click=menu.close).props("unelevated no-caps") \
                    .classes("m-3").mark(f"{marker}-done")
            ui.time(mask=mask).bind_value(box).props("format24h" if not twelve_hour
                                                      else ':format24h="false"') \
                .mark(f"{marker}-clock")

    picker = CalendarMenu(box, "edit_calendar", marker, pickers)
    if on_done is not None:
        last = {"value": box.value}

        async def done() -> None:
            if box.value and box.value != last["value"]:
                last["value"] = box.value
                await on_done(box.value)

        box.on("change", done)
        picker.on_hide(done)
    return box


def date_input(label: str, value: date | None, marker: str) -> ui.input:
    """A day (a date of birth, a consent date), written and picked day first."""
    box = ui.input(label, value=words.entry_date(value), placeholder="e.g. 15/03/2025") \
        .props("outlined").mark(marker)

    def calendar(menu: ui.dialog) -> None:
        ui.date(mask=words.ENTRY_DATE_MASK).bind_value(box) \
            .props("first-day-of-week=1 years-in-month-view").mark(f"{marker}-calendar") \
            .on_value_change(menu.close)

    box.picker = CalendarMenu(box, "event", marker, calendar)  # a form saving 'on leaving
    # the box' also saves when its menu closes
    return box
