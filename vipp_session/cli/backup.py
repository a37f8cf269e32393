"""vipp-session backup --to DIR [--prune] | backup --check --from DIR | restore --from DIR"""

from __future__ import annotations

from vipp_session.cli.lazy import service
from vipp_session.cli.output import emit, say
from vipp_session.cli.progress import progress_bar
from vipp_session.errors import BadInput

backups, restores = service("backup.service"), service("backup.restore")
folders = service("backup.folder")
WHAT = "backup passphrase"


def register(sub, common) -> None:
    b = sub.add_parser("backup", parents=[common],
                       help="back up the data folder, encrypted, into a folder you choose")
    b.add_argument("--to", metavar="DIR", help="the backup folder (a USB disk, a network folder)")
    b.add_argument("--prune", action="store_true",
                   help="then keep only this backup: remove what no current family uses")
    b.add_argument("--check", action="store_true",
                   help="check the backup in --from DIR without restoring it")
    b.add_argument("--from", metavar="DIR", dest="source", help="the backup folder to --check")
    b.add_argument("--status", action="store_true",
                   help="when the last backup was made, and whether one is due")
    b.set_defaults(handler=_backup)

    r = sub.add_parser("restore", parents=[common],
                       help="restore families from a backup (all, or --family CODE)")
    r.add_argument("--from", metavar="DIR", dest="source", required=True,
                   help="the backup folder")
    r.add_argument("--to", metavar="DATA", help="the data folder to restore into (default --data)")
    r.add_argument("--family", metavar="CODE", help="only this family")
    r.add_argument("--replace", action="store_true",
                   help="replace families already in the data folder with the backup's copy")
    r.set_defaults(handler=_restore)


def _mb(size: int) -> str:
    return f"{size / 2**20:,.1f} MB"


def _backup(args) -> int:
    from vipp_session.cli.secret import read_new_passphrase, read_passphrase

    if args.status:
        return _status(args)
    if args.check:
        return _check(args)
    if not args.to:
        raise BadInput("Say where to back up to with --to DIR (or --check --from DIR).")
    if folders.is_backup_folder(args.to):
        first, again = read_passphrase(WHAT), None
    else:
        first, again = read_new_passphrase(WHAT)
    with progress_bar("Backing up") as bar:
        done = backups.make_backup(args.data, args.to, first, again, progress=bar.update,
                                   prune=args.prune)
    say(f"Backed up {done.files} files of {len(done.families)} families ({_mb(done.bytes)}) to "
        f"{args.to}; {_mb(done.bytes_written)} of it new.")
    if done.pruned:
        say(f"Pruned: removed {done.pruned.snapshots_removed} older backups and "
            f"{done.pruned.chunks_removed} pieces no current family uses "
            f"({_mb(done.pruned.bytes_freed)}).")
    if args.json:
        emit(args, done.to_dict())
    return 0


def _status(args) -> int:
    status = backups.backup_status(args.data)
    if status.last is None:
        text = "No backup has been made from this data folder yet: back up now."
    else:
        text = (f"The last backup was made {status.last:%Y-%m-%d %H:%M} UTC, to "
                f"{status.folder}." + (" It is time to back up again." if status.due else ""))
    emit(args, status.to_dict(), text)
    return 0


def _check(args) -> int:
    from vipp_session.cli.secret import read_passphrase

    if not args.source:
        raise BadInput("Say which backup to check with --from DIR.")
    with progress_bar("Checking the backup") as bar:
        found = restores.check_backup(args.source, read_passphrase(WHAT), progress=bar.update)
    if found.ok:
        emit(args, found.to_dict(),
             f"The backup in {args.source} is whole: {found.chunks} pieces of "
             f"{found.snapshots} backups checked. The newest, made {found.latest}, holds "
             f"{', '.join(found.families) or 'no families'}.")
        return 0
    emit(args, found.to_dict(), "\n".join(found.damaged))
    say(f"vipp-session: The backup in {args.source} is damaged: {len(found.damaged)} "
        "files in it would not restore (listed above). Make a new backup to another folder.")
    return 2


def _restore(args) -> int:
    from vipp_session.cli.secret import read_passphrase
    from vipp_session.paths import DataDir

    target = DataDir(args.to).root.expanduser().resolve() if args.to else args.data.root
    with progress_bar("Restoring") as bar:
        done = restores.restore_backup(args.source, read_passphrase(WHAT), DataDir(target),
                                       family=args.family, replace=args.replace,
                                       progress=bar.update)
    say(f"Restored {', '.join(done.families) or 'no families'} ({done.files} files, "
        f"{_mb(done.bytes)}) from the backup made {done.created} into {target}.")
    if done.kept:
        say(f"Kept this data folder's own {', '.join(done.kept)}.")
    if args.json:
        emit(args, done.to_dict())
    return 0
