"""vipp-session import FAMILY --session N FILE... | clip list | clip show | clip remove"""

from __future__ import annotations

import threading
from pathlib import Path

from vipp_session.cli.lazy import service
from vipp_session.cli.output import emit, say
from vipp_session.cli.progress import ProgressBar
from vipp_session.errors import BadInput

clips = service("clips")


def register(sub, common) -> None:
    imp = sub.add_parser(
        "import", parents=[common],
        help="import video files for a family (copies them; the originals are not changed)",
    )
    imp.add_argument("family", help="family code")
    imp.add_argument("--session", required=True, metavar="N",
                     help="the session (1 to 6) at which the clips were filmed")
    imp.add_argument("files", nargs="+", metavar="FILE")
    imp.set_defaults(handler=_import)

    clip = sub.add_parser("clip", help="list, show or remove imported clips")
    csub = clip.add_subparsers(dest="clip_command", metavar="ACTION")
    csub.required = True
    lst = csub.add_parser("list", parents=[common], help="a family's clips")
    lst.add_argument("family")
    lst.add_argument("--session", metavar="N", help="only those filmed at session N")
    lst.set_defaults(handler=_list)
    show = csub.add_parser("show", parents=[common], help="one clip")
    show.add_argument("clip", help="clip id, e.g. c1a2b3c4d5e")
    show.set_defaults(handler=_show)
    rm = csub.add_parser("remove", parents=[common],
                         help="remove a clip: its copy, its files and the moments chosen from it")
    rm.add_argument("clip")
    rm.add_argument("--yes", action="store_true", help="confirm")
    rm.set_defaults(handler=_remove)


def _minutes(seconds: float) -> str:
    m, s = divmod(int(round(seconds)), 60)
    return f"{m}:{s:02d}"


def _line(result: clips.ImportResult) -> str:
    if result.status == "failed":
        return f"Not imported: {result.reason}"
    c = result.clip
    if result.status == "duplicate":
        return f"Already imported: {result.file} is clip {c.id} (session {c.session})."
    turned = f", turned {c.rotation} degrees" if c.rotation else ""
    return (f"Imported {result.file} as clip {c.id}: session {c.session}, {_minutes(c.duration)}, "
            f"{c.width}x{c.height}{turned}, {c.proxy_mode}." + "".join(f" {n}" for n in result.notes))


def _import(args) -> int:
    bar = ProgressBar()
    files = list(args.files)
    cancel = threading.Event()

    current = [-1]

    def progress(i: int, fraction: float) -> None:
        if i != current[0]:
            current[0] = i
            bar.start(f"{i + 1}/{len(files)} {clips.file_name(files[i])}")
        bar.update(fraction)

    def done(result: clips.ImportResult) -> None:
        bar.clear()
        current[0] = -1
        say(_line(result))

    try:
        results = clips.import_clips(args.data, args.family, args.session, files,
                                     progress=progress, cancel=cancel, on_result=done)
    finally:
        bar.clear()
    if args.json:
        emit(args, [r.to_dict() for r in results])
    failed = sum(r.status == "failed" for r in results)
    if failed:
        say(f"{failed} of {len(results)} files could not be imported.")
        return 2
    return 0


def _list(args) -> int:
    found = clips.list_clips(args.data, args.family, args.session)
    views = [clips.clip_view(args.data, c) for c in found]
    text = "\n".join(
        f"{c.id}  session {c.session}  {_minutes(c.duration)}  {c.width}x{c.height}  {c.file}"
        for c in found
    ) or "No clips yet."
    emit(args, views, text)
    return 0


def _show(args) -> int:
    _, clip = clips.find_clip(args.data, args.clip)
    view = clips.clip_view(args.data, clip)
    lines = [
        f"{clip.id}: {clip.file}, family {clip.family}, filmed at session {clip.session}",
        f"  {_minutes(clip.duration)} ({clip.frames} frames, {clip.fps:.2f} fps"
        f"{', variable frame rate' if clip.vfr else ''}), {clip.width}x{clip.height}"
        f"{f', turned {clip.rotation} degrees' if clip.rotation else ''}",
        f"  {clip.video_codec} video{f' in HDR ({clip.hdr.upper()}), shown as SDR' if clip.hdr != 'none' else ''}, "
        f"{clip.audio_codec or 'no'} sound; browser copy by {clip.proxy_mode}",
        f"  recorded {clip.recorded_at or 'at an unknown time'}; imported {clip.imported.isoformat()}",
        f"  {view['folder']}",
    ]
    emit(args, view, "\n".join(lines))
    return 0


def _remove(args) -> int:
    family_id, clip = clips.find_clip(args.data, args.clip)
    if not args.yes:
        moments = clips.moments_of(args.data, family_id, clip.id)
        also = f" and the {moments} moments chosen from it" if moments else ""
        raise BadInput(
            f"Removing clip {clip.id} ({clip.file}) deletes its copy and files{also} for good; "
            "add --yes to confirm (the file you imported from is not touched)."
        )
    removed, moments = clips.remove_clip(args.data, clip.id)
    also = f" and {moments} moments" if moments else ""
    emit(args, {"removed": removed.id, "family": removed.family, "moments_removed": moments},
         f"Removed clip {removed.id}{also}.")
    return 0
