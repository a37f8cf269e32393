"""The week ahead across the caseload (the page, `vipp-session week` and the calendar file
read it here); what it shows is worked out in visits.py."""

from __future__ import annotations

import logging
from collections import Counter
from datetime import date

from vipp_session import validate
from vipp_session.paths import DataDir
from vipp_session.store import Store
from vipp_session.visits import FamilyVisits, WeekAhead, week_ahead

log = logging.getLogger(__name__)


def caseload_visits(data: DataDir) -> list[FamilyVisits]:
    """Every family that can be opened, with what its visits need; a family that cannot be
    opened is left out here (the caseload names it)."""
    store, found = Store(data), []
    for fid in store.family_ids():
        try:
            with store.reading(fid) as db:
                family, sessions, moments = db.family(), db.sessions(), db.moments()
        except Exception as exc:  # noqa: BLE001 - one family's fault never hides the others
            log.warning("family %s left out of the week ahead (%s)", fid, exc.__class__.__name__)
            continue
        packs = frozenset(s.number for s in sessions if data.review_pack(fid, s.number).is_file())
        found.append(FamilyVisits(fid, family.child, sessions,
                                  dict(Counter(m.for_session for m in moments)), packs))
    return found


def the_week(data: DataDir, start: date | str | None = None,
             today: date | None = None) -> WeekAhead:
    """The seven days from `start` (today if not given) and every overdue visit."""
    today = today or date.today()
    first = validate.uk_date(start, "first day of the week", "from") if start else today
    return week_ahead(caseload_visits(data), first, today)
