"""Moments: frozen frames chosen for feedback, each with a kind, a message and a still.

A moment is feedback for the session after the one its clip was filmed at
(footage from session N is talked through at session N+1) unless the
clinician says otherwise; within that session moments have an order, the
order in which they are shown. Each moment's still (stills/<moment-id>.png)
is the exact frame, upright and at full resolution; a copy with the
highlights burned in (stills/<moment-id>-h<fingerprint>.png) is made for print
when asked for, and replaced when the highlights change.

Everything is crash-safe: the still is written whole (temp file, rename)
before the record is committed, and a failed add removes it again, so a
moment never lacks its still and a failure leaves nothing behind. Every
function takes plain values, checks them all before writing anything, raises
BadInput with a plain reason, and may be called from any thread.
"""

from __future__ import annotations

import logging
import re
import secrets
import time
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from vipp_session import audit, clips, id_index, manual, stills, validate
from vipp_session.errors import BadInput, NotFound
from vipp_session.highlights import clean_highlights, fingerprint
from vipp_session.model import SESSION_NUMBERS, Clip, Family, Moment, family_track
from vipp_session.paths import DataDir
from vipp_session.store import FamilyDB, Store
from vipp_session.words import frame_number

log = logging.getLogger(__name__)

MOMENT_ID = re.compile(r"^m[0-9a-f]{8}$")
MAX_TEXT = 600  # the words read to the mother and printed for her
MAX_NOTE = 2000
ORPHAN_AGE = 3600  # seconds: a still with no record, older than this, is left from a crash
EDITABLE = ("kind", "message_id", "text", "note", "in_summary", "for_session")


# ---------------------------------------------------------------------- files


def still_path(data: DataDir, family_id: str, moment: Moment) -> Path:
    """The moment's still: the exact frame, upright, full resolution, no highlights."""
    return (data.stills_dir(family_id) / f"{moment.id}.png").absolute()


def _burned_copies(data: DataDir, family_id: str, moment_id: str) -> list[Path]:
    folder = data.stills_dir(family_id)
    return sorted(folder.glob(f"{moment_id}-h*.png")) if folder.is_dir() else []


def _remove_burned(data: DataDir, family_id: str, moment_id: str, keep: str | None = None) -> None:
    for path in _burned_copies(data, family_id, moment_id):
        if path.name != keep:
            path.unlink(missing_ok=True)


def _print_copy(data: DataDir, family_id: str, moment: Moment) -> Path:
    return still_path(data, family_id, moment).with_name(
        f"{moment.id}-h{fingerprint(moment.highlights)}.png")


def highlighted_still(data: DataDir, family_id: str, moment: Moment) -> Path:
    """The still with the moment's highlights burned in, for print (the still itself if none).

    Only reads: the copy is made when the highlights change (ensure_print_copy), named
    after the highlights on it. Should it be missing, the plain still is named instead.
    """
    burned = _print_copy(data, family_id, moment) if moment.highlights else None
    return burned if burned and burned.is_file() else still_path(data, family_id, moment)


def ensure_print_copy(data: DataDir, family_id: str, moment: Moment) -> Path:
    """Burn the moment's highlights into a copy of its still if that copy is missing (and
    remove copies of older highlights); returns what highlighted_still will name."""
    plain = still_path(data, family_id, moment)
    if moment.highlights:
        burned = _print_copy(data, family_id, moment)
        if not burned.is_file():
            stills.burn_copy(plain, moment.highlights, burned)
    _remove_burned(data, family_id, moment.id,
                   keep=_print_copy(data, family_id, moment).name if moment.highlights else None)
    return highlighted_still(data, family_id, moment)


def ensure_print_copies(data: DataDir, family_id: str, session: int) -> None:
    """Before a session's PDFs are made: every print copy there, for stills made by an
    earlier version that burned them only when first printed."""
    for moment in list_moments(data, family_id, session):
        if moment.highlights:
            ensure_print_copy(data, family_id, moment)


def _sweep_orphans(data: DataDir, family_id: str, known: set[str]) -> None:
    """Stills left by an add that crashed between writing the still and the record."""
    folder = data.stills_dir(family_id)
    if not folder.is_dir():
        return
    now = time.time()
    for path in folder.glob("m*.png"):
        moment_id = path.stem.split("-h")[0]
        if MOMENT_ID.match(moment_id) and moment_id not in known:
            try:
                if now - path.stat().st_mtime > ORPHAN_AGE:
                    path.unlink()
            except FileNotFoundError:
                pass


# ---------------------------------------------------------------------- checks


def _family_track(db: FamilyDB) -> tuple[Family, str]:
    family = db.family()
    return family, family_track(family, db.sessions(), date.today()).name


def _kind(library: manual.Manual, kind: Any) -> str:
    kinds = manual.moment_kinds(library)
    value = (kind or "").strip() if isinstance(kind, str) else kind
    if value not in kinds:
        raise BadInput(f"'{kind}' is not a kind of moment; the kinds are: {', '.join(kinds)}.",
                       field="kind")
    return value


def _for_session(clip: Clip, value: Any) -> int:
    if value is None:
        if clip.session >= max(SESSION_NUMBERS):
            raise BadInput(
                f"Clip {clip.id} was filmed at session {clip.session}, the last one, so there is "
                "no next session to show it at; say which session the moment is for "
                "(--for-session N).", field="for_session")
        return clip.session + 1
    number = validate.session_number(value)
    if number < clip.session:
        raise BadInput(
            f"Clip {clip.id} was filmed at session {clip.session}; a moment from it cannot be "
            f"shown at session {number}, before it was filmed.", field="for_session")
    return number


def _message(library: manual.Manual, message_id: str, kind: str, session: int,
             family: Family, track: str) -> manual.Message:
    message = manual.find_message(library, message_id)
    if message is None:
        raise BadInput(f"There is no message '{message_id}' in the message library; "
                       f"'vipp-session manual show --session {session}' lists them.",
                       field="message_id")
    if message.kind != kind:
        raise BadInput(f"Message {message_id} is for '{message.kind}' moments, not '{kind}'; "
                       "choose one of the same kind, or no message.", field="message_id")
    if message.session != session:
        raise BadInput(f"Message {message_id} belongs to session {message.session}, and this "
                       f"moment is for session {session}; choose one of session {session}'s "
                       "messages.", field="message_id")
    if message not in manual.messages_for(library, session, track, kind):
        raise BadInput(f"Message {message_id} is a discipline message, which {family.child}'s "
                       f"programme ({track} track) does not use.", field="message_id")
    if message.voice not in manual.voices_for(family):
        raise BadInput(f"Message {message_id} speaks in {family.child}'s voice, which this family "
                       "would rather not hear (see 'child's voice' in the family details); "
                       "choose another message.", field="message_id")
    return message


def _words(value: Any, what: str, field: str, limit: int) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise BadInput(f"The {what} must be text.", field=field)
    value = value.strip()
    if len(value) > limit:
        raise BadInput(f"The {what} is {len(value)} characters long; keep it to {limit}.",
                       field=field)
    return value


def _yes_no(value: Any) -> bool:
    answer = validate.yes_no(value, "whether the moment goes in the summary", "in_summary")
    if answer is None:
        raise BadInput("Say yes or no for whether the moment goes in the summary.",
                       field="in_summary")
    return answer


def _new_id(data: DataDir) -> str:
    while True:
        moment_id = "m" + secrets.token_hex(4)
        if not any((data.stills_dir(f) / f"{moment_id}.png").exists()
                   for f in Store(data).family_ids()):
            return moment_id


def _renumber(db: FamilyDB, session: int) -> None:
    """Orders 1..N within a session, keeping their sequence."""
    for n, m in enumerate((m for m in db.moments() if m.for_session == session), 1):
        if m.order != n:
            db.put_moment(replace(m, order=n))


# ---------------------------------------------------------------------- the service


def add_moment(data: DataDir, clip_id: str, at: Any, kind: str, message_id: str | None = None,
               text: str | None = None, note: str = "", for_session: Any = None,
               in_summary: Any = True) -> Moment:
    """Freeze the frame of a clip shown at `at` as a moment; returns the moment recorded."""
    family_id, clip = clips.find_clip(data, clip_id)
    choice = stills.choose_frame(data, clip, at)
    library = manual.load_library(data)
    kind = _kind(library, kind)
    session = _for_session(clip, for_session)
    words = _words(text, "text", "text", MAX_TEXT)
    note = _words(note, "private note", "note", MAX_NOTE)
    in_summary = _yes_no(in_summary)
    message_id = (message_id or "").strip() or None
    if message_id is not None:
        with Store(data).reading(family_id) as db:
            family, track = _family_track(db)
        message = _message(library, message_id, kind, session, family, track)
        words = words or manual.render_for(message.text, family)
    image = stills.picture(data, clip, choice)  # decoded before anything is written

    moment = Moment(id=_new_id(data), clip=clip.id, at=choice.start, frame=choice.index,
                    kind=kind, for_session=session, message_id=message_id, text=words,
                    note=note, in_summary=in_summary)
    folder = data.stills_dir(family_id)
    made_folder = not folder.is_dir()
    still = still_path(data, family_id, moment)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        stills.write_picture(image, still)
        with Store(data).transaction(family_id) as db:
            if db.clip(clip.id) is None:
                raise NotFound(f"Clip {clip.id} was removed meanwhile; the moment was not kept.")
            in_session = [m.order for m in db.moments() if m.for_session == session]
            moment = replace(moment, order=max(in_session, default=0) + 1)
            db.put_moment(moment)
            _sweep_orphans(data, family_id, {m.id for m in db.moments()})
    except BaseException:
        still.unlink(missing_ok=True)
        if made_folder:
            try:
                folder.rmdir()
            except OSError:
                pass
        raise
    id_index.remember(data, moment.id, family_id)
    audit.record(data, "moment added", family_id, moment=moment.id, clip=clip.id)
    return moment


def list_moments(data: DataDir, family_id: str, session: Any = None) -> list[Moment]:
    """A family's moments in the order they are shown: by session, then by position."""
    number = validate.session_number(session) if session is not None else None
    with Store(data).reading(family_id) as db:
        return [m for m in db.moments() if number is None or m.for_session == number]


def find_moment(data: DataDir, moment_id: str) -> tuple[str, Moment]:
    """The family id and record of a moment, found by its id alone."""
    if not isinstance(moment_id, str) or not MOMENT_ID.match(moment_id):
        raise NotFound(f"'{moment_id}' is not a moment id (they look like m1a2b3c4d).")
    found = id_index.find(data, moment_id, lambda db: db.moment(moment_id))
    if found is not None:
        return found
    raise NotFound(f"There is no moment '{moment_id}'.")


def _change(data: DataDir, moment_id: str, change) -> tuple[str, Moment, Moment]:
    """Apply `change(db, moment) -> new moment` in one transaction; returns (family, old, new)."""
    family_id, _ = find_moment(data, moment_id)
    with Store(data).transaction(family_id) as db:
        old = db.moment(moment_id)
        if old is None:
            raise NotFound(f"There is no moment '{moment_id}'.")
        new = change(db, old)
        db.put_moment(new)
        if new.for_session != old.for_session:
            _renumber(db, old.for_session)
    return family_id, old, new


def edit_moment(data: DataDir, moment_id: str, **changes: Any) -> Moment:
    """Change a moment's kind, message_id, text, note, in_summary or for_session.

    Only the fields given change (message_id=None takes the message off). A new
    message with no new text brings its own words; a new session puts the
    moment last in that session.
    """
    unknown = sorted(set(changes) - set(EDITABLE))
    if unknown:
        raise TypeError(f"edit_moment() cannot change {', '.join(unknown)}")
    library = manual.load_library(data)

    def change(db: FamilyDB, m: Moment) -> Moment:
        kind = _kind(library, changes["kind"]) if "kind" in changes else m.kind
        session = m.for_session
        if "for_session" in changes:
            session = _for_session(db.clip(m.clip), changes["for_session"])
        message_id = m.message_id
        if "message_id" in changes:
            message_id = (changes["message_id"] or "").strip() or None
        text = _words(changes["text"], "text", "text", MAX_TEXT) if "text" in changes else m.text
        if message_id is not None:
            recheck = message_id != m.message_id or kind != m.kind or session != m.for_session
            new_words = message_id != m.message_id and "text" not in changes
            if recheck or new_words or not text:
                family, track = _family_track(db)
                message = (_message(library, message_id, kind, session, family, track) if recheck
                           else manual.find_message(library, message_id))
                if message is not None and (new_words or not text):
                    text = manual.render_for(message.text, family)  # blank means the message's words
        new = replace(
            m, kind=kind, for_session=session, message_id=message_id, text=text,
            note=_words(changes["note"], "private note", "note", MAX_NOTE) if "note" in changes else m.note,
            in_summary=_yes_no(changes["in_summary"]) if "in_summary" in changes else m.in_summary,
        )
        if session != m.for_session:
            new.order = max((o.order for o in db.moments() if o.for_session == session), default=0) + 1
        return new

    return _change(data, moment_id, change)[2]


def remove_moment(data: DataDir, moment_id: str) -> Moment:
    """Remove a moment, its still and any burned copy; the others in its session close up."""
    family_id, _ = find_moment(data, moment_id)
    with Store(data).transaction(family_id) as db:
        moment = db.moment(moment_id)
        if moment is None:
            raise NotFound(f"There is no moment '{moment_id}'.")
        db.remove_moment(moment_id)
        _renumber(db, moment.for_session)
    still_path(data, family_id, moment).unlink(missing_ok=True)
    _remove_burned(data, family_id, moment_id)
    audit.record(data, "moment removed", family_id, moment=moment_id, clip=moment.clip)
    return moment


def move_moment(data: DataDir, moment_id: str, position: Any) -> Moment:
    """Put a moment at `position` (1 = shown first) within its session; the others shift."""
    try:
        wanted = int(str(position).strip())
    except ValueError:
        wanted = None
    family_id, _ = find_moment(data, moment_id)
    with Store(data).transaction(family_id) as db:
        moment = db.moment(moment_id)
        if moment is None:
            raise NotFound(f"There is no moment '{moment_id}'.")
        others = [m for m in db.moments() if m.for_session == moment.for_session and m.id != moment_id]
        count = len(others) + 1
        if wanted is None or not 1 <= wanted <= count:
            raise BadInput(f"Session {moment.for_session} has {count} moment{'s' if count != 1 else ''}; "
                           f"the position must be a whole number from 1 to {count}, not '{position}'.",
                           field="position")
        others.insert(wanted - 1, moment)
        for n, m in enumerate(others, 1):
            if m.order != n or m.id == moment_id:
                db.put_moment(replace(m, order=n))
        moved = db.moment(moment_id)
    return moved


def _new_highlights(data: DataDir, moment_id: str, highlights) -> Moment:
    """Change a moment's highlights in one transaction: `highlights(current) -> new list`."""
    family_id, _, new = _change(
        data, moment_id, lambda db, m: replace(m, highlights=clean_highlights(highlights(m.highlights))))
    try:
        ensure_print_copy(data, family_id, new)  # burned now, so no read ever writes
    except (BadInput, OSError) as exc:  # saved all the same: the PDFs burn it before printing
        log.warning("the print copy of a moment's still could not be made (%s)", exc)
    return new


def set_highlights(data: DataDir, moment_id: str, highlights: Any) -> Moment:
    """Replace a moment's highlights (checked strictly; [] clears them)."""
    clean = clean_highlights(highlights)
    return _new_highlights(data, moment_id, lambda current: clean)


def add_highlights(data: DataDir, moment_id: str, highlights: Any) -> Moment:
    """Add highlights after those a moment has."""
    extra = clean_highlights(highlights)
    return _new_highlights(data, moment_id, lambda current: [*current, *extra])


def clear_highlights(data: DataDir, moment_id: str) -> Moment:
    return set_highlights(data, moment_id, [])


def moment_view(data: DataDir, family_id: str, moment: Moment) -> dict[str, Any]:
    """The moment as JSON-ready values, with where its still is."""
    return {
        "id": moment.id,
        "family": family_id,
        "clip": moment.clip,
        "at": moment.at,
        "frame": moment.frame,  # an index from 0 into the clip's frame table
        "frame_number": frame_number(moment.frame),  # as the page and the player say it
        "kind": moment.kind,
        "for_session": moment.for_session,
        "still": str(still_path(data, family_id, moment)),
        "message_id": moment.message_id,
        "text": moment.text,
        "note": moment.note,
        "in_summary": moment.in_summary,
        "order": moment.order,
        "highlights": moment.highlights,
        "created": moment.created.isoformat(timespec="seconds"),
    }


def restore_moment(data: DataDir, gone: Moment) -> Moment:
    """Bring back a removed moment (the UI's Undo): the same frame, words, highlights and place."""
    moment = add_moment(data, gone.clip, gone.at, gone.kind, message_id=gone.message_id,
                        text=gone.text, note=gone.note, for_session=gone.for_session,
                        in_summary=gone.in_summary)
    if gone.highlights:
        moment = set_highlights(data, moment.id, gone.highlights)
    if gone.order < moment.order:
        moment = move_moment(data, moment.id, gone.order)
    return moment
