"""Copy a file while computing its SHA-256, in one read of the source."""

from __future__ import annotations

import hashlib
import os
import threading
from collections.abc import Callable
from pathlib import Path

from vipp_session.media.problems import Cancelled

CHUNK = 4 * 1024 * 1024


def copy_with_sha256(
    src: Path,
    dst: Path,
    progress: Callable[[float], None] | None = None,
    cancel: threading.Event | None = None,
) -> str:
    """Copy src to a new file dst (never overwriting one) and return src's SHA-256 in hex.

    The source is only read. The copy is flushed to disk before returning.
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
        os.fsync(fout.fileno())
    return digest.hexdigest()


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()
