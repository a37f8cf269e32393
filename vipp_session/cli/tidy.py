"""vipp-session tidy [--dry-run] [--yes] [--json]"""

from __future__ import annotations

import sys

from vipp_session.cli.lazy import service
from vipp_session.cli.output import emit, say
from vipp_session.errors import BadInput

tidying, words = service("tidy"), service("words")


def register(sub, common) -> None:
    s = sub.add_parser("tidy", parents=[common],
                       help="remove the originals your service no longer keeps (their browser "
                            "copies and stills stay); lists them first")
    s.add_argument("--dry-run", action="store_true",
                   help="only list what would be removed and what it frees")
    s.add_argument("--yes", action="store_true", help="remove them without asking")
    s.set_defaults(handler=_tidy)


def _tidy(args) -> int:
    plan = tidying.plan_tidy(args.data)
    if not plan.policy:
        emit(args, plan.to_dict(), "Originals are always kept (settings keep_originals and "
                                   "keep_originals_days), so there is nothing to tidy.")
        return 0
    if not plan.items:
        emit(args, plan.to_dict(), f"{plan.policy} None is due to go now.")
        return 0
    listing = _listing(plan, "would free")
    if args.dry_run:
        emit(args, plan.to_dict(), listing)
        return 0
    if not args.yes:
        if args.json or not sys.stdin.isatty():
            raise BadInput(f"{_count(plan)} would be removed, freeing "
                           f"{words.size(plan.bytes)}; nothing was removed. Add --yes to "
                           "remove them, or --dry-run to list them.")
        say(listing)
        answer = input("Remove these originals? Their browser copies and stills stay. "
                       "Type yes to remove them: ")
        if answer.strip().lower() != "yes":
            say("Nothing was removed.")
            return 0
    done = tidying.tidy(args.data, plan)
    emit(args, {**done.to_dict(), "removed": True},
         f"Removed {_count(done)}, freeing {words.size(done.bytes)}. Their browser copies and "
         "stills are kept; new stills come from the browser copies.")
    return 0


def _count(plan) -> str:
    n = len(plan.items)
    return f"{n} original{'s' if n != 1 else ''} of {len(plan.families)} " \
           f"famil{'y' if len(plan.families) == 1 else 'ies'}"


def _listing(plan, frees: str) -> str:
    lines = [plan.policy, f"{_count(plan)} {frees} {words.size(plan.bytes)}:"]
    for item in plan.items:
        lines.append(f"  {item.family:<8} {item.file}  (session {item.session}, "
                     f"{words.size(item.bytes)}): {item.why}")
    return "\n".join(lines)
