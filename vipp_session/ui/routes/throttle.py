"""Slowing down wrong passphrases, in a way that holds when guesses come in parallel.

- One check at a time: every attempt takes the same lock, and the waits are
  decided inside it, so thirty guesses sent together are not thirty checks.
- The wait comes before the (slow, argon2) check: an attempt made too soon is
  refused at once with "try again in N s", and never reaches the check.
- Failures are counted per source (the address and the browser's own device
  cookie) and in total. A source waits after its own failures (1, 2, 4 ... s,
  up to 15 minutes); everyone waits after failures in total (from the fourth,
  1, 2, 4 ... s), but never more than a minute at a time.
- A browser that has signed in before (its source's SHA-256 is kept in
  settings.json, `known_browsers`, until the passphrase changes) is not held by
  other sources' failures at all, only by its own. This is what keeps the
  clinician's own sign-in free: device cookies cost nothing, so someone guessing
  from this laptop with a new one each time, timed to the second, could otherwise
  take every turn from a browser the app has never seen.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import math
import time
from collections.abc import Awaitable, Callable, Collection
from dataclasses import dataclass, field

from vipp_session.errors import BadInput

log = logging.getLogger(__name__)

SOURCE_WAIT_MAX = 15 * 60
TOTAL_WAIT_MAX = 60  # the longest anyone else's guessing holds a sign-in
TOTAL_FREE_FAILURES = 3


def _doubling(failures: int, free: int, most: float) -> float:
    if failures <= free:
        return 0.0
    return float(min(2 ** (failures - free - 1), most))


@dataclass
class _Count:
    failures: int = 0
    last: float = 0.0

    def wait(self, now: float, free: int, most: float) -> float:
        return max(0.0, self.last + _doubling(self.failures, free, most) - now)

    def fail(self, now: float) -> None:
        self.failures, self.last = self.failures + 1, now


@dataclass
class Attempt:
    """What became of one attempt: checked (right or wrong), or refused for `wait` seconds."""

    right: bool = False
    wait: float = 0.0

    @property
    def refused(self) -> bool:
        return self.wait > 0

    def message(self) -> str:
        if self.refused:
            return f"Too many tries. Please try again in {math.ceil(self.wait)} s."
        return "" if self.right else "That passphrase is not right. Please try again."


def digest(source: str) -> str:
    return hashlib.sha256(source.encode()).hexdigest()


@dataclass
class SignInThrottle:
    clock: Callable[[], float] = time.monotonic
    # the digests of browsers that have signed in, and how to remember a new one
    known: Callable[[], Collection[str]] | None = None
    remember: Callable[[str], None] | None = None
    _lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    _sources: dict[str, _Count] = field(default_factory=dict)
    _total: _Count = field(default_factory=_Count)
    _known: set[str] = field(default_factory=set)

    def _remember(self, browser: str) -> None:
        self._known.add(browser)
        if self.remember:
            try:
                self.remember(browser)
            except (OSError, BadInput) as exc:  # still known until the app stops
                log.warning("could not remember a signed-in browser: %s", type(exc).__name__)

    def is_known(self, source: str) -> bool:
        browser = digest(source)
        return browser in self._known or bool(self.known and browser in self.known())

    def wait_for(self, source: str) -> float:
        """Seconds before `source` may try again (0: now)."""
        now = self.clock()
        own = self._sources.get(source, _Count()).wait(now, 0, SOURCE_WAIT_MAX)
        if self.is_known(source):
            return own
        return max(own, self._total.wait(now, TOTAL_FREE_FAILURES, TOTAL_WAIT_MAX))

    async def attempt(self, source: str, check: Callable[[], Awaitable[bool]]) -> Attempt:
        async with self._lock:  # one check at a time, and the waits decided inside
            wait = self.wait_for(source)
            if wait > 0:
                return Attempt(wait=wait)
            right = await check()
            now = self.clock()
            if right:
                self._sources.pop(source, None)
                if not self.is_known(source):
                    self._remember(digest(source))
            else:
                self._sources.setdefault(source, _Count()).fail(now)
                self._total.fail(now)
            return Attempt(right=right)
