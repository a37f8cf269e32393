"""Still pictures as files: PNG or JPEG, written whole or not at all."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np

from vipp_session.fsutil import atomic_write_bytes

IMAGE_TYPES = {".png": ".png", ".jpg": ".jpg", ".jpeg": ".jpg"}
PNG_COMPRESSION = 1  # fast; stills are written while the clinician waits
JPEG_QUALITY = 92


def encode_image(image: np.ndarray, suffix: str) -> bytes:
    """An image file's bytes: PNG or JPEG, chosen by the suffix ('.png', '.jpg', '.jpeg')."""
    kind = IMAGE_TYPES.get(suffix.lower())
    if kind is None:
        raise ValueError(f"cannot write {suffix} images")
    # PNG: fast deflate, and only the cheap row filters (none, sub, up): trying all five on
    # every row took half the time of a still and saved nothing on video frames
    params = ([cv2.IMWRITE_PNG_COMPRESSION, PNG_COMPRESSION,
               cv2.IMWRITE_PNG_FILTER, cv2.IMWRITE_PNG_FAST_FILTERS] if kind == ".png"
              else [cv2.IMWRITE_JPEG_QUALITY, JPEG_QUALITY])
    ok, data = cv2.imencode(kind, image, params)
    if not ok:
        raise OSError(f"could not encode a {kind} image")
    return data.tobytes()


def read_image(path: str | Path) -> np.ndarray:
    """A picture file as a BGR array."""
    raw = np.fromfile(str(path), dtype=np.uint8)
    image = cv2.imdecode(raw, cv2.IMREAD_COLOR)
    if image is None:
        raise OSError(f"{path} is not a picture that can be read")
    return image


def write_image(image: np.ndarray, path: str | Path) -> Path:
    """Write a picture whole (temp file, fsync, rename): a reader never sees half of one."""
    path = Path(path)
    atomic_write_bytes(path, encode_image(image, path.suffix))
    return path
