"""/clip/<clip-id>: watch frame by frame, freeze moments, draw on them, choose their words."""

from __future__ import annotations

from datetime import date

from fastapi import Request
from nicegui import run, ui

from vipp_session import briefs, moments
from vipp_session.suggestions.keep import load_suggestions
from vipp_session.errors import BadInput
from vipp_session.manual import load_library, moment_kinds
from vipp_session.model import family_track
from vipp_session.ui.components.clip_player import ClipPlayer
from vipp_session.ui.context import AppContext
from vipp_session.ui.widgets.frame import page_frame
from vipp_session.ui.routes.media_routes import thumbnail_urls
from vipp_session.ui.widgets.moment_card import MomentCard
from vipp_session.ui.routes.not_found import not_found
from vipp_session.ui.widgets.suggestions_panel import SuggestionsPanel
from vipp_session.words import clip_time
from vipp_session.ui import urls

KEYS_HELP = ("Space play/pause · ←/→ one frame · Shift+←/→ one second · J back 5 s · K pause · "
             "L play (again: faster) · [ ] speed · F freeze")


def register(ctx: AppContext) -> None:
    @ui.page("/clip/{clip_id}")
    def annotator_page(request: Request, clip_id: str, moment: str | None = None):
        try:
            clip, records = briefs.open_clip(ctx.data, clip_id)
        except BadInput as exc:
            return not_found(ctx, request, str(exc))
        family_id = clip.family
        family, sessions = records.family, records.sessions
        table = briefs.clip_frames(ctx.data, family_id, clip.id)
        manual = load_library(ctx.data)
        track = family_track(family, sessions, date.today()).name
        feedback_for = min(clip.session + 1, 6)
        state = {"selected": moment}

        crumbs = [(f"{family.child} ({family.id})", urls.family(family.id)),
                  (f"Session {feedback_for}", urls.session(family.id, feedback_for)),
                  (clip.file, request.url.path)]
        # one screen, no scrolling: the player on the left; the moment's still, kinds and
        # messages on the right, in a column that scrolls on its own if it must
        with page_frame(ctx, request, f"{clip.file} · {family.child}", crumbs, wide=True):
            with ui.row().classes("w-full no-wrap gap-4 items-start vipp-workbench"):
                with ui.column().classes("grow min-w-0 gap-2"):
                    player = ClipPlayer(urls.clip_video(clip.id), table.times,
                                        table.duration, thumbnail_urls(ctx.data, family_id, clip.id)) \
                        .classes("w-full").mark("player")
                    ui.label(KEYS_HELP).classes("text-sm vipp-muted")
                side = ui.column().classes("w-[46rem] shrink-0 gap-2 vipp-side").mark("annotator-side")
        still_aspect = clip.width / clip.height if clip.height else 16 / 9

        def clip_moments():
            return briefs.family_records(ctx.data, family_id).moments_of_clip(clip.id)

        def markers(found) -> list[dict]:
            chosen = [{"id": m.id, "at": m.at, "label": f"{m.kind} ({clip_time(m.at)})"} for m in found]
            likely = [{"id": f"s{s.candidate.at}", "at": s.candidate.at, "color": "#8ecae6",
                       "label": f"Likely: {s.candidate.reason} ({clip_time(s.candidate.at)})"}
                      for s in load_suggestions(ctx.data, clip.id) if not s.dismissed]
            return likely + chosen

        def show_side() -> None:
            found = clip_moments()
            player.set_markers(markers(found))
            side.clear()
            with side:
                SuggestionsPanel(ctx, family_id, clip.id, feedback_for, player,
                                 on_used=select, on_changed=show_side,
                                 open_at_first=state["selected"] is None)
                if not found:
                    ui.label("Find a moment of connection (a look, a smile, a touch), pause on it "
                             "and press F or 'Freeze this moment'.").classes("vipp-muted")
                with ui.row().classes("w-full gap-1"):
                    for m in found:
                        ui.button(f"{clip_time(m.at)} · {m.kind}",
                                  on_click=lambda m=m: select(m.id)) \
                            .props(f"dense no-caps {'unelevated' if m.id == state['selected'] else 'outline'}") \
                            .mark(f"pick-{m.id}")
                chosen = next((m for m in found if m.id == state["selected"]), None)
                if chosen:
                    MomentCard(ctx, family, track, manual, chosen, still_aspect,
                               on_change=show_side_keep_card, on_deleted=deselect)

        def show_side_keep_card() -> None:
            # markers and buttons follow the card's changes; the card itself stays as it is
            found = clip_moments()
            player.set_markers(markers(found))
            if state["selected"] not in {m.id for m in found}:
                show_side()

        def remember_selection() -> None:
            # the address names the moment, so a reload or a bookmark comes back to it
            ui.navigate.history.replace(urls.clip(clip.id, state["selected"]))

        def select(moment_id: str) -> None:
            state["selected"] = moment_id
            remember_selection()
            show_side()
            chosen = next((m for m in clip_moments() if m.id == moment_id), None)
            if chosen:
                player.seek(chosen.at)

        def deselect() -> None:
            state["selected"] = None
            remember_selection()
            show_side()

        async def freeze(e) -> None:
            try:
                new = await run.io_bound(moments.add_moment, ctx.data, clip.id, float(e.args["time"]),
                                         moment_kinds(manual)[0], for_session=feedback_for)
            except BadInput as exc:
                ui.notify(str(exc), type="warning")
                return
            state["selected"] = new.id
            remember_selection()
            show_side()

        def marker_clicked(e) -> None:
            if str(e.args).startswith("m"):
                select(e.args)

        player.on("freeze", freeze)
        player.on("marker", marker_clicked)
        show_side()
        if moment:
            select(moment)
