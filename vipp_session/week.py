"""The week ahead across the caseload (the page, `vipp-session week` and the calendar file
read it here); what it shows is worked out in visits.py."""

from __future__ import annotations

from datetime import date

from vipp_session import caseload_index, validate
from vipp_session.paths import DataDir
from vipp_session.visits import FamilyVisits, WeekAhead, week_ahead


def caseload_visits(data: DataDir) -> list[FamilyVisits]:
    """Every family that can be opened, with what its visits need, from the caseload index
    (a family's own records are read only when they changed); a family that cannot be
    opened is left out here (the caseload names it)."""
    return [FamilyVisits(e.id, e.family.child, e.sessions, dict(e.moments_per_session),
                         frozenset(e.review_packs))
            for e in caseload_index.entries(data) if e.family is not None and not e.problem]


def the_week(data: DataDir, start: date | str | None = None,
             today: date | None = None) -> WeekAhead:
    """The seven days from `start` (today if not given) and every overdue visit."""
    today = today or date.today()
    first = validate.uk_date(start, "first day of the week", "from") if start else today
    return week_ahead(caseload_visits(data), first, today)
