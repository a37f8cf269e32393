"""Burning highlights into a copy of a still, for print.

The same soft amber as on screen (the annotator draws #ffd166 with a dark
shadow), with a thin dark edge so a line shows on a white wall as well as in
a dim room. Lines are antialiased and as thick as the picture is large, so a
circle looks the same on a 320-pixel test clip and a 4K phone frame.
Highlights come in fractions of the upright picture, already checked
(vipp_session.highlights.clean_highlights).
"""

from __future__ import annotations

import math
from typing import Any

import cv2
import numpy as np

AMBER = (102, 209, 255)  # BGR of #ffd166
EDGE = (28, 22, 18)  # a warm near-black
LINE_SHARE = 0.007  # line width as a share of the picture's shorter side
EDGE_SHARE = 0.35  # the dark edge on each side, as a share of the line width
HEAD_ANGLE = math.radians(28)
SHIFT = 4  # sub-pixel precision: coordinates in 1/16 pixel
ONE = 1 << SHIFT


def line_width(width: int, height: int) -> int:
    return max(2, round(min(width, height) * LINE_SHARE))


def _paths(h: dict[str, Any], width: int, height: int, thickness: int) -> list[np.ndarray]:
    """Each highlight as open polylines (in 1/16 pixel); ellipses as closed ones."""
    if h["shape"] == "ellipse":
        cx, cy = h["cx"] * (width - 1), h["cy"] * (height - 1)
        rx, ry = h["rx"] * (width - 1), h["ry"] * (height - 1)
        steps = max(24, int(2 * math.pi * max(rx, ry) / 3))
        a = np.linspace(0, 2 * math.pi, steps + 1)
        pts = np.stack([cx + rx * np.cos(a), cy + ry * np.sin(a)], axis=1)
        return [np.round(pts * ONE).astype(np.int32)]
    if h["shape"] == "arrow":
        x1, y1 = h["x1"] * (width - 1), h["y1"] * (height - 1)
        x2, y2 = h["x2"] * (width - 1), h["y2"] * (height - 1)
        length = math.hypot(x2 - x1, y2 - y1)
        head = min(max(6 * thickness, 0.045 * min(width, height)), 0.45 * length)
        back = math.atan2(y1 - y2, x1 - x2)
        wings = [(x2 + head * math.cos(back + s * HEAD_ANGLE), y2 + head * math.sin(back + s * HEAD_ANGLE))
                 for s in (-1, 1)]
        shaft = np.array([[x1, y1], [x2, y2]])
        tip = np.array([wings[0], [x2, y2], wings[1]])
        return [np.round(p * ONE).astype(np.int32) for p in (shaft, tip)]
    pts = np.array(h["points"], dtype=np.float64) * [width - 1, height - 1]
    return [np.round(pts * ONE).astype(np.int32)]


def burn_highlights(image: np.ndarray, highlights: list[dict[str, Any]]) -> np.ndarray:
    """A copy of a BGR still with the highlights drawn on it (the still is not changed)."""
    out = image.copy()
    if not highlights:
        return out
    height, width = out.shape[:2]
    thickness = line_width(width, height)
    edge = max(1, round(thickness * EDGE_SHARE))
    paths = [p for h in highlights for p in _paths(h, width, height, thickness)]
    # the dark edge first, wider, under every shape; then the amber line on top
    for colour, size in ((EDGE, thickness + 2 * edge), (AMBER, thickness)):
        for pts in paths:
            cv2.polylines(out, [pts.reshape(-1, 1, 2)], False, colour, size, cv2.LINE_AA, SHIFT)
    return out
