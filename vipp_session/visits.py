"""Visits as they really happen, worked out from a family's sessions: which visit is next,
which are overdue or dated out of order, who needs a reminder, the rest planned at once,
and the week ahead across the caseload.

Pure functions over plain records (no files, no clock: `today` is always given), so the
caseload, the family page, the week ahead and the commands all agree.

Prepared feedback belongs to the visit, not to its date: moments are kept by session
number, and a cancelled or missed visit stays the next one until it is held, so its
moments stay with it through a new date.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from vipp_session.model import Session

EXPECTED = ("planned", "rescheduled")  # a date is set and the visit is expected to happen
NEEDS_NEW_DATE = ("cancelled", "missed")  # did not happen: the same visit needs a new date
WEEK_DAYS = 7
REMIND_DAYS = (1, 2)  # a reminder is due for visits this many days away


def by_number(sessions: list[Session]) -> list[Session]:
    return sorted(sessions, key=lambda s: s.number)


def next_visit(sessions: list[Session]) -> Session | None:
    """The first visit not yet held, whatever happened to its date; None once all are held."""
    return next((s for s in by_number(sessions) if s.status != "held"), None)


def is_paused(sessions: list[Session]) -> bool:
    """Visits are paused (a crisis, a hospital stay) until the next visit is set going again."""
    nxt = next_visit(sessions)
    return bool(nxt and nxt.status == "paused")


def is_overdue(session: Session, today: date) -> bool:
    """Its day has passed and it still says planned: was it held?"""
    return (session.status in EXPECTED and session.date is not None
            and session.date.date() < today)


def needs_new_date(session: Session) -> bool:
    return session.status in NEEDS_NEW_DATE


def remind_due(session: Session, today: date) -> bool:
    """The visit is one or two days away: time to send her a reminder."""
    if session.status not in EXPECTED or session.date is None:
        return False
    return REMIND_DAYS[0] <= (session.date.date() - today).days <= REMIND_DAYS[1]


def out_of_order(sessions: list[Session]) -> dict[int, int]:
    """{visit: earlier-numbered visit dated after it}, for dates that contradict the order.

    A cancelled or missed visit's old date is left out: it is the date it did not happen.
    """
    dated = [s for s in by_number(sessions) if s.date is not None and not needs_new_date(s)]
    clashes: dict[int, int] = {}
    for i, later in enumerate(dated):
        after = [s for s in dated[:i] if s.date > later.date]
        if after:
            clashes[later.number] = after[-1].number
    return clashes


def _weekend(day: date) -> bool:
    return day.weekday() >= 5


def working_day_on_or_after(day: datetime, closed: Callable[[date], bool] = _weekend) -> datetime:
    """The same time on the first day from `day` that is not `closed` (by default a Saturday
    or Sunday; bank_holidays.closed_days adds the service's bank holidays)."""
    for _ in range(31):  # no run of closed days is this long: a safe stop for a bad rule
        if not closed(day.date()):
            return day
        day += timedelta(days=1)
    return day


def plan_every(sessions: list[Session], every_days: int, start: datetime,
               closed: Callable[[date], bool] = _weekend) -> list[tuple[int, datetime]]:
    """(visit, date) for each visit not yet held: the first on `start`, then every `every_days`
    days after the one before, each moved off a closed day (a weekend, a bank holiday) to the
    next working day."""
    planned: list[tuple[int, datetime]] = []
    when = working_day_on_or_after(start, closed)
    for s in by_number(sessions):
        if s.status == "held":
            continue
        planned.append((s.number, when))
        when = working_day_on_or_after(when + timedelta(days=every_days), closed)
    return planned


@dataclass(frozen=True)
class FamilyVisits:
    """What the week ahead needs of one family."""

    family_id: str
    child: str
    sessions: list[Session]
    moments_per_session: dict[int, int] = field(default_factory=dict)
    review_packs: frozenset[int] = frozenset()  # sessions whose review pack is made


@dataclass(frozen=True)
class WeekVisit:
    family_id: str
    child: str
    number: int
    when: datetime
    moments: int  # prepared for this visit
    review_pack: bool
    overdue: bool
    remind: bool

    def to_dict(self) -> dict:
        return {"family": self.family_id, "child": self.child, "session": self.number,
                "date": self.when.isoformat(timespec="minutes"), "moments": self.moments,
                "review_pack": self.review_pack, "overdue": self.overdue, "remind": self.remind}


@dataclass(frozen=True)
class WeekAhead:
    start: date
    overdue: list[WeekVisit]  # days that have passed, still planned: at the top
    days: list[tuple[date, list[WeekVisit]]]  # each of the seven days, its visits by time
    paused: list[str]  # families whose visits are paused, left out of the week

    def to_dict(self) -> dict:
        return {"from": self.start.isoformat(),
                "overdue": [v.to_dict() for v in self.overdue],
                "days": [{"date": d.isoformat(), "visits": [v.to_dict() for v in vs]}
                         for d, vs in self.days],
                "paused": self.paused}


def week_ahead(caseload: list[FamilyVisits], start: date, today: date) -> WeekAhead:
    """The expected visits on the seven days from `start`, and every overdue one."""
    end = start + timedelta(days=WEEK_DAYS)
    overdue, coming, paused = [], [], []
    for fam in sorted(caseload, key=lambda f: f.family_id):
        if is_paused(fam.sessions):
            paused.append(fam.family_id)
            continue
        for s in by_number(fam.sessions):
            if s.status not in EXPECTED or s.date is None:
                continue
            visit = WeekVisit(fam.family_id, fam.child, s.number, s.date,
                              fam.moments_per_session.get(s.number, 0),
                              s.number in fam.review_packs, is_overdue(s, today),
                              remind_due(s, today))
            if visit.overdue:
                overdue.append(visit)
            elif start <= s.date.date() < end:
                coming.append(visit)
    days = [(start + timedelta(days=i), []) for i in range(WEEK_DAYS)]
    for visit in sorted(coming, key=lambda v: v.when):
        days[(visit.when.date() - start).days][1].append(visit)
    return WeekAhead(start, sorted(overdue, key=lambda v: v.when), days, paused)
