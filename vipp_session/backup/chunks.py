"""The chunk store: sealed pieces of files, each named by a keyed hash of its content.

`chunks/<first two letters>/<name>`. A chunk is written to a temp file, flushed to disk and
only then renamed to its name, so a chunk that has a name is whole. The same content always
gets the same name, so a piece already in the store is never written again.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from vipp_session.backup.crypto import Keys, Unreadable
from vipp_session.fsutil import fsync_dir

TEMP_PREFIX = ".tmp-"


class MissingChunk(Exception):
    """A chunk a snapshot needs is not in the store."""


class ChunkStore:
    def __init__(self, root: Path, keys: Keys):
        self.dir = root / "chunks"
        self.keys = keys

    def path(self, name: str) -> Path:
        return self.dir / name[:2] / name

    def names(self) -> set[str]:
        """Every whole chunk in the store."""
        if not self.dir.is_dir():
            return set()
        return {p.name for sub in self.dir.iterdir() if sub.is_dir()
                for p in sub.iterdir() if not p.name.startswith(".")}

    def write(self, name: str, content: bytes) -> int:
        """Seal and store `content` under `name` (temp, fsync, rename); the bytes written."""
        sealed = self.keys.seal(content, name.encode("ascii"))
        folder = self.dir / name[:2]
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        temp = folder / f"{TEMP_PREFIX}{secrets.token_hex(8)}"
        try:
            with open(temp, "xb") as f:
                f.write(sealed)
                f.flush()
                os.fsync(f.fileno())
            os.replace(temp, folder / name)
        except BaseException:
            try:
                temp.unlink()
            except OSError:
                pass
            raise
        return len(sealed)

    def read(self, name: str) -> bytes:
        """A chunk's content, checked: MissingChunk, or Unreadable if it was changed or damaged."""
        try:
            sealed = self.path(name).read_bytes()
        except FileNotFoundError:
            raise MissingChunk(name) from None
        content = self.keys.open(sealed, name.encode("ascii"))
        if self.keys.name_for(content) != name:
            raise Unreadable("content does not match its name")
        return content

    def remove(self, name: str) -> int:
        path = self.path(name)
        try:
            size = path.stat().st_size
            path.unlink()
            return size
        except FileNotFoundError:
            return 0

    def remove_temp_files(self) -> None:
        """Pieces of chunks a stopped backup left behind."""
        if self.dir.is_dir():
            for temp in self.dir.glob(f"*/{TEMP_PREFIX}*"):
                temp.unlink(missing_ok=True)

    def sync(self) -> None:
        """Make every rename in the store durable (before a snapshot may name the chunks)."""
        if self.dir.is_dir():
            for sub in self.dir.iterdir():
                fsync_dir(sub)
            fsync_dir(self.dir)
