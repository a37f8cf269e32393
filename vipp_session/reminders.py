"""What reminds her of a visit: the message the clinician copies to their work phone, in
their own wording set once (settings `reminder_wording`), and what the appointment card says.

Nothing here carries a family code, a note or a label: only her name, the child's first
name, the day and time, and how to reach the clinician.
"""

from __future__ import annotations

import string
from dataclasses import dataclass, replace
from datetime import datetime

from vipp_session import validate, words
from vipp_session.errors import BadInput
from vipp_session.model import Family
from vipp_session.paths import DataDir
from vipp_session.settings import Settings, load_settings, save_settings

DEFAULT_WORDING = ("Hi {mother}, a reminder that I'll visit on {day} at {time}. "
                   "Text me if you need to change it.")
PLACES = {"mother": "her first name ('there' when it is not recorded)",
          "child": "the child's first name", "day": "the day, e.g. Tuesday 5 January",
          "time": "the time", "clinician": "your name"}
MAX_WORDING = 400


def check_wording(text: str) -> str:
    """The wording, or a reason naming the first place-holder it does not know."""
    text = (text or "").strip()
    if not text:
        return ""
    if len(text) > MAX_WORDING:
        raise BadInput(f"The reminder is longer than {MAX_WORDING} characters; a text message "
                       "reads best short.", field="reminder_wording")
    try:
        names = [name for _, name, _, _ in string.Formatter().parse(text) if name is not None]
    except ValueError:
        raise BadInput("The reminder has a { or } that is not part of a place-holder such as "
                       "{day}; remove it.", field="reminder_wording") from None
    unknown = next((n for n in names if n not in PLACES), None)
    if unknown is not None:
        raise BadInput(f"The reminder uses {{{unknown}}}, which is not filled in; use "
                       f"{', '.join('{' + p + '}' for p in PLACES)}.", field="reminder_wording")
    return text


def set_wording(data: DataDir, text: str | None = None, twelve_hour: bool | None = None) -> Settings:
    """Keep the clinician's reminder wording and clock, checked; None leaves one as it is."""
    settings = load_settings(data)
    if text is not None:
        settings = replace(settings, reminder_wording=check_wording(text))
    if twelve_hour is not None:
        settings = replace(settings, twelve_hour_clock=validate.yes_no(
            twelve_hour, "whether times use a twelve-hour clock", "twelve_hour_clock"))
    save_settings(data, settings)
    return settings


def reminder_text(family: Family, when: datetime, settings: Settings) -> str:
    wording = settings.reminder_wording or DEFAULT_WORDING
    return wording.format(mother=family.mother or "there", child=family.child,
                          day=words.day_of_week(when.date()),
                          time=words.clock(when, settings.twelve_hour_clock),
                          clinician=settings.clinician_name or "")


@dataclass(frozen=True)
class Card:
    """One appointment card, in words: what is printed and nothing else."""

    child: str
    day: str  # Tuesday 5 January 2027
    time: str
    clinician: str
    contact: str


def card_for(family: Family, when: datetime, settings: Settings) -> Card:
    return Card(family.child, words.long_day(when.date()),
                words.clock(when, settings.twelve_hour_clock),
                settings.clinician_name.strip(), settings.service_contact.strip())


# ---------------------------------------------------------------------- for a visit, by its family


def _visit(data: DataDir, family_id: str, number: int | str):
    from vipp_session import families

    n = validate.session_number(number)
    family, sessions = families.get_family(data, family_id)
    session = next(s for s in sessions if s.number == n)
    if session.date is None:
        raise BadInput(f"Session {n} has no date yet; give it one first.", field="date")
    return family, session


def reminder_for(data: DataDir, family_id: str, number: int | str) -> str:
    """The reminder message for a family's visit, in the clinician's wording."""
    family, session = _visit(data, family_id, number)
    return reminder_text(family, session.date, load_settings(data))


def visit_card(data: DataDir, family_id: str, number: int | str) -> Card:
    family, session = _visit(data, family_id, number)
    return card_for(family, session.date, load_settings(data))


def week_cards(data: DataDir, week) -> list[Card]:
    """A card for each visit of the week ahead (not the overdue ones), in day order."""
    return [visit_card(data, v.family_id, v.number) for _, day in week.days for v in day]
