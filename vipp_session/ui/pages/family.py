"""/family/<id>: details, the six sessions, clips and moments; everything saves as it changes."""

from __future__ import annotations

from datetime import date

from fastapi import Request
from nicegui import run, ui

from vipp_session import briefs, families, retention
from vipp_session.errors import BadInput
from vipp_session.manual import load_library, render_for
from vipp_session.model import SESSION_STATUSES, family_track
from vipp_session import words
from vipp_session.ui.context import AppContext
from vipp_session.ui.widgets.copies_card import CopiesCard
from vipp_session.ui.widgets.disk_use import family_disk_use
from vipp_session.ui.widgets.family_form import FamilyForm
from vipp_session.ui.widgets.frame import page_frame
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
            copies_card = CopiesCard(ctx, family.id)
            _details(ctx, family, on_wish_changed=copies_card.refresh)
            _erase(ctx, family.id, due)


def _sessions(ctx, family_id, sessions, clips, moments, titles) -> None:
    ui.label("Sessions").classes("text-xl font-semibold mt-2")
    for s in sessions:
        filmed = [c for c in clips if c.session == s.number]
        prepared = [m for m in moments if m.for_session == s.number]
        with ui.row().classes("vipp-card w-full items-center px-5 py-3 gap-4").mark(f"session-{s.number}"):
            with ui.column().classes("gap-0 w-48"):
                ui.label(f"Session {s.number}").classes("text-lg font-semibold")
                ui.label(titles.get(s.number, "")).classes("text-sm vipp-muted")
            when = ui.input("Date and time", value=s.date.isoformat(timespec="minutes") if s.date else "") \
                .props("outlined dense type=datetime-local").classes("w-56").mark(f"session-{s.number}-date")
            status = ui.select({k: words.STATUS_LABELS[k] for k in SESSION_STATUSES}, value=s.status,
                               label="Status").props("outlined dense").classes("w-40") \
                .mark(f"session-{s.number}-status")
            with ui.column().classes("gap-0 grow"):
                ui.label(f"{len(filmed)} clip{'s' if len(filmed) != 1 else ''} filmed").classes("text-sm")
                if s.number > 1:
                    ui.label(f"{len(prepared)} moment{'s' if len(prepared) != 1 else ''} prepared") \
                        .classes("text-sm vipp-muted")
            ui.button("Open", icon="arrow_forward",
                      on_click=lambda n=s.number: ui.navigate.to(urls.session(family_id, n))) \
                .props("flat").mark(f"open-session-{s.number}")

            async def save_date(e, n=s.number, field=when) -> None:
                field.error = None
                if not field.value:
                    return
                try:
                    await run.io_bound(families.plan_session, ctx.data, family_id, n, field.value)
                    ui.notify(f"Session {n} date saved", type="positive", timeout=1500)
                except BadInput as exc:
                    field.error = str(exc)

            async def save_status(e, n=s.number) -> None:
                try:
                    await run.io_bound(families.set_session_status, ctx.data, family_id, n, e.value)
                except BadInput as exc:
                    ui.notify(str(exc), type="negative")
                    return
                ui.notify(f"Session {n}: {words.STATUS_LABELS[e.value].lower()}", timeout=1500)

            when.on("change", save_date)
            status.on_value_change(save_status)


def _details(ctx, family, on_wish_changed) -> None:
    with ui.expansion("Family details", icon="badge").classes("vipp-card w-full") \
            .mark("family-details"):
        form = FamilyForm(family)
        ui.label("Changes save as you leave each field.").classes("text-sm vipp-muted")

        async def save_field(name: str) -> None:
            form.clear_errors()
            value = form.values()[name]
            try:
                await run.io_bound(families.edit_family, ctx.data, family.id, **{name: value})
            except BadInput as exc:
                form.show(exc)
                return
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


def _erase(ctx, family_id, due: date | None) -> None:
    with ui.expansion("Erase this family", icon="delete_forever").classes("vipp-card w-full") \
            .mark("erase-family"):
        if due:
            ui.label(f"Under your service's retention period, this family's data is kept until "
                     f"{words.day(due)}.").classes("vipp-muted")
        ui.label("This deletes the family's records, videos, stills and summaries from this "
                 "laptop, for good. It cannot be undone.").classes("text-negative")
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
