"""The command line: argument parsing only; the work is done by the services.

Exit codes: 0 success, 2 bad input (one plain line on stderr, nothing
written), 1 unexpected failure (a short message; the detail goes to a log file).
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
import tempfile
import traceback
from datetime import datetime
from pathlib import Path

from vipp_session import __version__
from vipp_session.errors import BadInput
from vipp_session.paths import DataDir, resolve_data_dir

# each module adds its own sub-commands with register(subparsers, common)
COMMAND_MODULES = ["family", "session", "clips", "moments", "suggest", "manual", "summary",
                   "review", "passphrase", "serve", "copies"]


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # usage mistakes are bad input too: exit 2, one line
        self.exit(2, f"vipp-session: {message} (see --help)\n")


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--data",
        metavar="DIR",
        default=argparse.SUPPRESS,
        help="data folder (default: $VIPP_DATA, else your user data folder)",
    )
    common.add_argument(
        "--json", action="store_true", default=argparse.SUPPRESS, help="print JSON on stdout"
    )
    parser = _Parser(
        prog="vipp-session",
        description="Prepare and give video feedback to parents, on your own machine.",
        parents=[common],
    )
    parser.add_argument("--version", action="version", version=f"vipp-session {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True
    for name in COMMAND_MODULES:
        importlib.import_module(f"vipp_session.cli.{name}").register(sub, common)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    args.data_given = bool(getattr(args, "data", None))
    args.data = DataDir(resolve_data_dir(getattr(args, "data", None)))
    args.json = getattr(args, "json", False)
    from vipp_session.fsutil import keep_new_files_private

    keep_new_files_private(args.data.root)  # 0600 files and 0700 folders, whatever the umask
    logging.basicConfig(level=logging.WARNING, format="%(message)s", stream=sys.stderr)
    try:
        return args.handler(args) or 0
    except BadInput as exc:
        print(f"vipp-session: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # output piped into `head` and the like: not a failure
        sys.stderr.close()
        return 0
    except KeyboardInterrupt:
        print("vipp-session: stopped.", file=sys.stderr)
        return 130
    except Exception as exc:  # anything unexpected: short message, detail in the log
        from vipp_session.crashlog import report_failure

        return report_failure(args.data, args.command, exc)
