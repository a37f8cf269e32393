"""vipp-session keepsake FAMILY -o OUT.pdf"""

from __future__ import annotations

from vipp_session.cli.lazy import service
from vipp_session.cli.output import emit, say
from vipp_session.errors import BadInput

validate, keepsake, checks = (service("validate"), service("summary.keepsake"),
                              service("summary.checks"))


def register(sub, common) -> None:
    s = sub.add_parser("keepsake", parents=[common],
                       help="make her keepsake PDF at the end of the programme: a picture and "
                            "its words from each visit, in large print")
    s.add_argument("family")
    s.add_argument("-o", "--output", required=True, metavar="OUT.pdf")
    s.add_argument("--despite-warnings", action="store_true",
                   help="make it even though the tone check found words to look at")
    s.set_defaults(handler=_keepsake)


def _keepsake(args) -> int:
    from vipp_session import audit

    audit.check_writable(args.data)
    out = validate.pdf_output(args.output, "The keepsake")
    keepsake.build_keepsake(args.data, args.family)  # refuses before the visits have ended
    warnings = keepsake.keepsake_checks(args.data, args.family)
    for w in warnings:
        say(checks.describe(w))
    if any(w.needs_confirming for w in warnings) and not args.despite_warnings:
        raise BadInput("The tone check found words to look at (above); change them, or add "
                       "--despite-warnings to make the keepsake anyway.")
    path, pages = keepsake.make_keepsake(args.data, args.family, out)
    emit(args, {"keepsake": str(path.resolve()), "pages": pages},
         f"Wrote {path} ({pages} page{'s' if pages != 1 else ''}).")
    return 0
