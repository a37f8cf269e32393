"""Likely moments found by the scan, beside the player: go there, use one, or dismiss it."""

from __future__ import annotations

from collections.abc import Callable

from nicegui import run, ui

from vipp_session.suggestions.keep import (
    dismiss_suggestion, has_been_scanned, load_suggestions, scan_for_suggestions, use_suggestion,
)
from vipp_session.errors import BadInput, Cancelled
from vipp_session.suggestions.rank import NOT_A_JUDGEMENT
from vipp_session.ui.components.clip_player import ClipPlayer
from vipp_session.ui.context import AppContext
from vipp_session.words import clip_time


class SuggestionsPanel:
    def __init__(self, ctx: AppContext, family_id: str, clip_id: str, for_session: int,
                 player: ClipPlayer, on_used: Callable[[str], None], on_changed: Callable[[], None],
                 open_at_first: bool = True):
        self.ctx, self.clip_id, self.for_session = ctx, clip_id, for_session
        self.player, self.on_used, self.on_changed = player, on_used, on_changed
        if not has_been_scanned(ctx.data, family_id, clip_id):
            ui.button("Look for likely moments", icon="auto_awesome", on_click=self.scan) \
                .props("outline dense no-caps").mark("scan")
            return
        open_ones = [s for s in load_suggestions(ctx.data, clip_id) if not s.dismissed]
        if not open_ones:
            return
        # folded away while a moment is open, so its still and words stay in view
        with ui.expansion(f"Likely moments to look at ({len(open_ones)})", icon="auto_awesome",
                          value=open_at_first).classes("w-full vipp-card").mark("suggestions"):
            ui.label(NOT_A_JUDGEMENT).classes("text-sm vipp-muted")
            for s in sorted(open_ones, key=lambda s: s.candidate.at):
                c = s.candidate
                with ui.row().classes("w-full items-center gap-1 no-wrap").mark("suggestion"):
                    ui.button(clip_time(c.at), on_click=lambda c=c: player.seek(c.at)) \
                        .props(f'flat dense no-caps aria-label="Go to {clip_time(c.at)}"') \
                        .classes("shrink-0 whitespace-nowrap").tooltip("Go there").mark("suggestion-time")
                    ui.label(c.reason).classes("text-sm grow")
                    ui.button("Use", on_click=lambda c=c: self.use(c.at)) \
                        .props("dense unelevated no-caps").classes("shrink-0") \
                        .mark(f"use-suggestion use-{c.at}")
                    ui.button(icon="close", on_click=lambda c=c: self.dismiss(c.at)) \
                        .props('flat round dense aria-label="Not this one"').tooltip("Not this one") \
                        .mark(f"dismiss-suggestion dismiss-{c.at}")

    async def scan(self) -> None:
        note = ui.notification("Looking through the clip for likely moments...", timeout=None,
                               spinner=True)
        try:
            await run.io_bound(scan_for_suggestions, self.ctx.data, self.clip_id)
        except (BadInput, Cancelled) as exc:
            ui.notify(str(exc) or "Stopped.", type="warning")
        finally:
            note.dismiss()
        self.on_changed()

    async def use(self, at: float) -> None:
        try:
            new = await run.io_bound(use_suggestion, self.ctx.data, self.clip_id, at, self.for_session)
        except BadInput as exc:
            ui.notify(str(exc), type="warning")
            return
        self.on_used(new.id)

    def dismiss(self, at: float) -> None:
        dismiss_suggestion(self.ctx.data, self.clip_id, at)
        self.on_changed()
