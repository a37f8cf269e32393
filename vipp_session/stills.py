"""Stills: the exact frame of a clip at a time, as a picture, with or without highlights.

A time is seconds from the clip's first displayed frame, as the browser's
`video.currentTime` shows on the clip's proxy; the frame at t is the last one
whose start is at or before t (see media/frame_table.py). Stills come from the
clip's own copy of the original recording, upright and at full resolution; once
a service's policy has tidied the original away (tidy.py), from the browser copy,
the same frame at the browser copy's size, and the command line says so.

This module takes and returns plain values; the decoding is in media/frames.py.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from vipp_session import audit, clips
from vipp_session.errors import BadInput, is_disk_full
from vipp_session.media import frames, images, problems
from vipp_session.media.frame_table import SNAP, FrameTable, load_frame_table
from vipp_session.media.highlights import burn_highlights
from vipp_session.model import Clip
from vipp_session.paths import DataDir
from vipp_session.words import clip_time

IMAGE_SUFFIXES = tuple(images.IMAGE_TYPES)
_CLOCK = re.compile(r"^(?:(\d+):)?(\d{1,2}):(\d{1,2}(?:\.\d*)?)$")
_NUMBER = re.compile(r"^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$")


def parse_time(value: Any) -> float:
    """Seconds, given as a number, '12.5', or a clock time '1:02.5' / '1:02:03'."""
    if isinstance(value, bool):
        raise BadInput(f"'{value}' is not a time; give seconds, e.g. 12.5, or minutes:seconds, "
                       "e.g. 1:02.5.", field="at")
    if isinstance(value, (int, float)):
        seconds = float(value)
    else:
        text = str(value).strip()
        clock_time = _CLOCK.match(text)
        if clock_time:
            h, m, s = clock_time.groups()
            seconds = int(h or 0) * 3600 + int(m) * 60 + float(s)
        elif _NUMBER.match(text):
            seconds = float(text)
        else:
            seconds = math.nan
    if not math.isfinite(seconds):
        raise BadInput(f"'{value}' is not a time; give seconds, e.g. 12.5, or minutes:seconds, "
                       "e.g. 1:02.5.", field="at")
    return seconds


@dataclass(frozen=True)
class FrameChoice:
    """The frame of a clip shown at a time."""

    index: int  # in the clip's frame table
    start: float  # the frame's start time, seconds from the clip's first frame
    table: FrameTable


def frame_table(data: DataDir, clip: Clip) -> FrameTable:
    folder = data.clip_dir(clip.family, clip.id)
    try:
        return load_frame_table(folder)
    except FileNotFoundError:
        raise BadInput(f"The files of clip {clip.id} ({clip.file}) are missing from {folder}; "
                       "import the recording again.") from None


def choose_frame(data: DataDir, clip: Clip, at: Any) -> FrameChoice:
    """The frame shown at `at`, or BadInput when the time is outside the clip (with its length)."""
    t = parse_time(at)
    table = frame_table(data, clip)
    end = table.duration
    if t < 0 or t > end + SNAP:
        raise BadInput(
            f"{clip.id} ({clip.file}) lasts {end:.3f} seconds ({clip_time(end)}); "
            f"{t:g} is {'before its start' if t < 0 else 'past its end'}. "
            f"Choose a time from 0 to {end:.3f}.",
            field="at",
        )
    index = table.frame_at(t)
    return FrameChoice(index, table.time_of(index), table)


@dataclass(frozen=True)
class PictureSource:
    """Where a clip's stills come from: its own copy of the recording, or, once that was
    tidied away (tidy.py), its browser copy, with the frame table the file numbers frames by."""

    path: Path
    table: FrameTable
    browser_copy: bool

    @property
    def words(self) -> str:
        return "the browser copy" if self.browser_copy else "the original recording"


def picture_source(data: DataDir, clip: Clip, table: FrameTable) -> PictureSource:
    """The original while the clip has it, else the browser copy (the same frames, at most
    proxy_max_side pixels): a still is the very frame the player shows either way."""
    original = clips.original_path(data, clip)
    if original.is_file():
        return PictureSource(original, table, False)
    proxy = clips.proxy_path(data, clip)
    if not proxy.is_file():
        raise problems.original_gone(clip.file, str(original.parent))
    try:
        return PictureSource(proxy, frames.browser_copy_table(proxy, table), True)
    except Exception:  # noqa: BLE001 - a damaged browser copy: say so plainly
        raise problems.damaged(clip.file) from None


def from_browser_copy(data: DataDir, clip_id: str) -> bool:
    """True when the clip's stills now come from its browser copy (its original was tidied)."""
    _, clip = clips.find_clip(data, clip_id)
    return not clips.original_path(data, clip).is_file()


BROWSER_COPY_NOTE = ("The original recording of this clip was removed when it was tidied away, "
                     "so the still comes from the browser copy: the same frame, smaller.")


def picture(data: DataDir, clip: Clip, choice: FrameChoice) -> np.ndarray:
    """The chosen frame, upright (BGR), from the clip's original at full resolution, or from
    its browser copy once the original was tidied away."""
    source = picture_source(data, clip, choice.table)
    return frames.still_picture(source.path, source.table, choice.index, clip.file)


def check_output(path: str | Path) -> Path:
    """Where a still may be written: a .png/.jpg/.jpeg in a folder that exists."""
    path = Path(path).expanduser()
    if path.is_dir():
        raise BadInput(f"{path} is a folder; give a file name ending in .png or .jpg.", field="output")
    if path.suffix.lower() not in IMAGE_SUFFIXES:
        raise BadInput(f"A still can be written as .png or .jpg, not '{path.suffix or path.name}'; "
                       "end the file name with .png or .jpg.", field="output")
    if not path.parent.is_dir():
        raise BadInput(f"There is no folder {path.parent} to write {path.name} into.", field="output")
    return path


def write_picture(image: np.ndarray, path: Path) -> Path:
    """Write a picture whole, or nothing (a full disk gets a plain reason)."""
    try:
        return images.write_image(image, path)
    except OSError as exc:
        if is_disk_full(exc):
            raise BadInput(f"The disk is full: {path.name} could not be written into {path.parent}; "
                           "nothing was kept. Free some space and try again.") from None
        if isinstance(exc, PermissionError):
            raise BadInput(f"{path.parent} cannot be written to (permission denied).") from None
        raise


def export_still(data: DataDir, clip_id: str, at: Any, out: str | Path,
                 highlights: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """Write the frame of a clip at `at` to `out` (.png or .jpg), highlights burned in if given."""
    family_id, clip = clips.find_clip(data, clip_id)
    choice = choose_frame(data, clip, at)
    path = check_output(out)
    source = picture_source(data, clip, choice.table)
    image = frames.still_picture(source.path, source.table, choice.index, clip.file)
    if highlights:
        image = burn_highlights(image, highlights)
    write_picture(image, path)
    height, width = image.shape[:2]
    audit.record(data, "still exported", family_id, clip=clip.id, frame=choice.index)
    return {"clip": clip.id, "at": choice.start, "frame": choice.index, "width": width,
            "height": height, "highlights": len(highlights or []), "file": str(path.resolve()),
            "source": "browser copy" if source.browser_copy else "original"}


def burn_copy(still: Path, highlights: list[dict[str, Any]], out: Path) -> Path:
    """Write a copy of a saved still with the highlights burned in."""
    try:
        image = images.read_image(still)
    except OSError:
        raise BadInput(f"The still {still} is missing or damaged; take the moment again.") from None
    return write_picture(burn_highlights(image, highlights), out)
