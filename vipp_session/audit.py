"""audit.log: who opened, exported or erased what, and when (one JSON object per line).

It names families by their pseudonymous id only, never a child's name.
"""

from __future__ import annotations

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
    data.root.mkdir(parents=True, exist_ok=True)
    line = json.dumps(entry, ensure_ascii=False) + "\n"
    with open(data.audit_log, "a", encoding="utf-8") as log:
        log.write(line)
        log.flush()
        os.fsync(log.fileno())


def _user() -> str:
    import getpass  # only when something is recorded: reading commands never need it

    try:
        return getpass.getuser()
    except Exception:  # no login name (some containers): still log the event
        return "unknown"
