"""Reading a backup's or an exported family's passphrase: from the terminal, or from standard
input (one passphrase a line) when that is not a terminal, so scripts can give it."""

from __future__ import annotations

import getpass
import sys

from vipp_session.errors import BadInput


def _lines(needed: int, what: str) -> list[str]:
    lines = sys.stdin.read().splitlines()
    if len(lines) < needed:
        times = "twice, on two lines" if needed == 2 else "on one line"
        raise BadInput(f"Give the {what} {times} of standard input.", field="passphrase")
    return lines


def read_passphrase(what: str) -> str:
    """An existing passphrase, typed once."""
    if sys.stdin.isatty():
        return getpass.getpass(f"The {what}: ")
    return _lines(1, what)[0]


def read_new_passphrase(what: str) -> tuple[str, str]:
    """A new passphrase, typed twice."""
    if sys.stdin.isatty():
        return getpass.getpass(f"A new {what}: "), getpass.getpass("Type it again: ")
    first, second = _lines(2, what)[:2]
    return first, second
