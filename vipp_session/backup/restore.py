"""Check a backup, and restore it (all families, or one) into a data folder.

A restore reads and checks every chunk it needs before it writes anything. Each family is
written into a hidden folder first and put in place whole; an existing family is replaced only
when asked. Files are readable by their owner only (0600, folders 0700).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from dataclasses import asdict, dataclass, field

from vipp_session import audit
from vipp_session.backup import folder as folders
from vipp_session.backup.chunks import ChunkStore, MissingChunk, make_private_dirs
from vipp_session.backup.crypto import Unreadable
from vipp_session.backup.snapshot import FileEntry, Snapshot
from vipp_session.errors import BadInput, is_disk_full
from vipp_session.fsutil import fsync_dir
from vipp_session.paths import DataDir, is_safe_id

Progress = Callable[[float], None]


@dataclass(frozen=True)
class CheckResult:
    folder: str
    snapshots: int
    latest: str | None  # when the newest backup was made
    families: list[str]
    chunks: int
    damaged: list[str] = field(default_factory=list)  # the files a bad chunk belongs to

    @property
    def ok(self) -> bool:
        return not self.damaged

    def to_dict(self) -> dict:
        return {**asdict(self), "ok": self.ok}


@dataclass(frozen=True)
class RestoreResult:
    folder: str
    created: str  # when the backup restored was made
    families: list[str]
    files: int
    bytes: int
    kept: list[str]  # files of the data folder left as they were (settings.json, audit.log)

    def to_dict(self) -> dict:
        return asdict(self)


def check_backup(given: str, passphrase: str, progress: Progress | None = None) -> CheckResult:
    """Read and check every chunk every snapshot names, without restoring anything."""
    backup = folders.open_folder(given, passphrase)
    snapshots = backup.snapshots()
    owner: dict[str, str] = {}
    for snapshot in snapshots:
        for f in snapshot.files:
            for name in f.chunks:
                owner.setdefault(name, f.path)
    damaged = []
    for i, name in enumerate(sorted(owner)):
        try:
            backup.chunks.read(name)
        except (MissingChunk, Unreadable):
            damaged.append(owner[name])
        if progress:
            progress((i + 1) / len(owner))
    latest = snapshots[-1] if snapshots else None
    return CheckResult(given, len(snapshots), latest.created if latest else None,
                       latest.families if latest else [], len(owner), sorted(set(damaged)))


def _choose(snapshot: Snapshot, given: str, family: str | None) -> list[FileEntry]:
    if family is None:
        return snapshot.files
    if not is_safe_id(family) or family not in snapshot.families:
        held = ", ".join(snapshot.families) or "no families"
        raise BadInput(f"The backup in {given} holds no family '{family}' (it holds {held}).",
                       field="family")
    return [f for f in snapshot.files if f.path.startswith(f"families/{family}/")]


def _family_of(entry: FileEntry) -> str | None:
    parts = entry.path.split("/")
    return parts[1] if parts[0] == "families" and len(parts) > 2 else None


def _verify(store: ChunkStore, given: str, files: list[FileEntry], progress: Progress) -> None:
    names = {name: f.path for f in files for name in f.chunks}
    for i, (name, path) in enumerate(names.items()):
        try:
            store.read(name)
        except MissingChunk:
            raise BadInput(f"The backup in {given} is incomplete: a piece of {path} is missing. "
                           "Nothing was restored.") from None
        except Unreadable:
            raise BadInput(f"The backup in {given} is damaged: a piece of {path} was changed "
                           "or damaged since the backup was made. Nothing was restored.") from None
        progress(0.5 * (i + 1) / max(1, len(names)))


def _safe_parts(path: str, given: str) -> list[str]:
    parts = path.split("/")
    if any(p in ("", ".", "..") for p in parts) or os.path.isabs(path):
        raise BadInput(f"The backup in {given} lists a file outside the data folder; "
                       "it cannot be trusted. Nothing was restored.")
    return parts


def _write_file(store: ChunkStore, entry: FileEntry, target: str) -> None:
    make_private_dirs(os.path.dirname(target))
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as out:
        for name in entry.chunks:
            out.write(store.read(name))
        out.flush()
        os.fsync(out.fileno())
    os.utime(target, ns=(entry.mtime_ns, entry.mtime_ns))


def restore_backup(given: str, passphrase: str, data: DataDir, family: str | None = None,
                   replace: bool = False, progress: Progress | None = None) -> RestoreResult:
    """Restore the newest backup in `given` (or one family of it) into `data`.

    `progress(fraction)` may raise Cancelled to stop: the family being written is not kept.
    """
    report = progress or (lambda f: None)
    backup = folders.open_folder(given, passphrase)
    snapshot = backup.latest()
    if snapshot is None:
        raise BadInput(f"The folder {given} holds no finished backup yet.", field="folder")
    chosen = _choose(snapshot, given, family)
    for entry in chosen:
        _safe_parts(entry.path, given)
    codes = sorted({c for c in map(_family_of, chosen) if c})
    present = [c for c in codes if data.family_dir(c).exists()]
    if present and not replace:
        them = "it" if len(present) == 1 else "them"
        raise BadInput(f"{_listing(present)} already in {data.root}; nothing was restored. Add "
                       f"--replace to replace {them} with the backup's copy.", field="family")
    others = [e for e in chosen if _family_of(e) is None]
    kept = sorted(e.path for e in others if (data.root / e.path).exists())
    others = [e for e in others if e.path not in kept]
    _verify(backup.chunks, given, chosen, report)
    audit.check_writable(data)  # a restore audit.log could not record is not begun
    try:
        make_private_dirs(str(data.root))
        written = _write_all(backup.chunks, chosen, others, codes, data, replace, report)
    except (MissingChunk, Unreadable):
        raise BadInput(f"The backup in {given} changed while it was being restored; "
                       "nothing more was restored.") from None
    except OSError as exc:
        if is_disk_full(exc):
            raise BadInput(f"The data folder {data.root} is full; the family being restored "
                           "was not kept. Free some space and restore again.") from None
        raise
    for code in codes:
        audit.record(data, "restored", code, folder=str(backup.root), snapshot=snapshot.id)
    return RestoreResult(given, snapshot.created, codes, len(written),
                         sum(e.size for e in written), kept)


def _listing(codes: list[str]) -> str:
    if len(codes) == 1:
        return f"Family {codes[0]} is"
    return f"Families {', '.join(codes)} are"


def _write_all(store: ChunkStore, chosen, others, codes, data: DataDir, replace: bool,
               report: Progress) -> list[FileEntry]:
    total = max(1, sum(e.size for e in chosen))
    done = 0
    written: list[FileEntry] = []
    for code in codes:
        staging = data.families_dir / f".restore-{code}-{os.getpid()}"
        shutil.rmtree(staging, ignore_errors=True)
        try:
            make_private_dirs(str(staging))
            for entry in (e for e in chosen if _family_of(e) == code):
                inside = entry.path.split("/", 2)[2]
                _write_file(store, entry, os.path.join(staging, *inside.split("/")))
                written.append(entry)
                done += entry.size
                report(0.5 + 0.5 * done / total)
            _put_in_place(staging, data, code, replace)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    for entry in others:
        target = data.root.joinpath(*entry.path.split("/"))
        temp = target.with_name(f".{target.name}.restoring")
        temp.unlink(missing_ok=True)
        try:
            _write_file(store, entry, str(temp))
            os.replace(temp, target)
        finally:
            temp.unlink(missing_ok=True)
        written.append(entry)
    return written


def _put_in_place(staging, data: DataDir, code: str, replace: bool) -> None:
    final = data.family_dir(code)
    old = data.families_dir / f".replaced-{code}-{os.getpid()}"
    if final.exists():
        if not replace:
            raise BadInput(f"Family {code} appeared in {data.root} while restoring; it was "
                           "left as it is.")
        os.rename(final, old)
    os.rename(staging, final)
    fsync_dir(data.families_dir)
    shutil.rmtree(old, ignore_errors=True)
