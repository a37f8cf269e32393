"""/ : the caseload, and adding a family."""

from __future__ import annotations

from datetime import date, datetime

from fastapi import Request
from nicegui import ui

from vipp_session import families, retention, visits
from vipp_session.caseload import caseload
from vipp_session import words
from vipp_session.ui.context import AppContext
from vipp_session.ui.widgets import visit_answers
from vipp_session.ui.widgets.backup_status import backup_status_line
from vipp_session.ui.widgets.disk_use import caseload_disk_use
from vipp_session.ui.widgets.family_form import FamilyForm
from vipp_session.ui.widgets.frame import page_frame
from vipp_session.ui import urls


SORTS = {"next": "Next visit", "code": "Family code", "child": "Child's name"}
# how the search box hides rows in the browser, without a round trip per key
_FILTER_JS = """(query) => { const q = (query || '').trim().toLowerCase();
  document.querySelectorAll('[data-find]').forEach(row => {
    row.style.display = row.dataset.find.includes(q) ? '' : 'none'; }); }"""


def sorted_rows(rows, by: str) -> list:
    """By the next visit's date (none last), the family code, or the child's name."""
    if by == "code":
        return sorted(rows, key=lambda r: r.id.lower())
    if by == "child":
        return sorted(rows, key=lambda r: (r.child.lower(), r.id.lower()))
    far = datetime.max
    return sorted(rows, key=lambda r: (r.next_date or far, r.id.lower()))


def register(ctx: AppContext) -> None:
    @ui.page("/")
    def caseload_page(request: Request):
        with page_frame(ctx, request, "Caseload"):
            with ui.row().classes("w-full items-center"):
                ui.label("Your families").classes("text-2xl font-semibold")
                ui.space()
                ui.button("The week ahead", icon="calendar_month",
                          on_click=lambda: ui.navigate.to(urls.week())) \
                    .props("flat no-caps").mark("week-ahead")
                ui.button("Add a family", icon="person_add", on_click=lambda: _add_dialog(ctx)) \
                    .props("unelevated").mark("add-family")
            backup_status_line(ctx)
            caseload_disk_use(ctx)
            rows = caseload(ctx.data)
            if not rows:
                ui.label("No families yet. Add the first one to start.").classes("vipp-muted text-lg")
                return
            with ui.row().classes("w-full items-center gap-4"):
                ui.input("Find a family", placeholder="code or child's name") \
                    .props("outlined dense clearable").classes("w-72").mark("find-family") \
                    .on("update:model-value", js_handler=_FILTER_JS)
                order = ui.select(SORTS, value="next", label="Sort by") \
                    .props("outlined dense").classes("w-48").mark("sort-families")

            twelve = ctx.settings.twelve_hour_clock

            @ui.refreshable
            def family_rows() -> None:
                today = date.today()
                for row in sorted_rows(rows, order.value):
                    _family_row(ctx, row, today, twelve)

            family_rows()
            order.on_value_change(family_rows.refresh)


def _family_row(ctx, row, today, twelve) -> None:
    if row.problem:
        _needs_attention_row(row)
        return
    with ui.row().classes("vipp-card w-full items-center px-5 py-3 gap-4 hover:shadow-md") \
            as card:
        card._props["data-find"] = f"{row.id} {row.child}".lower()  # what the search box reads
        with ui.link(target=urls.family(row.id)) \
                .classes("no-underline text-black grow flex items-center gap-6") \
                .mark(f"family-{row.id}"):
            _row_columns(row, today, twelve)
        if row.overdue:
            visit_answers.overdue_answers(ctx, row.id, row.next_session, row.moments_for_next,
                                          done=lambda: ui.navigate.reload())
        elif row.next_status in visits.NEEDS_NEW_DATE:
            ui.button("Give a new date", icon="event",
                      on_click=lambda: visit_answers.ask_new_date(
                          ctx, row.id, row.next_session, row.next_status, row.moments_for_next,
                          done=lambda: ui.navigate.reload())) \
                .props("outline dense no-caps").mark(f"new-date-{row.id}")


def _row_columns(row, today, twelve) -> None:
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
            ui.label(_next_state(row, twelve)).classes(
                "text-sm " + ("text-accent" if row.overdue or row.next_status in
                              visits.NEEDS_NEW_DATE else "vipp-muted")) \
                .mark(f"next-state-{row.id}")
        else:
            ui.label("All six sessions done")
    if retention.is_due(row.erase_due, today):
        ui.label("Due for erasure").classes("text-accent").mark("erase-due") \
            .tooltip(f"Past your service's retention period since {words.day(row.erase_due)}")
    with ui.column().classes("gap-0"):
        if row.next_session and row.next_session > 1:
            n = row.moments_for_next
            ui.label(f"{words.count(n, 'moment')} prepared") \
                .classes("text-positive" if n else "vipp-muted")
            ui.label(f"{words.count(row.clips_for_next, 'clip')} "
                     f"from session {row.next_session - 1}").classes("text-sm vipp-muted")


def _next_state(row, twelve: bool) -> str:
    """The next visit's date, or what stands in for it."""
    if row.next_status in visits.NEEDS_NEW_DATE:
        return f"{words.STATUS_LABELS[row.next_status]}: needs a new date"
    if row.next_status == "paused":
        return "Paused"
    if row.overdue:
        return f"Overdue: {words.when(row.next_date, twelve)}"
    return words.when(row.next_date, twelve)


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
