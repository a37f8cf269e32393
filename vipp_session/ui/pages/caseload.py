"""/ : the caseload, and adding a family."""

from __future__ import annotations

from datetime import date, datetime

from fastapi import Request
from nicegui import ui

from vipp_session import families, retention, visits
from vipp_session.caseload import caseload_and_disk
from vipp_session import words
from vipp_session.ui.components.family_rows import FamilyRows
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
            rows, disk = caseload_and_disk(ctx.data)
            caseload_disk_use(ctx, disk)
            if not rows:
                ui.label("No families yet. Add the first one to start.").classes("vipp-muted text-lg")
                return
            with ui.row().classes("w-full items-center gap-4"):
                ui.input("Find a family", placeholder="code or child's name") \
                    .props("outlined dense clearable").classes("w-72").mark("find-family") \
                    .on("update:model-value", js_handler=_FILTER_JS)
                order = ui.select(SORTS, value="next", label="Sort by") \
                    .props("outlined dense").classes("w-48").mark("sort-families")

            by_id = {row.id: row for row in rows}
            shown = FamilyRows(_row_words(rows, date.today(), ctx.settings.twelve_hour_clock),
                               order.value, visit_answers.OVERDUE_ANSWERS).mark("family-rows")
            order.on_value_change(lambda e: shown.show_order(e.value))

            async def answered(e) -> None:
                row = by_id.get(e.args.get("id"))
                if row and row.overdue and e.args.get("status") in dict(
                        visit_answers.OVERDUE_ANSWERS):
                    await visit_answers.answer_overdue(
                        ctx, row.id, row.next_session, e.args["status"], row.moments_for_next,
                        done=lambda: ui.navigate.reload())

            def new_date(e) -> None:
                row = by_id.get(e.args.get("id"))
                if row and row.next_status in visits.NEEDS_NEW_DATE:
                    visit_answers.ask_new_date(ctx, row.id, row.next_session, row.next_status,
                                               row.moments_for_next,
                                               done=lambda: ui.navigate.reload())

            shown.on("answer", answered)
            shown.on("new_date", new_date)


def _row_words(rows, today: date, twelve: bool) -> list[dict]:
    """Each family's row as the words it shows, with its place in every order."""
    ranks = {by: {row.id: place for place, row in enumerate(sorted_rows(rows, by))}
             for by in SORTS}
    out = []
    for row in rows:
        words_of = ({"problem": row.problem} if row.problem else _family_words(row, today, twelve))
        out.append({"id": row.id, "rank": {by: ranks[by][row.id] for by in SORTS}, **words_of})
    return out


def _family_words(row, today: date, twelve: bool) -> dict:
    needs_date = row.next_status in visits.NEEDS_NEW_DATE
    before = row.next_session and row.next_session > 1  # clips filmed at the session before
    return {
        "find": f"{row.id} {row.child}".lower(),  # what the search box reads
        "href": urls.family(row.id),
        "child": row.child,
        "age": words.age(row.age_months),
        "track": words.TRACK_LABELS.get(row.track, row.track),
        "age_note": "Outside 6-36 months" if row.age_note else None,
        "next": f"Next: session {row.next_session}" if row.next_session
        else "All six sessions done",
        "state": _next_state(row, twelve) if row.next_session else None,
        "state_warns": bool(row.overdue or needs_date),
        "erase_due": (f"Past your service's retention period since {words.day(row.erase_due)}"
                      if retention.is_due(row.erase_due, today) else None),
        "moments": f"{words.count(row.moments_for_next, 'moment')} prepared" if before else None,
        "has_moments": bool(row.moments_for_next),
        "clips": (f"{words.count(row.clips_for_next, 'clip')} from session "
                  f"{row.next_session - 1}") if before else None,
        "overdue": row.next_session if row.overdue else None,
        "needs_new_date": needs_date,
    }


def _next_state(row, twelve: bool) -> str:
    """The next visit's date, or what stands in for it."""
    if row.next_status in visits.NEEDS_NEW_DATE:
        return f"{words.STATUS_LABELS[row.next_status]}: needs a new date"
    if row.next_status == "paused":
        return "Paused"
    if row.overdue:
        return f"Overdue: {words.when(row.next_date, twelve)}"
    return words.when(row.next_date, twelve)


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
