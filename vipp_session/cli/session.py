"""vipp-session session plan | set-status | note"""

from __future__ import annotations

from vipp_session.cli.lazy import service
from vipp_session.cli.output import emit

families, words = service("families"), service("words")


def register(sub, common) -> None:
    session = sub.add_parser("session", help="plan sessions, set their status, keep notes")
    ssub = session.add_subparsers(dest="session_command", metavar="ACTION")
    ssub.required = True

    plan = ssub.add_parser("plan", parents=[common], help="plan or move a session")
    plan.add_argument("id", help="family code")
    plan.add_argument("number", help="session 1 to 6")
    plan.add_argument("--date", required=True, metavar="'DD/MM/YYYY HH:MM'",
                      help="day first, or YYYY-MM-DDTHH:MM")
    plan.set_defaults(handler=_plan)

    rest = ssub.add_parser("plan-rest", parents=[common],
                           help="date every session not yet held, every N days (never on a weekend "
                                "or a bank holiday)")
    rest.add_argument("id", help="family code")
    rest.add_argument("--every", required=True, metavar="DAYS", help="days between visits")
    rest.add_argument("--from", dest="start", required=True, metavar="'DD/MM/YYYY HH:MM'",
                      help="the first of them")
    rest.set_defaults(handler=_plan_rest)

    status = ssub.add_parser("set-status", parents=[common], help="planned, held, cancelled ...")
    status.add_argument("id")
    status.add_argument("number")
    status.add_argument("status", help="planned, held, cancelled, missed, rescheduled or paused")
    status.set_defaults(handler=_status)

    note = ssub.add_parser("note", parents=[common], help="private notes on a session")
    note.add_argument("id")
    note.add_argument("number")
    note.add_argument("text")
    note.set_defaults(handler=_note)


def _plan(args) -> int:
    s = families.plan_session(args.data, args.id, args.number, args.date)
    done = "moved to" if s.status == "rescheduled" else "planned for"
    emit(args, s.to_dict(), f"Session {s.number} of {args.id} {done} {words.when(s.date)}.")
    return 0


def _plan_rest(args) -> int:
    planned = families.plan_remaining(args.data, args.id, args.every, args.start)
    emit(args, [s.to_dict() for s in planned],
         "\n".join(f"Session {s.number} of {args.id}: {words.when(s.date)}" for s in planned))
    return 0


def _status(args) -> int:
    s = families.set_session_status(args.data, args.id, args.number, args.status)
    text = f"Session {s.number} of {args.id} is now {s.status}."
    if s.status in ("cancelled", "missed"):
        text += (" Anything prepared for it stays with it; give it a new date with "
                 f"'vipp-session session plan {args.id} {s.number} --date \"DD/MM/YYYY HH:MM\"'.")
    emit(args, s.to_dict(), text)
    return 0


def _note(args) -> int:
    s = families.set_session_note(args.data, args.id, args.number, args.text)
    emit(args, s.to_dict(), f"Saved the note on session {s.number} of {args.id}.")
    return 0
