"""vipp-session manual check | show"""

from __future__ import annotations

from datetime import date

from vipp_session.cli.lazy import service
from vipp_session.cli.output import emit, say
from vipp_session.errors import BadInput
from vipp_session.manual.model import TRACKS  # plain data: cheap to import

families, manual, validate, model = (service("families"), service("manual"), service("validate"),
                                     service("model"))


def register(sub, common) -> None:
    cmd = sub.add_parser("manual", help="check or show the scripted message library")
    msub = cmd.add_subparsers(dest="manual_command", metavar="ACTION")
    msub.required = True

    check = msub.add_parser(
        "check", parents=[common],
        help="check a message library: structure, placeholders, coverage and tone",
    )
    check.add_argument("dir", nargs="?", metavar="DIR",
                       help="the library folder (default: the one in use)")
    _manual_option(check)
    check.set_defaults(handler=_check)

    show = msub.add_parser("show", parents=[common], help="show one session's content")
    show.add_argument("--session", required=True, metavar="N", help="session 1 to 6")
    show.add_argument("--family", metavar="ID", help="show it for this family, in their words")
    show.add_argument("--track", choices=TRACKS,
                      help="without a family: infant or sd (default sd, which shows everything)")
    _manual_option(show)
    show.set_defaults(handler=_show)


def _manual_option(p) -> None:
    p.add_argument("--manual", metavar="DIR",
                   help="use this library instead of the one in use (the manual_dir setting, "
                        "else the shipped one)")


def _check(args) -> int:
    root = manual.library_dir(args.data, args.dir or args.manual)
    found, problems = manual.check_library(root)
    problems += _sheet_problems(root)
    report = {"library": str(root), "ok": not problems,
              "problems": [p.to_dict() for p in problems]}
    if problems:
        emit(args, report, "\n".join(str(p) for p in problems))
        say(f"{len(problems)} problem{'s' if len(problems) != 1 else ''} in {root}; "
            "nothing is used from this library until they are fixed.")
        return 2
    n_messages = len(found.messages()) if found else 0
    emit(args, report, f"The message library in {root} passes every check "
                       f"({len(found.sessions)} sessions, {n_messages} messages).")
    return 0


def _sheet_problems(root) -> list:
    """The words around her moments on the sheet (sheet.toml), when the library has its own."""
    from vipp_session.manual.model import Problem
    from vipp_session.summary import wording

    path = root / wording.SHEET_FILE
    if not path.is_file():
        return []
    try:
        return [Problem(path.name, p) for p in wording.problems(wording.read_texts(path))]
    except BadInput as exc:
        return [Problem(path.name, str(exc))]


def _show(args) -> int:
    number = validate.session_number(args.session)
    lib = manual.load_library(args.data, args.manual)
    family, track = None, args.track
    if args.family:
        if args.track:
            raise BadInput("With --family the track follows the child's age; leave out --track.")
        family, sessions = families.get_family(args.data, args.family)
        today = date.today()
        track = model.family_track(family, sessions, today).name
    view = manual.session_view(lib, number, family, track)
    emit(args, view, _describe(view))
    return 0


def _describe(v: dict) -> str:
    who = f", family {v['family']}" if v["family"] else ""
    lines = [f"Session {v['session']}: {v['title']} (track {v['track']}{who})", ""]

    def block(title: str, body: str | list[str]) -> None:
        lines.append(f"{title}:")
        items = body if isinstance(body, list) else body.split("\n\n")
        prefix = "  - " if isinstance(body, list) else "  "
        lines.extend(prefix + item for item in items)
        lines.append("")

    block("Theme (for you)", v["theme"]["clinician"])
    block("Theme (in her words)", v["theme"]["mother"])
    if v["discipline_theme"]:
        d = v["discipline_theme"]
        block(f"Discipline theme ({d['theme']})", [d["clinician"], d["mother"]])
    block("Filming", v["filming_tasks"])
    block("Look for", v["look_for"])
    block("Opening words", v["opening"])
    block("At the end of the visit", v["debrief"])
    block("Take-home", v["take_home"]["text"])
    block("Things to try", v["take_home"]["tips"])
    lines.append("Messages:")
    for m in v["messages"]:
        lines.append(f"  {m['id']} [{m['kind']}, {m['component']}, {m['voice']}]: {m['text']}")
    return "\n".join(lines)
