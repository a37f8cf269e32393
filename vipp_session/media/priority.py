"""Long video work at the lowest CPU priority the platform offers, so the pages stay quick.

A transcode keeps both of a laptop's cores busy for minutes. It runs in a thread of its
own whose scheduling is lowered before it starts: on Linux, SCHED_IDLE (it gets the CPU
only when nothing else wants it), else nice 19. On Linux both are per thread and are
inherited by the threads it creates, such as FFmpeg's codec threads, and the process's
other threads (the app's pages) keep their priority. Elsewhere the work runs at the
priority it was given (changing the priority there would change the whole process's).

A thread cannot raise its priority again without privileges, which is why the work gets
a new thread rather than lowering the caller's (a pooled thread would stay slow).
"""

from __future__ import annotations

import logging
import os
import sys
import threading
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")
log = logging.getLogger(__name__)
LOWEST_NICE = 19


def lower_this_thread() -> str:
    """Lower the calling thread's CPU priority as far as it goes; returns what was done."""
    if not sys.platform.startswith("linux"):
        return "unchanged"
    tid = threading.get_native_id()
    try:
        os.sched_setscheduler(tid, os.SCHED_IDLE, os.sched_param(0))
        return "SCHED_IDLE"
    except (AttributeError, OSError):
        pass
    try:
        os.setpriority(os.PRIO_PROCESS, tid, LOWEST_NICE)
        return f"nice {LOWEST_NICE}"
    except OSError as exc:
        log.info("the import's priority could not be lowered (%s)", exc.strerror or exc)
        return "unchanged"


def at_lowest_priority(work: Callable[..., T], *args, stop: threading.Event | None = None,
                       **kwargs) -> T:
    """`work(*args, **kwargs)` in a thread of its own at the lowest CPU priority; returns
    what it returns and raises what it raises. The caller waits, as for a plain call; if
    the wait is interrupted (Ctrl-C), `stop` is set and the work is waited for to end, so
    nothing goes on writing after the caller has cleaned up."""
    outcome: dict[str, object] = {}

    def run() -> None:
        lower_this_thread()
        try:
            outcome["value"] = work(*args, **kwargs)
        except BaseException as exc:  # handed to the caller, who raises it
            outcome["error"] = exc

    worker = threading.Thread(target=run, name="vipp-low-priority", daemon=True)
    worker.start()
    try:
        worker.join()
    except BaseException:
        if stop is not None:
            stop.set()
        worker.join()
        raise
    if "error" in outcome:
        raise outcome["error"]  # type: ignore[misc]
    return outcome["value"]  # type: ignore[return-value]


class Either:
    """A stop signal set when any of its events is (a person's cancel, or an interrupted
    wait for the work), for work that looks at `cancel.is_set()` as it goes."""

    def __init__(self, *events):
        self.events = [e for e in events if e is not None]

    def is_set(self) -> bool:
        return any(e.is_set() for e in self.events)
