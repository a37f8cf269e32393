"""Reminders of the service's retention period: when a family's data is due for erasure."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta

import pytest

from tests.conftest import folder_snapshot
from vipp_session import families, retention
from vipp_session.caseload import caseload
from vipp_session.errors import BadInput
from vipp_session.model import Family, Session
from vipp_session.settings import Settings, load_settings, save_settings


def _family(created: datetime) -> Family:
    return Family(id="F1", child="Zoë", born=date(2025, 1, 1), created=created)


def test_due_counts_from_the_latest_dated_session_whatever_its_status():
    sessions = [Session(1, datetime(2026, 1, 5, 10), "held"),
                Session(2, datetime(2026, 3, 9, 10), "missed"),
                Session(3, None)]
    family = _family(datetime(2025, 12, 1))
    assert retention.last_visit(family, sessions) == date(2026, 3, 9)
    assert retention.erase_due(family, sessions, 30) == date(2026, 4, 8)
    assert retention.erase_due(family, sessions, None) is None


def test_without_any_session_date_it_counts_from_the_day_the_family_was_added():
    family = _family(datetime(2026, 2, 1, 9, 30))
    assert retention.erase_due(family, [Session(1)], 10) == date(2026, 2, 11)


def test_is_due_on_the_day_and_after():
    assert retention.is_due(date(2026, 5, 1), date(2026, 5, 1))
    assert not retention.is_due(date(2026, 5, 2), date(2026, 5, 1))
    assert not retention.is_due(None, date(2026, 5, 1))


def _two_families(data):
    """F-OLD last seen 60 days ago, F-NEW today; the service keeps data 30 days."""
    today = date.today()
    for fid, days_ago in (("F-OLD", 60), ("F-NEW", 0)):
        families.add_family(data, fid, child="Zoë", born=(today - timedelta(days=400)).isoformat())
        when = (today - timedelta(days=days_ago)).isoformat() + "T10:00"
        families.plan_session(data, fid, 1, when)
    save_settings(data, Settings(retention_days=30))
    return today


def test_caseload_and_family_commands_say_when_data_is_due_for_erasure(cli, data):
    today = _two_families(data)
    rows = {r.id: r for r in caseload(data)}
    assert rows["F-OLD"].erase_due == today - timedelta(days=30)
    assert rows["F-NEW"].erase_due == today + timedelta(days=30)

    shown = cli("family", "show", "F-OLD", "--json").json
    assert shown["erase_due"] == (today - timedelta(days=30)).isoformat()
    listed = cli("family", "list").out.splitlines()
    assert [line.endswith("(due for erasure)") for line in listed] == [False, True]  # F-NEW, F-OLD
    assert "Due for erasure since" in cli("family", "show", "F-OLD").out
    assert f"Kept until {today + timedelta(days=30)}" in cli("family", "show", "F-NEW").out


def test_without_a_retention_period_nothing_is_due(cli, data):
    families.add_family(data, "F1", child="Zoë", born="2025-01-01")
    assert cli("family", "show", "F1", "--json").json["erase_due"] is None


@pytest.mark.parametrize("value, reason", [
    ("seven years", "'retention_days' must be a whole number of at least 1, not \"seven years\""),
    (0, "'retention_days' must be a whole number of at least 1, not 0"),
    (2.5, "'retention_days' must be a whole number of at least 1, not 2.5"),
    (True, "'retention_days' must be a whole number of at least 1, not true"),
])
def test_a_retention_period_that_is_not_a_number_of_days_is_refused_plainly(cli, data, value, reason):
    families.add_family(data, "F1", child="Zoë", born="2025-01-01")
    data.settings_file.write_text(json.dumps({"retention_days": value}), encoding="utf-8")
    with pytest.raises(BadInput, match="retention_days"):
        load_settings(data)
    before = folder_snapshot(data.root)
    r = cli("family", "show", "F1")
    assert r.code == 2
    assert reason in r.err and len(r.err.strip().splitlines()) == 1
    assert folder_snapshot(data.root) == before


def test_other_numbers_in_the_settings_are_checked_too(data):
    data.root.mkdir(parents=True)
    data.settings_file.write_text(json.dumps({"idle_minutes": "twenty"}), encoding="utf-8")
    with pytest.raises(BadInput, match="'idle_minutes' must be a number of at least 0.01, not \"twenty\""):
        load_settings(data)
    data.settings_file.write_text(json.dumps({"idle_minutes": 0.5, "preroll_seconds": 0}),
                                  encoding="utf-8")
    assert load_settings(data).idle_minutes == 0.5
