"""A film of her moments, for her to keep: the moments of a visit, played and held with their words.

For a session (or every session, in order) the film has a short title card
with the child's name, what the child calls her and the visit; then each
moment prepared for that session, in the presentation's order: its lead-in
(the presentation's `preroll_seconds`, with sound), then its exact frame held
with its highlights and its words as large captions (words in the child's
voice set apart: "Maya would say:"); then an end card. No family code, no
notes, no labels: only the words meant for her, which go through the tone
check first, as for the summary.

The film is written all or nothing: to a temp file beside the output,
flushed to disk, made readable by this user only, then renamed into place; a
failure or a cancel removes the temp file. Each film made is audit-logged.
"""

from __future__ import annotations

import os
import secrets
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from vipp_session import audit, manual, stills, validate
from vipp_session.errors import BadInput, Cancelled, is_disk_full
from vipp_session.fsutil import fsync_dir
from vipp_session.media.film import FPS, Card, FilmPlan, Scene, film_size, write_film
from vipp_session.media.film_pictures import Caption
from vipp_session.model import Family, Moment
from vipp_session.paths import DataDir
from vipp_session.settings import load_settings
from vipp_session.store import Store
from vipp_session.summary.content import PrintWarning, check_moment_words

HOLD_MIN, HOLD_MAX = 4.0, 12.0  # seconds a moment's frame is held
WORDS_A_SECOND = 2.5  # an unhurried reading pace, for a held frame's words
TITLE_SECONDS, END_SECONDS = 3.5, 4.0
TEMP_PREFIX = ".vipp-film-"

Progress = Callable[[float], None]

__all__ = ["Cancelled", "FilmMade", "check_film_words", "film_name", "make_film", "plan_film"]


@dataclass(frozen=True)
class FilmMade:
    path: Path
    sessions: list[int]
    moments: int
    seconds: float
    width: int
    height: int
    bytes: int

    def to_dict(self) -> dict[str, Any]:
        return {"film": str(self.path), "sessions": self.sessions, "moments": self.moments,
                "seconds": round(self.seconds, 3), "width": self.width, "height": self.height,
                "bytes": self.bytes}


@dataclass(frozen=True)
class PlannedFilm:
    plan: FilmPlan
    sessions: list[int]
    moments: list[Moment]


def film_name(child_part: str, session: int) -> str:
    """Her copy's plain file name, e.g. 'Maya, visit 2, our moments.mp4' (the child's name
    already made safe for a USB stick)."""
    return f"{child_part}, visit {session}, our moments.mp4"


def hold_seconds(words: str) -> float:
    """How long a moment's frame stays: long enough to read its words at an easy pace."""
    return min(HOLD_MAX, max(HOLD_MIN, 2.0 + len(words.split()) / WORDS_A_SECOND))


def _sessions(moments: list[Moment], session: Any, every: bool, family_id: str) -> list[int]:
    if every == (session not in (None, "")):
        raise BadInput("Say which session the film is for (--session N), or --all for every one.")
    having = sorted({m.for_session for m in moments})
    if every:
        if not having:
            raise BadInput(f"Family {family_id} has no moments prepared yet; freeze some moments "
                           "in the clips first.")
        return having
    n = validate.session_number(session)
    if n not in having:
        raise BadInput(f"Session {n} of family {family_id} has no moments prepared yet, so there "
                       "is nothing to film; freeze some moments for it first.")
    return [n]


def _caption(moment: Moment, family: Family, library: manual.Manual) -> Caption:
    message = manual.find_message(library, moment.message_id) if moment.message_id else None
    in_child_voice = message is not None and message.voice == "child"
    speaker = f"{family.child} would say:" if in_child_voice else None
    return Caption(moment.text.strip(), speaker)


def _title(family: Family, n: int, when: date | None) -> list[tuple[str, str]]:
    lines = [(f"{family.child} and {family.mum_word}", "title"),
             (f"Our moments, visit {n}", "line")]
    if when is not None:
        lines.append((f"{when.day} {when.strftime('%B %Y')}", "small"))
    return lines


def plan_film(data: DataDir, family_id: str, session: Any = None,
              every: bool = False) -> PlannedFilm:
    """Everything the film needs, checked; raises BadInput (and writes nothing) when it cannot
    be made: no moments, a clip's files gone."""
    with Store(data).reading(family_id) as db:
        family, sessions, moments = db.family(), db.sessions(), db.moments()
        clip_of = {c.id: c for c in db.clips()}
    chosen = _sessions(moments, session, every, family_id)
    preroll = load_settings(data).preroll_seconds
    library = manual.load_library(data)
    dates = {s.number: s.date.date() if s.date else None for s in sessions}
    items: list[Scene | Card] = []
    used: list[Moment] = []
    size = None
    for n in chosen:
        scenes = []
        for m in (m for m in moments if m.for_session == n):
            clip = clip_of[m.clip]
            table = stills.frame_table(data, clip)
            # the original, or its browser copy once the original was tidied away
            source = stills.picture_source(data, clip, table)
            frame = min(m.frame, len(table) - 1)
            first = table.frame_at(max(0.0, table.time_of(frame) - preroll))
            size = size or film_size(clip.width, clip.height)
            scenes.append(Scene(source.path, clip.file, source.table, first, frame,
                                hold_seconds(m.text),
                                list(m.highlights), _caption(m, family, library)))
            used.append(m)
        items.append(Card(_title(family, n, dates.get(n)), TITLE_SECONDS, scenes[0]))
        items.extend(scenes)
    last = next(i for i in reversed(items) if isinstance(i, Scene))
    items.append(Card([(f"Thank you, {family.mum_word}.", "line"),
                       ("These moments are yours to keep.", "small")], END_SECONDS, last))
    visits = ", ".join(str(n) for n in chosen)
    plural = "s" if len(chosen) > 1 else ""
    title = f"{family.child} and {family.mum_word}: our moments, visit{plural} {visits}"
    return PlannedFilm(FilmPlan(items, size, title), chosen, used)


def check_film_words(data: DataDir, family_id: str, session: Any = None,
                     every: bool = False) -> list[PrintWarning]:
    """The words she will read in the film through the tone check, as for the summary."""
    planned = plan_film(data, family_id, session, every)
    warnings: list[PrintWarning] = []
    for i, m in enumerate(planned.moments, start=1):
        warnings += check_moment_words(f"moment {i} (session {m.for_session})", m.text.strip())
    return warnings


def refuse_unchecked_words(warnings: list[PrintWarning], what: str) -> None:
    if any(w.finding for w in warnings):
        found = "; ".join(f"{w.where}: '{w.finding.words}'" for w in warnings if w.finding)
        raise BadInput(f"The tone check found words to look at in {what} ({found}); change "
                       "them, or make it despite the warnings.")


def check_output(out: str | os.PathLike) -> Path:
    path = Path(os.path.abspath(os.path.expanduser(str(out))))
    if path.is_dir():
        raise BadInput(f"{path} is a folder; give a file name ending in .mp4.", field="output")
    if path.suffix.lower() != ".mp4":
        raise BadInput(f"The film is an MP4 video: give a file name ending in .mp4, not "
                       f"'{path.name}'.", field="output")
    if not path.parent.is_dir():
        raise BadInput(f"There is no folder {path.parent} to write {path.name} into.",
                       field="output")
    return path


def write_whole(plan: FilmPlan, target: Path, progress: Progress | None = None,
                cancel: threading.Event | None = None, captions: bool = True) -> None:
    """Write the film to a temp file beside `target`, fsync, 0600, rename; nothing is left
    on failure."""
    temp = target.with_name(f"{TEMP_PREFIX}{secrets.token_hex(6)}.part")
    try:
        write_film(plan, temp, progress, cancel, captions)
        os.chmod(temp, 0o600)
        with open(temp, "rb") as f:
            os.fsync(f.fileno())
        os.replace(temp, target)
        fsync_dir(target.parent)
    except BaseException as exc:
        temp.unlink(missing_ok=True)
        if is_disk_full(exc):
            raise BadInput(f"The disk is full: the film could not be written into {target.parent}; "
                           "nothing was kept. Free some space and try again.") from None
        if isinstance(exc, PermissionError):
            raise BadInput(f"{target.parent} cannot be written to (permission denied); "
                           "nothing was kept.") from None
        raise


def make_film(data: DataDir, family_id: str, out: str | os.PathLike, session: Any = None,
              every: bool = False, progress: Progress | None = None,
              cancel: threading.Event | None = None, despite_warnings: bool = False,
              captions: bool = True) -> FilmMade:
    """Make the film of a session's moments (or every session's, `every`) into `out`.

    The tone check runs on the words first: findings refuse the film unless
    `despite_warnings`. `progress` gets fractions 0..1; setting `cancel` stops the
    film (Cancelled) and leaves nothing. `captions=False` leaves the words off.
    """
    target = check_output(out)
    planned = plan_film(data, family_id, session, every)
    if not despite_warnings:
        refuse_unchecked_words(check_film_words(data, family_id, session, every), "the film")
    write_whole(planned.plan, target, progress, cancel, captions)
    seconds = float(planned.plan.ticks / FPS)
    audit.record(data, "film made", family_id, sessions=planned.sessions,
                 moments=len(planned.moments), seconds=round(seconds, 1))
    width, height = planned.plan.size
    return FilmMade(target, planned.sessions, len(planned.moments), seconds, width, height,
                    target.stat().st_size)
