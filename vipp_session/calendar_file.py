"""The clinician's visits as a calendar file (.ics) for a work calendar, made with the
`icalendar` library.

Each event carries the family code and the session number only: no child's name, no
address, no note, so the file can go into a work calendar without carrying personal data.
Each visit keeps the same event id (UID) in every export, so importing a newer file updates
the events rather than adding copies; a visit cancelled, missed or paused is exported as
cancelled, so the old event does not linger as if it stood.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from icalendar import Calendar, Event

from vipp_session.errors import BadInput
from vipp_session.fsutil import atomic_write_bytes
from vipp_session.paths import DataDir
from vipp_session.visits import FamilyVisits, NEEDS_NEW_DATE, by_number
from vipp_session.week import caseload_visits

VISIT_LENGTH = timedelta(minutes=90)
PRODUCT = "-//vipp-session//visits//EN"


def event_uid(family_id: str, number: int) -> str:
    return f"{family_id}-session-{number}@vipp-session"


def calendar_of(caseload: list[FamilyVisits], now: datetime) -> Calendar:
    cal = Calendar()
    cal.add("prodid", PRODUCT)
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "VIPP visits")
    for fam in caseload:
        for s in by_number(fam.sessions):
            if s.date is None:
                continue
            event = Event()
            event.add("uid", event_uid(fam.family_id, s.number))
            event.add("dtstamp", now)
            event.add("dtstart", s.date)  # the laptop's local time, as the clinician typed it
            event.add("dtend", s.date + VISIT_LENGTH)
            event.add("summary", f"VIPP session {s.number}, family {fam.family_id}")
            off = s.status in NEEDS_NEW_DATE or s.status == "paused"
            event.add("status", "CANCELLED" if off else "CONFIRMED")
            cal.add_component(event)
    return cal


def write_calendar(data: DataDir, out: str | Path, now: datetime | None = None) -> int:
    """Write every dated visit to `out` whole. Returns how many visits it holds."""
    out = Path(out)
    if out.suffix.lower() != ".ics":
        raise BadInput(f"A calendar file ends in .ics; give a name such as visits.ics, "
                       f"not '{out.name}'.")
    if not out.parent.is_dir():
        raise BadInput(f"The folder {out.parent} does not exist.")
    cal = calendar_of(caseload_visits(data), now or datetime.now().replace(microsecond=0))
    atomic_write_bytes(out, cal.to_ical())
    return len(cal.walk("VEVENT"))


def calendar_bytes(data: DataDir, now: datetime | None = None) -> bytes:
    return calendar_of(caseload_visits(data), now or datetime.now().replace(microsecond=0)).to_ical()
