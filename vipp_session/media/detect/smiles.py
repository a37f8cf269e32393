"""Smiles: OpenCV's Haar smile cascade inside the mouth area of a face seen from the front.

The cascade's agreement (how many overlapping windows call it a smile) grows
with the size of the picture it is given, so the mouth area is always scaled to
the same width first; then the count means the same for a small face far away
as for a large one close to the camera. The mouth area comes from the sharpest
picture available (the decoded frame, not the small detection frame).
"""

from __future__ import annotations

import cv2
import numpy as np

MOUTH_WIDTH = 64  # pixels the mouth area is scaled to
# Agreement of the cascade on the scaled mouth area: broad open smiles reach well
# over 100; closed, neutral mouths mostly stay under 70.
NEUTRAL_AGREEMENT = 70
BROAD_AGREEMENT = 130


class SmileFinder:
    def __init__(self) -> None:
        self.cascade = cv2.CascadeClassifier(cv2.data.haarcascades + "haarcascade_smile.xml")
        if self.cascade.empty():
            raise RuntimeError("OpenCV's haarcascade_smile.xml could not be loaded")

    def strength(self, gray: np.ndarray, x: float, y: float, w: float, h: float) -> float:
        """How much the face in box (x, y, w, h) (pixels of `gray`) smiles: 0 (not at all) to 1."""
        x0 = round(x + 0.1 * w)
        x1 = round(x + 0.9 * w)
        y0 = round(y + 0.55 * h)
        y1 = round(y + 1.0 * h)
        x0, y0 = max(0, x0), max(0, y0)
        x1, y1 = min(gray.shape[1], x1), min(gray.shape[0], y1)
        if x1 - x0 < 8 or y1 - y0 < 4:
            return 0.0
        mouth = gray[y0:y1, x0:x1]
        scale = MOUTH_WIDTH / mouth.shape[1]
        mouth = cv2.resize(
            mouth,
            None,
            fx=scale,
            fy=scale,
            interpolation=cv2.INTER_AREA if scale < 1 else cv2.INTER_LINEAR,
        )
        mouth = cv2.equalizeHist(mouth)
        _, counts = self.cascade.detectMultiScale2(
            mouth, 1.05, 1, minSize=(round(MOUTH_WIDTH * 0.4), round(MOUTH_WIDTH * 0.2))
        )
        agreement = int(max(counts)) if len(counts) else 0
        return float(
            np.clip(
                (agreement - NEUTRAL_AGREEMENT) / (BROAD_AGREEMENT - NEUTRAL_AGREEMENT), 0.0, 1.0
            )
        )
