"""HDR test clips made with PyAV: 10-bit HEVC, BT.2020, HLG or PQ, with known patches.

Each picture is a chart of flat patches (PATCHES, in fractions of the picture):
black, an 18% grey card, reference white, a skin tone, a saturated red and a
saturated green, each given as the non-linear BT.2020 R'G'B' signal a camera
would record (SIGNALS). `make_hdr_clip` writes them as a phone does (HEVC
Main 10, limited range, tagged BT.2020 with the HLG or PQ transfer);
`make_sdr_twin` writes the same scene as 8-bit BT.709 SDR (the signal the
standard conversion gives), or as 10-bit BT.709 SDR.
"""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import av
import numpy as np

# (x0, y0, x1, y1) in fractions of the upright picture
PATCHES = {
    "black": (0.02, 0.05, 0.30, 0.45),
    "grey": (0.36, 0.05, 0.64, 0.45),
    "white": (0.70, 0.05, 0.98, 0.45),
    "skin": (0.02, 0.55, 0.30, 0.95),
    "red": (0.36, 0.55, 0.64, 0.95),
    "green": (0.70, 0.55, 0.98, 0.95),
}
BACKGROUND = (0.25, 0.25, 0.25)

# non-linear BT.2020 R'G'B': grey and white at BT.2408's levels (38% / 75% HLG, 38% / 58% PQ)
SIGNALS = {
    "hlg": {"black": (0.0, 0.0, 0.0), "grey": (0.38, 0.38, 0.38), "white": (0.75, 0.75, 0.75),
            "skin": (0.62, 0.50, 0.43), "red": (0.68, 0.22, 0.18), "green": (0.30, 0.62, 0.24)},
    "pq": {"black": (0.0625, 0.0625, 0.0625), "grey": (0.38, 0.38, 0.38),
           "white": (0.58, 0.58, 0.58), "skin": (0.52, 0.47, 0.43),
           "red": (0.56, 0.36, 0.33), "green": (0.40, 0.53, 0.36)},
}
TRANSFER = {"hlg": ("arib-std-b67", 18), "pq": ("smpte2084", 16)}

BT2020 = (0.2627, 0.0593)  # Kr, Kb
BT709 = (0.2126, 0.0722)


def chart(width: int, height: int, colours: dict[str, tuple], background=BACKGROUND) -> np.ndarray:
    """An (height, width, 3) float picture of the patches in the given R'G'B' (0-1)."""
    image = np.empty((height, width, 3))
    image[:] = background
    for name, (x0, y0, x1, y1) in PATCHES.items():
        image[round(y0 * height):round(y1 * height), round(x0 * width):round(x1 * width)] = colours[name]
    return image


def patch_mean(image: np.ndarray, name: str, inset: float = 0.2) -> np.ndarray:
    """The mean of a patch's middle (away from its edges), channel by channel."""
    x0, y0, x1, y1 = PATCHES[name]
    h, w = image.shape[:2]
    dx, dy = (x1 - x0) * inset, (y1 - y0) * inset
    part = image[round((y0 + dy) * h):round((y1 - dy) * h), round((x0 + dx) * w):round((x1 - dx) * w)]
    return part.reshape(-1, part.shape[-1]).mean(axis=0)


def to_yuv420(rgb: np.ndarray, bits: int, matrix=BT2020) -> np.ndarray:
    """Non-linear R'G'B' (0-1) to planar limited-range Y'CbCr 4:2:0, as from_ndarray wants it."""
    kr, kb = matrix
    r, g, b = rgb[..., 0], rgb[..., 1], rgb[..., 2]
    y = kr * r + (1 - kr - kb) * g + kb * b
    cb = (b - y) / (2 * (1 - kb))
    cr = (r - y) / (2 * (1 - kr))
    scale = 1 << (bits - 8)
    h, w = y.shape

    def sub(c):
        return c.reshape(h // 2, 2, w // 2, 2).mean(axis=(1, 3))

    planes = [np.round((16 + 219 * y) * scale),
              np.round((128 + 224 * sub(cb)) * scale).reshape(h // 4, w),
              np.round((128 + 224 * sub(cr)) * scale).reshape(h // 4, w)]
    dtype = np.uint16 if bits > 8 else np.uint8
    return np.clip(np.concatenate(planes), 0, (1 << bits) - 1).astype(dtype)


def _write(path: Path, frames: int, fps: int, picture: np.ndarray, codec: str, pix_fmt: str,
           options: dict, tags: tuple[int, int, int], rotation: int = 0) -> Path:
    path = Path(path)
    with av.open(str(path), "w", format="mp4") as oc:
        stream = oc.add_stream(codec, rate=fps, options=options)
        stream.height, stream.width = picture.shape[0] * 2 // 3, picture.shape[1]
        stream.pix_fmt = pix_fmt
        cc = stream.codec_context
        cc.color_primaries, cc.color_trc, cc.colorspace = tags
        cc.color_range = 1
        if rotation:
            stream.set_display_rotation(-rotation)  # as phones write it: clockwise to show
        for i in range(frames):
            frame = av.VideoFrame.from_ndarray(picture, format=pix_fmt)
            frame.color_primaries, frame.color_trc, frame.colorspace = tags
            frame.color_range = 1
            frame.pts = i
            frame.time_base = Fraction(1, fps)
            for packet in stream.encode(frame):
                oc.mux(packet)
        for packet in stream.encode(None):
            oc.mux(packet)
    return path


def make_hdr_clip(path, kind: str = "hlg", width: int = 320, height: int = 180,
                  seconds: float = 0.5, fps: int = 10, rotation: int = 0) -> Path:
    """A 10-bit HEVC BT.2020 clip in HLG or PQ showing the patch chart in every frame
    (stored; `rotation` is the clockwise turn a player applies to show it)."""
    name, number = TRANSFER[kind]
    picture = to_yuv420(chart(width, height, SIGNALS[kind]), 10)
    params = f"colorprim=bt2020:transfer={name}:colormatrix=bt2020nc:range=limited:log-level=error"
    return _write(path, max(1, round(seconds * fps)), fps, picture, "libx265", "yuv420p10le",
                  {"preset": "ultrafast", "crf": "12", "x265-params": params}, (9, number, 9),
                  rotation)


def make_sdr_twin(path, colours: dict[str, tuple], width: int = 320, height: int = 180,
                  seconds: float = 0.5, fps: int = 10, bits: int = 8, background=BACKGROUND) -> Path:
    """The same chart as BT.709 SDR (colours are non-linear BT.709 R'G'B'): 8-bit H.264,
    or 10-bit HEVC when bits is 10."""
    picture = to_yuv420(chart(width, height, colours, background), bits, BT709)
    if bits == 8:
        return _write(path, max(1, round(seconds * fps)), fps, picture, "libx264", "yuv420p",
                      {"preset": "ultrafast", "crf": "12"}, (1, 1, 1))
    params = "colorprim=bt709:transfer=bt709:colormatrix=bt709:range=limited:log-level=error"
    return _write(path, max(1, round(seconds * fps)), fps, picture, "libx265", "yuv420p10le",
                  {"preset": "ultrafast", "crf": "12", "x265-params": params}, (1, 1, 1))
