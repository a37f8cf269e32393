"""Orientation and sizes: how stored pixels become the upright picture, and how big a proxy is.

`rotation` is always the clockwise turn, in degrees (0, 90, 180, 270), that
makes the stored pixels upright: what a phone held upright asks a player to
do (an iPhone's portrait video: 90). FFmpeg's display matrix speaks of
counter-clockwise angles; `rotation_from_display` converts.
"""

from __future__ import annotations

from fractions import Fraction


def rotation_from_display(ccw_degrees: float) -> int:
    """FFmpeg's display-matrix angle (counter-clockwise) as our clockwise 0/90/180/270."""
    return int(round(-ccw_degrees / 90.0)) * 90 % 360


def upright_size(width: int, height: int, rotation: int, sample_aspect: Fraction | None = None) -> tuple[int, int]:
    """The size a player shows: square pixels, display rotation applied."""
    if sample_aspect and sample_aspect > 0 and sample_aspect != 1:
        width = max(2, round(width * sample_aspect))
    return (height, width) if rotation % 180 else (width, height)


def _even(x: float) -> int:
    return max(2, int(round(x / 2)) * 2)


def fit_within(width: int, height: int, max_side: int) -> tuple[int, int]:
    """Scale (width, height) down so the long side is at most max_side; both even; never up."""
    long_side = max(width, height)
    if long_side <= max_side:
        return _even(width), _even(height)
    scale = max_side / long_side
    return _even(width * scale), _even(height * scale)


def orient_filters(rotation: int) -> list[tuple[str, str]]:
    """FFmpeg filters (name, arguments) that turn stored pixels upright."""
    rotation %= 360
    if rotation == 90:
        return [("transpose", "clock")]
    if rotation == 180:
        return [("hflip", ""), ("vflip", "")]
    if rotation == 270:
        return [("transpose", "cclock")]
    return []


SCALE_FLAGS = "bicubic"  # what the ffmpeg command line uses by default


def proxy_filters(rotation: int, size: tuple[int, int], pix_fmt: str = "yuv420p",
                  deinterlace: bool = False) -> list[tuple[str, str]]:
    """The whole picture chain of a transcoded proxy: scaled, upright, square pixels, 8-bit 4:2:0.

    Interlaced pictures are first made whole, one picture per frame (so every
    frame keeps its own time).
    """
    w, h = size
    if rotation % 180:
        w, h = h, w  # scale first (fewer pixels to turn), to the size that turns into `size`
    weave = [("bwdif", "mode=send_frame:deint=interlaced")] if deinterlace else []
    return [
        *weave,
        ("scale", f"{w}:{h}:flags={SCALE_FLAGS}"),
        *orient_filters(rotation),
        ("setsar", "1"),
        ("format", pix_fmt),
    ]


def filter_text(filters: list[tuple[str, str]]) -> str:
    """The same chain as an ffmpeg -vf argument (used by the benchmark's reference command)."""
    return ",".join(f"{name}={args}" if args else name for name, args in filters)
