"""Crash-safe file writing (a reader sees the old file or the new one, never half of one),
and files for this user's eyes only (0600 files, 0700 folders)."""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from vipp_session.errors import BadInput

PRIVATE_UMASK = 0o077  # whatever the app creates: files 0600, folders 0700


def fsync_dir(folder: Path) -> None:
    """Make a rename inside `folder` durable (a no-op where folders cannot be opened)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # Windows cannot open folders; NTFS renames are journalled
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write to a temp file beside `path`, fsync it, rename it over `path`, fsync the folder.

    On any failure (a full disk included) the temp file is removed and `path`
    is left as it was.
    """
    path = Path(path)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as tmp:
            tmp.write(data)
            tmp.flush()
            os.fsync(tmp.fileno())
        os.replace(tmp_name, path)
    except BaseException as exc:
        try:
            os.unlink(tmp_name)
        except FileNotFoundError:
            pass
        if isinstance(exc, OSError) and exc.filename is None:  # a write names no file
            raise OSError(exc.errno, exc.strerror, str(path)) from exc
        raise
    fsync_dir(path.parent)


def atomic_write_text(path: Path, text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))


def make_private_dir(folder: Path) -> None:
    """Create `folder` (and its parents) for this user only; tighten one that was more open."""
    folder = Path(folder)
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    if folder.stat().st_mode & 0o077:
        folder.chmod(0o700)


def keep_new_files_private(root: Path | None = None) -> None:
    """From now on this process creates files and folders for this user only, whatever the
    umask it was started with (PyAV, NiceGUI and file locks included); and the data folder
    `root`, if it exists, is closed to others even if it was made more open."""
    os.umask(PRIVATE_UMASK)
    if root is not None:
        try:
            if Path(root).stat().st_mode & 0o077:
                Path(root).chmod(0o700)
        except OSError:  # not there yet, or not ours to change: created private when needed
            pass


def make_tree_private(root: Path) -> int:
    """Close to others every file and folder under `root` that an older version, a copy or
    a restore left more open; returns how many were changed (symbolic links are left)."""
    changed = 0
    for folder, dirs, files in os.walk(root):
        for name in [folder, *(os.path.join(folder, n) for n in dirs + files)]:
            try:
                st = os.lstat(name)
                if stat.S_ISLNK(st.st_mode) or not st.st_mode & 0o077:
                    continue
                os.chmod(name, 0o700 if stat.S_ISDIR(st.st_mode) else st.st_mode & 0o700)
                changed += 1
            except OSError:
                continue
    return changed


class CannotWrite(BadInput):
    """A full disk, a read-only disk or a folder we may not write to: a plain reason, exit 2."""


_FULL = {errno.ENOSPC, errno.EDQUOT}
_READ_ONLY = {errno.EROFS}
_REFUSED = {errno.EACCES, errno.EPERM}


def is_disk_problem(exc: BaseException) -> bool:
    return isinstance(exc, OSError) and exc.errno in _FULL | _READ_ONLY | _REFUSED


@contextmanager
def plain_write_errors(data_root: Path, done: str = "Nothing was changed") -> Iterator[None]:
    """Turn a full disk, a read-only disk or a refused write inside the block into a plain
    reason (CannotWrite) that names the data folder, or the user's own file outside it."""
    try:
        yield
    except OSError as exc:
        if not is_disk_problem(exc):
            raise
        raise CannotWrite(write_problem(exc, Path(data_root), done)) from None


def write_problem(exc: OSError, data_root: Path, done: str = "Nothing was changed") -> str:
    where = Path(exc.filename) if isinstance(exc.filename, (str, os.PathLike)) else None
    if where is None or where.resolve().is_relative_to(data_root.resolve()):
        thing = f"the data folder {data_root}"
    else:  # the user's own file, e.g. a PDF's -o; a temp file beside it is named by its folder
        thing = str(where.parent if where.name.endswith(".tmp") else where)
    if exc.errno in _FULL:
        return f"There is no room left on the disk for {thing}. {done}; free some space and try again."
    if exc.errno in _READ_ONLY:
        return (f"{thing[0].upper()}{thing[1:]} is on a disk that cannot be written to "
                f"(read-only). {done}.")
    return f"{thing[0].upper()}{thing[1:]} cannot be written to (permission denied). {done}."
