"""`vipp-session week`, `calendar` and `session plan-rest`; the calendar file read back with
icalendar, the appointment card read back from its PDF, and the reminder's wording."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from io import BytesIO

import pytest
from icalendar import Calendar
from pypdf import PdfReader

from vipp_session import families, reminders
from vipp_session.appointment_cards import cards_pdf, write_cards
from vipp_session.errors import BadInput
from vipp_session.settings import load_settings

TODAY = date.today()


def _day(days: int, hour: int = 10, minute: int = 30) -> str:
    return (datetime.combine(TODAY + timedelta(days=days), datetime.min.time())
            .replace(hour=hour, minute=minute).isoformat(timespec="minutes"))


@pytest.fixture
def caseload(data):
    families.add_family(data, "F1", child="Maya", born="15/03/2025", mother="Sam")
    families.add_family(data, "F2", child="Leo", born="2025-06-01")
    families.plan_session(data, "F1", 1, _day(-3))  # overdue
    families.plan_session(data, "F2", 1, _day(2, 14, 0))
    families.plan_session(data, "F2", 2, _day(5, 9, 0))
    families.plan_session(data, "F2", 3, _day(9, 9, 0))  # after the week
    return data


def test_week_json_lists_the_week_by_day_with_overdue_first(cli, caseload):
    result = cli("week", "--json")
    assert result.code == 0, result.err
    week = result.json
    assert week["from"] == TODAY.isoformat()
    assert [(v["family"], v["session"], v["overdue"]) for v in week["overdue"]] == [("F1", 1, True)]
    assert [d["date"] for d in week["days"]] == [(TODAY + timedelta(days=i)).isoformat()
                                                for i in range(7)]
    visits = [v for d in week["days"] for v in d["visits"]]
    assert [(v["family"], v["child"], v["session"], v["date"], v["remind"]) for v in visits] == [
        ("F2", "Leo", 1, _day(2, 14, 0), True), ("F2", "Leo", 2, _day(5, 9, 0), False)]
    assert {(v["moments"], v["review_pack"]) for v in visits} == {(0, False)}


def test_week_from_a_day_first_date_and_a_clear_reason_for_a_bad_one(cli, caseload):
    start = TODAY + timedelta(days=4)
    later = cli("week", "--from", start.strftime("%d/%m/%Y"), "--json").json
    assert [v["session"] for d in later["days"] for v in d["visits"]] == [2, 3]
    bad = cli("week", "--from", "12/31/2026")
    assert bad.code == 2 and "no month 31" in bad.err and "Traceback" not in bad.err


def test_week_as_text_names_overdue_visits_and_reminders(cli, caseload):
    text = cli("week").out
    assert text.splitlines()[0].startswith("Overdue")
    assert "was it held?" in text and "remind her" in text and "Leo" in text


def test_the_calendar_file_holds_codes_only_and_keeps_its_event_ids(cli, caseload, tmp_path):
    out = tmp_path / "visits.ics"
    result = cli("calendar", "--to", str(out))
    assert result.code == 0, result.err
    raw = out.read_bytes()
    for private in (b"Maya", b"Leo", b"Sam"):
        assert private not in raw
    cal = Calendar.from_ical(raw)
    events = {str(e["uid"]): e for e in cal.walk("VEVENT")}
    assert set(events) == {"F1-session-1@vipp-session", "F2-session-1@vipp-session",
                           "F2-session-2@vipp-session", "F2-session-3@vipp-session"}
    first = events["F2-session-1@vipp-session"]
    assert str(first["summary"]) == "VIPP session 1, family F2"
    assert first.decoded("dtstart") == datetime.fromisoformat(_day(2, 14, 0))
    assert first.decoded("dtend") - first.decoded("dtstart") == timedelta(minutes=90)

    families.set_session_status(caseload, "F2", 1, "cancelled")  # and import the file again
    families.plan_session(caseload, "F2", 2, _day(6, 11, 0))
    assert cli("calendar", "--to", str(out)).code == 0
    again = {str(e["uid"]): e for e in Calendar.from_ical(out.read_bytes()).walk("VEVENT")}
    assert set(again) == set(events)  # the same ids: a calendar updates, never duplicates
    assert str(again["F2-session-1@vipp-session"]["status"]) == "CANCELLED"
    assert again["F2-session-2@vipp-session"].decoded("dtstart") == \
        datetime.fromisoformat(_day(6, 11, 0))


def test_the_calendar_wants_an_ics_name_and_writes_nothing_otherwise(cli, caseload, tmp_path):
    result = cli("calendar", "--to", str(tmp_path / "visits.txt"))
    assert result.code == 2 and "ends in .ics" in result.err
    assert not (tmp_path / "visits.txt").exists()


def test_plan_rest_from_the_command_line(cli, data):
    families.add_family(data, "F1", child="Maya", born="2025-03-15")
    result = cli("session", "plan-rest", "F1", "--every", "14", "--from",
                 "05/01/2027 10:00", "--json")  # Tuesday 5 January 2027
    assert result.code == 0, result.err
    assert [s["date"] for s in result.json] == [
        "2027-01-05T10:00", "2027-01-19T10:00", "2027-02-02T10:00", "2027-02-16T10:00",
        "2027-03-02T10:00", "2027-03-16T10:00"]


def _card_text(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(BytesIO(pdf)).pages]


def test_the_appointment_card_reads_back_with_the_day_time_clinician_and_contact(data, tmp_path):
    families.add_family(data, "F017", child="Zoë", born="2025-03-15", mother="Sam")
    settings = load_settings(data)
    settings.clinician_name, settings.service_contact = "Jo Smith", "call or text 07700 900123"
    family, _ = families.get_family(data, "F017")
    card = reminders.card_for(family, datetime(2027, 1, 5, 10, 30), settings)
    out = tmp_path / "card.pdf"
    write_cards([card], out)
    [text] = _card_text(out.read_bytes())
    for expected in ("Our next visit", "Zoë", "Tuesday", "5 January 2027", "10:30", "Jo Smith",
                     "07700 900123"):
        assert expected in text
    assert "F017" not in text
    sheet = PdfReader(BytesIO(cards_pdf([card] * 5, per_a4=True)))
    assert len(sheet.pages) == 2 and sheet.pages[0].extract_text().count("10:30") == 4
    assert round(float(sheet.pages[0].mediabox.width) / 72 * 25.4) == 210  # A4
    assert round(float(PdfReader(out).pages[0].mediabox.width) / 72 * 25.4) == 105  # A6


def test_the_reminder_in_the_clinicians_own_words(data):
    families.add_family(data, "F1", child="Maya", born="2025-03-15", mother="Sam")
    family, _ = families.get_family(data, "F1")
    when = datetime(2027, 1, 5, 14, 30)
    assert reminders.reminder_text(family, when, load_settings(data)) == (
        "Hi Sam, a reminder that I'll visit on Tuesday 5 January at 14:30. "
        "Text me if you need to change it.")
    settings = reminders.set_wording(data, "Hello {mother}! See you and {child} on {day}, {time}.",
                                     twelve_hour=True)
    assert load_settings(data).reminder_wording.startswith("Hello {mother}")
    assert reminders.reminder_text(family, when, settings) == \
        "Hello Sam! See you and Maya on Tuesday 5 January, 2:30 PM."
    with pytest.raises(BadInput, match=r"\{address\}"):
        reminders.set_wording(data, "See you at {address}")
    assert load_settings(data).reminder_wording.startswith("Hello {mother}")  # unchanged


def test_week_shows_whether_the_review_pack_is_made(cli, caseload):
    from vipp_session.review.service import review_path

    pack = review_path(caseload, "F2", 2)
    pack.parent.mkdir(parents=True)
    pack.write_bytes(b"%PDF-1.4\n")
    visits = {v["session"]: v for d in cli("week", "--json").json["days"] for v in d["visits"]}
    assert (visits[1]["review_pack"], visits[2]["review_pack"]) == (False, True)


def test_week_and_calendar_load_no_video_or_pdf_library(data, tmp_path):
    import subprocess
    import sys

    script = ("import sys; from vipp_session.cli import main; "
              f"main(['week', '--data', {str(data.root)!r}]); "
              f"main(['calendar', '--to', {str(tmp_path / 'v.ics')!r}, '--data', {str(data.root)!r}]); "
              "print(sorted(m for m in ('av', 'cv2', 'numpy', 'fpdf', 'nicegui') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "[]"
