"""/family/<id>/session/<n>: preparing the feedback for session n.

The clips filmed at the previous session (older ones one click away),
importing new ones, the session's theme and what to look for, and the
moments prepared so far, in the order they will be shown.
"""

from __future__ import annotations

from datetime import date

from fastapi import Request
from nicegui import run, ui

from vipp_session import briefs, validate
from vipp_session.errors import BadInput
from vipp_session.tone.session import check_session, summary_line
from vipp_session.manual import SessionBrief, load_library, session_brief
from vipp_session.model import family_track
from vipp_session.review.service import make_review_pack
from vipp_session import words
from vipp_session.ui.context import AppContext
from vipp_session.ui.widgets.film_card import FilmCard
from vipp_session.ui.widgets.frame import page_frame
from vipp_session.ui.widgets.clip_picture import clip_picture
from vipp_session.ui.widgets.importer import ImportPanel
from vipp_session.ui.widgets.moment_list import moment_list
from vipp_session.ui.widgets.tone_findings import finding_lines, moment_links
from vipp_session.ui.routes.not_found import not_found
from vipp_session.ui import urls


def register(ctx: AppContext) -> None:
    @ui.page("/family/{family_id}/session/{number}")
    def session_page(request: Request, family_id: str, number: str):
        try:
            n = validate.session_number(number)
            records = briefs.family_records(ctx.data, family_id)
            family, sessions = records.family, records.sessions
        except BadInput as exc:
            return not_found(ctx, request, str(exc))
        track = family_track(family, sessions, date.today())
        view = session_brief(load_library(ctx.data), n, family, track.name)
        session = next(s for s in sessions if s.number == n)
        crumbs = [(f"{family.child} ({family.id})", urls.family(family.id)),
                  (f"Session {n}", request.url.path)]
        with page_frame(ctx, request, f"Session {n} · {family.child}", crumbs):
            with ui.row().classes("w-full items-center gap-4"):
                with ui.column().classes("gap-0"):
                    ui.label(f"Session {n}: {view.title}").classes("text-2xl font-semibold")
                    ui.label(f"{words.when(session.date)} · "
                             f"{words.STATUS_LABELS[session.status]}").classes("vipp-muted")
                ui.space()
                if n > 1:
                    ui.button("Present", icon="slideshow",
                              on_click=lambda: _present(ctx, family.id, n)) \
                        .props("unelevated").mark("present")
                    ui.button("Take-home summary", icon="print",
                              on_click=lambda: ui.navigate.to(urls.summary(family.id, n))) \
                        .props("outline").mark("summary")
                    review = ui.button("Review pack", icon="fact_check") \
                        .props("outline").mark("review-pack") \
                        .tooltip("For supervision, not for the family: every moment with its "
                                 "words, note and tone check")
                    review.on_click(lambda: _download_review_pack(ctx, family.id, n, review))
            if track.note:
                ui.label(track.note).classes("text-accent")
            with ui.row().classes("w-full gap-4 items-start no-wrap"):
                with ui.column().classes("grow gap-4 min-w-0"):
                    filmed_at = max(n - 1, 1)
                    if n == 1:
                        ui.label("Session 1 introduces the programme and films. Import what you "
                                 "film today: its moments are for session 2.").classes("vipp-muted")
                    clips_section(ctx, family.id, filmed_at)
                    ImportPanel(ctx, family.id, filmed_at, on_imported=clips_section.refresh)
                    if n > 1:
                        ui.label(f"Moments prepared for session {n}").classes("text-xl font-semibold")
                        moment_list(ctx, family.id, n)
                        FilmCard(ctx, family, n)
                with ui.column().classes("w-[24rem] shrink-0 gap-3"):
                    if n > 1:
                        tone_panel(ctx, family.id, n)
                    _theme_panel(view)


async def _download_review_pack(ctx: AppContext, family_id: str, n: int, button: ui.button) -> None:
    """Make the pack in a worker thread (the page stays live), then download it."""
    button.props("loading")
    try:
        await run.io_bound(make_review_pack, ctx.data, family_id, n)
    except BadInput as exc:
        ui.notify(str(exc), type="negative")
        return
    finally:
        button.props(remove="loading")
    ui.download.from_url(urls.review_pdf(family_id, n))


@ui.refreshable
def tone_panel(ctx: AppContext, family_id: str, n: int) -> None:
    """How many moments' words need a look, each a link to its moment; or what was checked."""
    checks = check_session(ctx.data, family_id, n)
    flagged = [c for c in checks if c.needs_a_look]
    with ui.card().classes("vipp-card w-full p-4 gap-2").mark("tone-panel"):
        with ui.row().classes("items-center gap-2 no-wrap"):
            ui.icon("rate_review" if flagged else "task_alt",
                    color="accent" if flagged else "positive").classes("text-xl")
            ui.label("Her words, checked").classes("font-semibold")
            ui.space()
            ui.button(icon="refresh", on_click=tone_panel.refresh) \
                .props('flat round dense aria-label="Check again"').tooltip("Check again") \
                .mark("tone-recheck")
        ui.label(summary_line(checks)).classes("text-sm").mark("tone-count")
        links = moment_links(briefs.family_records(ctx.data, family_id).moments_for(n))
        finding_lines(checks, links)


async def _present(ctx: AppContext, family_id: str, n: int) -> None:
    """Present, after a notice the clinician can pass when some words need a look."""
    checks = await run.io_bound(check_session, ctx.data, family_id, n)
    flagged = [c for c in checks if c.needs_a_look]
    if not flagged:
        ui.navigate.to(urls.present(family_id, n))
        return
    links = moment_links(briefs.family_records(ctx.data, family_id).moments_for(n))
    with ui.dialog() as dialog, ui.card().classes("w-[40rem] max-w-full p-6 gap-3") \
            .mark("present-notice"):
        ui.label(f"{words.count(len(flagged), 'moment')} "
                 f"{'has' if len(flagged) == 1 else 'have'} words to look at "
                 "before you show them to her").classes("text-lg font-semibold")
        with ui.scroll_area().classes("w-full max-h-[22rem]"):
            finding_lines(checks, links)
        with ui.row().classes("w-full justify-end gap-2"):
            ui.button("Look at them", icon="rate_review", on_click=dialog.close) \
                .props("unelevated no-caps").mark("present-look")
            ui.button("Present anyway", icon="slideshow",
                      on_click=lambda: ui.navigate.to(urls.present(family_id, n))) \
                .props("outline no-caps").mark("present-anyway")
    dialog.on("hide", dialog.delete)
    tone_panel.refresh()
    dialog.open()


@ui.refreshable
def clips_section(ctx: AppContext, family_id: str, filmed_at: int) -> None:
    records = briefs.family_records(ctx.data, family_id)
    clips, moments = records.clips, records.moments
    here = [c for c in clips if c.session == filmed_at]
    earlier = [c for c in clips if c.session != filmed_at]
    ui.label(f"Clips filmed at session {filmed_at}").classes("text-xl font-semibold")
    if not here:
        ui.label("No clips yet: import them below.").classes("vipp-muted")
    for clip in here:
        _clip_row(ctx, clip, moments)
    if earlier:
        with ui.expansion(f"Clips from other sessions ({len(earlier)})", icon="video_library") \
                .classes("w-full vipp-card").mark("earlier-clips"):
            for clip in earlier:
                _clip_row(ctx, clip, moments)


def _clip_row(ctx: AppContext, clip, moments) -> None:
    chosen = sum(1 for m in moments if m.clip == clip.id)
    with ui.link(target=urls.clip(clip.id)).classes("w-full no-underline text-black") \
            .mark(f"clip-{clip.id}"):
        with ui.row().classes("vipp-card w-full items-center p-2 gap-4 hover:shadow-md"):
            clip_picture(ctx.data, clip.family, clip.id, "w-32 h-[72px] rounded", clip.file)
            with ui.column().classes("gap-0 grow min-w-0"):
                ui.label(clip.file).classes("font-semibold truncate")
                ui.label(f"Session {clip.session} · {words.duration(clip.duration)} · "
                         f"{clip.width}×{clip.height}").classes("text-sm vipp-muted")
            ui.label(f"{chosen} moment{'s' if chosen != 1 else ''}").classes("text-sm")
            ui.icon("arrow_forward", color="primary")


def _theme_panel(view: SessionBrief) -> None:
    with ui.card().classes("vipp-card w-full p-4 gap-2").mark("theme-panel"):
        ui.label("This session's theme").classes("font-semibold")
        ui.label(view.theme_clinician).classes("text-sm")
        if view.discipline:
            ui.label(f"Discipline: {view.discipline.theme}").classes("font-semibold mt-2")
            ui.label(view.discipline.clinician).classes("text-sm")
    with ui.card().classes("vipp-card w-full p-4 gap-1").mark("look-for"):
        ui.label("Look for").classes("font-semibold")
        for item in view.look_for:
            ui.label(f"• {item}").classes("text-sm")
    with ui.expansion("Opening words", icon="record_voice_over").classes("vipp-card w-full"):
        ui.label(view.opening).classes("text-sm whitespace-pre-line")
    with ui.expansion("Filming today", icon="videocam").classes("vipp-card w-full"):
        for task in view.filming_tasks:
            ui.label(f"• {task}").classes("text-sm")
    with ui.expansion("At the end of the visit", icon="chat").classes("vipp-card w-full"):
        ui.label(view.debrief).classes("text-sm")
