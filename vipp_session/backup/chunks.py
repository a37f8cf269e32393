"""The chunk store: sealed pieces of files, each named by a keyed hash of its content.

`chunks/<first two letters>/<name>`. A chunk is written to a temp file, flushed to disk and
only then renamed to its name, so a chunk that has a name is whole (the flush is one for all
the chunks of a backup). The same content always
gets the same name, so a piece already in the store is never written again.

Where the disk allows it (Linux's O_DIRECT), a backup's pieces go to the disk past the page
cache: copying gigabytes into the cache cost more CPU here than sealing them, and the flush
at the end then had all of it still to write. Disks and systems that refuse (tmpfs, macOS,
Windows) get ordinary writes; the flush before naming is the same either way.
"""

from __future__ import annotations

import ctypes
import errno
import mmap
import os
import secrets
from pathlib import Path

from vipp_session.backup.crypto import Keys, Unreadable
from vipp_session.fsutil import fsync_dir

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None

TEMP_PREFIX = ".tmp-"
BLOCK = 4096  # writes past the page cache need memory, lengths and offsets in whole blocks
# Smaller pieces (thumbnails, records) go through the cache: the one flush before naming
# writes them all together, where past the cache each would wait for the disk on its own.
DIRECT_FROM = 1024 * 1024
_DIRECT = getattr(os, "O_DIRECT", 0) if fcntl is not None else 0


def whole_blocks(size: int) -> int:
    return -(-size // BLOCK) * BLOCK


def aligned_buffer(size: int) -> memoryview:
    """`size` bytes (and the rest of the last block) starting on a page boundary, as writes
    past the page cache need (anonymous mmap memory always starts on one)."""
    return memoryview(mmap.mmap(-1, whole_blocks(size)))


def make_private_dirs(folder: str | os.PathLike) -> None:
    """Like os.makedirs, but every folder it makes is 0700, not only the last."""
    folder = os.fspath(folder)
    if not os.path.isdir(folder):
        make_private_dirs(os.path.dirname(folder))
        try:
            os.mkdir(folder, 0o700)
        except FileExistsError:  # made by another thread meanwhile
            pass


class MissingChunk(Exception):
    """A chunk a snapshot needs is not in the store."""


class ChunkStore:
    def __init__(self, root: Path, keys: Keys):
        self.dir = root / "chunks"
        self.keys = keys
        self.direct = bool(_DIRECT)  # until the disk refuses writes past the page cache
        self._made: set[str] = set()  # folders known to be there (one look each, not one a chunk)

    def path(self, name: str) -> Path:
        return self.dir / name[:2] / name

    def names(self) -> set[str]:
        """Every whole chunk in the store."""
        if not self.dir.is_dir():
            return set()
        return {p.name for sub in self.dir.iterdir() if sub.is_dir()
                for p in sub.iterdir() if not p.name.startswith(".")}

    def write_temp(self, name: str, sealed: bytes | memoryview,
                   buffer: memoryview | None = None) -> Path:
        """Write sealed chunk `name` (see `seal_context`) into a temp file beside where it
        goes; `commit` names it. `buffer`: an `aligned_buffer` that `sealed` starts, whose
        whole blocks can then be written past the page cache."""
        folder = self.dir / name[:2]
        if name[:2] not in self._made:
            make_private_dirs(folder)
            self._made.add(name[:2])
        temp = folder / f"{TEMP_PREFIX}{name}-{secrets.token_hex(4)}"
        try:
            with open(os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb") as f:
                if not (buffer is not None and self.direct and len(sealed) >= DIRECT_FROM
                        and self._write_direct(f.fileno(), buffer, len(sealed))):
                    f.write(sealed)
        except BaseException:
            temp.unlink(missing_ok=True)
            raise
        return temp

    def _write_direct(self, fd: int, buffer: memoryview, length: int) -> bool:
        """Write the first `length` bytes of `buffer` past the page cache: whole blocks, then
        the file cut to `length`. False, with nothing written, where the disk refuses."""
        try:
            fcntl.fcntl(fd, fcntl.F_SETFL, fcntl.fcntl(fd, fcntl.F_GETFL) | _DIRECT)
        except OSError:
            self.direct = False
            return False
        view, done = buffer[:whole_blocks(length)], 0
        try:
            while done < len(view):
                done += os.write(fd, view[done:])
        except OSError as exc:
            if exc.errno != errno.EINVAL:  # e.g. a full disk: the backup stops and says so
                raise
            # a disk with blocks bigger than BLOCK, or one that takes O_DIRECT and then
            # refuses its writes: ordinary writes from now on
            self.direct = False
            fcntl.fcntl(fd, fcntl.F_SETFL, fcntl.fcntl(fd, fcntl.F_GETFL) & ~_DIRECT)
            os.ftruncate(fd, 0)
            os.lseek(fd, 0, os.SEEK_SET)
            return False
        os.ftruncate(fd, length)
        return True

    def commit(self, temps: list[Path]) -> None:
        """Give written temp chunks their names, once their content is on disk.

        One flush of the whole disk (syncfs) instead of one per chunk: far quicker, and the
        order is the same: content on disk, then names, then names on disk.
        """
        flush_disk(self.dir, temps)
        for temp in temps:
            os.replace(temp, temp.with_name(temp.name[len(TEMP_PREFIX):].rsplit("-", 1)[0]))
        flush_disk(self.dir, [])

    @staticmethod
    def seal_context(name: str) -> bytes:
        """What a chunk's sealing is bound to: its name, so no chunk can stand in for another."""
        return name.encode("ascii")

    def read(self, name: str) -> bytes:
        """A chunk's content, checked: MissingChunk, or Unreadable if it was changed or damaged."""
        try:
            sealed = self.path(name).read_bytes()
        except FileNotFoundError:
            raise MissingChunk(name) from None
        content = self.keys.open(sealed, self.seal_context(name))
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



def flush_disk(folder: Path, files: list[Path]) -> None:
    """Put everything written on `folder`'s disk onto it: syncfs where there is one (Linux),
    else each of `files` and the folders they are in."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        if _syncfs is not None:
            if _syncfs(fd) != 0:
                code = ctypes.get_errno()
                raise OSError(code, os.strerror(code))
            return
    finally:
        os.close(fd)
    for path in files:
        with open(path, "rb+") as f:
            os.fsync(f.fileno())
    for sub in {p.parent for p in files} | {folder}:
        fsync_dir(sub)


def _find_syncfs():
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.syncfs
    except (OSError, AttributeError):
        return None


_syncfs = _find_syncfs()
