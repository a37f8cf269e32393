"""/ : the caseload, and adding a family."""

from __future__ import annotations

from datetime import date

from fastapi import Request
from nicegui import ui

from vipp_session import families, retention
from vipp_session.caseload import caseload
from vipp_session import words
from vipp_session.ui.context import AppContext
from vipp_session.ui.widgets.disk_use import caseload_disk_use
from vipp_session.ui.widgets.family_form import FamilyForm
from vipp_session.ui.widgets.frame import page_frame
from vipp_session.ui import urls


def register(ctx: AppContext) -> None:
    @ui.page("/")
    def caseload_page(request: Request):
        with page_frame(ctx, request, "Caseload"):
            with ui.row().classes("w-full items-center"):
                ui.label("Your families").classes("text-2xl font-semibold")
                ui.space()
                ui.button("Add a family", icon="person_add", on_click=lambda: _add_dialog(ctx)) \
                    .props("unelevated").mark("add-family")
            caseload_disk_use(ctx)
            rows = caseload(ctx.data)
            if not rows:
                ui.label("No families yet. Add the first one to start.").classes("vipp-muted text-lg")
            for row in rows:
                _family_row(row)


def _family_row(row) -> None:
    if row.problem:
        _needs_attention_row(row)
        return
    with ui.link(target=urls.family(row.id)).classes("w-full no-underline text-black") \
            .mark(f"family-{row.id}"):
        with ui.row().classes("vipp-card w-full items-center px-5 py-3 gap-6 hover:shadow-md"):
            with ui.column().classes("gap-0 min-w-[12rem]"):
                ui.label(row.child).classes("text-lg font-semibold")
                ui.label(f"Family {row.id}").classes("text-sm vipp-muted")
            with ui.column().classes("gap-0 min-w-[12rem]"):
                ui.label(words.age(row.age_months))
                ui.label(words.TRACK_LABELS.get(row.track, row.track)).classes("text-sm vipp-muted")
                if row.age_note:
                    ui.label("Outside 6-36 months").classes("text-sm text-accent")
            with ui.column().classes("gap-0 min-w-[14rem]"):
                if row.next_session:
                    ui.label(f"Next: session {row.next_session}")
                    ui.label(words.when(row.next_date)).classes("text-sm vipp-muted")
                else:
                    ui.label("All six sessions done")
            if retention.is_due(row.erase_due, date.today()):
                ui.label("Due for erasure").classes("text-accent").mark("erase-due") \
                    .tooltip(f"Past your service's retention period since {words.day(row.erase_due)}")
            with ui.column().classes("gap-0"):
                if row.next_session and row.next_session > 1:
                    n = row.moments_for_next
                    ui.label(f"{n} moment{'s' if n != 1 else ''} prepared") \
                        .classes("text-positive" if n else "vipp-muted")
                    ui.label(f"{row.clips_for_next} clip{'s' if row.clips_for_next != 1 else ''} "
                             f"from session {row.next_session - 1}").classes("text-sm vipp-muted")


def _needs_attention_row(row) -> None:
    """A family whose records cannot be opened: its code and why, and no link into it."""
    with ui.row().classes("vipp-card w-full items-center px-5 py-3 gap-6") \
            .mark(f"family-{row.id}"):
        with ui.column().classes("gap-0 min-w-[12rem]"):
            ui.label("Needs attention").classes("text-lg font-semibold text-negative") \
                .mark("needs-attention")
            ui.label(f"Family {row.id}").classes("text-sm vipp-muted")
        ui.label(row.problem).classes("text-negative")


def _add_dialog(ctx: AppContext) -> None:
    with ui.dialog() as dialog, ui.card().classes("w-[48rem] max-w-full p-6"):
        ui.label("Add a family").classes("text-xl font-semibold")
        form = FamilyForm()

        async def save() -> None:
            created = {}

            def add(values: dict) -> None:
                fid = values.pop("id")
                created["id"] = families.add_family(ctx.data, fid, **values).id

            if await form.submit_with(add):
                dialog.close()
                ui.navigate.to(urls.family(created["id"]))

        with ui.row().classes("w-full justify-end"):
            ui.button("Cancel", on_click=dialog.close).props("flat")
            ui.button("Add family", on_click=save).props("unelevated").mark("save-family")
    dialog.open()
