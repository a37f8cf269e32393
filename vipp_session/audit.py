"""audit.log: who opened, exported or erased what, and when (one JSON object per line).

It names families by their pseudonymous id only, never a child's name.
"""

from __future__ import annotations

import getpass
import json
import os
from datetime import datetime

from vipp_session.paths import DataDir


def record(data: DataDir, action: str, family: str | None = None, **detail) -> None:
    entry = {
        "time": datetime.now().isoformat(timespec="seconds"),
        "user": _user(),
        "action": action,
        "family": family,
        **detail,
    }
    data.root.mkdir(mode=0o700, parents=True, exist_ok=True)
    line = json.dumps(entry, ensure_ascii=False) + "\n"
    fd = os.open(data.audit_log, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        if os.fstat(fd).st_mode & 0o077:
            os.fchmod(fd, 0o600)  # an older audit.log may be readable by others
        os.write(fd, line.encode("utf-8"))
        os.fsync(fd)
    finally:
        os.close(fd)


def _user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name (some containers): still log the event
        return "unknown"
