"""Erasing that cannot be left half-done.

An erase first renames the family's folder to families/.erasing-<code>-<pid> (so a
half-finished erase never looks like a family), then removes it and the family's
uploads, holding the data folder's erase lock (families/.erase.lock) from before the
rename to the last file. A leftover .erasing-* folder whose eraser no longer holds the
lock was cut short (killed, a power cut): `finish_interrupted_erases` removes it and
notes it in audit.log. The store calls it before every read, change and erase, and the
app's server at its start and twice a second, so a family is never left half-erased.
A family whose adding was cut short (families/.new-<code>-<pid>, whose process has
stopped) goes the same way: its staging folder holds a name too.
"""

from __future__ import annotations

import logging
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from vipp_session import audit
from vipp_session.paths import DataDir, is_safe_id

ERASING_PREFIX = ".erasing-"
CREATING_PREFIX = ".new-"
log = logging.getLogger(__name__)


def finish_interrupted_erases(data: DataDir) -> list[str]:
    """Finish any erase a stopped process left half-done; returns the family codes erased.

    Cheap when there is nothing to do (one listing of the families folder); it waits for
    no one: an erase under way in another process finishes its own work."""
    if not leftovers(data):
        return []
    from filelock import Timeout  # only when there is something to finish

    try:
        with erasing(data, timeout=0) as finished:
            return finished
    except Timeout:
        return []
    except OSError as exc:  # a read-only data folder: nothing can be erased now
        log.warning("an interrupted erase could not be finished (%s)", exc.strerror or exc)
        return []


@contextmanager
def erasing(data: DataDir, timeout: float) -> Iterator[list[str]]:
    """Hold the data folder's erase lock, having finished any interrupted erase (their
    family codes are yielded)."""
    from filelock import FileLock

    data.families_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    with FileLock(str(data.families_dir / ".erase.lock"), timeout=timeout, mode=0o600):
        finished = []
        for leftover in leftovers(data):  # its process stopped: no lock is held
            remove_tree(leftover)
            if leftover.name.startswith(CREATING_PREFIX):
                continue  # a family never added: nothing to record
            family_id = leftover.name[len(ERASING_PREFIX):].rsplit("-", 1)[0]
            if is_safe_id(family_id):
                remove_tree(data.uploads_dir(family_id))
            audit.record(data, "family erase finished", family_id)
            finished.append(family_id)
        try:
            yield finished
        finally:
            forget_ids(data)


def forget_ids(data: DataDir) -> None:
    """Remove the id index (id_index.py), which names families; it is rebuilt when next needed.
    The caseload index loses the erased families' entries (it holds their names)."""
    from vipp_session import caseload_index  # it reads families through the store

    try:
        data.id_index.unlink()
    except FileNotFoundError:
        pass
    caseload_index.forget_erased(data)


def leftovers(data: DataDir) -> list[Path]:
    """Erases cut short, and additions cut short by a process that has stopped."""
    try:
        names = os.listdir(data.families_dir)
    except (FileNotFoundError, NotADirectoryError):
        return []
    return [data.families_dir / n for n in names if n.startswith(ERASING_PREFIX)
            or (n.startswith(CREATING_PREFIX) and not _pid_alive(n.rsplit("-", 1)[-1]))]


def was_cut_short(data: DataDir, family_id: str) -> bool:
    return any(p.name.startswith(f"{ERASING_PREFIX}{family_id}-") for p in leftovers(data))


def _pid_alive(pid: str) -> bool:
    try:
        os.kill(int(pid), 0)
    except (ValueError, ProcessLookupError):
        return False
    except PermissionError:  # someone else's process
        return True
    return True


def remove_tree(folder: Path) -> None:
    """Remove a folder and everything in it; parts another process removed first are fine."""
    def gone_already(function, path, exc_info):
        if not isinstance(exc_info[1], FileNotFoundError):
            raise exc_info[1]

    if folder.exists():
        shutil.rmtree(folder, onerror=gone_already)
