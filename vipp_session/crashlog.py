"""The crash log: where an unexpected failure is described for whoever investigates it.

It holds what went wrong in the program, never what anyone typed: no command
line, no exception message (either can carry a child's name, a note or a
message's words), only the time, the command's name, the exception's type
(and errno name) and the program's own file, line and function names.
It lives in the data folder's logs/ (0700, the file 0600); when that cannot
be written, in the user's own cache folder, never in a shared one like /tmp.
"""

from __future__ import annotations

import errno
import os
import sys
import traceback
from datetime import datetime
from pathlib import Path

import platformdirs

from vipp_session import __version__
from vipp_session.fsutil import is_disk_problem, make_private_dir, write_problem
from vipp_session.paths import APP_NAME, DataDir

LOG_NAME = "vipp-session-errors.log"
MAX_BYTES = 1 << 20  # then the log starts afresh, keeping one older file


def report_failure(data: DataDir, command: str | None, exc: Exception) -> int:
    """What the command line does with an exception no service turned into a plain reason:
    a full disk, a read-only disk or a refused write is still said plainly (exit 2);
    anything else is logged here (exit 1). Returns the exit status."""
    if is_disk_problem(exc):
        print(f"vipp-session: {write_problem(exc, data.root, 'It may not have been done')}",
              file=sys.stderr)
        return 2
    log_file = write_crash_log(data, command)
    print(
        f"vipp-session: something went wrong ({exc.__class__.__name__}: {exc}). "
        f"Details are in {log_file or '(no log could be written)'}.",
        file=sys.stderr,
    )
    return 1


def write_crash_log(data: DataDir, command: str | None = None) -> Path | None:
    """Describe the exception being handled; returns the log's path, or None if none could
    be written."""
    text = describe_current_exception(command)
    for folder in (data.log_dir, fallback_log_dir()):
        try:
            return _append(folder, text)
        except OSError:
            continue
    return None


def fallback_log_dir() -> Path:
    return Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False)) / "logs"


def describe_current_exception(command: str | None = None) -> str:
    exc = sys.exc_info()[1]
    when = datetime.now().isoformat(timespec="seconds")
    lines = [f"--- {when} vipp-session {__version__}" + (f" {command}" if command else "")]
    chain = []
    while exc is not None and len(chain) < 5:
        chain.append(exc)
        exc = exc.__cause__ or exc.__context__
    for n, failure in enumerate(reversed(chain)):
        if n:
            lines.append("which led to")
        lines.append(f"{_kind(failure)} (message left out: it may carry names)")
        for frame in traceback.extract_tb(failure.__traceback__):
            lines.append(f"  {_short(frame.filename)}:{frame.lineno} in {frame.name}")
    return "\n".join(lines) + "\n"


def _kind(exc: BaseException) -> str:
    kind = f"{type(exc).__module__}.{type(exc).__qualname__}".removeprefix("builtins.")
    code = getattr(exc, "errno", None)
    if isinstance(code, int) and code in errno.errorcode:
        kind += f" [{errno.errorcode[code]}]"
    return kind


def _short(filename: str) -> str:
    """The program's own files by their place in the package; others by their base name."""
    parts = Path(filename).parts
    for anchor in ("vipp_session", "site-packages"):
        if anchor in parts:
            return "/".join(parts[parts.index(anchor):])
    return Path(filename).name


def _append(folder: Path, text: str) -> Path:
    make_private_dir(folder)
    path = folder / LOG_NAME
    try:
        if path.stat().st_size > MAX_BYTES:
            os.replace(path, path.with_name(LOG_NAME + ".1"))
    except FileNotFoundError:
        pass
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_NOFOLLOW, 0o600)
    try:
        os.fchmod(fd, 0o600)  # a log left by an older version may be readable by others
        os.write(fd, text.encode("utf-8"))
        os.fsync(fd)
    finally:
        os.close(fd)
    return path
