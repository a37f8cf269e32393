"""vipp-session review FAMILY --session N -o OUT.pdf"""

from __future__ import annotations

from pathlib import Path

from vipp_session import validate
from vipp_session.cli.output import emit
from vipp_session.errors import BadInput
from vipp_session.review.service import make_review_pack


def register(sub, common) -> None:
    s = sub.add_parser("review", parents=[common],
                       help="make the review pack PDF of a session's prepared feedback, "
                            "for supervision (never for the family)")
    s.add_argument("family")
    s.add_argument("--session", required=True, metavar="N")
    s.add_argument("-o", "--output", required=True, metavar="OUT.pdf")
    s.set_defaults(handler=_review)


def _review(args) -> int:
    out = Path(args.output)
    if out.suffix.lower() != ".pdf":
        raise BadInput(f"The review pack is a PDF: give a file name ending in .pdf, "
                       f"not '{out.name}'.")
    if not out.parent.is_dir():
        raise BadInput(f"The folder {out.parent} does not exist.")
    n = validate.session_number(args.session)
    path, pages = make_review_pack(args.data, args.family, n, out)
    emit(args, {"review": str(path.resolve()), "family": args.family, "session": n,
                "pages": pages},
         f"Wrote {path} ({pages} page{'s' if pages != 1 else ''}), for supervision only.")
    return 0
