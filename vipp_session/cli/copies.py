"""vipp-session copies FAMILY --to DIR [--session N]: copies of the videos for the mother,
with the film of each visit's moments"""

from __future__ import annotations

from vipp_session.cli.lazy import service
from vipp_session.cli.output import emit, say
from vipp_session.cli.progress import progress_bar

copies = service("copies")


def register(sub, common) -> None:
    p = sub.add_parser(
        "copies", parents=[common],
        help="copy a family's videos for the mother (e.g. onto a USB stick), named plainly",
    )
    p.add_argument("family", help="family code")
    p.add_argument("--to", required=True, metavar="DIR", dest="to",
                   help="the folder to copy into, e.g. the USB stick")
    p.add_argument("--session", metavar="N",
                   help="only the clips filmed at session N, and the film of session N's moments")
    p.add_argument("--despite-warnings", action="store_true",
                   help="make the film of her moments even though the tone check found words "
                        "to look at")
    p.set_defaults(handler=_copies)


def _copies(args) -> int:
    with progress_bar(f"Copying {args.family}'s videos") as bar:
        done = copies.export_copies(args.data, args.family, args.to, args.session,
                                    progress=bar.update,  # Ctrl-C stops it: nothing is kept
                                    despite_warnings=args.despite_warnings)
    size = sum(c.bytes for c in done)
    lines = "\n".join(str(c.path) for c in done)
    films = sum(1 for c in done if c.clip is None)
    with_films = f", with {films} film{'s' if films != 1 else ''} of her moments" if films else ""
    say(f"Copied {len(done)} video{'s' if len(done) != 1 else ''}{with_films} "
        f"({size / 2**20:,.1f} MB).")
    emit(args, [c.to_dict() for c in done], lines)
    return 0
