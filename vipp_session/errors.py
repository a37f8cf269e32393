"""Errors that carry a plain reason for the person at the keyboard, and the one
"cancelled" that every long task (import, scan, copies) raises when stopped."""

from __future__ import annotations

import errno
import re

DISK_FULL_ERRNOS = {errno.ENOSPC, errno.EFBIG, errno.EDQUOT}


class BadInput(Exception):
    """Something the user gave us cannot be used. The message is shown as is.

    The command line exits with status 2; the UI shows the message next to the field.
    Whoever raises it must not have written anything yet.
    """

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


class NotFound(BadInput):
    """A family, clip or moment that does not exist (also a bad input: exit 2)."""


class DiskFull(BadInput):
    """There is no room left to write the files; the message names the person's file."""


class Cancelled(Exception):
    """The person stopped a long task (an import, a scan, copies); what it had written is gone."""


def is_disk_full(exc: BaseException) -> bool:
    """True when an error from writing a file means the disk (or the size allowed) is full."""
    while exc is not None:
        if isinstance(exc, OSError) and exc.errno in DISK_FULL_ERRNOS:
            return True
        code = getattr(exc, "errno", None)
        if isinstance(code, int) and (code in DISK_FULL_ERRNOS or -code in DISK_FULL_ERRNOS):
            return True
        exc = exc.__cause__ or exc.__context__
    return False


def without_folder(reason: str, folder: object) -> str:
    """A reason as a page shows it, without the data folder's path (it names the laptop's
    user, and a page may be on screen in someone's home): a file in it is named by its own
    name, the folder itself is "the app's data folder"."""
    root = re.escape(str(folder))
    reason = re.sub(root + r"[/\\]+(\S*[/\\])?([^\s/\\,;]+)", r"\2", reason)
    return reason.replace(f"the data folder {folder}", "the app's data folder") \
        .replace(str(folder), "the app's data folder")
