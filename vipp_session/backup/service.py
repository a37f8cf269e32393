"""Back up the data folder into a backup folder, prune it, and say when the last backup was.

A backup reads every file of the data folder that changed since the last snapshot (same
path, size and modification time: the last snapshot's chunks are used again without reading),
cuts it into 4 MB pieces, and writes the pieces the folder does not hold yet. Chunks go first,
each on disk before it gets its name; the snapshot that lists them goes last. A backup that is
stopped, killed, or runs out of space leaves the last good snapshot as it was.
"""

from __future__ import annotations

import json
import os
import queue
import threading
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import BinaryIO

from vipp_session import audit
from vipp_session.backup import folder as folders
from vipp_session.backup.chunks import aligned_buffer
from vipp_session.backup.crypto import PieceSealer
from vipp_session.backup.folder import BackupFolder
from vipp_session.backup.snapshot import FileEntry, Snapshot, new_id, remove_snapshot, \
    snapshot_ids, write_snapshot
from vipp_session.errors import BadInput, Cancelled, is_disk_full
from vipp_session.passphrase import check_new
from vipp_session.paths import DataDir
from vipp_session.settings import load_settings

PIECE = 4 * 1024 * 1024
# Pieces being sealed and written at once (bounds memory to about 90 MB), by how many threads.
# Writes past the page cache wait for the disk, which is quickest with several under way:
# six threads took 0.65-0.85 s for a 450 MB clip where two took 1.1-1.2 s (cp -r + sync: 0.5 s).
IN_FLIGHT = 10
WORKERS = 6
STATE_FILE = "last-backup.json"
# error logs, uploads still being sent from the browser, and this machine's own backup record
NOT_BACKED_UP = {"logs", "incoming", STATE_FILE}

Progress = Callable[[float], None]


@dataclass(frozen=True)
class PruneResult:
    snapshots_removed: int
    chunks_removed: int
    bytes_freed: int


@dataclass(frozen=True)
class BackupResult:
    folder: str
    snapshot: str
    created: str
    families: list[str]
    files: int
    bytes: int  # the data folder's size
    bytes_read: int  # what had changed since the last backup
    bytes_written: int  # new sealed chunks
    chunks_written: int
    pruned: PruneResult | None = None

    def to_dict(self) -> dict:
        return asdict(self)


def open_or_create(to: str | os.PathLike, passphrase: str, again: str | None) -> BackupFolder:
    """The backup in `to`; a new one (the passphrase typed twice) if the folder holds none."""
    if folders.is_backup_folder(to):
        return folders.open_folder(to, passphrase)
    if again is None:
        raise BadInput(f"The folder {to} holds no backup yet; give a new backup passphrase "
                       "twice.", field="passphrase")
    new = check_new(passphrase, again)
    try:
        return folders.create(to, new)
    except OSError as exc:
        if is_disk_full(exc):
            raise BadInput(f"The backup folder {to} is full; nothing was written. Free some "
                           "space or use a bigger disk.", field="folder") from None
        raise BadInput(f"Writing to {to} failed ({exc.strerror or exc}); nothing was backed "
                       "up.", field="folder") from None


def _check_apart(data: DataDir, to: str | os.PathLike) -> None:
    """A backup inside the data folder (or the other way round) would back itself up."""
    root, backup = data.root.resolve(), folders.absolute(to).resolve()
    if backup == root or root in backup.parents or backup in root.parents:
        raise BadInput(f"The backup folder {to} and the data folder {data.root} must be apart "
                       "(neither inside the other); choose a folder on another disk.",
                       field="folder")


def data_files(data: DataDir) -> list[tuple[str, os.stat_result]]:
    """Every file to back up, as (path relative to the data folder, stat), in a fixed order."""
    found = []
    if not data.root.is_dir():
        return found
    for top, dirs, files in os.walk(data.root):
        rel_top = os.path.relpath(top, data.root)
        dirs[:] = sorted(d for d in dirs if not d.startswith(".")
                         and not (rel_top == "." and d in NOT_BACKED_UP))
        for name in sorted(files):
            if (name.startswith(".") and name != ".lock") or (rel_top == "." and
                                                             name in NOT_BACKED_UP):
                continue
            path = os.path.join(top, name)
            st = os.lstat(path)
            if not os.path.islink(path):
                rel = name if rel_top == "." else f"{rel_top}/{name}".replace(os.sep, "/")
                found.append((rel, st))
    return found


class _Writer:
    """Names pieces and writes the new ones, several threads at a time, in order.

    Each piece is read into one of a few sealing buffers that are used again and again, so
    memory stays flat (about 8 MB a buffer) and no piece is ever copied in Python.
    """

    def __init__(self, backup: BackupFolder):
        self.store = backup.chunks
        self.keys = backup.keys
        self.have = self.store.names()
        self.written: list[str] = []
        self.temps: list[Path] = []  # written, named once they are all on disk
        self.bytes_written = 0
        self._guard = threading.Lock()
        self._pool = ThreadPoolExecutor(max_workers=WORKERS, thread_name_prefix="backup")
        self._pending: deque[Future] = deque()
        # one buffer for each piece under way, and one being read into, made as they are first
        # needed (a backup of a few small files touches little memory)
        self._free: queue.SimpleQueue[PieceSealer] = queue.SimpleQueue()
        self._buffers = 0

    def read_piece(self, f: BinaryIO) -> tuple[PieceSealer, int]:
        """The next piece of `f` in a free buffer, and its length (0 at the end of `f`)."""
        if len(self._pending) >= IN_FLIGHT:
            self._pending.popleft().result()
        sealer = self._free_sealer()
        try:
            length = 0
            while length < PIECE and (got := f.readinto(sealer.body[length:])):
                length += got
        except BaseException:
            self._free.put(sealer)
            raise
        if not length:
            self._free.put(sealer)
        return sealer, length

    def _free_sealer(self) -> PieceSealer:
        try:
            return self._free.get_nowait()
        except queue.Empty:
            if self._buffers > IN_FLIGHT:
                return self._free.get()
        self._buffers += 1
        return PieceSealer(self.keys, PIECE, aligned_buffer(PieceSealer.sealed_size(PIECE)))

    def add(self, sealer: PieceSealer, length: int) -> Future:
        future = self._pool.submit(self._store, sealer, length)
        self._pending.append(future)
        return future

    def _store(self, sealer: PieceSealer, length: int) -> str:
        try:
            name = self.keys.name_for(sealer.content(length))
            with self._guard:
                if name in self.have:
                    return name
                self.have.add(name)
            try:
                sealed = sealer.seal(length, self.store.seal_context(name))
                temp = self.store.write_temp(name, sealed, sealer.out)
            except BaseException:
                with self._guard:
                    self.have.discard(name)
                raise
            with self._guard:
                self.written.append(name)
                self.temps.append(temp)
                self.bytes_written += len(sealed)
            return name
        finally:
            self._free.put(sealer)

    def finish(self) -> None:
        try:
            while self._pending:
                self._pending.popleft().result()
        finally:
            self._pool.shutdown(wait=True, cancel_futures=True)

    def abandon(self) -> None:
        """Stop after a failure: wait for the pieces under way, whatever became of them."""
        for future in self._pending:
            future.cancel()
        self._pool.shutdown(wait=True, cancel_futures=True)

    def undo(self) -> None:
        """Remove the chunks this backup wrote (no snapshot names them); best effort."""
        for name in self.written:
            try:
                self.store.remove(name)
            except OSError:
                pass
        for temp in self.temps:
            try:
                temp.unlink(missing_ok=True)
            except OSError:
                pass


def _unchanged(entry: FileEntry | None, st: os.stat_result, have: set[str]) -> bool:
    return (entry is not None and entry.size == st.st_size and entry.mtime_ns == st.st_mtime_ns
            and all(name in have for name in entry.chunks))


def make_backup(
    data: DataDir,
    to: str | os.PathLike,
    passphrase: str,
    again: str | None = None,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
    prune: bool = False,
    now: datetime | None = None,
) -> BackupResult:
    """Back up the whole data folder into `to` (a new backup there needs `again`)."""
    if not data.root.is_dir():
        raise BadInput(f"There is no data folder {data.root} to back up.")
    _check_apart(data, to)
    backup = open_or_create(to, passphrase, again)
    with _one_at_a_time(backup):
        backup.chunks.remove_temp_files()  # left by a backup that was stopped
        previous = backup.latest()
        known = {f.path: f for f in previous.files} if previous else {}
        writer = _Writer(backup)
        files = data_files(data)
        entries: list[FileEntry] = []
        report = progress or (lambda f: None)
        to_read = [(rel, st) for rel, st in files if not _unchanged(known.get(rel), st,
                                                                     writer.have)]
        total, done = max(1, sum(st.st_size for _, st in to_read)), 0
        rereading = {rel for rel, _ in to_read}
        try:
            for rel, st in files:
                if rel not in rereading:
                    entries.append(known[rel])
                    continue
                names: list[Future] = []
                size = 0
                try:
                    f = open(data.root / rel, "rb")
                except FileNotFoundError:  # removed since the folder was listed (an erasure)
                    continue
                with f:
                    while True:
                        if cancel is not None and cancel.is_set():
                            raise Cancelled()
                        sealer, length = writer.read_piece(f)
                        if not length:
                            break
                        names.append(writer.add(sealer, length))
                        size += length
                        report(min(1.0, (done + size) / total))
                done += size
                entries.append(FileEntry(rel, size, st.st_mtime_ns, names))
            writer.finish()
            backup.chunks.commit(writer.temps)
            entries = [FileEntry(e.path, e.size, e.mtime_ns,
                                 [n.result() if isinstance(n, Future) else n for n in e.chunks])
                       for e in entries]
            created = (now or datetime.now(timezone.utc)).isoformat(timespec="seconds")
            sequence = previous.sequence + 1 if previous else 1
            snapshot = Snapshot(new_id(sequence), created, entries, sequence)
            write_snapshot(backup.root, backup.keys, snapshot)
        except BaseException as exc:
            writer.abandon()
            writer.undo()
            plain = _plain(exc, backup)
            if plain is exc:
                raise
            raise plain from None
        pruned = prune_backup(backup, snapshot) if prune else None
    _remember(data, backup, created)
    # one write and one flush for all of them (a flush each costs 5-20 ms on this disk)
    audit.record_each(data, "backed up", snapshot.families, folder=str(backup.root),
                      snapshot=snapshot.id)
    report(1.0)
    return BackupResult(str(to), snapshot.id, created, snapshot.families, len(entries),
                        snapshot.size, done, writer.bytes_written, len(writer.written), pruned)


def _plain(exc: BaseException, backup: BackupFolder) -> BaseException:
    """A failed backup in words: what happened, and that the last good backup is untouched."""
    kept = ("The last good backup there is still usable; nothing of this one was kept."
            if snapshot_ids(backup.root) else "Nothing of this backup was kept.")
    if isinstance(exc, OSError) and is_disk_full(exc):
        return BadInput(f"The backup folder {backup.given} is full. {kept} Free some space or "
                        "use a bigger disk.", field="folder")
    if isinstance(exc, OSError):
        return BadInput(f"Writing to {backup.given} failed ({exc.strerror or exc}); is the disk "
                        f"still plugged in? {kept}", field="folder")
    return exc


@contextmanager
def _one_at_a_time(backup: BackupFolder) -> Iterator[None]:
    """One backup or prune at a time in a backup folder."""
    from filelock import FileLock, Timeout

    lock = FileLock(str(backup.root / ".lock"), mode=0o600)
    try:
        lock.acquire(timeout=0)
    except Timeout:
        raise BadInput(f"Another backup to {backup.given} is running; wait for it to finish.",
                       field="folder") from None
    try:
        yield
    finally:
        lock.release()


def prune_backup(backup: BackupFolder, keep: Snapshot | None = None) -> PruneResult:
    """Keep only the newest snapshot and the chunks it uses: erased families go for good."""
    keep = keep or backup.latest()
    if keep is None:
        return PruneResult(0, 0, 0)
    older = [i for i in snapshot_ids(backup.root) if i != keep.id]
    for snapshot_id in older:
        remove_snapshot(backup.root, snapshot_id)
    used = keep.chunk_names()
    removed = freed = 0
    for name in backup.chunks.names() - used:
        freed += backup.chunks.remove(name)
        removed += 1
    backup.chunks.remove_temp_files()
    return PruneResult(len(older), removed, freed)


# when the last backup was made, for the caseload's reminder

@dataclass(frozen=True)
class BackupStatus:
    last: datetime | None  # UTC
    folder: str | None
    nudge_days: int
    due: bool  # time to remind the clinician to back up

    def to_dict(self) -> dict:
        return {"last": self.last.isoformat() if self.last else None, "folder": self.folder,
                "nudge_days": self.nudge_days, "due": self.due}


def last_backup(data: DataDir) -> tuple[datetime | None, str | None]:
    """When (UTC) and where the last backup of this data folder was made, if one was."""
    try:
        state = json.loads((data.root / STATE_FILE).read_text(encoding="utf-8"))
        return datetime.fromisoformat(state["time"]), state.get("folder")
    except (OSError, ValueError, KeyError, TypeError):
        return None, None


def backup_status(data: DataDir, now: datetime | None = None) -> BackupStatus:
    now = now or datetime.now(timezone.utc)
    days = load_settings(data).backup_nudge_days
    last, where = last_backup(data)
    due = last is None or now - last >= timedelta(days=days)
    return BackupStatus(last, where, days, due)


def _remember(data: DataDir, backup: BackupFolder, created: str) -> None:
    """When and where; and how big the backup folder now is when it is on the data folder's own
    disk, for disk use (measured once here rather than by every page; a folder elsewhere, a
    network folder perhaps, is not walked at all)."""
    from vipp_session.fsutil import atomic_write_text

    state = {"time": created, "folder": str(backup.root)}
    if os.stat(backup.root).st_dev == os.stat(data.root).st_dev:
        state["bytes"] = _folder_bytes(backup.root)
    atomic_write_text(data.root / STATE_FILE, json.dumps(state))


def _folder_bytes(root: Path) -> int:
    """The size of every file below `root` (os.scandir: a third of os.walk's time here)."""
    total, folders = 0, [root]
    while folders:
        with os.scandir(folders.pop()) as entries:
            for entry in entries:
                try:
                    if entry.is_dir(follow_symlinks=False):
                        folders.append(entry.path)
                    else:
                        total += entry.stat(follow_symlinks=False).st_size
                except OSError:  # a temp file gone meanwhile
                    continue
    return total


def local_backup_bytes(data: DataDir) -> int:
    """What the last backup's folder takes, if it is on the data folder's own disk (a backup
    there takes room a clinician may need for new clips); 0 when it is elsewhere or gone."""
    try:
        state = json.loads((data.root / STATE_FILE).read_text(encoding="utf-8"))
        on_this_disk = os.stat(state["folder"]).st_dev == os.stat(data.root).st_dev
        return int(state.get("bytes", 0)) if on_this_disk else 0
    except (OSError, ValueError, KeyError, TypeError):
        return 0
