"""vipp-session review FAMILY --session N -o OUT.pdf"""

from __future__ import annotations

from vipp_session.cli.lazy import service
from vipp_session.cli.output import emit

validate, review_service, checks = (service("validate"), service("review.service"),
                                    service("summary.checks"))


def register(sub, common) -> None:
    s = sub.add_parser("review", parents=[common],
                       help="make the review pack PDF of a session's prepared feedback, "
                            "for supervision (never for the family)")
    s.add_argument("family")
    s.add_argument("--session", required=True, metavar="N")
    s.add_argument("-o", "--output", required=True, metavar="OUT.pdf")
    s.set_defaults(handler=_review)


def _review(args) -> int:
    from vipp_session.cli.summary import say_checks

    out = validate.pdf_output(args.output, "The review pack")
    n = validate.session_number(args.session)
    path, pages = review_service.make_review_pack(args.data, args.family, n, out)
    say_checks(checks.sheet_checks(args.data, args.family, n))  # every moment shown
    emit(args, {"review": str(path.resolve()), "family": args.family, "session": n,
                "pages": pages},
         f"Wrote {path} ({pages} page{'s' if pages != 1 else ''}), for supervision only.")
    return 0
