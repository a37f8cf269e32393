"""frames.json: the exact presentation time of every frame of a clip.

Times are seconds from the clip's first displayed frame: exactly what a
browser's `video.currentTime` shows when it plays the clip's proxy. They come
from the recording's own timestamps (PTS), kept as integer ticks of a
rational time base, never from index / fps, so variable frame rate clips step
and seek correctly.

File format (version 1):

    {
      "version": 1,
      "time_base": [1, 90000],      # seconds per tick, as a fraction
      "source_start_pts": 0,        # pts of the first displayed frame in original.<ext>
      "pts": [0, 3003, 6006, ...],  # every frame, relative to the first, ascending
      "last_duration": 3003,        # how long the last frame is shown, in ticks
      "keyframes": [0, 30, ...],    # indices of keyframes in the original
      "proxy_keyframes": [0, 30]    # indices of keyframes in proxy.mp4
    }

A frame's pts in the original is `source_start_pts + pts[i]`; in the proxy it
is `pts[i]` (in the proxy's own time base, the same instant).

This module needs no PyAV: the UI and the summary can use it directly.
"""

from __future__ import annotations

import bisect
import json
from dataclasses import dataclass
from fractions import Fraction
from functools import cached_property
from pathlib import Path

from vipp_session.fsutil import atomic_write_text

FILE_NAME = "frames.json"
VERSION = 1
# A time given by a browser is rounded (to microseconds, and by float
# arithmetic); half a millisecond of slack keeps a frame's own start time on it.
SNAP = 0.0005


@dataclass(frozen=True)
class FrameTable:
    time_base: Fraction
    pts: tuple[int, ...]
    last_duration: int
    source_start_pts: int = 0
    keyframes: tuple[int, ...] = ()
    proxy_keyframes: tuple[int, ...] = ()

    def __post_init__(self):
        if not self.pts:
            raise ValueError("a frame table needs at least one frame")
        if self.pts[0] != 0 or any(b <= a for a, b in zip(self.pts, self.pts[1:])):
            raise ValueError("frame times must start at 0 and increase")

    def __len__(self) -> int:
        return len(self.pts)

    @cached_property
    def times(self) -> list[float]:
        """Every frame's start time in seconds from the first frame."""
        tb = self.time_base
        return [float(p * tb) for p in self.pts]

    def time_of(self, index: int) -> float:
        return self.times[index]

    def exact_time_of(self, index: int) -> Fraction:
        return self.pts[index] * self.time_base

    @property
    def duration(self) -> float:
        """From the first frame's start to the end of the last frame."""
        return float((self.pts[-1] + self.last_duration) * self.time_base)

    def frame_at(self, t: float) -> int:
        """The frame shown at time t: the last frame whose time is at or before t (+0.5 ms)."""
        i = bisect.bisect_right(self.times, t + SNAP) - 1
        return min(max(i, 0), len(self.pts) - 1)

    def source_pts(self, index: int) -> int:
        """The frame's pts in the original file (in `time_base`)."""
        return self.source_start_pts + self.pts[index]

    def keyframe_before(self, index: int) -> int:
        """The last keyframe of the original at or before frame `index` (0 if none listed)."""
        i = bisect.bisect_right(self.keyframes, index) - 1
        return self.keyframes[i] if i >= 0 else 0

    @property
    def average_fps(self) -> float:
        return len(self.pts) / self.duration if self.duration > 0 else 0.0

    # ------------------------------------------------------------------ JSON

    def to_dict(self) -> dict:
        return {
            "version": VERSION,
            "time_base": [self.time_base.numerator, self.time_base.denominator],
            "source_start_pts": self.source_start_pts,
            "pts": list(self.pts),
            "last_duration": self.last_duration,
            "keyframes": list(self.keyframes),
            "proxy_keyframes": list(self.proxy_keyframes),
        }

    @classmethod
    def from_dict(cls, d: dict) -> "FrameTable":
        if d.get("version", 1) > VERSION:
            raise ValueError("frames.json was written by a newer version of vipp-session")
        num, den = d["time_base"]
        return cls(
            time_base=Fraction(num, den),
            pts=tuple(int(p) for p in d["pts"]),
            last_duration=int(d["last_duration"]),
            source_start_pts=int(d.get("source_start_pts", 0)),
            keyframes=tuple(int(k) for k in d.get("keyframes", ())),
            proxy_keyframes=tuple(int(k) for k in d.get("proxy_keyframes", ())),
        )

    def save(self, folder_or_file: str | Path) -> Path:
        path = _path(folder_or_file)
        atomic_write_text(path, json.dumps(self.to_dict(), separators=(",", ":")))
        return path


def _path(folder_or_file: str | Path) -> Path:
    p = Path(folder_or_file)
    return p / FILE_NAME if p.is_dir() else p


def load_frame_table(folder_or_file: str | Path) -> FrameTable:
    """Read a clip's frames.json (give the clip folder or the file)."""
    return FrameTable.from_dict(json.loads(_path(folder_or_file).read_text(encoding="utf-8")))


def frame_times(folder_or_file: str | Path) -> list[float]:
    """Every frame's time in seconds from the first frame."""
    return load_frame_table(folder_or_file).times
