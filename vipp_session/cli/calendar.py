"""vipp-session calendar --to FILE.ics: every dated visit, for a work calendar (family codes
only; importing a newer file updates the same events)."""

from __future__ import annotations

from vipp_session.cli.lazy import service
from vipp_session.cli.output import emit

calendar_file = service("calendar_file")


def register(sub, common) -> None:
    p = sub.add_parser("calendar", parents=[common],
                       help="write the visits to a calendar file (.ics), family codes only")
    p.add_argument("--to", required=True, metavar="FILE.ics", help="the calendar file to write")
    p.set_defaults(handler=_calendar)


def _calendar(args) -> int:
    count = calendar_file.write_calendar(args.data, args.to)
    emit(args, {"file": str(args.to), "visits": count},
         f"Wrote {count} visit{'' if count == 1 else 's'} to {args.to}.")
    return 0
