"""The caseload at a glance: each family's child, age, next session and how far its feedback is."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from vipp_session import families, retention
from vipp_session.errors import BadInput
from vipp_session.model import family_track
from vipp_session.paths import DataDir
from vipp_session.settings import load_settings
from vipp_session.store import Store


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


def caseload(data: DataDir, today: date | None = None) -> list[CaseloadRow]:
    today = today or date.today()
    rows = []
    store = Store(data)
    keep = load_settings(data).retention_days
    for fid in store.family_ids():
        try:
            with store.reading(fid) as db:
                family, sessions = db.family(), db.sessions()
                clips, moments = db.clips(), db.moments()
        except BadInput as exc:
            rows.append(CaseloadRow(fid, "?", 0, "?", None, None, None, 0, 0, problem=str(exc)))
            continue
        track = family_track(family, sessions, today)
        nxt = families.next_session(sessions, datetime.now())
        number = nxt.number if nxt else None
        rows.append(
            CaseloadRow(
                id=fid,
                child=family.child,
                age_months=family.age_months(today),
                track=track.name,
                age_note=track.note,
                next_session=number,
                next_date=nxt.date if nxt else None,
                clips_for_next=sum(1 for c in clips if number and c.session == number - 1),
                moments_for_next=sum(1 for m in moments if m.for_session == number),
                erase_due=retention.erase_due(family, sessions, keep),
            )
        )
    return rows
