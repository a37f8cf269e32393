"""Copies of the videos for the mother: each clip's browser copy, under a name she can read.

Mothers are promised copies of all their videos. What she gets is each clip's
proxy (upright H.264/AAC in MP4, which plays on a phone, a TV or a laptop),
named with the child's first name, the visit it was filmed at and its place
among that visit's clips, e.g. `Maya, visit 1, 1 of 3.mp4`: no family code,
no surname, nothing clinical. For each visit that has moments prepared, the
film of those moments goes with them (`Maya, visit 2, our moments.mp4`, see
film.py), made straight onto the stick; its words go through the tone check
first, as for the summary.

An export writes all its files or none. Each file is copied (or the film
made) to a temp name in the target folder, flushed to disk, then renamed; a
full stick, a cancel or any other failure removes every file this export wrote. An existing file is
never overwritten: the export is refused before anything is written.
"""

from __future__ import annotations

import errno
import os
import re
import secrets
import shutil
import threading
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from vipp_session import audit, validate
from vipp_session.clips import proxy_path
from vipp_session.errors import BadInput, Cancelled, is_disk_full
from vipp_session.filecopy import copy_with_sha256
from vipp_session.fsutil import fsync_dir
from vipp_session.model import Clip, Family
from vipp_session.paths import DataDir
from vipp_session.store import Store
from vipp_session.tone.session import MomentCheck, check_moments

MB = 1024 * 1024
TEMP_PREFIX = ".vipp-copy-"
# not allowed in names on FAT32 and exFAT (USB sticks), nor on Windows
UNSAFE_IN_NAMES = re.compile(r'[\x00-\x1f\x7f:/\\?*"<>|]')

Progress = Callable[[float], None]

__all__ = ["CopiedFile", "Cancelled", "copy_names", "export_copies", "plan_copies",
           "words_to_look_at"]


@dataclass(frozen=True)
class CopiedFile:
    path: Path  # where the copy was written
    clip: str | None  # None for the film of a visit's moments
    session: int
    bytes: int

    def to_dict(self) -> dict[str, Any]:
        return {"file": str(self.path), "clip": self.clip, "session": self.session,
                "bytes": self.bytes, "kind": "clip" if self.clip else "film"}


def safe_name_part(text: str, fallback: str) -> str:
    """Text that can be part of a file name on any USB stick (FAT32, exFAT) and any system."""
    text = unicodedata.normalize("NFC", text or "")
    text = UNSAFE_IN_NAMES.sub(" ", text)
    text = " ".join(text.split()).strip(" .")  # Windows drops trailing dots and spaces
    return text[:60] or fallback


def copy_names(child: str, clips: list[Clip]) -> dict[str, str]:
    """Clip id -> file name, in visit order, numbered by filming order within each visit.

    Names depend only on the clip's own visit, so copying one visit and later
    all of them gives the same names (and the second export refuses to overwrite).
    """
    who = safe_name_part(child, "Video")
    by_visit: dict[int, list[Clip]] = {}
    for clip in clips:
        by_visit.setdefault(clip.session, []).append(clip)
    names = {}
    for visit, group in sorted(by_visit.items()):
        for i, clip in enumerate(_filming_order(group), start=1):
            place = f", {i} of {len(group)}" if len(group) > 1 else ""
            names[clip.id] = f"{who}, visit {visit}{place}.mp4"
    return names


def film_file_name(child: str, session: int) -> str:
    """Her film's name on the stick, e.g. 'Maya, visit 2, our moments.mp4'."""
    from vipp_session.film import film_name

    return film_name(safe_name_part(child, "Video"), session)


def _filming_order(clips: list[Clip]) -> list[Clip]:
    """By the time the camera recorded, when every clip has one; else by import, then name
    (phones name their files in order, and several files imported at once share a second)."""
    if all(c.recorded_at for c in clips):
        return sorted(clips, key=lambda c: (c.recorded_at, c.file, c.id))
    return sorted(clips, key=lambda c: (c.imported, c.file, c.id))


@dataclass(frozen=True)
class PlannedCopy:
    source: Path
    target: Path
    clip: Clip
    size: int

    @property
    def work(self) -> float:  # seconds, roughly, for the progress bar
        return self.size / (40 * MB)


@dataclass(frozen=True)
class PlannedFilm:
    """The film of a visit's moments, made straight into the folder."""

    target: Path
    session: int
    film: Any  # film.PlannedFilm
    size: int  # an estimate, for the free-space check

    @property
    def work(self) -> float:
        return self.film.plan.ticks / 100  # a second of film takes about a third of a second


def _how_to_record_wish(family_id: str) -> str:
    return ("tick 'She would like copies of the videos' in the family's details, or run "
            f"vipp-session family edit {family_id} --wants-copies yes")


def _check_wish(family: Family) -> None:
    if family.wants_copies is True:
        return
    if family.wants_copies is False:
        said = f"Family {family.id} is recorded as not wanting copies of the videos. If she has "
    else:
        said = f"It is not recorded whether family {family.id} wants copies of the videos. If she "
    raise BadInput(f"{said}would like them, record it first: {_how_to_record_wish(family.id)}")


def _check_folder(given: str | os.PathLike) -> Path:
    """The folder as an absolute path, once it is known to exist and take new files."""
    if not str(given).strip():
        raise BadInput("Choose the folder to copy to (for example the USB stick).", field="folder")
    target = Path(os.path.abspath(os.path.expanduser(str(given).strip())))
    if not target.exists():
        raise BadInput(f"There is no folder {target}; is the stick plugged in? Check the path.",
                       field="folder")
    if not target.is_dir():
        raise BadInput(f"{target} is a file, not a folder; choose a folder.", field="folder")
    probe = target / f"{TEMP_PREFIX}check-{secrets.token_hex(4)}"
    try:  # os.access says yes to root, and knows nothing of a stick's lock: try it for real
        os.close(os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        os.unlink(probe)
    except OSError as exc:
        raise BadInput(f"The folder {target} cannot be written to ({exc.strerror or exc}); "
                       "is the stick locked or read-only?", field="folder") from None
    return target


def _film_visits(moments, number: int | None) -> list[int]:
    """The visits whose film goes with the copies: those with moments prepared."""
    return sorted({m.for_session for m in moments if number in (None, m.for_session)})


def words_to_look_at(data: DataDir, family_id: str, session: int | str | None = None,
                     ) -> dict[int, list[MomentCheck]]:
    """The visits whose film, carried by these copies, has words the tone check flagged:
    visit -> every moment of it in the order shown, with what was found, in the family's
    own names and pronouns. These refuse the copies unless the clinician goes on despite
    them."""
    from vipp_session import manual

    number = validate.session_number(session) if session not in (None, "") else None
    with Store(data).reading(family_id) as db:
        family, moments = db.family(), db.moments()
    voice = manual.voice_for(family)
    flagged = {}
    for visit in _film_visits(moments, number):
        checks = check_moments([m for m in moments if m.for_session == visit], voice)
        if any(c.sentences for c in checks):
            flagged[visit] = checks
    return flagged


def plan_copies(data: DataDir, family_id: str, target: str | os.PathLike,
                session: int | str | None = None, despite_warnings: bool = False,
                film_only: bool = False) -> list[PlannedCopy | PlannedFilm]:
    """What an export would write, after every check; raises BadInput and writes nothing.
    `film_only`: only the film of the visit's moments, not the clips."""
    number = validate.session_number(session) if session not in (None, "") else None
    with Store(data).reading(family_id) as db:
        family, clips, moments = db.family(), db.clips(), db.moments()
    _check_wish(family)
    names = copy_names(family.child, clips)
    by_id = {c.id: c for c in clips}
    chosen = [by_id[i] for i in names if number is None or by_id[i].session == number]
    chosen = [] if film_only else chosen
    visits = _film_visits(moments, number)
    if film_only and not visits:
        where = f" for session {number}" if number is not None else ""
        raise BadInput(f"Family {family_id} has no moments prepared{where} yet, so there is no "
                       "film to make; freeze some moments first.")
    if not chosen and not visits:
        where = f" filmed at session {number}" if number is not None else ""
        raise BadInput(f"Family {family_id} has no clips{where} to copy yet.")
    folder = _check_folder(target)
    plan: list[PlannedCopy | PlannedFilm] = []
    for clip in chosen:
        source = proxy_path(data, clip)
        if not source.is_file():
            raise BadInput(f"The browser copy of clip {clip.id} is missing from {source.parent}; "
                           "import the recording again.")
        plan.append(PlannedCopy(source, folder / names[clip.id], clip, source.stat().st_size))
    plan += _plan_films(data, family_id, family.child, folder, visits, despite_warnings)
    for p in plan:
        if p.target.exists():
            raise BadInput(f"There is already a file called '{p.target.name}' in {folder}; "
                           "nothing was copied. Move it away or choose another folder.")
    total = sum(p.size for p in plan)
    free = _free_space(folder)
    if free < total:
        raise _stick_full(folder, total, free)
    return plan


def _plan_films(data: DataDir, family_id: str, child: str, folder: Path, visits: list[int],
                despite_warnings: bool) -> list[PlannedFilm]:
    """The film of each visit's moments, its words checked first, as for the summary."""
    from vipp_session import film  # PyAV and OpenCV: only when a film is to be made

    planned = []
    for n in visits:
        made = film.plan_film(data, family_id, n)
        if not despite_warnings:
            film.refuse_unchecked_words(film.check_film_words(data, family_id, n),
                                        f"the film of visit {n}")
        width, height = made.plan.size
        estimate = int(width * height * made.plan.ticks * 0.1 / 8) + 20_000 * made.plan.ticks // 30
        planned.append(PlannedFilm(folder / film_file_name(child, n),
                                   n, made, estimate))
    return planned


def _stick_full(folder: Path, total: int, free: int) -> BadInput:
    if free < total:
        short = max(1, -(-(total - free) // MB))
        why = (f"the copies need {_mb(total)} MB and {folder} has {_mb(free)} MB free, "
               f"so it needs {short:,} MB more")
    else:  # the free space was there when we began: something else filled it up meanwhile
        why = f"it ran out of space while copying (the copies need {_mb(total)} MB)"
    return BadInput(f"The stick is full: {why}. Nothing was copied; free some space or use a "
                    "bigger stick.", field="folder")


def _too_big(folder: Path) -> BadInput:
    return BadInput(f"A video is larger than {folder} allows for one file (sticks formatted "
                    "FAT32 take at most 4 GB); nothing was copied. Use a stick formatted exFAT.",
                    field="folder")


def _mb(size: int) -> str:
    return f"{max(1, -(-size // MB)):,}" if size else "0"


def export_copies(
    data: DataDir,
    family_id: str,
    target: str | os.PathLike,
    session: int | str | None = None,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
    despite_warnings: bool = False,
    film_only: bool = False,
) -> list[CopiedFile]:
    """Copy a family's clips (or those filmed at `session`) into `target`, for the mother,
    with the film of each visit's moments (of visit `session` only, when given).

    Raises BadInput with a plain reason when the copies cannot be made (among them,
    words the tone check found, unless `despite_warnings`), and Cancelled when
    `cancel` is set; either way no file of this export is left. `film_only`: only
    the film of the moments of `session` (or of every visit), not the clips.
    """
    plan = plan_copies(data, family_id, target, session, despite_warnings, film_only)
    report = progress or (lambda f: None)
    total = max(1e-9, sum(p.work for p in plan))
    folder = plan[0].target.parent
    written: list[Path] = []  # finished copies, removed again if a later one fails
    temp: Path | None = None
    done = 0
    try:
        for p in plan:
            if cancel is not None and cancel.is_set():
                raise Cancelled()
            temp = folder / f"{TEMP_PREFIX}{secrets.token_hex(6)}.part"
            def step(share: float, before: float = done, work: float = p.work) -> None:
                report(min(1.0, (before + share * work) / total))

            if isinstance(p, PlannedFilm):
                _make_film(p, temp, step, cancel)
            else:
                copy_with_sha256(p.source, temp, step, cancel, fsync=True)
            if p.target.exists():  # appeared while we copied: never overwrite it
                raise BadInput(f"A file called '{p.target.name}' appeared in {folder} while "
                               "copying; nothing was kept. Move it away and copy again.")
            os.rename(temp, p.target)
            temp = None
            written.append(p.target)
            done += p.work
        fsync_dir(folder)
    except BaseException as exc:
        for path in ([temp] if temp is not None else []) + written:
            try:
                path.unlink()
            except OSError:
                pass
        if isinstance(exc, OSError) and exc.errno == errno.EFBIG:
            raise _too_big(folder) from None
        if isinstance(exc, OSError) and is_disk_full(exc):
            free = _free_space(folder)
            raise _stick_full(folder, sum(p.size for p in plan), free) from None
        if isinstance(exc, OSError):
            raise BadInput(f"Copying to {folder} failed ({exc.strerror or exc}); nothing was kept. "
                           "Is the stick still plugged in?", field="folder") from None
        raise
    films = [p for p in plan if isinstance(p, PlannedFilm)]
    audit.record(data, "copies exported", family_id, files=len(plan), films=len(films),
                 session=validate.session_number(session) if session not in (None, "") else None,
                 bytes=sum(p.target.stat().st_size for p in plan))
    report(1.0)
    return [CopiedFile(p.target, None, p.session, p.target.stat().st_size)
            if isinstance(p, PlannedFilm)
            else CopiedFile(p.target, p.clip.id, p.clip.session, p.size) for p in plan]


def _make_film(p: PlannedFilm, temp: Path, progress: Progress, cancel) -> None:
    from vipp_session.media.film import write_film

    write_film(p.film.plan, temp, progress, cancel)
    os.chmod(temp, 0o600)
    with open(temp, "rb") as f:
        os.fsync(f.fileno())


def _free_space(folder: Path) -> int:
    try:
        return shutil.disk_usage(folder).free
    except OSError:  # the stick was pulled out
        return 0
