"""Faces in a frame with OpenCV's Haar cascades, and two faces turned towards each other.

'Facing' says where the nose points in the picture: 'camera', 'left' or 'right'.
OpenCV's profile cascade finds faces whose nose points to the left of the picture;
run on the mirrored frame, it finds those turned to the right.

Three ways of looking, from costly to cheap: `detect` searches a whole frame (or
an area) with one cascade; `follow` looks for a known face in a small window
around where it was, with all three; `partner` looks beside a face turned to one
side for the face it may be turned to. face_tracking.py decides when to use which.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

FACINGS = ("camera", "left", "right")
_CASCADES = {"camera": "haarcascade_frontalface_alt2.xml", "profile": "haarcascade_profileface.xml"}

# The full search: a coarse scale step keeps it affordable (each step down in size
# adds a whole layer of windows to try); following the face then finds its size.
SEARCH_SCALE_STEP = 1.2
SEARCH_NEIGHBOURS = 2
MIN_FACE = 20  # pixels in the detection frame: the cascades' own window size
# Following a known face from one sample to the next: a small window around it,
# sizes close to its own, so each cascade costs about a millisecond.
FOLLOW_SCALE_STEP = 1.1
FOLLOW_MARGIN = 0.35  # the window reaches this many face widths beyond the face
FOLLOW_SIZES = (0.8, 1.25)  # face sizes looked for, relative to the face followed
FOLLOW_NEIGHBOURS = 1
TURNED_MARGIN = 1.5  # how much surer the profile cascade must be than the frontal one
# Looking beside a face turned to one side for the face it may be turned to.
PARTNER_REACH = 3.5  # face widths
PARTNER_SIZES = (0.45, 1.6)  # the other face's width, relative to this one


@dataclass(frozen=True)
class Box:
    x: int
    y: int
    w: int
    h: int

    @property
    def cx(self) -> float:
        return self.x + self.w / 2

    @property
    def cy(self) -> float:
        return self.y + self.h / 2

    def overlap(self, other: "Box") -> float:
        """Intersection over the smaller box's area (1 when one holds the other)."""
        ix = max(0, min(self.x + self.w, other.x + other.w) - max(self.x, other.x))
        iy = max(0, min(self.y + self.h, other.y + other.h) - max(self.y, other.y))
        return ix * iy / max(1, min(self.w * self.h, other.w * other.h))


@dataclass(frozen=True)
class Face:
    """A face in one sample. Box in pixels of the detection frame."""

    box: Box
    facing: str
    strength: float  # 0..1, how many of the cascade's windows agreed
    track: int  # the same number for the same face in neighbouring samples


class FaceFinder:
    """The Haar cascades shipped with OpenCV, loaded once."""

    def __init__(self) -> None:
        self.frontal = _load(_CASCADES["camera"])
        self.profile = _load(_CASCADES["profile"])

    def detect(
        self,
        gray: np.ndarray,
        facing: str,
        area: Box | None = None,
        sizes: tuple[int, int] | None = None,
        step: float = SEARCH_SCALE_STEP,
        neighbours: int = SEARCH_NEIGHBOURS,
    ) -> list[tuple[Box, int]]:
        """Faces turned `facing` inside `area` (default: the whole frame) whose width is within
        `sizes`, each with the cascade's agreement, in the frame's coordinates."""
        height, width = gray.shape
        x0, y0 = (max(0, area.x), max(0, area.y)) if area else (0, 0)
        x1, y1 = (
            (min(width, area.x + area.w), min(height, area.y + area.h)) if area else (width, height)
        )
        low, high = sizes or (MIN_FACE, height)
        low = max(MIN_FACE, low)
        if x1 - x0 < low or y1 - y0 < low or high < low:
            return []
        image = gray[y0:y1, x0:x1]
        cascade = self.frontal if facing == "camera" else self.profile
        if facing == "right":
            image = cv2.flip(image, 1)
        boxes, counts = cascade.detectMultiScale2(
            image, step, neighbours, minSize=(low, low), maxSize=(high, high)
        )
        found = []
        for b, n in zip(boxes, counts):
            bx, by, bw, bh = map(int, b)
            if facing == "right":
                bx = (x1 - x0) - bx - bw
            found.append((Box(x0 + bx, y0 + by, bw, bh), int(n)))
        return found

    def follow(
        self, gray: np.ndarray, near: Box, facings: tuple[str, ...] = FACINGS
    ) -> tuple[Box, str, int] | None:
        """The face near `near` in this frame, looked for with the cascades for `facings`
        (default all three): (box, facing, agreement), or None."""
        pad = round(near.w * FOLLOW_MARGIN)
        area = Box(near.x - pad, near.y - pad, near.w + 2 * pad, near.h + 2 * pad)
        low = round(near.w * FOLLOW_SIZES[0])
        high = max(low + 2, round(near.w * FOLLOW_SIZES[1]))
        best: dict[str, tuple[Box, int]] = {}
        for facing in facings:
            for box, n in self.detect(
                gray, facing, area, (low, high), FOLLOW_SCALE_STEP, FOLLOW_NEIGHBOURS
            ):
                if box.overlap(near) >= 0.3 and n > best.get(facing, (None, 0))[1]:
                    best[facing] = (box, n)
        if not best:
            return None
        # A face a little turned sets off the profile cascade as well as the frontal one:
        # it counts as turned only when the profile cascade is clearly the surer.
        turned = max(("left", "right"), key=lambda f: best.get(f, (None, 0))[1])
        frontal = best.get("camera", (None, 0))[1]
        if turned in best and best[turned][1] > TURNED_MARGIN * frontal:
            return best[turned][0], turned, best[turned][1]
        if "camera" in best:
            return best["camera"][0], "camera", frontal
        return best[turned][0], turned, best[turned][1]

    def partner(self, gray: np.ndarray, face: Box, side: str) -> list[tuple[Box, str, int]]:
        """Faces beside `face` on `side` ('left' or 'right'), turned towards it or to the camera.

        A child's face is often smaller than a parent's and easily missed by the coarse
        full search; next to a face turned their way, a finer look is affordable."""
        reach = round(face.w * PARTNER_REACH)
        x = face.x - reach if side == "left" else face.x + face.w
        area = Box(x, face.y - face.h, reach, 3 * face.h)
        sizes = (round(face.w * PARTNER_SIZES[0]), round(face.w * PARTNER_SIZES[1]))
        towards = "right" if side == "left" else "left"
        found = []
        for facing in (towards, "camera"):
            for box, n in self.detect(
                gray, facing, area, sizes, FOLLOW_SCALE_STEP, SEARCH_NEIGHBOURS
            ):
                found.append((box, facing, n))
        return found


def _load(name: str) -> cv2.CascadeClassifier:
    cascade = cv2.CascadeClassifier(cv2.data.haarcascades + name)
    if cascade.empty():  # a broken OpenCV install, not the user's doing
        raise RuntimeError(f"OpenCV's {name} could not be loaded")
    return cascade


# --- two faces together ---------------------------------------------------------------


@dataclass(frozen=True)
class Together:
    """Two faces close together; `mutual` when both are turned towards each other."""

    left: Face
    right: Face
    mutual: bool
    strength: float


def faces_together(faces: list[Face]) -> Together | None:
    """The best pair of faces close together with at least one turned towards the other
    and neither turned away, or None."""
    best: Together | None = None
    for i, a in enumerate(faces):
        for b in faces[i + 1 :]:
            left, right = (a, b) if a.box.cx <= b.box.cx else (b, a)
            pair = _pair(left, right)
            if pair and (best is None or pair.strength > best.strength):
                best = pair
    return best


def _pair(left: Face, right: Face) -> Together | None:
    size = (left.box.w + right.box.w) / 2
    if not 0.4 <= left.box.w / right.box.w <= 2.5:
        return None  # an adult and a baby differ, but not by this much
    gap = right.box.x - (left.box.x + left.box.w)
    if gap > 3.0 * size or abs(left.box.cy - right.box.cy) > 1.5 * size:
        return None
    left_towards = left.facing == "right"
    right_towards = right.facing == "left"
    if left.facing == "left" or right.facing == "right" or not (left_towards or right_towards):
        return None  # one turned away, or both facing the camera
    mutual = left_towards and right_towards
    strength = (left.strength + right.strength) / 2 * (1.0 if mutual else 0.6)
    return Together(left, right, mutual, strength)
