"""The visits parts of the pages with NiceGUI's simulated user: a missed visit asks for its new
date, the rest planned at once, and the reminder wording kept."""

from __future__ import annotations

import asyncio
from datetime import date, timedelta

from vipp_session import families
from vipp_session.settings import load_settings
from tests.ui.conftest import sign_in_user


async def _until(check, seconds: float = 15) -> None:
    """Saves run off the event loop: wait for one to land."""
    for _ in range(int(seconds * 10)):
        if check():
            return
        await asyncio.sleep(0.1)
    assert check()


def _session(data, number: int):
    return families.get_family(data, "F1")[1][number - 1]


async def test_a_missed_visit_asks_for_its_new_date_on_the_family_page(user, signed_up):
    families.add_family(signed_up, "F1", child="Zoë", born="2025-09-01")
    families.plan_session(signed_up, "F1", 2, "2026-12-01T10:30")
    await sign_in_user(user, "/family/F1")
    await user.should_see("Planned", marker="session-2-status")
    user.find(marker="session-2-status").trigger("change", "missed")  # what the browser sends
    await user.should_see("Session 2 was missed. When will it be instead?", retries=100)
    assert _session(signed_up, 2).status == "missed"
    new_day = date.today() + timedelta(days=10)
    user.find(marker="new-date").type(f"{new_day:%d/%m/%Y} 09:45")
    user.find(marker="new-date-save").click()
    await _until(lambda: _session(signed_up, 2).status == "rescheduled")
    assert _session(signed_up, 2).date.date() == new_day


async def test_the_remaining_sessions_are_planned_at_once(user, signed_up):
    families.add_family(signed_up, "F1", child="Zoë", born="2025-09-01")
    families.plan_session(signed_up, "F1", 1, "2026-11-02T10:00")
    families.set_session_status(signed_up, "F1", 1, "held")
    await sign_in_user(user, "/family/F1")
    user.find(marker="plan-rest").click()
    await user.should_see(marker="plan-rest-dialog")
    user.find(marker="plan-every").clear().type("7")
    user.find(marker="plan-from").clear().type("05/01/2027 10:30")  # a Tuesday
    user.find(marker="plan-rest-save").click()
    await _until(lambda: _session(signed_up, 6).date is not None)
    dates = [s.date.date() for s in families.get_family(signed_up, "F1")[1]]
    assert dates == [date(2026, 11, 2)] + [date(2027, 1, 5) + timedelta(days=7 * i)
                                           for i in range(5)]


async def test_the_reminder_wording_is_kept_and_a_bad_one_refused(user, signed_up):
    await sign_in_user(user, "/week")
    await user.should_see("The week ahead")
    box = user.find(marker="reminder-wording-text")
    box.clear().type("See you at {place}").trigger("blur")
    await user.should_see("The reminder uses {place}, which is not filled in", retries=100)
    assert load_settings(signed_up).reminder_wording == ""
    box.clear().type("Hi {mother}, see you {day} at {time}.").trigger("blur")
    await _until(lambda: load_settings(signed_up).reminder_wording
                 == "Hi {mother}, see you {day} at {time}.")
    user.find(marker="twelve-hour").click()
    await _until(lambda: load_settings(signed_up).twelve_hour_clock)
