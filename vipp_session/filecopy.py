"""Copy a file while computing its SHA-256, in one read of the source."""

from __future__ import annotations

import hashlib
import os
import threading
from collections.abc import Callable
from pathlib import Path

from vipp_session.errors import Cancelled

CHUNK = 4 * 1024 * 1024


def copy_with_sha256(
    src: Path,
    dst: Path,
    progress: Callable[[float], None] | None = None,
    cancel: threading.Event | None = None,
    fsync: bool = True,
) -> str:
    """Copy src to a new file dst (never overwriting one) and return src's SHA-256 in hex.

    The source is only read. With `fsync`, the copy is on disk before this returns;
    without, the caller flushes it (see `flush_in_background`).
    """
    digest = hashlib.sha256()
    buf = bytearray(CHUNK)
    view = memoryview(buf)
    with open(src, "rb") as fin, open(dst, "xb") as fout:
        total = max(1, os.fstat(fin.fileno()).st_size)
        done = 0
        while True:
            if cancel is not None and cancel.is_set():
                raise Cancelled()
            n = fin.readinto(buf)
            if not n:
                break
            chunk = view[:n]
            digest.update(chunk)  # hashlib lets go of the GIL for big chunks
            fout.write(chunk)
            done += n
            if progress is not None:
                progress(done / total)
        fout.flush()
        if fsync:
            os.fsync(fout.fileno())
    return digest.hexdigest()


def flush_in_background(path: Path) -> threading.Thread:
    """Start writing a file's data to disk on another thread; join() it before relying on it.

    Lets the disk work while the CPU does something else (an import flushes its
    copy of the original while it makes the proxy).
    """
    errors: list[BaseException] = []

    def flush() -> None:
        try:
            fd = os.open(path, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
        except BaseException as exc:  # reported by join()
            errors.append(exc)

    class Flush(threading.Thread):
        def join(self, timeout=None):
            super().join(timeout)
            if errors:
                raise errors[0]

    thread = Flush(target=flush, name="flush-original", daemon=True)
    thread.start()
    return thread


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()
