"""Clips: import recordings into a family's folder, list, show and remove them.

An import builds the whole clip folder (original.<ext>, proxy.mp4,
frames.json, thumbs/) in a staging folder beside the family's clips, and
only when everything is written and flushed does it rename the folder into
place and record the clip, both under the family's lock. A failure, a full
disk or a cancel removes the staging folder: nothing is left behind. The
source file is only ever read, and looked at (boxes and headers) before it
is copied, so a file that cannot be used is refused at once, whatever its
size. Erasing the family stops its imports: each notices within a fraction
of a second and ends with 'the family was erased', writing nothing more.
Messages name the person's own file by its name, never a folder of ours.
"""

from __future__ import annotations

import errno
import logging
import os
import re
import secrets
import shutil
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from vipp_session import audit, id_index, validate, words
from vipp_session.disk_use import GB
from vipp_session.errors import BadInput, Cancelled, DiskFull, NotFound, is_disk_full
from vipp_session.filecopy import copy_with_sha256, flush_in_background, sha256_of
from vipp_session.fsutil import fsync_dir
from vipp_session.media import frames, problems
from vipp_session.media.ingest import PROXY_FILE, PreparedClip, check_recording, prepare_clip_files
from vipp_session.model import Clip
from vipp_session.paths import DataDir
from vipp_session.settings import load_settings
from vipp_session.store import FamilyDB, Store

log = logging.getLogger(__name__)

CLIP_ID = re.compile(r"^c[0-9a-f]{10}$")
STAGING_PREFIX = ".importing-"
REMOVING_PREFIX = ".removing-"
COPY_SHARE = 0.15  # of the progress bar; the proxy takes most of the rest
SPACE_MARGIN = 50 * 1024 * 1024
WATCH_EVERY = 0.2  # seconds between looks at whether the family is still there

Progress = Callable[[float], None]


@dataclass
class ImportResult:
    file: str  # as given
    status: str  # 'imported', 'duplicate' or 'failed'
    clip: Clip | None = None
    reason: str | None = None
    proxy: Path | None = None
    notes: tuple[str, ...] = ()  # what the clinician should know about an imported clip

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"file": self.file, "status": self.status,
                             "clip": self.clip.id if self.clip else None, "reason": self.reason}
        if self.clip is not None:
            c = self.clip
            d.update(session=c.session, duration=round(c.duration, 6), width=c.width,
                     height=c.height, rotation=c.rotation, fps=round(c.fps, 3), vfr=c.vfr,
                     frames=c.frames, video_codec=c.video_codec, audio_codec=c.audio_codec,
                     proxy=str(self.proxy) if self.proxy else None, proxy_mode=c.proxy_mode,
                     hdr=c.hdr, sha256=c.sha256, notes=list(self.notes))
        return d


def file_name(path: str | Path) -> str:
    """How a file is named in messages: its own name, printable (see problems.file_name)."""
    return problems.file_name(path)


def new_clip_id() -> str:
    return "c" + secrets.token_hex(5)


def clips_dir(data: DataDir, family_id: str) -> Path:
    return data.family_dir(family_id) / "clips"


def proxy_path(data: DataDir, clip: Clip) -> Path:
    return data.clip_dir(clip.family, clip.id) / PROXY_FILE


def original_path(data: DataDir, clip: Clip) -> Path:
    return data.clip_dir(clip.family, clip.id) / f"original.{clip.ext}"


def _extension(path: Path) -> str:
    ext = path.suffix.lower().lstrip(".")
    return ext if re.fullmatch(r"[a-z0-9]{1,8}", ext) else "video"


def _check_source(path: Path, name: str) -> int:
    try:
        st = path.stat()
    except FileNotFoundError:
        raise problems.missing(name) from None
    except OSError as exc:
        raise problems.unreadable(name, exc.strerror or "read error") from None
    if path.is_dir():
        raise problems.folder(name)
    if not path.is_file():
        raise problems.not_video(name)
    if st.st_size == 0:
        raise problems.empty(name)
    if not os.access(path, os.R_OK):
        raise problems.unreadable(name, "permission denied")
    return st.st_size


def check_file(path: str | Path) -> str:
    """Refuse at once a file that cannot become a clip (UnusableFile, naming it), by a look at
    its boxes and headers, before it waits its turn or anything is copied; its name if fine."""
    source = Path(path).expanduser()
    name = problems.file_name(source)
    _check_source(source, name)
    check_recording(source, name)
    return name


class _Watch:
    """The import's stop signal: set when the person cancels, or when the family's
    folder is erased (or replaced) under it, looked at every WATCH_EVERY seconds.

    A folder made again at the same path by a late writer can get the erased one's inode
    number back, so a family whose records file is gone counts as erased too."""

    def __init__(self, family_dir: Path, records: Path, cancel: threading.Event | None):
        self.family_dir, self.records, self.cancel = family_dir, records, cancel
        self.inode = self._inode()
        self.erased = self.inode is None
        self._next_look = 0.0

    def _inode(self) -> int | None:
        try:
            inode = os.stat(self.family_dir).st_ino
            os.stat(self.records)
        except OSError:
            return None
        return inode

    def is_set(self) -> bool:
        if self.cancel is not None and self.cancel.is_set():
            return True
        now = time.monotonic()
        if not self.erased and now >= self._next_look:
            self._next_look = now + WATCH_EVERY
            self.erased = self._inode() != self.inode
        return self.erased

    def family_gone(self) -> bool:
        self.erased = self.erased or self._inode() != self.inode
        return self.erased


def _check_space(folder: Path, size: int, name: str, min_free_gb: float,
                 free_space: Callable[[Path], int], moved: bool = False) -> None:
    """Original plus a proxy of at most about its size, with a margin; and what the service
    wants left free on the disk afterwards (setting min_free_gb), checked before anything
    is written. An upload already in the data folder (`moved`) needs room for its proxy only."""
    need = (1 if moved else 2) * size + SPACE_MARGIN
    free = free_space(folder)
    if free < need:
        raise problems.not_enough_space(name, need // 2**20, free // 2**20)
    keep = round(min_free_gb * GB)
    if free - need < keep:
        raise DiskFull(
            f"{name} was not imported: it needs about {words.size(need)}, and that would leave "
            f"{words.size(max(free - need, 0))} free on this laptop's disk ({words.size(free)} "
            f"free now). Your service keeps at least {words.size(keep)} free (setting "
            "min_free_gb). Free some space, for example with 'vipp-session tidy' or by "
            "erasing families past their retention, then import it again.")


def _free_space(folder: Path) -> int:
    return shutil.disk_usage(folder).free


def check_room(data: DataDir, family_id: str, size: int, name: str,
               free_space: Callable[[Path], int] | None = None) -> None:
    """Before a browser sends a recording of `size` bytes: is there room for it and its
    browser copy, leaving the service's minimum free? DiskFull with the numbers if not, so
    nothing is sent only to be refused."""
    _check_space(data.family_dir(family_id), size, name, load_settings(data).min_free_gb,
                 free_space or _free_space)


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _sweep_leftovers(folder: Path, known: set[str] | None = None) -> None:
    """Remove what a crashed import or removal left: staging folders of dead processes,
    and (when `known` is given, under the family lock) clip folders with no record."""
    if not folder.is_dir():
        return
    for entry in folder.iterdir():
        if entry.name.startswith((STAGING_PREFIX, REMOVING_PREFIX)):
            pid = entry.name.rsplit("-", 1)[-1]
            if pid.isdigit() and not _pid_alive(int(pid)):
                shutil.rmtree(entry, ignore_errors=True)
        elif known is not None and entry.is_dir() and CLIP_ID.match(entry.name) and entry.name not in known:
            log.warning("removing clip folder %s, which has no record (an import was interrupted)", entry)
            shutil.rmtree(entry, ignore_errors=True)


def _move_in(source: Path, original: Path) -> str:
    """Move an upload to be the clip's original (one rename, nothing written again) and
    return its SHA-256; copied instead only when it is on another disk."""
    try:
        os.rename(source, original)
    except OSError as exc:
        if exc.errno != errno.EXDEV:
            raise
        sha256 = copy_with_sha256(source, original, fsync=False)
        source.unlink()
        return sha256
    return sha256_of(original)


def _remove_if_empty(folder: Path) -> None:
    """A family's clips/ folder exists only while it holds a clip."""
    try:
        folder.rmdir()
    except OSError:
        pass


def _find_duplicate(db: FamilyDB, sha256: str) -> Clip | None:
    return next((c for c in db.clips() if c.sha256 == sha256), None)


def _fsync_tree(folder: Path, skip: Path | None = None) -> None:
    for path in sorted(folder.rglob("*")):
        if path.is_file() and path != skip:
            with open(path, "rb+") as f:
                os.fsync(f.fileno())
    for sub in [p for p in folder.rglob("*") if p.is_dir()] + [folder]:
        fsync_dir(sub)


def import_clip(
    data: DataDir,
    family_id: str,
    session: int | str,
    path: str | Path,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
    move: bool = False,
    free_space: Callable[[Path], int] | None = None,
) -> ImportResult:
    """Import one recording for a family, filmed at `session`.

    Returns an 'imported' or 'duplicate' result; raises BadInput (with a plain
    reason) when the file cannot be used, Cancelled when `cancel` is set.
    Either way nothing is left behind. With `move` (a finished browser upload in the
    data folder's incoming/ area) the file is moved into the clip's folder rather than
    copied, and is gone afterwards whatever the outcome. `free_space(folder)` says how
    many bytes are free on the disk holding `folder` (the disk's own figure by default).
    """
    number = validate.session_number(session)
    store = Store(data)
    store.check_readable(family_id)
    settings = load_settings(data)
    source = Path(path).expanduser()
    name = problems.file_name(source)
    given = problems.printable(str(path))
    size = _check_source(source, name)
    check_recording(source, name)  # before copying anything, however big the file
    report = progress or (lambda f: None)
    folder = clips_dir(data, family_id)
    watch = _Watch(data.family_dir(family_id), data.family_db(family_id), cancel)
    _check_space(data.family_dir(family_id), size, name, settings.min_free_gb,
                 free_space or _free_space, moved=move)
    _sweep_leftovers(folder)

    clip_id = new_clip_id()
    staging = folder / f"{STAGING_PREFIX}{clip_id}-{os.getpid()}"
    flushing = None
    try:
        folder.mkdir(exist_ok=True)  # not its parents: an erased family stays erased
        staging.mkdir()
        ext = _extension(source)
        original = staging / f"original.{ext}"
        try:
            sha256 = (_move_in(source, original) if move else
                      copy_with_sha256(source, original, lambda f: report(COPY_SHARE * f), watch,
                                       fsync=False))
            flushing = flush_in_background(original)  # the disk writes while the CPU works
        except OSError as exc:
            if is_disk_full(exc):
                raise problems.disk_full(name) from None
            if watch.family_gone():
                raise
            raise problems.unreadable(name, exc.strerror or "read error") from None
        with store.reading(family_id) as db:
            existing = _find_duplicate(db, sha256)
        if existing is not None:
            return ImportResult(given, "duplicate", existing, None, proxy_path(data, existing))
        prepared = prepare_clip_files(
            original, staging, name, settings.proxy_max_side, settings.remux_max_side,
            lambda f: report(COPY_SHARE + (0.99 - COPY_SHARE) * f), watch,
        )
        clip = _clip_record(clip_id, family_id, number, name, ext, sha256, size, prepared)
        flushing.join()
        _fsync_tree(staging, skip=original)
        if watch.is_set():
            raise Cancelled()
        final = data.clip_dir(family_id, clip_id)
        with store.transaction(family_id) as db:
            existing = _find_duplicate(db, sha256)  # another import of the same file finished first
            if existing is not None:
                return ImportResult(given, "duplicate", existing, None, proxy_path(data, existing))
            _sweep_leftovers(folder, known={c.id for c in db.clips()})
            os.rename(staging, final)
            fsync_dir(folder)
            try:
                db.put_clip(clip)
                db.save_now()
            except BaseException:
                os.rename(final, staging)  # back to staging: removed below
                raise
    except (BadInput, OSError, Cancelled) as exc:
        if watch.family_gone():  # whatever failed, it failed because the family went
            raise problems.family_erased(name, family_id) from None
        if isinstance(exc, OSError) and is_disk_full(exc):
            raise problems.disk_full(name) from None
        raise
    finally:
        if flushing is not None and flushing.is_alive():
            threading.Thread.join(flushing)
        shutil.rmtree(staging, ignore_errors=True)
        _remove_if_empty(folder)
        if watch.erased:  # a writer may have made the staging folder again: its parents go too
            _remove_if_empty(data.family_dir(family_id))
    id_index.remember(data, clip.id, family_id)
    audit.record(data, "clip imported", family_id, clip=clip.id, session=number)
    report(1.0)
    return ImportResult(given, "imported", clip, None, proxy_path(data, clip),
                        _notes(name, prepared))


def _notes(name: str, prepared: PreparedClip) -> tuple[str, ...]:
    audio = prepared.info.audio
    if audio is not None and not audio.decodable:
        return (f"{name} was imported without sound: its sound is in a format that cannot be "
                "played here.",)
    return ()


def _clip_record(clip_id, family_id, session, name: str, ext, sha256, size,
                 prepared: PreparedClip) -> Clip:
    info, table = prepared.info, prepared.table
    width, height = info.upright_size
    return Clip(
        id=clip_id, family=family_id, session=session, file=name, ext=ext,
        sha256=sha256, size_bytes=size, duration=table.duration, width=width, height=height,
        rotation=info.rotation, fps=table.average_fps, vfr=prepared.vfr, frames=len(table),
        video_codec=info.video_codec,
        audio_codec=info.audio.codec if info.audio and info.audio.decodable else None,
        proxy_mode=prepared.plan.mode, start_time=info.start_time, recorded_at=info.recorded_at,
        hdr=info.hdr,
    )


def import_clips(
    data: DataDir,
    family_id: str,
    session: int | str,
    paths: Iterable[str | Path],
    progress: Callable[[int, float], None] | None = None,
    cancel: threading.Event | None = None,
    on_result: Callable[[ImportResult], None] | None = None,
    free_space: Callable[[Path], int] | None = None,
) -> list[ImportResult]:
    """Import several files; a file that cannot be used is reported, the others go on.

    `progress(i, fraction)` reports the i-th file's progress. Problems with
    the family or the session number stop the batch before anything starts.
    """
    number = validate.session_number(session)
    Store(data).check_readable(family_id)
    results = []
    erased = False
    for i, path in enumerate(paths):
        given = problems.printable(str(path))
        if erased:  # the family went during an earlier file: none of the rest
            result = ImportResult(given, "failed", reason=(
                f"{problems.file_name(path)} was not imported: the family {family_id} was erased."))
        else:
            try:
                result = import_clip(data, family_id, number, path,
                                     (lambda f, i=i: progress(i, f)) if progress else None, cancel,
                                     free_space=free_space)
            except problems.FamilyErased as exc:
                result = ImportResult(given, "failed", reason=str(exc))
                erased = True
            except NotFound:
                raise
            except BadInput as exc:
                result = ImportResult(given, "failed", reason=str(exc))
        results.append(result)
        if on_result is not None:
            on_result(result)
    return results


def list_clips(data: DataDir, family_id: str, session: int | str | None = None) -> list[Clip]:
    number = validate.session_number(session) if session is not None else None
    with Store(data).reading(family_id) as db:
        return [c for c in db.clips() if number is None or c.session == number]


def find_clip(data: DataDir, clip_id: str) -> tuple[str, Clip]:
    """The family id and record of a clip, found by its id alone."""
    if not CLIP_ID.match(clip_id or ""):
        raise NotFound(f"'{clip_id}' is not a clip id (they look like c1a2b3c4d5e).")
    found = id_index.find(data, clip_id, lambda db: db.clip(clip_id))
    if found is not None:
        return found
    raise NotFound(f"There is no clip '{clip_id}'.")


def moments_of(data: DataDir, family_id: str, clip_id: str) -> int:
    with Store(data).reading(family_id) as db:
        return sum(1 for m in db.moments() if m.clip == clip_id)


def remove_clip(data: DataDir, clip_id: str) -> tuple[Clip, int]:
    """Remove a clip's files and record, and the moments chosen from it. Returns (clip, moments)."""
    family_id, _ = find_clip(data, clip_id)
    store = Store(data)
    folder = data.clip_dir(family_id, clip_id)
    frames.forget_under(folder)  # an open reader would keep the deleted recording on disk
    doomed = clips_dir(data, family_id) / f"{REMOVING_PREFIX}{clip_id}-{os.getpid()}"
    with store.transaction(family_id) as db:
        clip = db.clip(clip_id)
        if clip is None:
            raise NotFound(f"There is no clip '{clip_id}'.")
        moments = [m for m in db.moments() if m.clip == clip_id]
        for m in moments:
            db.remove_moment(m.id)
        db.remove_clip(clip_id)
        moved = folder.is_dir()
        if moved:
            os.rename(folder, doomed)
        try:
            db.save_now()
        except BaseException:
            if moved:
                os.rename(doomed, folder)
            raise
    shutil.rmtree(doomed, ignore_errors=True)
    _remove_if_empty(clips_dir(data, family_id))
    stills = data.stills_dir(family_id)
    for m in moments:  # each still, and any copy with highlights burned in
        for path in [stills / f"{m.id}.png", *stills.glob(f"{m.id}-h*.png")]:
            path.unlink(missing_ok=True)
    audit.record(data, "clip removed", family_id, clip=clip_id, moments=len(moments))
    return clip, len(moments)


def clip_view(data: DataDir, clip: Clip) -> dict[str, Any]:
    """The clip as JSON-ready values, with where its files are."""
    view = clip.to_dict()
    folder = data.clip_dir(clip.family, clip.id)
    view.update(
        clip=clip.id,
        folder=str(folder),
        proxy=str(folder / PROXY_FILE),
        original=str(folder / f"original.{clip.ext}"),
        files_present=(folder / PROXY_FILE).is_file(),
        moments=moments_of(data, clip.family, clip.id),
    )
    return view
