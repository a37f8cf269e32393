"""Every value written for people, one way each, for the pages, the command line and the
PDFs alike: clip times, frame numbers, dates, ages, durations, tracks, session states
and pronouns. Records keep their own values (a frame is an index from 0, a time is
seconds); only what people read goes through here.

Frames are counted from 1 for people, as the player shows them ("frame 1 of 90"): the
first frame of a clip is frame 1 on screen, in the command line and in the review pack.
"""

from __future__ import annotations

from datetime import date, datetime

from vipp_session.model import PRONOUNS, SESSION_NUMBERS, age_in_words

__all__ = ["SESSION_NUMBERS", "TRACK_LABELS", "STATUS_LABELS", "PRONOUN_CHOICES", "age",
           "clip_time", "frame_number", "when", "day", "long_day", "duration", "size", "count",
           "days_ago", "session_state"]

TRACK_LABELS = {
    "infant": "Infant (6 to 10 months: no discipline themes)",
    "sd": "Toddler (with discipline themes)",
}
STATUS_LABELS = {
    "planned": "Planned",
    "held": "Held",
    "cancelled": "Cancelled",
    "missed": "Missed",
    "rescheduled": "Rescheduled",
    "paused": "Paused",
}
PRONOUN_CHOICES = dict(zip(PRONOUNS, ("she / her", "he / him", "they / them")))

age = age_in_words


def clip_time(seconds: float) -> str:
    """0:04.250 / 1:02:03.500: a time on a clip, to the millisecond."""
    whole_ms = round(seconds * 1000)
    h, rest = divmod(whole_ms, 3_600_000)
    m, rest = divmod(rest, 60_000)
    s = rest / 1000
    return f"{h}:{m:02d}:{s:06.3f}" if h else f"{m}:{s:06.3f}"


def frame_number(index: int) -> int:
    """The number people see for the frame at `index` of a clip's frame table (from 1)."""
    return index + 1


def when(moment: datetime | None, twelve_hour: bool = False) -> str:
    """Tue 3 Mar 2026, 14:30 (or 2:30 PM): a visit's date and time on screen."""
    if moment is None:
        return "No date yet"
    return f"{moment.strftime('%a %d %b %Y').replace(' 0', ' ')}, {clock(moment, twelve_hour)}"


def day(d: date) -> str:
    """3 March 2026."""
    return f"{d.day} {d:%B %Y}"


def long_day(d: date) -> str:
    """Tuesday 3 March 2026, as the printed pages write a day."""
    return f"{d.strftime('%A')} {d.day} {d.strftime('%B %Y')}"


def time_left(spent: float, fraction: float) -> str:
    """'about 1 min 20 s left', from the pace so far; '' while it cannot be guessed yet."""
    if spent < 2.0 or not 0.02 <= fraction < 1:
        return ""
    minutes, seconds = divmod(max(round(spent * (1 - fraction) / fraction), 1), 60)
    return f"about {minutes} min {seconds} s left" if minutes else f"about {seconds} s left"


def duration(seconds: float) -> str:
    """1:05: a clip's length, to the second."""
    m, s = divmod(int(round(seconds)), 60)
    return f"{m}:{s:02d}"


# How a date (and a visit's time) is written in a box people type into or pick from: day first,
# as in the UK, whatever the browser's language. The masks are the same layouts in the terms of
# the pickers (Quasar's QDate and QTime), so a picked value reads back through validate.py.
ENTRY_DATE = "%d/%m/%Y"
ENTRY_DATE_MASK = "DD/MM/YYYY"
ENTRY_TIME_MASKS = {False: "HH:mm", True: "h:mm A"}  # by twelve_hour_clock


def entry_date(d: date | None) -> str:
    """15/03/2025: a date as the boxes show it."""
    return d.strftime(ENTRY_DATE) if d else ""


def clock(moment: datetime, twelve_hour: bool = False) -> str:
    """14:30, or 2:30 PM with a twelve-hour clock."""
    if twelve_hour:
        return f"{moment.hour % 12 or 12}:{moment.minute:02d} {'AM' if moment.hour < 12 else 'PM'}"
    return moment.strftime("%H:%M")


def entry_when(moment: datetime | None, twelve_hour: bool = False) -> str:
    """15/03/2025 14:30 (or 15/03/2025 2:30 PM): a visit's date and time as its box shows it."""
    return f"{entry_date(moment.date())} {clock(moment, twelve_hour)}" if moment else ""


def day_of_week(d: date) -> str:
    """Tuesday 5 January: a day in a message, where the year goes without saying."""
    return f"{d.strftime('%A')} {d.day} {d.strftime('%B')}"


def month_year(d: date) -> str:
    """March 2027: a month as the printed pages write it."""
    return d.strftime("%B %Y")


def printed_clock(d: datetime) -> str:
    """10:30am, 2pm: a visit's time as her printed sheet writes it."""
    hour = d.hour % 12 or 12
    suffix = "am" if d.hour < 12 else "pm"
    return f"{hour}:{d.minute:02d}{suffix}" if d.minute else f"{hour}{suffix}"


def size(n_bytes: int) -> str:
    """850 KB, 12.4 MB, 1 GB, 420 GB: a file's, a drive's or a backup's size, as file managers
    write it (1 GB is 1024^3 bytes): never more than three figures before the unit (1,009 KB
    reads worse than 1 MB), a decimal only below 100 and never '.0', and never '0.0B'."""
    if n_bytes <= 0:
        return "0 bytes"
    value, unit = max(n_bytes / 1024, 1), "KB"
    for bigger in ("MB", "GB", "TB"):
        if value < 1000:
            break
        value, unit = value / 1024, bigger
    if unit == "KB":
        return f"{round(value):,} KB"
    if value < 100:
        return f"{value:.1f}".removesuffix(".0") + f" {unit}"
    return f"{value:,.0f} {unit}"


def count(n: int, one: str, many: str | None = None) -> str:
    """'1 family', '12 families': a number with its noun in the right form."""
    return f"{n} {one if n == 1 else (many or one + 's')}"


def days_ago(then: date, today: date) -> str:
    """'today', 'yesterday', '9 days ago'."""
    days = (today - then).days
    if days <= 0:
        return "today"
    return "yesterday" if days == 1 else f"{days} days ago"


def session_state(status: str, planned_for: str | datetime | None) -> str:
    """'held, Tue 3 Mar 2026, 10:00' / 'planned, no date yet': a session's state and date."""
    if isinstance(planned_for, str):
        planned_for = datetime.fromisoformat(planned_for)
    label = STATUS_LABELS.get(status, status).lower()
    return f"{label}, {when(planned_for) if planned_for else 'no date yet'}"
