"""Turn what a person typed into clean values, or a plain reason why not.

Shared by the command line and the UI forms; each BadInput names its field.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime
from pathlib import Path

from vipp_session import words
from vipp_session.errors import BadInput
from vipp_session.model import PRONOUNS, SESSION_NUMBERS, SESSION_STATUSES

FAMILY_ID = re.compile(r"[A-Za-z0-9_-]{1,32}")
MAX_NAME = 60
MAX_CHILD_YEARS = 5


def family_id(value: str) -> str:
    value = (value or "").strip()
    if not value:
        raise BadInput("Give the family a code: 1 to 32 letters, digits, '-' or '_' "
                       "(a code, not a name).", field="id")
    if not FAMILY_ID.fullmatch(value):
        raise BadInput(
            f"'{shown(value)}' is not a usable family code: use 1 to 32 letters, digits, '-' or '_' "
            "(a code, not a name).",
            field="id",
        )
    return value


def name(value: str | None, what: str, field: str) -> str:
    value = (value or "").strip()
    if not value:
        raise BadInput(f"The {what} cannot be empty.", field=field)
    if len(value) > MAX_NAME:
        raise BadInput(f"The {what} is longer than {MAX_NAME} characters.", field=field)
    if any(ch in value for ch in "\n\r\t"):
        raise BadInput(f"The {what} must be on one line.", field=field)
    hidden = next((ch for ch in value if _invisible(ch)), None)
    if hidden is not None:
        raise BadInput(
            f"The {what} '{shown(value)}' contains a hidden character "
            f"({_describe(hidden)}) that can make it show differently on screen and on paper; "
            "type it again with letters only.",
            field=field,
        )
    return value


# Control characters (Cc), format characters such as right-to-left overrides and
# zero-width spaces or joiners (Cf), surrogates, private-use and unassigned code
# points (Cs, Co, Cn), and line or paragraph separators (Zl, Zp).
_HIDDEN_CATEGORIES = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}


def _invisible(ch: str) -> bool:
    return unicodedata.category(ch) in _HIDDEN_CATEGORIES


def _describe(ch: str) -> str:
    label = unicodedata.name(ch, "").lower()
    return f"U+{ord(ch):04X}" + (f", {label}" if label else "")


def shown(value: str) -> str:
    """`value` with any hidden character written as <U+XXXX>, safe to show in a message."""
    return "".join(f"<U+{ord(ch):04X}>" if _invisible(ch) else ch for ch in value)


def optional_name(value: str | None, what: str, field: str) -> str | None:
    if value is None or not value.strip():
        return None
    return name(value, what, field)


_DAY_MONTH_YEAR = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")
_YEAR_MONTH_DAY = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")


def uk_date(value: str | date, what: str, field: str) -> date:
    """A date written day first (15/03/2025, 15-03-2025, 15.03.2025) or as 2025-03-15.

    A month over 12 is refused with the likely reason (a US-style month-first date), never
    swapped silently: 03/04/2025 is 3 April, as everywhere else in the app.
    """
    if isinstance(value, date):
        return value
    text = (value or "").strip()
    example = "write it day first, e.g. 15/03/2025"
    if m := _YEAR_MONTH_DAY.fullmatch(text):
        year, month, day = (int(g) for g in m.groups())
    elif m := _DAY_MONTH_YEAR.fullmatch(text):
        day, month, year = (int(g) for g in m.groups())
    else:
        raise BadInput(f"The {what} '{shown(text)}' is not a date; {example}.", field=field)
    if month > 12:
        hint = (f" (it looks like month first; day first it is {month:02d}/{day:02d}/{year})"
                if day <= 12 else "")
        raise BadInput(f"The {what} '{text}' is not a date: there is no month {month}{hint}; {example}.",
                       field=field)
    try:
        return date(year, month, day)
    except ValueError:
        raise BadInput(f"The {what} '{text}' is not a date: that day is not in the calendar; {example}.",
                       field=field) from None


def birth_date(value: str, today: date) -> date:
    born = uk_date(value, "date of birth", "born")
    if born > today:
        raise BadInput(f"The date of birth {words.day(born)} is in the future.", field="born")
    years = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
    if years >= MAX_CHILD_YEARS:
        raise BadInput(
            f"A child born on {words.day(born)} is over {MAX_CHILD_YEARS} years old; "
            "check the date of birth.",
            field="born",
        )
    return born


def consent_date(value: str, today: date) -> date:
    when = uk_date(value, "consent date", "consent_date")
    if when > today:
        raise BadInput(f"The consent date {words.day(when)} is in the future.", field="consent_date")
    return when


def pronouns(value: str) -> str:
    value = (value or "").strip().lower()
    if value not in PRONOUNS:
        raise BadInput(
            f"Pronouns must be one of {', '.join(PRONOUNS)}, not '{value}'.", field="pronouns"
        )
    return value


def yes_no(value: str | bool | None, what: str, field: str) -> bool | None:
    if value is None or isinstance(value, bool):
        return value
    v = value.strip().lower()
    if v in ("yes", "y", "true", "1"):
        return True
    if v in ("no", "n", "false", "0"):
        return False
    raise BadInput(f"Answer yes or no for {what}, not '{value}'.", field=field)


def session_number(value: int | str) -> int:
    try:
        n = int(value)
    except (TypeError, ValueError):
        n = None
    if n not in SESSION_NUMBERS:
        raise BadInput(f"Session number must be 1 to 6, not '{value}'.", field="session")
    return n


def status(value: str) -> str:
    value = (value or "").strip().lower()
    if value not in SESSION_STATUSES:
        raise BadInput(
            f"Unknown status '{value}'; use one of: {', '.join(SESSION_STATUSES)}.",
            field="status",
        )
    return value


_WHEN_UK = re.compile(r"(?P<day>\S+)[ T]+(?P<hour>\d{1,2})[:.](?P<minute>\d{2})\s*(?P<half>[AaPp][Mm])?")


def session_datetime(value: str) -> datetime:
    """A visit's date and time: 15/03/2026 14:30, 15/03/2026 2:30 PM or 2026-03-15T14:30."""
    text = (value or "").strip()
    try:
        when = datetime.fromisoformat(text)
    except ValueError:
        when = _uk_datetime(text)
    if when.tzinfo is not None:
        when = when.astimezone().replace(tzinfo=None)
    return when.replace(second=0, microsecond=0)


def _uk_datetime(text: str) -> datetime:
    m = _WHEN_UK.fullmatch(text)
    if not m:
        raise BadInput(
            f"'{shown(text)}' is not a date and time; write it as day/month/year and the time, "
            "e.g. 14/03/2026 10:30.",
            field="date",
        )
    day = uk_date(m["day"], "visit date", "date")
    hour, minute = int(m["hour"]), int(m["minute"])
    if m["half"]:
        if not 1 <= hour <= 12:
            raise BadInput(f"'{text}': with AM or PM the hour is 1 to 12.", field="date")
        hour = hour % 12 + (12 if m["half"].lower() == "pm" else 0)
    if hour > 23 or minute > 59:
        raise BadInput(f"'{text}' is not a time of day; e.g. 10:30 or 14:30.", field="date")
    return datetime(day.year, day.month, day.day, hour, minute)


def whole_number(value: int | str, what: str, field: str, low: int, high: int) -> int:
    try:
        n = int(str(value).strip())
    except (TypeError, ValueError):
        n = None
    if n is None or not low <= n <= high:
        raise BadInput(f"The {what} must be a whole number from {low} to {high}, not '{value}'.",
                       field=field)
    return n


def pdf_output(value: str, what: str) -> Path:
    """Where a PDF is to be written: a name ending in .pdf, in a folder that exists."""
    out = Path(value)
    if out.suffix.lower() != ".pdf":
        raise BadInput(f"{what} is a PDF: give a file name ending in .pdf, not '{out.name}'.")
    if not out.parent.is_dir():
        raise BadInput(f"The folder {out.parent} does not exist.")
    return out
