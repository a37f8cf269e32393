"""Visits as they really happen: prepared moments stay with the visit through every status,
overdue and out-of-order dates, the planner, the week ahead, and day-first dates."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, datetime, timedelta

import pytest

from media_factory import make_clip
from vipp_session import bank_holidays, caseload, clips, families, moments, validate, visits
from vipp_session.errors import BadInput
from vipp_session.model import Session
from vipp_session.settings import load_settings, save_settings
from vipp_session.week import the_week

TODAY = date(2026, 3, 4)  # a Wednesday


def _sessions(*dated) -> list[Session]:
    """Sessions 1..6; `dated` gives (number, datetime, status) for the ones that differ."""
    by = {n: Session(n) for n in range(1, 7)}
    for n, when, status in dated:
        by[n] = Session(n, when, status)
    return list(by.values())


@pytest.fixture
def family_with_moments(data, tmp_path):
    """F1 held session 1, where a clip was filmed; two moments are prepared for session 2."""
    families.add_family(data, "F1", today=TODAY, child="Maya", born="15/03/2025", mother="Sam")
    families.plan_session(data, "F1", 1, "2026-02-16T10:30", today=TODAY)
    families.set_session_status(data, "F1", 1, "held")
    families.plan_session(data, "F1", 2, "2026-03-02T10:30", today=TODAY)
    made = make_clip(tmp_path / "play.mp4", duration=1.0, width=160, height=120)
    [imported] = clips.import_clips(data, "F1", 1, [made.path])
    for at in (0.2, 0.6):
        moments.add_moment(data, imported.clip.id, at, "look")
    return data


def _row(data):
    [row] = caseload.caseload(data, today=TODAY)
    return row


@pytest.mark.parametrize("status", ["cancelled", "missed", "rescheduled", "paused", "planned"])
def test_the_moments_stay_with_the_visit_whatever_its_status(family_with_moments, status):
    data = family_with_moments
    families.set_session_status(data, "F1", 2, status)
    row = _row(data)
    assert (row.next_session, row.moments_for_next, row.next_status) == (2, 2, status)
    assert len(moments.list_moments(data, "F1", 2)) == 2


@pytest.mark.parametrize("status", ["cancelled", "missed"])
def test_a_new_date_reschedules_the_visit_and_its_moments_go_with_it(family_with_moments, status):
    data = family_with_moments
    families.set_session_status(data, "F1", 2, status)
    moved = families.plan_session(data, "F1", 2, "09/03/2026 14:00", today=TODAY)
    assert (moved.status, moved.date) == ("rescheduled", datetime(2026, 3, 9, 14, 0))
    row = _row(data)
    assert (row.next_session, row.next_date, row.moments_for_next) == (2, moved.date, 2)
    assert not row.overdue


def test_a_planned_visit_whose_day_has_passed_is_overdue_until_answered(family_with_moments):
    data = family_with_moments
    assert _row(data).overdue  # 2 March has passed on 4 March, still planned
    families.set_session_status(data, "F1", 2, "held")
    row = _row(data)
    assert (row.next_session, row.overdue) == (3, False)


def test_overdue_by_date():
    s = Session(2, datetime(2026, 3, 3, 16, 0), "planned")
    assert visits.is_overdue(s, TODAY)
    assert not visits.is_overdue(Session(2, datetime(2026, 3, 4, 9, 0)), TODAY)  # today: not yet
    for status in ("held", "cancelled", "missed", "paused"):
        assert not visits.is_overdue(Session(2, s.date, status), TODAY)


def test_dates_out_of_order_are_named():
    sessions = _sessions((1, datetime(2026, 3, 10, 10), "planned"),
                         (2, datetime(2026, 3, 2, 10), "planned"),
                         (3, datetime(2026, 3, 20, 10), "planned"),
                         (4, datetime(2026, 3, 1, 10), "cancelled"))  # an old, unkept date
    assert visits.out_of_order(sessions) == {2: 1}


def test_the_planner_skips_weekends_and_leaves_held_visits_alone():
    sessions = _sessions((1, datetime(2026, 2, 16, 10), "held"), (3, None, "missed"))
    plan = visits.plan_every(sessions, 12, datetime(2026, 3, 7, 10, 30))  # a Saturday
    assert [n for n, _ in plan] == [2, 3, 4, 5, 6]
    assert all(when.weekday() < 5 for _, when in plan)
    assert [when.date() for _, when in plan] == [
        date(2026, 3, 9),  # Saturday 7 -> Monday 9
        date(2026, 3, 23),  # 9 + 12 = Saturday 21 -> Monday 23
        date(2026, 4, 6),  # 23 + 12 = Saturday 4 April -> Monday 6
        date(2026, 4, 20),
        date(2026, 5, 4),
    ]
    assert {when.time() for _, when in plan} == {datetime(2026, 1, 1, 10, 30).time()}


def test_planning_the_rest_saves_each_date_and_each_can_change_after(data):
    families.add_family(data, "F1", today=TODAY, child="Maya", born="2025-03-15")
    families.set_session_status(data, "F1", 1, "held")
    families.set_session_status(data, "F1", 2, "missed")
    planned = families.plan_remaining(data, "F1", "7", "06/03/2026 09:15", today=TODAY)
    assert [(s.number, s.date.date(), s.status) for s in planned] == [
        (2, date(2026, 3, 6), "rescheduled"), (3, date(2026, 3, 13), "planned"),
        (4, date(2026, 3, 20), "planned"), (5, date(2026, 3, 27), "planned"),
        (6, date(2026, 4, 7), "planned")]  # 3 April is Good Friday, 6 April Easter Monday
    families.plan_session(data, "F1", 4, "2026-03-23T11:00", today=TODAY)
    _, sessions = families.get_family(data, "F1")
    assert [s.date for s in sessions if s.number == 4] == [datetime(2026, 3, 23, 11, 0)]
    with pytest.raises(BadInput, match="days between visits"):
        families.plan_remaining(data, "F1", "0", "06/03/2026 09:15", today=TODAY)


def test_the_week_ahead_by_day_with_overdue_first_and_paused_families_left_out(data):
    for fid, child in (("F1", "Maya"), ("F2", "Leo"), ("F3", "Ada")):
        families.add_family(data, fid, today=TODAY, child=child, born="2025-03-15")
    families.plan_session(data, "F1", 1, "2026-03-02T10:30", today=TODAY)  # overdue
    families.plan_session(data, "F2", 1, "2026-03-05T14:00", today=TODAY)  # tomorrow
    families.plan_session(data, "F2", 2, "2026-03-11T09:00", today=TODAY)  # after the week
    families.plan_session(data, "F3", 1, "2026-03-06T09:00", today=TODAY)
    families.set_session_status(data, "F3", 1, "paused")
    week = the_week(data, today=TODAY)
    assert [(v.family_id, v.number) for v in week.overdue] == [("F1", 1)]
    assert [d for d, _ in week.days] == [TODAY + timedelta(days=i) for i in range(7)]
    shown = {d: [(v.family_id, v.number, v.remind) for v in vs] for d, vs in week.days if vs}
    assert shown == {date(2026, 3, 5): [("F2", 1, True)]}
    assert week.paused == ["F3"]
    families.set_session_status(data, "F3", 1, "planned")  # resumed
    assert ("F3", 1) in [(v.family_id, v.number) for _, vs in the_week(data, today=TODAY).days
                         for v in vs]


def test_remind_marks_visits_one_or_two_days_away():
    at = lambda days: Session(1, datetime.combine(TODAY + timedelta(days=days),  # noqa: E731
                                                  datetime.min.time()).replace(hour=10))
    assert [d for d in range(-1, 5) if visits.remind_due(at(d), TODAY)] == [1, 2]


@pytest.mark.parametrize("typed", ["15/03/2025", "15-03-2025", "2025-03-15", "15.03.2025"])
def test_the_date_of_birth_is_read_day_first(typed):
    assert validate.birth_date(typed, TODAY) == date(2025, 3, 15)


def test_a_month_first_date_of_birth_is_refused_with_the_reason(data):
    with pytest.raises(BadInput) as refused:
        families.add_family(data, "F1", today=TODAY, child="Maya", born="03/15/2025")
    assert "there is no month 15" in str(refused.value)
    assert "15/03/2025" in str(refused.value)
    assert refused.value.field == "born"
    assert not (data.root / "families" / "F1").exists()


def test_a_visit_time_may_be_typed_day_first_with_a_24_or_12_hour_clock():
    assert validate.session_datetime("09/03/2026 14:05") == datetime(2026, 3, 9, 14, 5)
    assert validate.session_datetime("09/03/2026 2:05 PM") == datetime(2026, 3, 9, 14, 5)
    assert validate.session_datetime("09/03/2026 12:10 AM") == datetime(2026, 3, 9, 0, 10)
    with pytest.raises(BadInput, match="not a date and time"):
        validate.session_datetime("next Tuesday")


@pytest.mark.parametrize("region, first_visits", [
    # Friday 25 December 2026; Boxing Day is a Saturday, so Monday 28 is its bank holiday
    ("england-and-wales", [date(2026, 12, 29), date(2027, 1, 5)]),
    # Scotland also has 2 January, a Saturday in 2027: its holiday is Monday 4 January
    ("scotland", [date(2026, 12, 29), date(2027, 1, 5)]),
    ("northern-ireland", [date(2026, 12, 29), date(2027, 1, 5)]),
    ("none", [date(2026, 12, 25), date(2027, 1, 1)]),  # weekends only
])
def test_the_planner_steps_over_the_service_s_bank_holidays(data, region, first_visits):
    save_settings(data, replace(load_settings(data), bank_holidays=region))
    families.add_family(data, "F1", today=TODAY, child="Maya", born="2025-03-15")
    planned = families.plan_remaining(data, "F1", "7", "25/12/2026 10:00", today=TODAY)
    assert [s.date.date() for s in planned[:2]] == first_visits


def test_scotland_and_england_differ_on_the_second_of_january(data):
    families.add_family(data, "F1", today=TODAY, child="Maya", born="2025-03-15")
    start = "02/01/2027 10:00"  # a Saturday
    england = families.plan_remaining(data, "F1", "14", start, today=TODAY)[0].date.date()
    save_settings(data, replace(load_settings(data), bank_holidays="scotland"))
    scotland = families.plan_remaining(data, "F1", "14", start, today=TODAY)[0].date.date()
    assert (england, scotland) == (date(2027, 1, 4), date(2027, 1, 5))
    assert bank_holidays.name_of(load_settings(data), date(2027, 1, 4)) is not None


def test_an_unknown_bank_holiday_region_is_refused_plainly(data):
    data.settings_file.parent.mkdir(parents=True, exist_ok=True)
    data.settings_file.write_text(json.dumps({"bank_holidays": "wales"}))
    with pytest.raises(BadInput, match="'bank_holidays' must be one of .*england-and-wales"):
        load_settings(data)
