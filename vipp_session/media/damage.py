"""Signs that a recording is damaged, found without decoding a picture.

- `check_structure`: an MP4/MOV's boxes say it never finished saving, was cut
  short, points past its own end, or is mostly padding.
- `check_timing`: the frame times, once read, against what else the file
  says: the length it states, how long its sound lasts, its size (bits per
  second) and the gaps between frames. A zeroed timing table once spread a
  15 s clip over 112 minutes; a browser would show it that way too.

Each raises an UnusableFile with the plain reason (problems.py). No PyAV here.
"""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

from vipp_session.media import mp4boxes, problems


def check_structure(path: Path, name: str) -> None:
    """The cheap checks of an MP4/MOV's boxes (no-ops for other files)."""
    if mp4boxes.looks_incomplete(path):
        raise problems.incomplete(name)
    if mp4boxes.cut_short(path):
        raise problems.truncated(name)
    if mp4boxes.points_past_end(path):
        raise problems.index_past_end(name)
    if mp4boxes.looks_padded(path):
        raise problems.padded(name, mp4boxes.unused_bytes(path) // 2**20)


def not_video(path: Path, name: str) -> problems.UnusableFile:
    """Why a file that FFmpeg cannot open as a video is not one."""
    if "moov" in [b.type for b in mp4boxes.top_level_boxes(path) or []]:
        return problems.damaged_index(name)  # an MP4/MOV, whole, whose index makes no sense
    return problems.not_video(name)


class SoundSpan:
    """How long a file's sound lasts, from its packets' own times (kept as ticks: cheap)."""

    def __init__(self, time_base: Fraction | None):
        self.time_base = time_base
        self.first: int | None = None
        self.last_end: int | None = None

    def add(self, packet) -> None:
        pts = packet.pts
        if pts is None:
            return
        end = pts + (packet.duration or 0)
        if self.first is None:
            self.first, self.last_end = pts, end
        else:
            self.first = min(self.first, pts)
            self.last_end = max(self.last_end, end)

    @property
    def length(self) -> float | None:
        if self.first is None or not self.time_base:
            return None
        return float((self.last_end - self.first) * self.time_base)


def check_timing(name: str, span: float, frames: int, declared: float | None,
                 sound: float | None, size: int) -> None:
    """`span` seconds from the first frame to the end of the last, of `frames` frames,
    against the length the file states, its sound's length and its size in bytes."""
    how_long = problems.how_long
    if span > problems.MAX_HOURS * 3600:
        raise problems.absurd_duration(name, span)
    if span <= 0 or frames / span > problems.MAX_FPS:
        raise problems.damaged_times(name, f"{frames} frames in {how_long(max(span, 0))}")
    if declared and span > 2 * declared + 2:
        raise problems.damaged_times(
            name, f"the file says it lasts {how_long(declared)}, but its frames span {how_long(span)}")
    if sound and sound > 2 * span + 2:
        raise problems.damaged_times(
            name, f"its sound lasts {how_long(sound)}, but its pictures {how_long(span)}")
    if frames > 1 and span / (frames - 1) > problems.MAX_FRAME_GAP:
        raise problems.damaged_times(name, f"{frames} frames spread over {how_long(span)}")
    if span > 60 and size * 8 / span < problems.MIN_BITS_PER_SECOND:
        raise problems.damaged_times(
            name, f"{size // 1024:,} KB cannot hold {how_long(span)} of video")
