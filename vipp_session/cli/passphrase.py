"""vipp-session passphrase set"""

from __future__ import annotations

import getpass
import sys

from vipp_session.cli.lazy import service
from vipp_session.cli.output import say
from vipp_session.errors import BadInput

passphrase = service("passphrase")


def register(sub, common) -> None:
    p = sub.add_parser("passphrase", help="set the sign-in passphrase")
    psub = p.add_subparsers(dest="passphrase_command", metavar="ACTION")
    psub.required = True
    s = psub.add_parser("set", parents=[common], help="set or change it (typed twice)")
    s.set_defaults(handler=_set)


def _read_twice() -> tuple[str, str]:
    if sys.stdin.isatty():
        return getpass.getpass("New passphrase: "), getpass.getpass("Type it again: ")
    lines = sys.stdin.read().splitlines()
    if len(lines) < 2:
        raise BadInput("Give the passphrase twice, on two lines of standard input.")
    return lines[0], lines[1]


def _set(args) -> int:
    first, second = _read_twice()
    passphrase.set_passphrase(args.data, first, second)
    say("Passphrase set. It is stored only as a hash; keep it somewhere safe.")
    return 0
