"""vipp-session family add | list | show | edit | erase"""

from __future__ import annotations

from datetime import date

from vipp_session.cli.lazy import service
from vipp_session.cli.output import emit, say
from vipp_session.errors import BadInput

families, retention, settings = service("families"), service("retention"), service("settings")
handover, backups = service("backup.handover"), service("backup.service")
words = service("words")


def register(sub, common) -> None:
    family = sub.add_parser("family", help="add, list, show, change or erase families")
    fsub = family.add_subparsers(dest="family_command", metavar="ACTION")
    fsub.required = True

    add = fsub.add_parser("add", parents=[common], help="add a family")
    add.add_argument("--id", required=True, help="pseudonymous family code (letters, digits, - _)")
    _family_fields(add, adding=True)
    add.set_defaults(handler=_add)

    lst = fsub.add_parser("list", parents=[common], help="list families")
    lst.set_defaults(handler=_list)

    show = fsub.add_parser("show", parents=[common], help="show one family")
    show.add_argument("id")
    show.set_defaults(handler=_show)

    edit = fsub.add_parser("edit", parents=[common], help="change a family's details")
    edit.add_argument("id")
    _family_fields(edit, adding=False)
    edit.set_defaults(handler=_edit)

    erase = fsub.add_parser(
        "erase", parents=[common], help="erase a family and all their videos, for good"
    )
    erase.add_argument("id")
    erase.add_argument("--yes", action="store_true", help="confirm: this cannot be undone")
    erase.set_defaults(handler=_erase)

    export = fsub.add_parser("export", parents=[common],
                             help="one family in one encrypted file, to hand to a colleague")
    export.add_argument("id")
    export.add_argument("--to", required=True, metavar="FILE", help="the new file to write")
    export.set_defaults(handler=_export)

    imp = fsub.add_parser("import", parents=[common], help="add a family a colleague exported")
    imp.add_argument("file", help="the exported file")
    imp.set_defaults(handler=_import)


def _family_fields(p, adding: bool) -> None:
    p.add_argument("--child", required=adding, help="child's first name")
    p.add_argument("--born", required=adding, metavar="DD/MM/YYYY", help="child's date of birth (or YYYY-MM-DD)")
    p.add_argument("--pronouns", default="she" if adding else None, help="she, he or they")
    p.add_argument("--mother", help="mother's first name (optional)")
    p.add_argument("--mum-word", dest="mum_word", default="Mummy" if adding else None,
                   help="what the child calls her (default Mummy)")
    p.add_argument("--clinician", help="clinician's name (optional)")
    p.add_argument("--consent-date", dest="consent_date", metavar="YYYY-MM-DD",
                   help="date she consented to filming")
    p.add_argument("--wants-copies", dest="wants_copies", metavar="yes|no",
                   help="whether she wants copies of the videos")
    p.add_argument("--child-voice", dest="child_voice", metavar="yes|no",
                   help="offer messages in the child's voice ('Mummy, I like it ...'); default yes")


def _fields(args) -> dict:
    return {k: getattr(args, k) for k in families.FAMILY_FIELDS}


def _view(args, family, sessions) -> dict:
    return families.family_view(family, sessions,
                                retention_days=settings.load_settings(args.data).retention_days)


def _day(iso: str | None) -> date | None:
    return date.fromisoformat(iso) if iso else None


def _describe(view: dict) -> str:
    lines = [
        f"{view['id']}: {view['child']}, born {view['born']} ({view['age_months']} months), "
        f"{view['pronouns']}, track {view['track']}",
    ]
    if view["age_note"]:
        lines.append(f"  Note: {view['age_note']}")
    due = _day(view["erase_due"])
    if retention.is_due(due, date.today()):
        lines.append(f"  Due for erasure since {due} (past the service's retention period)")
    elif due:
        lines.append(f"  Kept until {due} (the service's retention period)")
    for s in view["sessions"]:
        lines.append(f"  session {s['number']}: {words.session_state(s['status'], s['date'])}")
    return "\n".join(lines)


def _add(args) -> int:
    family = families.add_family(args.data, args.id, **_fields(args))
    view = _view(args, family, families.get_family(args.data, family.id)[1])
    emit(args, view, f"Added family {family.id}.")
    if view["age_note"]:
        say(f"Note: {view['age_note']}")
    return 0


def _list(args) -> int:
    today = date.today()
    keep = settings.load_settings(args.data).retention_days
    views = [families.family_view(f, s, today, retention_days=keep)
             for f, s in families.list_families(args.data)]
    text = "\n".join(
        _describe(v).splitlines()[0]
        + (" (due for erasure)" if retention.is_due(_day(v["erase_due"]), today) else "")
        for v in views
    ) or "No families yet."
    attention = families.unreadable_families(args.data, listed={v["id"] for v in views})
    if attention:  # one damaged family never hides the others
        lines = [text] if views else []
        lines += [f"{fid}: needs attention. {why}" for fid, why in attention]
        views += [{"id": fid, "problem": why} for fid, why in attention]
        text = "\n".join(lines)
    emit(args, views, text)
    return 0


def _show(args) -> int:
    family, sessions = families.get_family(args.data, args.id)
    view = _view(args, family, sessions)
    emit(args, view, _describe(view))
    return 0


def _edit(args) -> int:
    family = families.edit_family(args.data, args.id, **_fields(args))
    view = _view(args, family, families.get_family(args.data, family.id)[1])
    emit(args, view, f"Changed family {family.id}.")
    return 0


def _erase(args) -> int:
    if not args.yes:
        raise BadInput(
            f"Erasing family '{args.id}' deletes all their records and videos for good; "
            "add --yes to confirm."
        )
    families.erase_family(args.data, args.id)
    emit(args, {"erased": args.id}, f"Erased family {args.id} and all their videos.")
    last, _ = backups.last_backup(args.data)
    if last:
        say(f"Backups made before now (the last on {last:%Y-%m-%d}) still hold family "
            f"{args.id} until they are pruned: vipp-session backup --to DIR --prune.")
    return 0


def _export(args) -> int:
    from vipp_session.cli.secret import read_new_passphrase

    from vipp_session.cli.progress import progress_bar

    first, again = read_new_passphrase("passphrase for this file")
    with progress_bar(f"Exporting {args.id}") as bar:
        done = handover.export_family(args.data, args.id, args.to, first, again,
                                      progress=bar.update)
    say(f"Exported family {done.family} ({done.files} files, {done.bytes / 2**20:,.1f} MB) to "
        f"{done.file}. Tell the colleague its passphrase separately, not with the file.")
    if args.json:
        emit(args, done.to_dict())
    return 0


def _import(args) -> int:
    from vipp_session.cli.secret import read_passphrase

    from vipp_session.cli.progress import progress_bar

    passphrase = read_passphrase("file's passphrase")
    with progress_bar("Importing the family") as bar:
        done = handover.import_family(args.data, args.file, passphrase, progress=bar.update)
    say(f"Imported family {done.family} ({done.files} files, {done.bytes / 2**20:,.1f} MB).")
    if args.json:
        emit(args, done.to_dict())
    return 0
