"""/family/<id>: details, the six sessions, clips and moments; everything saves as it changes."""

from __future__ import annotations

from collections import Counter
from datetime import date

from fastapi import Request
from nicegui import run, ui

from vipp_session import briefs, families, retention, visits
from vipp_session.errors import BadInput
from vipp_session.manual import load_library, render_for
from vipp_session.model import SESSION_STATUSES, family_track
from vipp_session import words
from vipp_session.ui.context import AppContext
from vipp_session.ui.widgets.closed_section import closed_section
from vipp_session.ui.widgets.copies_card import CopiesCard
from vipp_session.ui.widgets.static_lines import StaticLines
from vipp_session.ui.widgets.status_choice import Choice
from vipp_session.ui.widgets.disk_use import family_disk_use
from vipp_session.ui.widgets.family_form import FamilyForm
from vipp_session.ui.widgets import visit_answers
from vipp_session.ui.widgets.keepsake_card import KeepsakeCard
from vipp_session.ui.widgets.frame import page_frame
from vipp_session.ui.widgets.when_picker import when_input
from vipp_session.ui.routes.not_found import not_found
from vipp_session.ui import urls


def register(ctx: AppContext) -> None:
    @ui.page("/family/{family_id}")
    def family_page(request: Request, family_id: str):
        try:
            records = briefs.family_records(ctx.data, family_id)
            family, sessions, clips, moments = (records.family, records.sessions, records.clips,
                                                records.moments)
        except BadInput as exc:
            return not_found(ctx, request, str(exc))
        titles = {n: render_for(s.title, family) for n, s in load_library(ctx.data).sessions.items()}
        with page_frame(ctx, request, family.child, [(f"{family.child} ({family.id})", request.url.path)]):
            track = family_track(family, sessions, date.today())
            with ui.row().classes("items-baseline gap-4"):
                ui.label(family.child).classes("text-2xl font-semibold")
                ui.label(f"{words.age(family.age_months(date.today()))} · "
                         f"{words.TRACK_LABELS[track.name]}").classes("vipp-muted")
            if track.note:
                ui.label(track.note).classes("text-accent").mark("age-note")
            family_disk_use(ctx, family.id)
            keep = ctx.settings.retention_days
            due = retention.erase_due(family, sessions, keep)
            if retention.is_due(due, date.today()):
                ui.label(f"Due for erasure since {words.day(due)}: your service keeps a family's "
                         f"videos and records for {keep} days after their last visit. 'Erase this "
                         "family' is at the bottom of this page.") \
                    .classes("text-accent").mark("erase-due")
            _sessions(ctx, family.id, sessions, clips, moments, titles)
            KeepsakeCard(ctx, family.id, sessions)
            copies_card = CopiesCard(ctx, family.id)
            _details(ctx, family, on_wish_changed=copies_card.refresh)
            _erase(ctx, family.id, due)


def _sessions(ctx, family_id, sessions, clips, moments, titles) -> None:
    with ui.row().classes("w-full items-center mt-2"):
        ui.label("Sessions").classes("text-xl font-semibold")
        ui.space()
        ui.button("Plan the remaining sessions", icon="date_range",
                  on_click=lambda: visit_answers.plan_rest_dialog(ctx, family_id, visit_list.refresh)) \
            .props("flat no-caps").mark("plan-rest")
    filmed = Counter(c.session for c in clips)
    prepared = Counter(m.for_session for m in moments)

    just_read = [sessions]  # the page has just read them; every refresh reads them again

    @ui.refreshable
    def visit_list() -> None:
        current = just_read.pop() if just_read else families.get_family(ctx.data, family_id)[1]
        twelve = ctx.settings.twelve_hour_clock  # once for the six, fresh on every refresh
        clashes = visits.out_of_order(current)
        for s in current:
            _visit_row(ctx, family_id, s, titles, filmed[s.number], prepared[s.number],
                       clashes.get(s.number), twelve, visit_list.refresh)

    visit_list()


def _visit_row(ctx, family_id, s, titles, filmed, prepared, dated_before, twelve, refresh) -> None:
    """One session: its date and status, what is filmed and prepared, and what needs an answer."""
    today = date.today()
    with ui.column().classes("vipp-card w-full px-5 py-3 gap-1").mark(f"session-{s.number}"):
        with ui.row().classes("w-full items-center gap-4"):
            StaticLines(("text-lg font-semibold", f"Session {s.number}"),
                        ("text-sm vipp-muted", titles.get(s.number, ""))).classes("w-48")

            async def save_date(text: str, n=s.number) -> None:
                when.error = None
                try:
                    await run.io_bound(families.plan_session, ctx.data, family_id, n, text)
                except BadInput as exc:
                    when.error = str(exc)
                    return
                ui.notify(f"Session {n} date saved", type="positive", timeout=1500)
                refresh()

            when = when_input(f"Session {s.number} date and time", s.date,
                              twelve, f"session-{s.number}-date",
                              on_done=save_date).classes("w-64")
            status = Choice("Status", {k: words.STATUS_LABELS[k] for k in SESSION_STATUSES},
                            s.status, f"Session {s.number} status").mark(f"session-{s.number}-status")
            counts = [("text-sm", f"{words.count(filmed, 'clip')} filmed")]
            if s.number > 1:
                counts.append(("text-sm vipp-muted", f"{words.count(prepared, 'moment')} prepared"))
            StaticLines(*counts).classes("grow")
            # a link, not a button: it goes somewhere (and opens in a new tab if asked)
            ui.link("Open →", urls.session(family_id, s.number)) \
                .props(f'aria-label="Open session {s.number}"') \
                .classes("vipp-open-link").mark(f"open-session-{s.number}")

            async def save_status(e, n=s.number) -> None:
                try:
                    await run.io_bound(families.set_session_status, ctx.data, family_id, n, e.value)
                except BadInput as exc:
                    status.show(e.previous_value)  # the records still hold it
                    ui.notify(str(exc), type="negative")
                    return
                if e.value in visits.NEEDS_NEW_DATE:
                    visit_answers.ask_new_date(ctx, family_id, n, e.value, prepared, refresh)
                    return
                ui.notify(f"Session {n}: {words.STATUS_LABELS[e.value].lower()}", timeout=1500)
                refresh()

            status.on_value_change(save_status)
        _visit_notes(ctx, family_id, s, today, prepared, dated_before, refresh)


def _visit_notes(ctx, family_id, s, today, prepared, dated_before, refresh) -> None:
    """What a session needs: an answer when overdue, a new date, or a look at its order."""
    if visits.is_overdue(s, today):
        with ui.row().classes("items-center gap-3"):
            ui.label(f"Overdue: {words.when(s.date, ctx.settings.twelve_hour_clock)} has passed.") \
                .classes("text-accent")
            visit_answers.overdue_answers(ctx, family_id, s.number, prepared, refresh)
    elif visits.needs_new_date(s):
        kept = (f" Its {words.count(prepared, 'moment')} prepared stay with it." if prepared
                else "")
        ui.label(f"{words.STATUS_LABELS[s.status]}: type or pick its new date above.{kept}") \
            .classes("text-accent").mark(f"needs-date-{s.number}")
    elif s.status == "paused":
        ui.label("Paused: off the week ahead until you set it back to Planned.") \
            .classes("vipp-muted").mark(f"paused-{s.number}")
    if dated_before:
        ui.label(f"Dated before session {dated_before}: check the order of the dates.") \
            .classes("text-accent").mark(f"out-of-order-{s.number}")


def _details(ctx, family, on_wish_changed) -> None:
    closed_section("Family details", "badge", "family-details",
                   lambda: _details_form(ctx, family.id, on_wish_changed))


def _details_form(ctx, family_id, on_wish_changed) -> None:
    family = families.get_family(ctx.data, family_id)[0]  # as it is when opened
    form = FamilyForm(family)
    ui.label("Changes save as you leave each field.").classes("text-sm vipp-muted")

    saved = dict(form.values())  # what the records hold: leaving a field unchanged saves nothing

    async def save_field(name: str) -> None:
        form.clear_errors()
        value = form.values()[name]
        if value == saved.get(name):
            return
        try:
            await run.io_bound(families.edit_family, ctx.data, family.id, **{name: value})
        except BadInput as exc:
            form.show(exc)
            return
        saved[name] = value
        ui.notify("Saved", type="positive", timeout=1000)
        if name == "wants_copies":
            on_wish_changed()

    for name, el in form.fields.items():
        if name == "id":
            continue
        if name in ("pronouns", "wants_copies", "child_voice"):
            el.on_value_change(lambda e, n=name: save_field(n))
        else:
            el.on("blur", lambda e, n=name: save_field(n))
        if hasattr(el, "picker"):  # a date picked on the calendar
            el.picker.on_hide(lambda e, n=name: save_field(n))


def _erase(ctx, family_id, due: date | None) -> None:
    closed_section("Erase this family", "delete_forever", "erase-family",
                   lambda: _erase_box(ctx, family_id, due))


def _erase_box(ctx, family_id, due: date | None) -> None:
    if due:
        ui.label(f"Under your service's retention period, this family's data is kept until "
                 f"{words.day(due)}.").classes("vipp-muted")
    ui.label("This deletes the family's records, videos, stills and summaries from this "
             "laptop, for good. It cannot be undone.").classes("text-negative")
    ui.label("Backups made before now still hold this family until they are pruned "
             "(vipp-session backup --to FOLDER --prune).").classes("vipp-muted") \
        .mark("erase-backups-note")
    confirm = ui.input(f"Type {family_id} to confirm").props("outlined dense").mark("erase-confirm")

    async def erase() -> None:
        if (confirm.value or "").strip() != family_id:
            confirm.error = f"Type {family_id} exactly to confirm."
            return
        try:
            await run.io_bound(families.erase_family, ctx.data, family_id)
        except BadInput as exc:
            confirm.error = str(exc)
            return
        ui.navigate.to("/")

    ui.button("Erase for good", on_click=erase, color="negative").props("unelevated") \
        .mark("erase-button")
