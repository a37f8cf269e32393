"""vipp-session week [--from DATE]: the visits of the seven days ahead, overdue ones first."""

from __future__ import annotations

from vipp_session.cli.lazy import service
from vipp_session.cli.output import emit

week, words = service("week"), service("words")


def register(sub, common) -> None:
    p = sub.add_parser("week", parents=[common],
                       help="the visits of the week ahead, by day, overdue ones first")
    p.add_argument("--from", dest="start", metavar="DD/MM/YYYY",
                   help="the first day (default today)")
    p.set_defaults(handler=_week)


def _week(args) -> int:
    ahead = week.the_week(args.data, args.start)
    emit(args, ahead.to_dict(), _as_text(ahead))
    return 0


def _line(v, time: str) -> str:
    pack = "review pack made" if v.review_pack else "no review pack yet"
    marks = "".join((" · OVERDUE: was it held?" if v.overdue else "",
                     " · remind her" if v.remind else ""))
    return (f"  {time}  {v.family_id}  {v.child}  session {v.number}  "
            f"{words.count(v.moments, 'moment')} prepared, {pack}{marks}")


def _as_text(ahead) -> str:
    lines = []
    if ahead.overdue:
        lines.append("Overdue (the day has passed; was the visit held?)")
        lines += [_line(v, words.when(v.when)) for v in ahead.overdue]
    for day, visits in ahead.days:
        lines.append(words.long_day(day))
        lines += [_line(v, words.clock(v.when)) for v in visits] or ["  no visits"]
    if ahead.paused:
        lines.append(f"Paused, left out: {', '.join(ahead.paused)}")
    return "\n".join(lines)
