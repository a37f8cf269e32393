"""The small questions visits raise, asked where they show (the caseload, the family page,
the week ahead): was an overdue visit held, when will a missed or cancelled one be instead,
plan the rest at once, and the reminder text to copy."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date, datetime, timedelta

from nicegui import run, ui

from vipp_session import bank_holidays, families, reminders, visits, words
from vipp_session.errors import BadInput
from vipp_session.ui.context import AppContext
from vipp_session.ui.widgets.when_picker import when_input

Done = Callable[[], Awaitable[None] | None]


async def _after(done: Done) -> None:
    result = done()
    if result is not None:
        await result


def ask_new_date(ctx: AppContext, family_id: str, number: int, status: str, prepared: int,
                 done: Done) -> None:
    """A missed or cancelled visit: when will it be instead? Its moments go with it."""
    twelve = ctx.settings.twelve_hour_clock
    with ui.dialog() as dialog, ui.card().classes("w-[34rem] max-w-full p-6 gap-3") \
            .mark("new-date-dialog"):
        ui.label(f"Session {number} was {status}. When will it be instead?") \
            .classes("text-xl font-semibold")
        moved = (f"The {words.count(prepared, 'moment')} prepared for it move with it."
                 if prepared else "Anything you prepare for it stays with it.")
        ui.label(moved).classes("vipp-muted")
        box = when_input(f"Session {number} new date and time", None, twelve, "new-date") \
            .classes("w-80")

        async def save() -> None:
            box.error = None
            try:
                moved_to = await run.io_bound(families.plan_session, ctx.data, family_id,
                                              number, box.value or "")
            except BadInput as exc:
                box.error = str(exc)
                return
            ui.notify(f"Session {number} moved to {words.when(moved_to.date)}",
                      type="positive", timeout=2000)
            dialog.close()
            await _after(done)

        async def later() -> None:
            dialog.close()
            await _after(done)

        with ui.row().classes("w-full justify-end"):
            ui.button("Not yet", on_click=later).props("flat").mark("new-date-later")
            ui.button("Save the new date", on_click=save).props("unelevated") \
                .mark("new-date-save")
    dialog.open()


OVERDUE_ANSWERS = (("held", "Yes, held"), ("missed", "Missed"), ("cancelled", "Cancelled"))


async def answer_overdue(ctx: AppContext, family_id: str, number: int, status: str,
                         prepared: int, done: Done) -> None:
    """An overdue visit was held, missed or cancelled: save it; a missed or cancelled one
    then asks for its new date."""
    try:
        await run.io_bound(families.set_session_status, ctx.data, family_id, number, status)
    except BadInput as exc:
        ui.notify(str(exc), type="negative")
        return
    if status in visits.NEEDS_NEW_DATE:
        ask_new_date(ctx, family_id, number, status, prepared, done)
    else:
        ui.notify(f"Session {number}: held", type="positive", timeout=1500)
        await _after(done)


def overdue_answers(ctx: AppContext, family_id: str, number: int, prepared: int,
                    done: Done) -> None:
    """'Was this visit held?' with one click for each answer."""

    async def answer(status: str) -> None:
        await answer_overdue(ctx, family_id, number, status, prepared, done)

    with ui.row().classes("items-center gap-1 no-wrap").mark(f"overdue-{family_id}-{number}"):
        ui.label("Was this visit held?").classes("text-accent font-semibold mr-1")
        for status, label in OVERDUE_ANSWERS:
            ui.button(label, on_click=lambda s=status: answer(s)) \
                .props("dense outline no-caps" if status != "held" else "dense unelevated no-caps") \
                .mark(f"answer-{status}-{family_id}-{number}")


def plan_rest_dialog(ctx: AppContext, family_id: str, done: Done) -> None:
    twelve = ctx.settings.twelve_hour_clock
    start = visits.working_day_on_or_after(
        datetime.combine(date.today() + timedelta(days=7), datetime.min.time()).replace(hour=10),
        bank_holidays.closed_days(ctx.settings))
    with ui.dialog() as dialog, ui.card().classes("w-[36rem] max-w-full p-6 gap-3") \
            .mark("plan-rest-dialog"):
        ui.label("Plan the remaining sessions").classes("text-xl font-semibold")
        with ui.row().classes("items-center gap-3"):
            ui.label("Every")
            every = ui.number("Days apart", value=14, min=1, max=families.MAX_EVERY_DAYS,
                              precision=0).props("outlined dense").classes("w-28") \
                .mark("plan-every")
            ui.label("days, from")
            first = when_input("First of them: date and time", start, twelve, "plan-from")
        ui.label("Sessions already held keep their dates. A date on a weekend or a bank "
                 "holiday moves to the next working day. You can change any date afterwards.") \
            .classes("vipp-muted")

        async def save() -> None:
            first.error = every.error = None
            try:
                planned = await run.io_bound(families.plan_remaining, ctx.data, family_id,
                                             int(every.value or 0), first.value or "")
            except (BadInput, ValueError) as exc:
                (every if getattr(exc, "field", "") == "every" else first).error = str(exc)
                return
            ui.notify(f"Planned {words.count(len(planned), 'session')}", type="positive")
            dialog.close()
            await _after(done)

        with ui.row().classes("w-full justify-end"):
            ui.button("Cancel", on_click=dialog.close).props("flat")
            ui.button("Plan them", on_click=save).props("unelevated").mark("plan-rest-save")
    dialog.open()


def reminder_dialog(ctx: AppContext, family_id: str, number: int) -> None:
    """The reminder message, ready to copy to a work phone."""
    try:
        text = reminders.reminder_for(ctx.data, family_id, number)
    except BadInput as exc:
        ui.notify(str(exc), type="warning")
        return
    with ui.dialog() as dialog, ui.card().classes("w-[34rem] max-w-full p-6 gap-3") \
            .mark("reminder-dialog"):
        ui.label("A reminder to send her").classes("text-xl font-semibold")
        ui.label(text).classes("text-lg p-3 rounded bg-grey-2 w-full").mark("reminder-text")
        ui.label("Change the wording for every reminder under 'Reminder wording' on the week "
                 "ahead page.").classes("text-sm vipp-muted")

        def copy() -> None:
            ui.clipboard.write(text)
            ui.notify("Copied: paste it into a message on your work phone", timeout=2500)

        with ui.row().classes("w-full justify-end"):
            ui.button("Close", on_click=dialog.close).props("flat")
            ui.button("Copy the text", icon="content_copy", on_click=copy) \
                .props("unelevated").mark("reminder-copy")
    dialog.open()
