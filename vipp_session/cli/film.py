"""vipp-session film FAMILY (--session N | --all) -o OUT.mp4: a film of her moments"""

from __future__ import annotations

from vipp_session.cli.lazy import service
from vipp_session.cli.output import emit, say
from vipp_session.cli.progress import progress_bar
from vipp_session.errors import BadInput

film = service("film")


def register(sub, common) -> None:
    p = sub.add_parser(
        "film", parents=[common],
        help="make a film of a session's moments for her to keep (MP4 that plays on any phone)",
    )
    p.add_argument("family", help="family code")
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("--session", metavar="N", help="the moments prepared for session N")
    which.add_argument("--all", action="store_true", dest="every",
                       help="every session's moments, in order, in one film")
    p.add_argument("-o", "--output", required=True, metavar="OUT.mp4")
    p.add_argument("--despite-warnings", action="store_true",
                   help="make it even though the tone check found words to look at")
    p.set_defaults(handler=_film)


def _film(args) -> int:
    film.check_output(args.output)
    warnings = film.check_film_words(args.data, args.family, args.session, args.every)
    for w in warnings:
        say(f"Check {w.where}: {w.message}" + (f" ('{w.finding.words}')" if w.finding else ""))
    if any(w.finding for w in warnings) and not args.despite_warnings:
        raise BadInput("The tone check found words to look at (above); change them, or add "
                       "--despite-warnings to make the film anyway.")
    with progress_bar(f"Making {args.family}'s film") as bar:  # Ctrl-C stops it: nothing is kept
        made = film.make_film(args.data, args.family, args.output, args.session, args.every,
                              progress=bar.update, despite_warnings=args.despite_warnings)
    emit(args, made.to_dict(),
         f"Wrote {made.path} ({made.moments} moment{'s' if made.moments != 1 else ''}, "
         f"{made.seconds:.0f} s).")
    return 0
