"""Families and their six sessions: add, change, list, show, erase.

Every function takes plain values, validates them all before writing
anything, and raises BadInput with a plain reason.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import date, datetime, timedelta
from typing import Any

from vipp_session import audit, bank_holidays, retention, validate, visits, words
from vipp_session.errors import BadInput
from vipp_session.model import (
    SESSION_NUMBERS,
    Family,
    Session,
    family_track,
)
from vipp_session.paths import DataDir
from vipp_session.settings import load_settings
from vipp_session.store import Store

FAMILY_FIELDS = ("child", "born", "pronouns", "mother", "mum_word", "clinician",
                 "consent_date", "wants_copies", "child_voice")
MAX_PLAN_AHEAD = timedelta(days=2 * 366)
UNREADABLE = "Its records could not be read. Nothing was changed; ask for help before working on it."
log = logging.getLogger(__name__)


def _clean_fields(changes: dict[str, Any], today: date) -> dict[str, Any]:
    """Validate the family fields present in `changes` (None means 'not given')."""
    clean: dict[str, Any] = {}
    if changes.get("child") is not None:
        clean["child"] = validate.name(changes["child"], "child's first name", "child")
    if changes.get("born") is not None:
        clean["born"] = validate.birth_date(changes["born"], today)
    if changes.get("pronouns") is not None:
        clean["pronouns"] = validate.pronouns(changes["pronouns"])
    if changes.get("mother") is not None:
        clean["mother"] = validate.optional_name(changes["mother"], "mother's first name", "mother")
    if changes.get("mum_word") is not None:
        clean["mum_word"] = validate.name(
            changes["mum_word"], "word the child uses for their mother", "mum_word"
        )
    if changes.get("clinician") is not None:
        clean["clinician"] = validate.optional_name(
            changes["clinician"], "clinician's name", "clinician"
        )
    if changes.get("consent_date") is not None:
        clean["consent_date"] = (
            validate.consent_date(changes["consent_date"], today)
            if str(changes["consent_date"]).strip()
            else None
        )
    if changes.get("wants_copies") is not None:
        clean["wants_copies"] = validate.yes_no(
            changes["wants_copies"], "whether she wants copies of the videos", "wants_copies"
        )
    if changes.get("child_voice") is not None:
        clean["child_voice"] = validate.yes_no(
            changes["child_voice"], "whether to offer messages in the child's voice", "child_voice"
        )
    return clean


def add_family(data: DataDir, family_id: str, today: date | None = None, **fields) -> Family:
    today = today or date.today()
    fid = validate.family_id(family_id)
    if fields.get("child") is None:
        raise BadInput("The child's first name cannot be empty.", field="child")
    if fields.get("born") is None:
        raise BadInput("The child's date of birth is needed (day/month/year, e.g. 15/03/2025).", field="born")
    clean = _clean_fields(fields, today)
    store = Store(data)
    if store.exists(fid):
        raise BadInput(f"A family with the id '{fid}' already exists.", field="id")
    data.ensure_writable()
    audit.check_writable(data)
    family = Family(id=fid, **clean)
    store.create(family, [Session(n) for n in SESSION_NUMBERS])
    audit.record(data, "family added", fid)
    return family


def edit_family(data: DataDir, family_id: str, today: date | None = None, **fields) -> Family:
    today = today or date.today()
    clean = _clean_fields(fields, today)
    with Store(data).transaction(family_id) as db:
        family = replace(db.family(), **clean)
        db.put_family(family)
    return family


def get_family(data: DataDir, family_id: str) -> tuple[Family, list[Session]]:
    with Store(data).reading(family_id) as db:
        return db.family(), db.sessions()


def list_families(data: DataDir) -> list[tuple[Family, list[Session]]]:
    """Every family that can be opened; `unreadable_families` names the others."""
    rows = []
    for fid in Store(data).family_ids():
        try:
            rows.append(_opened(data, fid))
        except Exception:  # noqa: BLE001 - listed by unreadable_families
            continue
    return rows


def unreadable_families(data: DataDir, listed: set[str]) -> list[tuple[str, str]]:
    """(code, why) for each family not in `listed` whose records cannot be opened: one damaged
    family never hides the others."""
    problems = []
    for fid in Store(data).family_ids():
        if fid in listed:
            continue
        try:
            _opened(data, fid)
        except BadInput as exc:
            problems.append((fid, str(exc)))
        except Exception as exc:  # noqa: BLE001
            log.warning("family %s could not be opened (%s)", fid, exc.__class__.__name__)
            problems.append((fid, UNREADABLE))
    return problems


def _opened(data: DataDir, family_id: str) -> tuple[Family, list[Session]]:
    family, sessions = get_family(data, family_id)
    family_track(family, sessions, date.today())  # what every view of a family needs works
    return family, sessions


def erase_family(data: DataDir, family_id: str) -> None:
    from vipp_session.media.frames import forget_under  # loads the video libraries: only here

    audit.check_writable(data)  # an erase is always recorded
    forget_under(data.family_dir(family_id))  # an open recording would stay on disk
    Store(data).erase(family_id)  # the app's server closes its own readers when it sees this
    audit.record(data, "family erased", family_id)


def _check_session_date(family: Family, when: datetime, today: date) -> None:
    if when.date() < family.born:
        raise BadInput(
            f"{words.day(when.date())} is before {family.child} was born "
            f"({words.day(family.born)}); check the date.",
            field="date",
        )
    if when.date() > today + MAX_PLAN_AHEAD:
        raise BadInput(
            f"{words.day(when.date())} is more than two years ahead; check the year.",
            field="date",
        )


def _dated(session: Session, when: datetime) -> Session:
    """The visit on its new date; a cancelled or missed visit given a new date is rescheduled
    (its prepared moments, kept by visit, go with it)."""
    status = "rescheduled" if visits.needs_new_date(session) else session.status
    return replace(session, date=when, status=status)


def plan_session(
    data: DataDir, family_id: str, number: int | str, when: str, today: date | None = None
) -> Session:
    today = today or date.today()
    n = validate.session_number(number)
    moment = validate.session_datetime(when)
    with Store(data).transaction(family_id) as db:
        _check_session_date(db.family(), moment, today)
        session = _dated(db.session(n), moment)
        db.put_session(session)
    return session


MAX_EVERY_DAYS = 90


def plan_remaining(data: DataDir, family_id: str, every_days: int | str, start: str,
                   today: date | None = None) -> list[Session]:
    """Date every visit not yet held: the first on `start`, then every `every_days` days,
    a date on a weekend or a bank holiday (the service's, see bank_holidays.py) moved to the
    next working day. Each date can be changed after, one by one."""
    today = today or date.today()
    every = validate.whole_number(every_days, "number of days between visits", "every", 1,
                                  MAX_EVERY_DAYS)
    first = validate.session_datetime(start)
    with Store(data).transaction(family_id) as db:
        family, sessions = db.family(), db.sessions()
        plan = visits.plan_every(sessions, every, first,
                                 bank_holidays.closed_days(load_settings(data)))
        if not plan:
            raise BadInput("All six sessions are held: there is nothing left to plan.",
                           field="every")
        for _, when in plan:
            _check_session_date(family, when, today)
        changed = [_dated(db.session(n), when) for n, when in plan]
        for session in changed:
            db.put_session(session)
    return changed


def set_session_status(data: DataDir, family_id: str, number: int | str, status: str) -> Session:
    n = validate.session_number(number)
    st = validate.status(status)
    with Store(data).transaction(family_id) as db:
        session = replace(db.session(n), status=st)
        db.put_session(session)
    return session


def set_session_note(data: DataDir, family_id: str, number: int | str, text: str) -> Session:
    n = validate.session_number(number)
    with Store(data).transaction(family_id) as db:
        session = replace(db.session(n), notes=text or "")
        db.put_session(session)
    return session


def next_session(sessions: list[Session]) -> Session | None:
    """The first session not yet held (see visits.next_visit)."""
    return visits.next_visit(sessions)


def family_view(family: Family, sessions: list[Session], today: date | None = None,
                private: bool = True, retention_days: int | None = None) -> dict[str, Any]:
    """The family as JSON-ready values, with its age, track and sessions.

    `private=False` leaves out the session notes. With the service's retention
    period, `erase_due` is the day the family's data is due for erasure.
    """
    today = today or date.today()
    track = family_track(family, sessions, today)
    view = family.to_dict()
    view.update(
        age_months=family.age_months(today),
        track=track.name,
        track_age_months=track.months,
        age_note=track.note,
        erase_due=_iso(retention.erase_due(family, sessions, retention_days)),
        sessions=[
            {k: v for k, v in s.to_dict().items() if private or k != "notes"} for s in sessions
        ],
    )
    return view


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None
