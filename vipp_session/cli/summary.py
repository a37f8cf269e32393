"""vipp-session summary FAMILY --session N -o OUT.pdf [--large-print]"""

from __future__ import annotations

from vipp_session.cli.lazy import service
from vipp_session.cli.output import emit, say
from vipp_session.errors import BadInput

validate, checks, summary_service = (service("validate"), service("summary.checks"),
                                     service("summary.service"))


def register(sub, common) -> None:
    s = sub.add_parser("summary", parents=[common],
                       help="make the take-home summary PDF for a session")
    s.add_argument("family")
    s.add_argument("--session", required=True, metavar="N")
    s.add_argument("-o", "--output", required=True, metavar="OUT.pdf")
    s.add_argument("--large-print", action="store_true",
                   help="18 pt text instead of 14 pt, and larger pictures")
    s.add_argument("--despite-warnings", action="store_true",
                   help="make it even though the tone check found words to look at")
    s.set_defaults(handler=_summary)


def _summary(args) -> int:
    from vipp_session import audit

    audit.check_writable(args.data)  # a summary is never made unrecorded
    out = validate.pdf_output(args.output, "The summary")
    n = validate.session_number(args.session)
    found = checks.sheet_checks(args.data, args.family, n,
                                summary_service.sheet_content(args.data, args.family, n))
    say_checks(found)
    if found.needs_confirming and not args.despite_warnings:
        raise BadInput("The tone check found words to look at (above); change them, or add "
                       "--despite-warnings to make the summary anyway.")
    path, pages = summary_service.make_summary(args.data, args.family, n, out, args.large_print)
    emit(args, {"summary": str(path.resolve()), "pages": pages,
                "warnings": len(found.words) + len(found.notes)},
         f"Wrote {path} ({pages} page{'s' if pages != 1 else ''}).")
    return 0


def say_checks(found) -> None:
    """Every moment shown at the session, checked: one line per sentence, then the rest."""
    for w in [*found.words, *found.notes]:
        say(checks.describe(w))
        if w.where == "how to reach you":
            say("  vipp-session settings clinician_name='Jo Smith' service_contact='call 07700 900123'")
    say(found.headline)
