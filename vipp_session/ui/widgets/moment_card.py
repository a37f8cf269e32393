"""The card for one moment: its still (to draw on), kind, scripted message, own words, note.

Every change is saved at once, field by field, through the same service as
the command line, so two open tabs never undo each other's edits.
"""

from __future__ import annotations

from collections.abc import Callable

from nicegui import run, ui

from vipp_session import moments
from vipp_session.errors import BadInput
from vipp_session.manual import (Manual, find_message, messages_for, render_for, voice_for,
                                 voices_for)
from vipp_session.tone.session import check_message
from vipp_session.model import Family, Moment
from vipp_session.ui.components.still_editor import StillEditor
from vipp_session.ui.context import AppContext
from vipp_session.ui.widgets.tone_findings import sentence_lines
from vipp_session.words import SESSION_NUMBERS, clip_time, frame_number
from vipp_session.ui import urls


class MomentCard:
    def __init__(self, ctx: AppContext, family: Family, track: str, manual: Manual,
                 moment: Moment, still_aspect: float, on_change: Callable[[], None],
                 on_deleted: Callable[[], None]):
        self.ctx, self.family, self.track, self.manual = ctx, family, track, manual
        self.moment, self.on_change, self.on_deleted = moment, on_change, on_deleted
        self.page = ui.context.client  # outlives this card, for the Undo bar after a delete
        # the still as wide as it can be while no taller than the screen beside the player,
        # the words beside it
        # (a portrait phone clip gets a narrow column, its drawing tools stood beside it)
        portrait = still_aspect < 1
        still = f"min(24rem, (100vh - 260px) * {still_aspect:.4f})"
        still_width = f"width: calc({still} + 6.5rem)" if portrait else f"width: calc({still})"
        with ui.row().classes("w-full no-wrap gap-3 items-start").mark("moment-card"):
            with ui.column().classes("shrink-0 gap-1").style(still_width):
                self.still = StillEditor(urls.still(moment.id), moment.highlights,
                                         on_change=self._save_highlights,
                                         tools_beside=portrait).classes("w-full")
                ui.label(f"Frame {frame_number(moment.frame)} at {clip_time(moment.at)}") \
                    .classes("text-sm vipp-muted").mark("moment-frame")
            with ui.column().classes("grow min-w-0 gap-2"):
                self._build_words(moment)
        self._show_kind()
        self._show_tone()

    def _build_words(self, moment: Moment) -> None:
        self.for_session = ui.select({n: f"for session {n}" for n in SESSION_NUMBERS},
                                     value=moment.for_session,
                                     on_change=lambda e: self._save(for_session=e.value)) \
            .props('dense outlined aria-label="Shown at session"').mark("moment-for-session")
        self.kinds = ui.row().classes("w-full gap-1").mark("moment-kinds")
        self.messages = ui.column().classes("w-full gap-1").mark("moment-messages")
        self.text = ui.textarea("Your words for her", value=moment.text) \
            .props("outlined autogrow").classes("w-full").mark("moment-text")
        self.text.on("blur", lambda: self._save_text())
        self.text.on_value_change(self._show_tone)  # checked while typing, saved on leaving
        self.tone = ui.column().classes("w-full gap-0").mark("moment-tone")
        self.scripted = ui.label().classes("text-sm vipp-muted italic").mark("moment-scripted")
        self.note = ui.textarea("Private note (never shown to her, never printed)",
                                value=moment.note).props("outlined autogrow dense") \
            .classes("w-full").mark("moment-note")
        self.note.on("blur", lambda: self._save(note=self.note.value or ""))
        with ui.row().classes("w-full items-center"):
            ui.switch("In the take-home summary", value=moment.in_summary,
                      on_change=lambda e: self._save(in_summary=e.value)).mark("moment-in-summary")
            ui.space()
            ui.button("Delete", icon="delete", on_click=self._delete) \
                .props("flat color=negative").mark("moment-delete")

    # what the clinician sees for the chosen kind
    def _show_kind(self) -> None:
        self.kinds.clear()
        with self.kinds:
            for kind in self.manual.kinds:
                chosen = kind.id == self.moment.kind
                ui.button(kind.label, on_click=lambda k=kind.id: self._choose_kind(k)) \
                    .props(f"dense rounded {'unelevated' if chosen else 'outline'}") \
                    .tooltip(kind.about).mark(f"kind-{kind.id}")
        self.messages.clear()
        options = messages_for(self.manual, self.moment.for_session, self.track, self.moment.kind,
                               voices=voices_for(self.family))
        with self.messages:
            ui.label("Scripted messages: click one to use it").classes("text-sm font-semibold")
            for message in options:
                words = render_for(message.text, self.family)
                chosen = message.id == self.moment.message_id
                use = lambda m=message, w=words: self._choose_message(m.id, w)  # noqa: E731
                # a card that works as a button: by click, and by Enter or Space from the keyboard
                with ui.card().classes(
                    "w-full p-2 cursor-pointer " + ("bg-teal-50 border border-primary" if chosen else "")
                ).props(f'tabindex=0 role=button aria-pressed={"true" if chosen else "false"}') \
                        .on("click", use).on("keydown.enter", use).on("keydown.space.prevent", use) \
                        .mark(f"message-{message.id}"):
                    ui.label(words).classes("text-sm")
                    if message.voice == "child":
                        ui.label("in the child's voice").classes("text-sm vipp-muted")
        # the chosen message stays visible even if the family has since turned its voice off
        original = find_message(self.manual, self.moment.message_id) if self.moment.message_id else None
        self.scripted.set_text(
            f"Scripted: {render_for(original.text, self.family)}" if original else ""
        )

    def _show_tone(self) -> None:
        """Her words through the tone check, with suggestions in this child's own name and
        pronouns, and the message's length and reading age."""
        text = (self.text.value or "").strip()
        limits = self.manual.limits
        sentences, reading = check_message(text, voice_for(self.family),
                                           max_words=limits.message_words,
                                           reading_age=limits.reading_age)
        self.tone.clear()
        with self.tone:
            sentence_lines(text, sentences, reading)

    # saving
    async def _save(self, **changes) -> None:
        try:  # off the event loop: the save fsyncs the family's file
            self.moment = await run.io_bound(moments.edit_moment, self.ctx.data, self.moment.id,
                                             **changes)
        except BadInput as exc:
            ui.notify(str(exc), type="warning")
            return
        if "for_session" in changes:
            self._show_kind()
        self.on_change()

    async def _save_text(self) -> None:
        if (self.text.value or "") != self.moment.text:
            await self._save(text=self.text.value or "")
        self._show_tone()

    async def _choose_kind(self, kind: str) -> None:
        await self._save(kind=kind)
        self._show_kind()

    async def _choose_message(self, message_id: str, words: str) -> None:
        self.text.value = words
        await self._save(message_id=message_id, text=words)
        self._show_kind()
        self._show_tone()

    async def _save_highlights(self, highlights: list[dict]) -> None:
        try:
            self.moment = await run.io_bound(moments.set_highlights, self.ctx.data,
                                             self.moment.id, highlights)
        except BadInput as exc:
            ui.notify(str(exc), type="warning")

    async def _delete(self) -> None:
        gone = self.moment
        await run.io_bound(moments.remove_moment, self.ctx.data, gone.id)
        self.on_deleted()

        async def undo() -> None:
            await run.io_bound(moments.restore_moment, self.ctx.data, gone)
            self.on_change()

        with self.page.content:
            undo_notice("Moment deleted.", undo)


def undo_notice(message: str, undo: Callable) -> None:
    """A small bar with an Undo button, for ten seconds."""
    with ui.row().classes("fixed bottom-6 left-1/2 -translate-x-1/2 bg-grey-9 text-white "
                          "rounded-lg px-4 py-2 items-center gap-4 z-50").mark("undo-notice") as bar:
        ui.label(message)

        async def do_undo() -> None:
            bar.delete()
            await undo()

        ui.button("Undo", on_click=do_undo).props("flat color=white").mark("undo")
    ui.timer(10.0, lambda: bar.delete() if not bar.is_deleted else None, once=True)
