"""/week: the visits of the seven days ahead, by day, overdue ones at the top; reminders to
send, appointment cards to print, the calendar file to download, and the reminder wording."""

from __future__ import annotations

from datetime import date

from fastapi import Request, Response
from nicegui import app, run, ui

from vipp_session import calendar_file, reminders, validate, words
from vipp_session.appointment_cards import cards_pdf
from vipp_session.errors import BadInput
from vipp_session.model import SESSION_NUMBERS
from vipp_session.paths import is_safe_id
from vipp_session.ui import urls
from vipp_session.ui.context import AppContext
from vipp_session.ui.routes.media_routes import PRIVATE
from vipp_session.ui.widgets import visit_answers
from vipp_session.ui.widgets.frame import page_frame
from vipp_session.week import the_week




def register(ctx: AppContext) -> None:
    _downloads(ctx)

    @ui.page(urls.week())
    def week_page(request: Request):
        with page_frame(ctx, request, "The week ahead", [("The week ahead", urls.week())]):
            _week(ctx)


def _week(ctx: AppContext) -> None:
    today = date.today()
    week = the_week(ctx.data, today=today)
    twelve = ctx.settings.twelve_hour_clock
    with ui.row().classes("w-full items-end"):
        with ui.column().classes("gap-0"):
            ui.label("The week ahead").classes("text-2xl font-semibold")
            ui.label(f"{words.day_of_week(week.days[0][0])} to "
                     f"{words.day_of_week(week.days[-1][0])}").classes("vipp-muted")
        ui.space()
        if any(visits for _, visits in week.days):
            ui.button("Cards for this week", icon="print",
                      on_click=lambda: ui.navigate.to(urls.week_cards(today.isoformat()),
                                                      new_tab=True)) \
                .props("flat no-caps").mark("week-cards") \
                .tooltip("Appointment cards, four to an A4 page, to cut out")
        ui.button("For your calendar (.ics)", icon="event",
                  on_click=lambda: ui.download(urls.calendar_file())) \
            .props("flat no-caps").mark("calendar-download") \
            .tooltip("Family codes only: no names, no addresses")
    if week.overdue:
        ui.label("Overdue").classes("text-xl font-semibold text-accent mt-2")
        for v in week.overdue:
            _visit(ctx, v, twelve, words.when(v.when, twelve))
    for day, visits in week.days:
        heading = "Today" if day == today else words.long_day(day)
        with ui.row().classes("w-full items-baseline gap-3 mt-3").mark(f"day-{day.isoformat()}"):
            ui.label(heading).classes("text-lg font-semibold")
            if not visits:
                ui.label("no visits").classes("vipp-muted")
        for v in visits:
            _visit(ctx, v, twelve, words.clock(v.when, twelve))
    if week.paused:
        ui.label(f"Paused, and left out until resumed: {', '.join(week.paused)}") \
            .classes("vipp-muted mt-3").mark("paused-families")
    _wording(ctx)


def _visit(ctx: AppContext, v, twelve: bool, time: str) -> None:
    with ui.row().classes("vipp-card w-full items-center px-5 py-2 gap-5") \
            .mark(f"visit-{v.family_id}-{v.number}"):
        ui.label(time).classes("text-lg font-semibold min-w-[6rem]")
        with ui.link(target=urls.family(v.family_id)).classes("no-underline text-black"):
            with ui.column().classes("gap-0 min-w-[10rem]"):
                ui.label(v.child).classes("font-semibold")
                ui.label(f"Family {v.family_id}").classes("text-sm vipp-muted")
        ui.label(f"Session {v.number}").classes("min-w-[6rem]")
        with ui.column().classes("gap-0 grow"):
            if v.number > 1:
                ui.label(f"{words.count(v.moments, 'moment')} prepared") \
                    .classes("text-positive" if v.moments else "vipp-muted")
                ui.label("Review pack made" if v.review_pack else "No review pack yet") \
                    .classes("text-sm vipp-muted")
        if v.overdue:
            visit_answers.overdue_answers(ctx, v.family_id, v.number, v.moments,
                                          done=lambda: ui.navigate.reload())
            return
        if v.remind:
            ui.badge("Remind her", color="accent").classes("text-sm px-2 py-1") \
                .mark(f"remind-{v.family_id}-{v.number}")
        ui.button("Reminder text", icon="sms",
                  on_click=lambda: visit_answers.reminder_dialog(ctx, v.family_id, v.number)) \
            .props("flat dense no-caps").mark(f"reminder-{v.family_id}-{v.number}")
        ui.button("Card", icon="print",
                  on_click=lambda: ui.navigate.to(urls.visit_card(v.family_id, v.number),
                                                  new_tab=True)) \
            .props("flat dense no-caps").mark(f"card-{v.family_id}-{v.number}")


def _wording(ctx: AppContext) -> None:
    settings = ctx.settings
    with ui.expansion("Reminder wording and times", icon="edit_note") \
            .classes("vipp-card w-full mt-4").mark("reminder-wording"):
        ui.label("Your own words for every reminder. These are filled in: "
                 + "; ".join(f"{{{k}}} {v}" for k, v in reminders.PLACES.items()) + ".") \
            .classes("text-sm vipp-muted")
        box = ui.textarea("Reminder message", value=settings.reminder_wording
                          or reminders.DEFAULT_WORDING).props("outlined autogrow") \
            .classes("w-full").mark("reminder-wording-text")
        clock = ui.checkbox("Show times as 2:30 PM (a 12-hour clock) rather than 14:30",
                            value=settings.twelve_hour_clock).mark("twelve-hour")
        who = settings.clinician_name or "(your name is not set yet)"
        how = settings.service_contact or "(how to reach you is not set yet)"
        ui.label(f"Cards print your name and how to reach you: {who}; {how}.") \
            .classes("text-sm vipp-muted")

        async def save(text=None, twelve=None) -> None:
            box.error = None
            try:
                await run.io_bound(reminders.set_wording, ctx.data, text, twelve)
            except BadInput as exc:
                box.error = str(exc)
                return
            ui.notify("Saved", type="positive", timeout=1000)

        box.on("blur", lambda: save(text=box.value))
        clock.on_value_change(lambda e: save(twelve=e.value))


def _downloads(ctx: AppContext) -> None:
    """The calendar file and the cards, made when asked and never kept: behind sign-in, as
    every path under /download/."""

    @app.get(urls.calendar_file())
    def visits_calendar():
        body = calendar_file.calendar_bytes(ctx.data)
        return Response(body, media_type="text/calendar", headers={
            **PRIVATE, "Content-Disposition": 'attachment; filename="vipp-visits.ics"'})

    @app.get(urls.DOWNLOAD + "cards/week-{start}.pdf")
    def week_cards(start: str):
        try:
            first = validate.uk_date(start, "first day", "from")
            cards = reminders.week_cards(ctx.data, the_week(ctx.data, first))
        except BadInput as exc:
            return Response(str(exc), status_code=404, media_type="text/plain")
        if not cards:
            return Response("There are no visits this week to make cards for.",
                            status_code=404, media_type="text/plain")
        return _pdf(cards_pdf(cards, per_a4=True), "appointment-cards.pdf")

    @app.get(urls.DOWNLOAD + "cards/{family_id}/{number}.pdf")
    def visit_card(family_id: str, number: int):
        if not is_safe_id(family_id) or number not in SESSION_NUMBERS:
            return Response("Not found.", status_code=404, media_type="text/plain")
        try:
            card = reminders.visit_card(ctx.data, family_id, number)
        except BadInput as exc:
            return Response(str(exc), status_code=404, media_type="text/plain")
        return _pdf(cards_pdf([card]), "appointment-card.pdf")


def _pdf(body: bytes, name: str) -> Response:
    return Response(body, media_type="application/pdf",
                    headers={**PRIVATE, "Content-Disposition": f'inline; filename="{name}"'})
