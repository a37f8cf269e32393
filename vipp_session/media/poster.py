"""The picture that stands for a clip: a well-lit, sharp filmstrip frame, one with a face
preferred, rather than the first frame.

Phone clips often fade in from black or open on a blurred swing of the camera, so first
frames tell clips apart badly. Each filmstrip frame (one every 2 s, decoded for the
filmstrip anyway) is scored on its small copy: exposure (neither dark nor blown out),
contrast (spread of grey levels) and sharpness (variance of the Laplacian). Only the best
few are kept, at a larger size, so memory does not grow with the clip's length; at the end
those few are searched for faces with OpenCV's frontal Haar cascade, and a face adds to
the score.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from dataclasses import dataclass

import cv2
import numpy as np

KEEP = 4  # candidates kept for the face search
HEIGHT = 240  # pixels: twice the clip list's picture, sharp on a high-density screen
DARK, BRIGHT, RAMP = 24, 240, 40  # grey levels: below DARK nothing shows, above BRIGHT it is white
FULL_CONTRAST = 48.0  # standard deviation of grey levels that counts as full contrast
FULL_SHARPNESS = 400.0  # Laplacian variance that counts as fully sharp
FACE_BONUS = 0.75
FACE_HEIGHT = 180  # pixels the face search looks at
FACE_SCALE_STEP = 1.3


def quality(bgr: np.ndarray) -> float:
    """0 for a black, white or flat picture; up to 2 for a well-lit, contrasted, sharp one."""
    gray = cv2.cvtColor(bgr, cv2.COLOR_BGR2GRAY)
    mean, std = (float(v[0, 0]) for v in cv2.meanStdDev(gray))
    exposure = (min(max((mean - DARK) / RAMP, 0.0), 1.0)
                * min(max((BRIGHT - mean) / RAMP, 0.0), 1.0))
    if exposure == 0.0:
        return 0.0
    sharp = float(cv2.Laplacian(gray, cv2.CV_32F).var())
    sharpness = min(math.log1p(sharp) / math.log1p(FULL_SHARPNESS), 1.0)
    return exposure * (min(std / FULL_CONTRAST, 1.0) + sharpness)


@dataclass
class Candidate:
    score: float
    frame: int
    time: float
    image: np.ndarray  # BGR, HEIGHT pixels high (or the clip's own height when smaller)


class PosterChooser:
    """Offered each filmstrip frame in turn; `choose` gives the best at the end."""

    def __init__(self, keep: int = KEEP):
        self.keep = keep
        self.best: list[Candidate] = []

    def offer(self, small: np.ndarray, larger: Callable[[], np.ndarray], frame: int,
              t: float) -> None:
        """`small` is the filmstrip picture; `larger` makes the poster-sized one, only if kept."""
        score = quality(small)
        if len(self.best) >= self.keep and score <= self.best[-1].score:
            return
        self.best.append(Candidate(score, frame, t, larger()))
        self.best.sort(key=lambda c: -c.score)
        del self.best[self.keep:]

    def choose(self) -> Candidate | None:
        """The best candidate, a face counting FACE_BONUS; the face search (the costly part)
        runs only on candidates that a face could make the best."""
        best = None
        for c in self.best:  # best first
            if best is not None and c.score + FACE_BONUS <= best.score:
                break
            if c.score > 0 and _has_face(c.image):
                c.score += FACE_BONUS
            if best is None or c.score > best.score:
                best = c
        return best


@functools.cache
def _face_finder():
    from vipp_session.media.detect.faces import FaceFinder

    return FaceFinder()


def _has_face(bgr: np.ndarray) -> bool:
    """A face at least a ninth of the picture's height (20 of FACE_HEIGHT pixels): one that
    a small picture shows, searched for with a coarse scale step to keep it cheap."""
    gray = cv2.cvtColor(bgr, cv2.COLOR_BGR2GRAY)
    high = min(FACE_HEIGHT, gray.shape[0])
    wide = max(1, round(gray.shape[1] * high / gray.shape[0]))
    gray = cv2.equalizeHist(cv2.resize(gray, (wide, high), interpolation=cv2.INTER_AREA))
    return bool(_face_finder().detect(gray, "camera", step=FACE_SCALE_STEP))
