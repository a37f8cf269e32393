"""vipp-session still | moment add | list | edit | remove | move | highlight"""

from __future__ import annotations

from vipp_session.cli.lazy import service
from vipp_session.cli.output import emit
from vipp_session.errors import BadInput

moments, stills = service("moments"), service("stills")
highlights, words = service("highlights"), service("words")


def register(sub, common) -> None:
    still = sub.add_parser(
        "still", parents=[common],
        help="save the exact frame of a clip at a time as a picture (upright, full size)",
    )
    still.add_argument("clip", help="clip id, e.g. c1a2b3c4d5e")
    still.add_argument("--at", required=True, metavar="SECONDS",
                       help="seconds from the clip's start (as the player shows), or m:ss.s")
    still.add_argument("-o", "--output", required=True, metavar="OUT.png|OUT.jpg")
    still.add_argument("--with-highlights", metavar="MOMENT",
                       help="draw this moment's highlights on the picture")
    still.set_defaults(handler=_still)

    moment = sub.add_parser("moment", help="freeze moments for feedback; list, edit, order them")
    msub = moment.add_subparsers(dest="moment_command", metavar="ACTION")
    msub.required = True

    add = msub.add_parser("add", parents=[common], help="freeze the frame of a clip at a time")
    add.add_argument("clip", help="clip id")
    add.add_argument("--at", required=True, metavar="SECONDS")
    add.add_argument("--kind", required=True, help="look, smile, touch, ... (see the message library)")
    add.add_argument("--message", metavar="ID", help="a scripted message id, e.g. s2-look-1")
    add.add_argument("--text", metavar="WORDS", help="the words for her (default: the message's)")
    add.add_argument("--note", metavar="PRIVATE", default="", help="a private note, never printed")
    add.add_argument("--for-session", metavar="N",
                     help="the session it is shown at (default: the one after filming)")
    add.set_defaults(handler=_add)

    lst = msub.add_parser("list", parents=[common], help="a family's moments, in the order shown")
    lst.add_argument("family")
    lst.add_argument("--session", metavar="N", help="only those for session N")
    lst.set_defaults(handler=_list)

    edit = msub.add_parser("edit", parents=[common], help="change a moment")
    edit.add_argument("moment", help="moment id, e.g. m1a2b3c4d")
    edit.add_argument("--kind")
    edit.add_argument("--message", metavar="ID", help="a message id, or 'none' to take it off")
    edit.add_argument("--text", metavar="WORDS", help="new words ('' for the message's own)")
    edit.add_argument("--note", metavar="PRIVATE")
    edit.add_argument("--in-summary", metavar="yes|no")
    edit.add_argument("--for-session", metavar="N")
    edit.set_defaults(handler=_edit)

    rm = msub.add_parser("remove", parents=[common], help="remove a moment and its still")
    rm.add_argument("moment")
    rm.set_defaults(handler=_remove)

    move = msub.add_parser("move", parents=[common], help="change the order moments are shown in")
    move.add_argument("moment")
    move.add_argument("--to", required=True, metavar="POSITION", help="1 = shown first")
    move.set_defaults(handler=_move)

    hl = msub.add_parser("highlight", parents=[common],
                         help="add circles, arrows or strokes to a moment's still, or clear them")
    hl.add_argument("moment")
    group = hl.add_mutually_exclusive_group(required=True)
    group.add_argument("--add", metavar="JSON",
                       help='e.g. \'{"shape": "ellipse", "cx": 0.5, "cy": 0.4, "rx": 0.1, "ry": 0.1}\'')
    group.add_argument("--clear", action="store_true")
    hl.set_defaults(handler=_highlight)


def _describe(view: dict) -> str:
    said = f' "{view["text"]}"' if view["text"] else ""
    summary = "" if view["in_summary"] else " (not in the summary)"
    drawn = f", {words.count(len(view['highlights']), 'highlight')}" if view["highlights"] else ""
    return (f"{view['id']}  session {view['for_session']} #{view['order']}  {view['kind']} at "
            f"{words.clip_time(view['at'])} (clip {view['clip']}, "
            f"frame {words.frame_number(view['frame'])})"
            f"{drawn}"
            f"{summary}{said}")


def _still(args) -> int:
    highlights = None
    if args.with_highlights:
        _, moment = moments.find_moment(args.data, args.with_highlights)
        if moment.clip != args.clip:
            raise BadInput(f"Moment {moment.id} is on clip {moment.clip}, not {args.clip}; "
                           "give the clip the moment was taken from.")
        highlights = moment.highlights
    result = stills.export_still(args.data, args.clip, args.at, args.output, highlights)
    emit(args, result, f"Saved frame {words.frame_number(result['frame'])} "
                       f"({words.clip_time(result['at'])}), "
                       f"{result['width']}x{result['height']}, to {result['file']}.")
    if result["source"] == "browser copy":
        from vipp_session.cli.output import say
        say(stills.BROWSER_COPY_NOTE)
    return 0


def _add(args) -> int:
    moment = moments.add_moment(args.data, args.clip, args.at, args.kind, message_id=args.message,
                                text=args.text, note=args.note, for_session=args.for_session)
    family_id, _ = moments.find_moment(args.data, moment.id)
    view = moments.moment_view(args.data, family_id, moment)
    emit(args, view, f"Added {_describe(view)}\n  still: {view['still']}")
    from vipp_session.cli.output import say
    if stills.from_browser_copy(args.data, moment.clip):
        say(stills.BROWSER_COPY_NOTE)
    from vipp_session.tone.session import check_one_moment, describe
    for line in describe(check_one_moment(args.data, family_id, moment)):
        say(line)
    return 0


def _list(args) -> int:
    found = moments.list_moments(args.data, args.family, args.session)
    views = [moments.moment_view(args.data, args.family, m) for m in found]
    emit(args, views, "\n".join(_describe(v) for v in views) or "No moments yet.")
    return 0


def _edit(args) -> int:
    changes = {}
    for option, key in (("kind", "kind"), ("text", "text"), ("note", "note"),
                        ("in_summary", "in_summary"), ("for_session", "for_session")):
        if getattr(args, option) is not None:
            changes[key] = getattr(args, option)
    if args.message is not None:
        changes["message_id"] = None if args.message.strip().lower() in ("none", "") else args.message
    if not changes:
        raise BadInput("Nothing to change: give --kind, --message, --text, --note, --in-summary "
                       "or --for-session.")
    moment = moments.edit_moment(args.data, args.moment, **changes)
    family_id, _ = moments.find_moment(args.data, moment.id)
    view = moments.moment_view(args.data, family_id, moment)
    emit(args, view, f"Changed {_describe(view)}")
    from vipp_session.cli.output import say
    from vipp_session.tone.session import check_one_moment, describe
    for line in describe(check_one_moment(args.data, family_id, moment)):
        say(line)
    return 0


def _remove(args) -> int:
    family_id, _ = moments.find_moment(args.data, args.moment)
    moment = moments.remove_moment(args.data, args.moment)
    emit(args, {"removed": moment.id, "family": family_id},
         f"Removed moment {moment.id} and its still.")
    return 0


def _move(args) -> int:
    moment = moments.move_moment(args.data, args.moment, args.to)
    family_id, _ = moments.find_moment(args.data, moment.id)
    view = moments.moment_view(args.data, family_id, moment)
    emit(args, view, f"Moved {moment.id} to position {moment.order} in session {moment.for_session}.")
    return 0


def _highlight(args) -> int:
    if args.clear:
        moment = moments.clear_highlights(args.data, args.moment)
    else:
        moment = moments.add_highlights(args.data, args.moment, highlights.parse_highlights(args.add))
    family_id, _ = moments.find_moment(args.data, moment.id)
    view = moments.moment_view(args.data, family_id, moment)
    view["highlighted_still"] = str(moments.highlighted_still(args.data, family_id, moment))
    emit(args, view, f"Moment {moment.id} has {words.count(len(moment.highlights), 'highlight')}; "
                     f"for print: {view['highlighted_still']}")
    return 0
