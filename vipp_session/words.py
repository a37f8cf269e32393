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
           "clip_time", "frame_number", "when", "day", "long_day", "duration", "size"]

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


def when(moment: datetime | None) -> str:
    """Tue 3 Mar 2026, 14:30: a visit's date and time on screen."""
    if moment is None:
        return "No date yet"
    return moment.strftime("%a %d %b %Y, %H:%M").replace(" 0", " ")


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


def size(n_bytes: int) -> str:
    """12 KB, 350 MB, 1.2 GB, 420 GB: a size on the disk, as file managers write it (1 GB is
    1024^3 bytes), with a decimal only where it helps to tell sizes apart, and never more
    than three figures before the unit."""
    value, unit = float(max(n_bytes, 0)), "bytes"
    for unit in ("bytes", "KB", "MB", "GB", "TB"):
        if value < 1000 or unit == "TB":  # 1,009 KB reads worse than 1 MB
            break
        value /= 1024
    if unit == "bytes":
        return f"{int(value)} bytes"
    if value < 10:
        return f"{value:.1f}".removesuffix(".0") + f" {unit}"
    return f"{value:,.0f} {unit}"
