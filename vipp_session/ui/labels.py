"""How values are written for people on screen."""

from __future__ import annotations

from datetime import date, datetime

from vipp_session.model import age_in_words

TRACK_LABELS = {
    "infant": "Infant (no discipline themes)",
    "sd": "Toddler (with discipline themes)",
}
STATUS_LABELS = {
    "planned": "Planned",
    "held": "Held",
    "cancelled": "Cancelled",
    "missed": "Missed",
    "rescheduled": "Rescheduled",
}


def when(moment: datetime | None) -> str:
    if moment is None:
        return "No date yet"
    return moment.strftime("%a %d %b %Y, %H:%M").replace(" 0", " ")


def day(d: date) -> str:
    return f"{d.day} {d:%B %Y}"


age = age_in_words


def duration(seconds: float) -> str:
    m, s = divmod(int(round(seconds)), 60)
    return f"{m}:{s:02d}"
