"""The command line: argument parsing only; the work is done by the services.

Exit codes: 0 success, 2 bad input (one plain line on stderr, nothing
written), 1 unexpected failure (a short message; the detail goes to a log file).
"""

from __future__ import annotations

import argparse
import importlib
import sys
from datetime import datetime
from pathlib import Path

from vipp_session import __version__
from vipp_session.cli.lazy import module
from vipp_session.errors import BadInput

# imported once they are needed: after parsing (--version and --help stop before), or for the
# crash log
logging, tempfile, traceback = module("logging"), module("tempfile"), module("traceback")

# the module that registers each command: a command line builds only its own command's parser
# (any other word, --help or a mistake builds them all, so usage messages stay complete)
COMMAND_MODULE = {"family": "family", "session": "session", "import": "clips", "clip": "clips",
                  "still": "moments", "moment": "moments", "suggest": "suggest",
                  "manual": "manual", "summary": "summary", "review": "review",
                  "passphrase": "passphrase", "serve": "serve", "demo": "serve",
                  "copies": "copies", "tone": "tone", "backup": "backup", "restore": "backup",
                  "film": "film", "week": "week", "calendar": "calendar",
                  "settings": "settings", "keepsake": "keepsake", "disk": "disk", "tidy": "tidy"}
# each module adds its own sub-commands with register(subparsers, common)
COMMAND_MODULES = list(dict.fromkeys(COMMAND_MODULE.values()))


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # usage mistakes are bad input too: exit 2, one line
        self.exit(2, f"vipp-session: {message} (see --help)\n")


def _modules_for(argv: list[str] | None) -> list[str]:
    """The command modules the parser needs for this command line."""
    if argv is None:
        return COMMAND_MODULES
    words = iter(argv)
    for word in words:
        if word == "--data":
            next(words, None)
        elif word == "--version":
            return []
        elif word == "--json" or word.startswith("--data="):
            continue
        else:
            module = COMMAND_MODULE.get(word)
            return [module] if module in COMMAND_MODULES else COMMAND_MODULES
    return COMMAND_MODULES


def build_parser(argv: list[str] | None = None) -> argparse.ArgumentParser:
    """The parser for this command line (every command when argv is None)."""
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
    for name in _modules_for(argv):
        importlib.import_module(f"vipp_session.cli.{name}").register(sub, common)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = build_parser(argv)
    args = parser.parse_args(argv)
    from vipp_session.paths import DataDir, resolve_data_dir

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
