"""A backup folder: its clear header, its passphrase, its chunks and snapshots.

```
vipp-backup.json   the only clear file: format version, argon2id salt and settings, how
                   chunks are named, and a sealed check value that tells a wrong passphrase
                   from a right one (version 1: HMAC-SHA256 names; version 2: named in
                   "names")
chunks/            sealed pieces of files (chunks.py)
snapshots/         sealed lists of what each backup holds (snapshot.py)
```

Folders are named as the person gave them in every message.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from vipp_session.backup.chunks import ChunkStore
from vipp_session.backup.crypto import NAMES_BLAKE3, NAMES_HMAC_SHA256, KdfParams, Keys, \
    Unreadable, derive_keys
from vipp_session.backup.snapshot import Snapshot, read_newest, read_snapshots
from vipp_session.errors import BadInput
from vipp_session.fsutil import atomic_write_text

HEADER = "vipp-backup.json"
FORMAT = "vipp-session backup"
VERSION = 2
VERSIONS = {1, 2}  # every version this program reads
_CHECK = b"vipp-session backup key check"


@dataclass
class BackupFolder:
    root: Path
    given: str  # as the person wrote it, for messages
    keys: Keys

    @property
    def chunks(self) -> ChunkStore:
        return ChunkStore(self.root, self.keys)

    def snapshots(self) -> list[Snapshot]:
        """Every whole snapshot, oldest first."""
        with self._trusted():
            return read_snapshots(self.root, self.keys)

    def latest(self) -> Snapshot | None:
        with self._trusted():
            return read_newest(self.root, self.keys)

    @contextmanager
    def _trusted(self) -> Iterator[None]:
        try:
            yield
        except Unreadable:
            raise BadInput(f"A list of what the backup in {self.given} holds was changed or "
                           "damaged since it was written; the backup cannot be trusted. "
                           "Make a new backup to another folder.") from None


def absolute(given: str | os.PathLike) -> Path:
    if not str(given).strip():
        raise BadInput("Choose the backup folder (for example a USB disk or a network folder).",
                       field="folder")
    return Path(os.path.abspath(os.path.expanduser(str(given).strip())))


def is_backup_folder(given: str | os.PathLike) -> bool:
    return (absolute(given) / HEADER).is_file()


def check_writable(given: str | os.PathLike) -> Path:
    """The folder (made if its parent exists) once it is known to take new files."""
    root = absolute(given)
    if root.exists() and not root.is_dir():
        raise BadInput(f"{given} is a file, not a folder; choose a folder.", field="folder")
    if not root.parent.is_dir():
        raise BadInput(f"There is no folder {root.parent}; is the disk plugged in? "
                       "Check the path.", field="folder")
    try:
        root.mkdir(mode=0o700, exist_ok=True)
        probe = root / f".write-test-{os.getpid()}"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        raise BadInput(f"The folder {given} cannot be written to ({exc.strerror or exc}); is "
                       "the disk locked or read-only?", field="folder") from None
    return root


def create(given: str | os.PathLike, passphrase: str, names: str = NAMES_BLAKE3) -> BackupFolder:
    """Start a new backup in an empty (or new) folder, sealed with `passphrase`; `names`: how
    its chunks are named (HMAC-SHA256 names make a version 1 backup, as older programs did)."""
    root = check_writable(given)
    if any(p.name != HEADER and not p.name.startswith(".") for p in root.iterdir()):
        raise BadInput(f"The folder {given} already holds other files; choose an empty folder "
                       "for a new backup.", field="folder")
    params = KdfParams.new()
    keys = derive_keys(passphrase, params, names)
    header = {"format": FORMAT, "version": 1, "kdf": params.to_dict()}
    if names != NAMES_HMAC_SHA256:
        header.update(version=VERSION, names=names)
    header["check"] = keys.seal(_CHECK, b"header").hex()
    atomic_write_text(root / HEADER, json.dumps(header, indent=2))
    return BackupFolder(root, str(given), keys)


def open_folder(given: str | os.PathLike, passphrase: str) -> BackupFolder:
    """An existing backup, once the passphrase is known to be its own."""
    root = absolute(given)
    if not root.is_dir():
        raise BadInput(f"There is no folder {given}; is the disk plugged in? Check the path.",
                       field="folder")
    try:
        header = json.loads((root / HEADER).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BadInput(f"The folder {given} holds no vipp-session backup.",
                       field="folder") from None
    except (OSError, ValueError):
        raise BadInput(f"The backup header in {given} cannot be read; the backup is damaged.",
                       field="folder") from None
    names = NAMES_HMAC_SHA256 if header.get("version") == 1 else header.get("names")
    if header.get("format") != FORMAT or header.get("version") not in VERSIONS \
            or names not in (NAMES_BLAKE3, NAMES_HMAC_SHA256):
        raise BadInput(f"The backup in {given} was made by another version of vipp-session "
                       f"(format {header.get('version')!r}); update the program to read it.",
                       field="folder")
    try:
        params, check = KdfParams.from_dict(header["kdf"]), bytes.fromhex(header["check"])
    except (KeyError, TypeError, ValueError):
        raise BadInput(f"The backup header in {given} is damaged; the backup cannot be opened.",
                       field="folder") from None
    keys = derive_keys(passphrase, params, names)
    try:
        keys.open(check, b"header")
    except Unreadable:
        raise BadInput(f"That is not the passphrase of the backup in {given}.",
                       field="passphrase") from None
    return BackupFolder(root, str(given), keys)
