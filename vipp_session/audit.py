"""audit.log: who opened, exported or erased what, and when (one JSON object per line).

It names families by their pseudonymous id only, never a child's name.
"""

from __future__ import annotations

import json
import logging
import os
from datetime import datetime

from vipp_session.fsutil import is_disk_problem, plain_write_errors, write_problem
from vipp_session.paths import DataDir

log = logging.getLogger(__name__)


def record(data: DataDir, action: str, family: str | None = None, **detail) -> bool:
    """Note an action that has happened. If audit.log cannot be written (a full or read-only
    disk), the action still happened: say so in a warning rather than report it as failed.
    Commands that must not act unrecorded call `check_writable` first."""
    return record_each(data, action, [family], **detail)


def record_each(data: DataDir, action: str, families: list[str | None], **detail) -> bool:
    """`record` for each of `families` (one line each), written and flushed to disk at once."""
    if not families:
        return True
    when, user = datetime.now().isoformat(timespec="seconds"), _user()
    line = "".join(json.dumps({"time": when, "user": user, "action": action, "family": family,
                               **detail}, ensure_ascii=False) + "\n" for family in families)
    family = families[0] if len(families) == 1 else f"{families[0]} and others"
    try:
        data.root.mkdir(mode=0o700, parents=True, exist_ok=True)
        _append(data, line.encode("utf-8"))
    except OSError as exc:
        if not is_disk_problem(exc):
            raise
        log.warning("'%s' (family %s) was done but could not be noted in audit.log: %s",
                    action, family, write_problem(exc, data.root, "It was still done"))
        return False
    return True


def check_writable(data: DataDir) -> None:
    """Refuse, with a plain reason, to start an action that audit.log could not record."""
    if not data.root.is_dir():
        return  # no family yet: the action itself says so, and writes nothing
    if not data.audit_log.exists():
        data.ensure_writable()  # leaves nothing behind
        return
    with plain_write_errors(data.root):
        _append(data, b"")


def _append(data: DataDir, raw: bytes) -> None:
    fd = os.open(data.audit_log, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        if os.fstat(fd).st_mode & 0o077:
            os.fchmod(fd, 0o600)  # an older audit.log may be readable by others
        if raw:
            os.write(fd, raw)
            os.fsync(fd)
    finally:
        os.close(fd)


def _user() -> str:
    import getpass  # only when something is recorded: reading commands never need it

    try:
        return getpass.getuser()
    except Exception:  # no login name (some containers): still log the event
        return "unknown"
