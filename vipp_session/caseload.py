"""The caseload at a glance: each family's child, age, next session and how far its feedback is."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime

from vipp_session import caseload_index, disk_use, families, retention, visits
from vipp_session.disk_use import DiskReport
from vipp_session.model import family_track
from vipp_session.paths import DataDir
from vipp_session.settings import load_settings

log = logging.getLogger(__name__)


@dataclass
class CaseloadRow:
    id: str
    child: str
    age_months: int
    track: str
    age_note: str | None
    next_session: int | None
    next_date: datetime | None
    clips_for_next: int  # clips filmed at the session before the next one
    moments_for_next: int
    erase_due: date | None = None  # under the service's retention period, if it has one
    problem: str | None = None  # a family that could not be opened, in words
    next_status: str | None = None  # of the next visit: planned, rescheduled, cancelled ...
    overdue: bool = False  # its day has passed and it still says planned


def caseload(data: DataDir, today: date | None = None) -> list[CaseloadRow]:
    """Every family's row, from the caseload index: a family's own records are read only
    when they changed since the index last saw them (caseload_index.py)."""
    return _rows(data, caseload_index.entries(data), today or date.today())


def caseload_and_disk(data: DataDir, today: date | None = None) -> tuple[list[CaseloadRow], DiskReport]:
    """The rows and the disk use, from one reading of the caseload index: the caseload page
    shows both, and each reading looks at every family's files to see what changed."""
    entries = caseload_index.entries(data)
    return _rows(data, entries, today or date.today()), disk_use.report_from(data, entries)


def _rows(data: DataDir, entries, today: date) -> list[CaseloadRow]:
    rows = []
    keep = load_settings(data).retention_days
    for entry in entries:
        if entry.problem:
            rows.append(needs_attention(entry.id, entry.problem))
            continue
        try:
            row = _row(entry.id, entry.family, entry.sessions, entry.clips_per_session,
                       entry.moments_per_session, today, keep)
        except Exception as exc:  # noqa: BLE001 - one family's fault never hides the others
            log.warning("family %s could not be shown (%s)", entry.id, exc.__class__.__name__)
            rows.append(needs_attention(entry.id, families.UNREADABLE))
        else:
            rows.append(row)
    return rows


def needs_attention(family_id: str, reason: str) -> CaseloadRow:
    """The row of a family that could not be opened: its code and why, nothing else."""
    return CaseloadRow(family_id, "", 0, "", None, None, None, 0, 0, problem=reason)


def _row(fid, family, sessions, clips_per_session, moments_per_session, today, keep) -> CaseloadRow:
    """A family's row from its details, its sessions and how many clips were filmed at, and
    moments prepared for, each session (dicts by session number)."""
    track = family_track(family, sessions, today)
    nxt = visits.next_visit(sessions)
    number = nxt.number if nxt else None
    return CaseloadRow(
        id=fid,
        child=family.child,
        age_months=family.age_months(today),
        track=track.name,
        age_note=track.note,
        next_session=number,
        next_date=nxt.date if nxt else None,
        clips_for_next=clips_per_session.get(number - 1, 0) if number else 0,
        moments_for_next=moments_per_session.get(number, 0) if number else 0,
        erase_due=retention.erase_due(family, sessions, keep),
        next_status=nxt.status if nxt else None,
        overdue=bool(nxt and visits.is_overdue(nxt, today)),
    )
