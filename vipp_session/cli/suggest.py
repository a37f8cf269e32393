"""vipp-session suggest CLIP [--json]"""

from __future__ import annotations

import threading

from vipp_session.cli.lazy import service
from vipp_session.cli.output import emit, say
from vipp_session.cli.progress import progress_bar

clip_suggestions, suggest = service("suggestions.keep"), service("suggestions.rank")


def register(sub, common) -> None:
    s = sub.add_parser("suggest", parents=[common],
                       help="look through a clip for likely moments of connection")
    s.add_argument("clip", help="clip id, e.g. c1a2b3c4d5e")
    s.set_defaults(handler=_suggest)


def _suggest(args) -> int:
    with progress_bar(f"Looking through {args.clip}") as bar:
        found = clip_suggestions.scan_for_suggestions(args.data, args.clip, bar.update,
                                                      threading.Event())
    say(suggest.NOT_A_JUDGEMENT)
    lines = [f"{s.candidate.at:8.2f} s  {s.candidate.kind:<15} {s.candidate.reason}"
             + ("  (dismissed)" if s.dismissed else "") for s in found]
    emit(args, [s.to_dict() for s in found], "\n".join(lines) or "No likely moments found.")
    return 0
