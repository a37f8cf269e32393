"""Snapshots: the sealed list of what one backup holds, written last.

`snapshots/<number>-<random>`: every file's path in the data folder, size, modification time and
chunk names, compressed and sealed. A snapshot is written only after all its chunks are on
disk (temp, fsync, rename), so any snapshot that can be read is a whole backup.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from vipp_session.backup.chunks import make_private_dirs
from vipp_session.backup.crypto import Keys
from vipp_session.fsutil import fsync_dir

FORMAT = 1


@dataclass(frozen=True)
class FileEntry:
    path: str  # relative to the data folder, with /
    size: int
    mtime_ns: int
    chunks: list[str]


@dataclass
class Snapshot:
    id: str
    created: str  # ISO time, UTC
    files: list[FileEntry] = field(default_factory=list)
    sequence: int = 0  # one more than the snapshot before it: orders backups made in one second

    @property
    def families(self) -> list[str]:
        return sorted({f.path.split("/")[1] for f in self.files
                       if f.path.startswith("families/") and f.path.count("/") >= 2})

    def chunk_names(self) -> set[str]:
        return {name for f in self.files for name in f.chunks}

    @property
    def size(self) -> int:
        return sum(f.size for f in self.files)


def new_id(sequence: int) -> str:
    """A snapshot's name: its place among the backups, then random. The name is bound to the
    snapshot's sealing (it cannot be renamed unnoticed), so the newest can be found without
    opening every snapshot: a weekly backup makes 52 a year, each listing every file."""
    return f"{sequence:08d}-{secrets.token_hex(8)}"


_NUMBERED = re.compile(r"(\d{8})-[0-9a-f]{16}")


def maybe_newest(ids: list[str]) -> list[str]:
    """The snapshots that may be the newest: the highest-numbered, and any named before names
    carried a number (which must be opened to know their place)."""
    numbered = [i for i in ids if _NUMBERED.fullmatch(i)]
    unnumbered = [i for i in ids if not _NUMBERED.fullmatch(i)]
    return unnumbered + ([max(numbered)] if numbered else [])


def order(snapshot: Snapshot) -> tuple:
    """Oldest first: by sequence, then time, then name."""
    return snapshot.sequence, snapshot.created, snapshot.id


def snapshots_dir(root: Path) -> Path:
    return root / "snapshots"


def write_snapshot(root: Path, keys: Keys, snapshot: Snapshot) -> None:
    """Seal and write a snapshot: temp, fsync, rename, fsync the folder."""
    folder = snapshots_dir(root)
    make_private_dirs(folder)
    # vars(), not asdict(): asdict deep-copies every list (60 ms for 400 files here)
    raw = json.dumps({"format": FORMAT, "id": snapshot.id, "created": snapshot.created,
                      "files": [vars(f) for f in snapshot.files], "sequence": snapshot.sequence},
                     separators=(",", ":"))
    sealed = keys.seal(zlib.compress(raw.encode("utf-8"), 6), _context(snapshot.id))
    temp = folder / f".tmp-{snapshot.id}"
    try:
        with open(os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb") as f:
            f.write(sealed)
            f.flush()
            os.fsync(f.fileno())
        os.replace(temp, folder / snapshot.id)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    fsync_dir(folder)


def snapshot_ids(root: Path) -> list[str]:
    folder = snapshots_dir(root)
    if not folder.is_dir():
        return []
    return sorted(p.name for p in folder.iterdir() if not p.name.startswith("."))


def read_snapshot(root: Path, keys: Keys, snapshot_id: str) -> Snapshot:
    """One snapshot; crypto.Unreadable if it was changed or damaged."""
    sealed = (snapshots_dir(root) / snapshot_id).read_bytes()
    raw = json.loads(zlib.decompress(keys.open(sealed, _context(snapshot_id))))
    files = [FileEntry(**f) for f in raw["files"]]
    return Snapshot(id=raw["id"], created=raw["created"], files=files,
                    sequence=raw.get("sequence", 0))


def read_snapshots(root: Path, keys: Keys) -> list[Snapshot]:
    """Every snapshot, oldest first."""
    return sorted((read_snapshot(root, keys, i) for i in snapshot_ids(root)), key=order)


def read_newest(root: Path, keys: Keys) -> Snapshot | None:
    """The newest snapshot, opening as few as can tell."""
    found = [read_snapshot(root, keys, i) for i in maybe_newest(snapshot_ids(root))]
    return max(found, key=order) if found else None


def remove_snapshot(root: Path, snapshot_id: str) -> None:
    (snapshots_dir(root) / snapshot_id).unlink(missing_ok=True)


def _context(snapshot_id: str) -> bytes:
    return f"snapshot:{snapshot_id}".encode("ascii")
