"""Why a file cannot be imported, in words a clinician can act on.

Each problem is a BadInput (exit status 2 on the command line) with one plain
sentence naming the person's own file (never a folder of ours). What is wrong
is told apart: empty, not a video, a photo, sound only, no video track, an
unfinished recording, a copy cut short, damaged pictures or damaged frame
times. DiskFull, Cancelled and is_disk_full live in vipp_session.errors.
"""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path

from vipp_session.errors import BadInput, DiskFull, NotFound

MAX_SIDE = 8192  # 8K phones record 7680 x 4320
MIN_SIDE = 16
MAX_HOURS = 4  # a visit is about 90 minutes; anything far longer is a damaged file
MAX_FPS = 1000  # above this the timestamps are broken (slow motion is 240)
MAX_FRAME_GAP = 10.0  # seconds between frames, on average: no camera films that slowly
MIN_BITS_PER_SECOND = 1000  # a file holding pictures for longer than a minute needs more
MAX_MISSING_SHARE = 0.02  # of the pictures a file's index lists, that may not be found


class UnusableFile(BadInput):
    """A file that cannot become a clip; the message says why, plainly."""


class FamilyErased(NotFound):
    """The family was erased while one of its clips was importing; nothing was kept."""


def file_name(path: str | Path) -> str:
    """A file's own name as it can be shown and stored: bytes that are not UTF-8 become
    U+FFFD, control and direction-changing characters a '?'."""
    raw = os.fsencode(Path(path).name)
    text = raw.decode("utf-8", "replace")
    return "".join("?" if unicodedata.category(ch) in ("Cc", "Cf") else ch for ch in text) or "?"


def printable(text: str) -> str:
    """A path or name as given, safe to print and to store as UTF-8."""
    return os.fsencode(text).decode("utf-8", "replace")


def missing(name: str) -> UnusableFile:
    return UnusableFile(f"There is no file called {name}; check the name and the folder.")


def folder(name: str) -> UnusableFile:
    return UnusableFile(f"{name} is a folder, not a video file; choose the video files inside it.")


def empty(name: str) -> UnusableFile:
    return UnusableFile(f"{name} is empty (0 bytes); copy it from the phone or camera again.")


def unreadable(name: str, why: str) -> UnusableFile:
    return UnusableFile(f"{name} cannot be read ({why}).")


def not_video(name: str) -> UnusableFile:
    return UnusableFile(f"{name} is not a video file that can be read.")


def picture(name: str) -> UnusableFile:
    return UnusableFile(f"{name} is a photo, not a video.")


def single_picture(name: str) -> UnusableFile:
    return UnusableFile(f"{name} holds a single picture, not a video.")


def no_video_track(name: str) -> UnusableFile:
    return UnusableFile(f"{name} has no video in it: it holds neither pictures nor sound.")


def truncated(name: str) -> UnusableFile:
    return UnusableFile(
        f"{name} is cut short: the end of the recording is missing from the file (a copy "
        "that stopped early?). Copy it from the phone or camera again."
    )


def index_past_end(name: str) -> UnusableFile:
    return UnusableFile(
        f"{name} looks damaged: its index points at pictures beyond the end of the file."
    )


def padded(name: str, megabytes: int) -> UnusableFile:
    return UnusableFile(
        f"{name} looks damaged: {megabytes:,} MB of it are not part of the recording."
    )


def damaged_times(name: str, why: str) -> UnusableFile:
    return UnusableFile(f"{name} looks damaged: its frame times cannot be right ({why}).")


def damaged_index(name: str) -> UnusableFile:
    return UnusableFile(f"{name} looks damaged: the index that says where its pictures are is broken.")


def missing_pictures(name: str, found: int, listed: int) -> UnusableFile:
    return UnusableFile(
        f"{name} looks damaged: only {found:,} of the {listed:,} pictures it lists can be found."
    )


def family_erased(name: str, family_id: str) -> FamilyErased:
    return FamilyErased(
        f"The family {family_id} was erased while {name} was importing; nothing was kept."
    )


def how_long(seconds: float) -> str:
    """A length in words: '15 s', '4 minutes', '112 minutes', '7.5 hours'."""
    if seconds < 90:
        return f"{seconds:.3g} s"
    if seconds < 3 * 3600:
        return f"{seconds / 60:,.0f} minutes"
    return f"{seconds / 3600:,.1f} hours"


def incomplete(name: str) -> UnusableFile:
    return UnusableFile(
        f"{name} looks incomplete: the phone may have stopped before saving it. "
        "Copy it from the phone again; if the copy there is the same, the recording cannot be used."
    )


def no_video(name: str) -> UnusableFile:
    return UnusableFile(f"There is no video in this file ({name} has sound only).")


def undecodable(name: str, codec: str | None) -> UnusableFile:
    what = f" ({codec})" if codec else ""
    return UnusableFile(
        f"The video in {name} is in a format that cannot be decoded{what}; "
        "export it from the phone or camera as an ordinary video (MP4) and import that."
    )


def damaged(name: str) -> UnusableFile:
    return UnusableFile(f"The pictures in {name} cannot be decoded: the file looks damaged.")


def absurd_size(name: str, width: int, height: int) -> UnusableFile:
    return UnusableFile(
        f"{name} says its pictures are {width} x {height} pixels, which cannot be right "
        f"(the limit is {MIN_SIDE} to {MAX_SIDE} on each side): the file looks damaged."
    )


def absurd_duration(name: str, seconds: float) -> UnusableFile:
    hours = seconds / 3600
    return UnusableFile(
        f"{name} says it lasts {hours:,.1f} hours, which cannot be right for a visit "
        f"(the limit is {MAX_HOURS} hours): the file looks damaged."
    )


def no_frames(name: str) -> UnusableFile:
    return UnusableFile(f"{name} has a video track with no pictures in it: the file looks damaged.")


def original_gone(name: str, where: str) -> UnusableFile:
    return UnusableFile(
        f"The clip's own copy of {name} is no longer in {where}, so no still can be taken "
        "from it; import the recording again (its moments are kept until the clip is removed)."
    )


def disk_full(name: str) -> DiskFull:
    return DiskFull(
        f"The disk ran out of space while importing {name}; nothing was kept. "
        "Free some space and import it again."
    )


def not_enough_space(name: str, need_mb: int, free_mb: int) -> DiskFull:
    return DiskFull(
        f"There is not enough free space to import {name}: it needs about {need_mb:,} MB "
        f"and {free_mb:,} MB are free on this laptop's disk. Free some space and import it again."
    )
