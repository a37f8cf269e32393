"""When a family's records and videos are due for erasure under the service's policy.

The policy is `retention_days` in settings.json: how many days after the family's
last visit date their data is kept. Nothing is ever erased by itself; erasing a
family is always a clinician's deliberate act. The app only reminds.
"""

from __future__ import annotations

from datetime import date, timedelta

from vipp_session.model import Family, Session


def last_visit(family: Family, sessions: list[Session]) -> date:
    """The latest date any session has (whatever its status); the day the family was
    added if no session has a date yet."""
    dated = [s.date.date() for s in sessions if s.date]
    return max(dated) if dated else family.created.date()


def erase_due(family: Family, sessions: list[Session], retention_days: int | None) -> date | None:
    """The day from which the family's data is past the service's retention period."""
    if not retention_days:
        return None
    return last_visit(family, sessions) + timedelta(days=retention_days)


def is_due(due: date | None, today: date) -> bool:
    return due is not None and due <= today


VISIT_GAP_DAYS = 21  # visits are a few weeks apart: an undated later visit is guessed this far on


def last_visit_expected(family: Family, sessions: list[Session], total: int = 6) -> date:
    """The last visit's date, or a guess while later visits have no date yet: the latest
    dated visit plus a few weeks for each visit still to come."""
    dated = [s for s in sessions if s.date]
    if not dated:
        return family.created.date() + timedelta(days=VISIT_GAP_DAYS * total)
    latest = max(dated, key=lambda s: s.date)
    return latest.date.date() + timedelta(days=VISIT_GAP_DAYS * max(0, total - latest.number))


def kept_until(family: Family, sessions: list[Session], retention_days: int | None) -> date | None:
    """The day her videos are due to be deleted, as promised on her first sheet (None when
    the service has set no retention period)."""
    if not retention_days:
        return None
    return last_visit_expected(family, sessions) + timedelta(days=retention_days)
