"""Test media made on the spot with PyAV: clips whose every frame says which frame it is.

Each frame of a generated clip shows, in its *upright* orientation (as a player
shows it after applying the display rotation):

- a 5 x 4 grid of black/white cells in the middle: the frame's index as 16 bits
  plus a 4-bit check sum, read back by `read_frame_index(image)`;
- four corner markers: top-left white, top-right light grey, the two bottom
  corners black. Any rotation or mirror of the picture moves them, so
  `is_upright(image)` (or `orientation_problem(image)` for a reason) tells
  whether a decoded picture is the right way up.

Both survive lossy compression and scaling down to thumbnail size (cells stay
over 10 px).

`make_clip(path, ...)` writes a clip with a chosen container (by the file's
suffix), codec, stored size, frame rate or explicit frame times (variable
frame rate), display rotation (written as a display matrix, as phones do),
start time, B-frames, bit depth, keyframe interval and audio codec, and
returns a `MadeClip` with what a reader should find: the exact time of every
frame, the upright size, and so on.

For inputs that must be refused there are `make_incomplete_recording` (an MP4
whose `moov` atom never got written), `make_audio_only`, `make_unknown_codec`
(a video track in a format nothing can decode), `make_damaged` (right
container, garbage pictures) and `make_not_video`.

Rotation here is what a player applies: `rotation=90` means "turn the stored
pixels 90 degrees clockwise to show them", as an iPhone held upright records.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

import av
import numpy as np

GRID_COLS, GRID_ROWS = 5, 4
INDEX_BITS, CHECK_BITS = 16, 4
MAX_INDEX = (1 << INDEX_BITS) - 1

BACKGROUND = 96
BLACK, WHITE, LIGHT = 16, 235, 165
CORNER_LEVELS = {"top-left": WHITE, "top-right": LIGHT, "bottom-left": BLACK, "bottom-right": BLACK}

CONTAINERS = {
    ".mp4": "mp4",
    ".m4v": "mp4",
    ".mov": "mov",
    ".mkv": "matroska",
    ".webm": "webm",
    ".avi": "avi",
    ".mts": "mpegts",
    ".ts": "mpegts",
    ".3gp": "3gp",
}
VIDEO_ENCODERS = {
    "h264": "libx264",
    "hevc": "libx265",
    "vp9": "libvpx-vp9",
    "av1": "libsvtav1",
    "mpeg4": "mpeg4",
    "msmpeg4v2": "msmpeg4v2",
    "mjpeg": "mjpeg",
    "prores": "prores_ks",
}
AUDIO_ENCODERS = {
    "aac": "aac",
    "ac3": "ac3",
    "opus": "libopus",
    "mp3": "libmp3lame",
    "pcm_s16le": "pcm_s16le",
}


# --------------------------------------------------------------------------- the picture


def _layout(width: int, height: int) -> tuple[int, tuple[int, int, int]]:
    """Corner marker size, and the code grid as (cell, left, top), for an upright picture."""
    corner = max(4, round(0.16 * min(width, height)))
    cell = max(2, int(min(0.8 * width / GRID_COLS, 0.6 * height / GRID_ROWS)))
    left = (width - cell * GRID_COLS) // 2
    top = (height - cell * GRID_ROWS) // 2
    return corner, (cell, left, top)


def _check(index: int) -> int:
    return sum((index >> s) & 0xF for s in range(0, INDEX_BITS, 4)) & 0xF


def _bits(index: int) -> list[int]:
    if not 0 <= index <= MAX_INDEX:
        raise ValueError(f"frame index {index} does not fit in {INDEX_BITS} bits")
    value = index | (_check(index) << INDEX_BITS)
    return [(value >> i) & 1 for i in range(INDEX_BITS + CHECK_BITS)]


def draw_frame(index: int, width: int, height: int, texture: np.ndarray | None = None) -> np.ndarray:
    """The upright picture of frame `index` as a greyscale (height, width) uint8 array."""
    img = np.full((height, width), BACKGROUND, np.uint8)
    if texture is not None:
        img = np.clip(img.astype(np.int16) + texture[:height, :width], 40, 150).astype(np.uint8)
    corner, (cell, left, top) = _layout(width, height)
    img[:corner, :corner] = CORNER_LEVELS["top-left"]
    img[:corner, width - corner:] = CORNER_LEVELS["top-right"]
    img[height - corner:, :corner] = CORNER_LEVELS["bottom-left"]
    img[height - corner:, width - corner:] = CORNER_LEVELS["bottom-right"]
    for i, bit in enumerate(_bits(index)):
        r, c = divmod(i, GRID_COLS)
        y, x = top + r * cell, left + c * cell
        img[y:y + cell, x:x + cell] = WHITE if bit else BLACK
    return img


def _grey(image) -> np.ndarray:
    if hasattr(image, "to_ndarray"):  # an av.VideoFrame
        return image.to_ndarray(format="gray")
    arr = np.asarray(image)
    if arr.ndim == 3:
        arr = arr[..., :3].mean(axis=2)
    return arr.astype(np.float32)


def _mean(img: np.ndarray, y0: float, y1: float, x0: float, x1: float) -> float:
    """Mean of the middle half of a rectangle given in pixels (edges blur when scaled)."""
    h, w = y1 - y0, x1 - x0
    ys, ye = int(round(y0 + h / 4)), int(round(y1 - h / 4))
    xs, xe = int(round(x0 + w / 4)), int(round(x1 - w / 4))
    return float(img[ys:max(ye, ys + 1), xs:max(xe, xs + 1)].mean())


def read_frame_index(image) -> int:
    """The frame index drawn into an upright picture (any size, RGB, BGR or grey).

    Raises ValueError when the code cannot be read (check sum wrong), e.g. a
    picture that is not upright or not one of ours.
    """
    img = _grey(image)
    height, width = img.shape[:2]
    _, (cell, left, top) = _layout(width, height)
    value = 0
    for i in range(INDEX_BITS + CHECK_BITS):
        r, c = divmod(i, GRID_COLS)
        y, x = top + r * cell, left + c * cell
        if _mean(img, y, y + cell, x, x + cell) > (BLACK + WHITE) / 2:
            value |= 1 << i
    index, check = value & MAX_INDEX, value >> INDEX_BITS
    if check != _check(index):
        raise ValueError("no readable frame index in this picture")
    return index


def corner_levels(image) -> dict[str, float]:
    img = _grey(image)
    height, width = img.shape[:2]
    corner, _ = _layout(width, height)
    return {
        "top-left": _mean(img, 0, corner, 0, corner),
        "top-right": _mean(img, 0, corner, width - corner, width),
        "bottom-left": _mean(img, height - corner, height, 0, corner),
        "bottom-right": _mean(img, height - corner, height, width - corner, width),
    }


def orientation_problem(image) -> str | None:
    """None if the picture is upright, else what the corners show."""
    levels = corner_levels(image)
    wrong = {k: round(v) for k, v in levels.items() if abs(v - CORNER_LEVELS[k]) > 35}
    if not wrong:
        return None
    return f"corner markers out of place (measured {', '.join(f'{k} {v}' for k, v in wrong.items())})"


def is_upright(image) -> bool:
    return orientation_problem(image) is None


# --------------------------------------------------------------------------- clips


@dataclass
class MadeClip:
    """A generated clip and what a correct reader must find in it."""

    path: Path
    container: str
    video_codec: str  # codec name as FFmpeg reports it (h264, hevc, vp9, ...)
    audio_codec: str | None
    width: int  # stored (coded) size
    height: int
    rotation: int  # clockwise degrees a player applies
    start: float  # the first frame's presentation time in the file, seconds
    times: list[float]  # every frame's time from the first frame, in frame-index order
    pix_fmt: str
    time_base: Fraction
    pts: list[int] = field(default_factory=list)  # every frame's pts in the file, index order

    @property
    def upright_size(self) -> tuple[int, int]:
        if self.rotation % 180:
            return self.height, self.width
        return self.width, self.height

    @property
    def frames(self) -> int:
        return len(self.times)

    @property
    def duration(self) -> float:
        """From the first frame's start to the last frame's end (the last lasts like the one before)."""
        if len(self.times) < 2:
            return 1 / 30
        return self.times[-1] + (self.times[-1] - self.times[-2])


def vfr_times(frames: int, fps_pattern=(30, 30, 30, 15, 15, 24)) -> list[float]:
    """Frame times whose spacing changes every 10 frames, as a phone under changing light."""
    times, t = [], 0.0
    for i in range(frames):
        times.append(t)
        t += 1 / fps_pattern[(i // 10) % len(fps_pattern)]
    return times


def _default_time_base(container: str, fps: Fraction) -> Fraction:
    if container in ("matroska", "webm"):
        return Fraction(1, 1000)
    if container == "avi":
        return 1 / fps
    return Fraction(1, 90000)


def _video_options(codec: str, bframes: int, gop: int, quality: int | None,
                   interlaced: bool = False) -> dict[str, str]:
    if codec == "h264":
        opts = {"bframes": str(bframes), "g": str(gop), "keyint_min": str(min(gop, 25)),
                "preset": "veryfast", "crf": str(quality or 23)}
        if interlaced:
            opts["x264-params"] = "interlaced=1:tff=1"  # a camcorder's 1080i
        return opts
    if codec == "hevc":
        params = f"log-level=error:bframes={bframes}:keyint={gop}:min-keyint=1"
        return {"preset": "ultrafast", "crf": str(quality or 28), "x265-params": params}
    if codec == "vp9":
        return {"deadline": "realtime", "cpu-used": "8", "crf": str(quality or 40), "b": "0",
                "g": str(gop)}
    if codec == "av1":
        return {"preset": "8", "crf": str(quality or 30), "g": str(gop),
                "svtav1-params": "lp=2"}
    if codec in ("mpeg4", "msmpeg4v2"):
        return {"g": str(gop), "bf": str(bframes), "qscale": str(quality or 4)}
    return {}


def make_clip(
    path: str | Path,
    *,
    codec: str = "h264",
    width: int = 320,
    height: int = 240,
    fps: float | Fraction = 30,
    frames: int | None = None,
    duration: float = 2.0,
    times: list[float] | None = None,
    rotation: int = 0,
    start: float = 0.0,
    bframes: int = 0,
    bit_depth: int = 8,
    pix_fmt: str | None = None,
    gop: int | None = None,
    audio: str | None = None,
    audio_rate: int = 48000,
    audio_channels: int = 2,
    quality: int | None = None,
    time_base: Fraction | None = None,
    texture: bool = False,
    creation_time: str | None = None,
    codec_tag: str | None = None,
    interlaced: bool = False,
) -> MadeClip:
    """Write a clip whose frames carry their own index; see the module docstring.

    `times` (seconds, increasing, from the first frame) gives a variable frame
    rate; otherwise frames are 1/fps apart. `frames` defaults to duration*fps.
    `start` shifts every frame (and the sound) to start later in the file.
    `interlaced` (H.264 only) codes the pictures as interlaced fields, as camcorders do.
    `audio` is a codec name from AUDIO_ENCODERS; the sound is a quiet hum with a
    loud 1 kHz beep for the first 0.1 s of every whole second of clip time (when
    the whole beep fits), so a test can check that picture and sound stay together.
    """
    path = Path(path)
    container = CONTAINERS[path.suffix.lower()]
    fps = Fraction(fps).limit_denominator(1001)
    if times is None:
        n = frames if frames is not None else max(1, round(duration * fps))
        times = [float(Fraction(i) / fps) for i in range(n)]
    if rotation % 90:
        raise ValueError("rotation must be a multiple of 90 degrees")
    rotation %= 360
    tb = time_base or _default_time_base(container, fps)
    gop = gop or max(1, round(fps))
    pix_fmt = pix_fmt or ("yuv420p10le" if bit_depth == 10 else "yuv420p")
    pts = [round((start + t) / tb) for t in times]
    if len(set(pts)) != len(pts) or pts != sorted(pts):
        raise ValueError("frame times collide or go backwards at this time base")

    out = av.open(str(path), "w", format=container)
    if creation_time:
        out.metadata["creation_time"] = creation_time
    vs = out.add_stream(VIDEO_ENCODERS[codec], rate=fps,
                        options=_video_options(codec, bframes, gop, quality, interlaced))
    vs.width, vs.height, vs.pix_fmt = width, height, pix_fmt
    vs.codec_context.time_base = tb
    vs.time_base = tb
    if codec in ("mpeg4", "msmpeg4v2", "mjpeg"):
        vs.codec_context.gop_size = gop
        vs.codec_context.max_b_frames = bframes
    if codec_tag or (codec == "hevc" and container in ("mp4", "mov")):
        vs.codec_tag = codec_tag or "hvc1"  # what Apple devices write, and Safari needs
    if rotation:
        vs.set_display_rotation(-rotation)  # PyAV takes counter-clockwise degrees

    aus = None
    if audio:
        aus = out.add_stream(AUDIO_ENCODERS[audio], rate=audio_rate)
        aus.layout = "stereo" if audio_channels == 2 else "mono"
        if audio in ("aac", "mp3", "opus"):
            aus.bit_rate = 96000

    upright_w, upright_h = (height, width) if rotation % 180 else (width, height)
    rng = np.random.default_rng(7)
    grain = rng.integers(-25, 26, size=(upright_h + 8, upright_w + 8), dtype=np.int16) if texture else None

    audio_packets = _audio_frames(aus, start, times[-1] + (times[-1] - times[-2] if len(times) > 1 else 0.04)) if aus else iter(())
    next_audio = next(audio_packets, None)
    for i, p in enumerate(pts):
        tex = None
        if grain is not None:
            dy, dx = (i * 3) % 8, (i * 5) % 8  # the grain moves, as on a real sensor
            tex = grain[dy:, dx:]
        upright = draw_frame(i, upright_w, upright_h, tex)
        stored = np.rot90(upright, k=rotation // 90)  # undo what the player will apply
        rgb = np.ascontiguousarray(np.repeat(stored[:, :, None], 3, axis=2))
        frame = av.VideoFrame.from_ndarray(rgb, format="rgb24").reformat(format=pix_fmt)
        frame.pts, frame.time_base = p, tb
        for packet in vs.encode(frame):
            out.mux(packet)
        # keep the sound interleaved with the picture
        while next_audio is not None and next_audio.time <= start + times[i]:
            for packet in aus.encode(next_audio):
                out.mux(packet)
            next_audio = next(audio_packets, None)
    for packet in vs.encode():
        out.mux(packet)
    if aus is not None:
        while next_audio is not None:
            for packet in aus.encode(next_audio):
                out.mux(packet)
            next_audio = next(audio_packets, None)
        for packet in aus.encode():
            out.mux(packet)
    out.close()
    return MadeClip(
        path=path, container=container, video_codec=codec if codec != "prores" else "prores",
        audio_codec=audio, width=width, height=height, rotation=rotation, start=start,
        times=[float((p - pts[0]) * tb) for p in pts], pix_fmt=pix_fmt, time_base=tb, pts=pts,
    )


def _audio_frames(stream, start: float, length: float):
    """Audio frames from `start` for `length` seconds: hum, and a beep each whole second."""
    rate = stream.rate
    channels = stream.layout.nb_channels
    fmt = stream.codec_context.codec.audio_formats[0].name
    size = 1024
    total = int(math.ceil(length * rate))
    first = round(start * rate)
    resampler = av.AudioResampler(format=fmt, layout=stream.layout.name, rate=rate) if fmt != "fltp" else None
    for offset in range(0, total, size):
        n = min(size, total - offset)
        t = (np.arange(n) + offset) / rate  # clip time of each sample
        beep = ((t % 1.0) < 0.1) & (np.floor(t) + 0.1 <= length)  # only whole beeps
        wave = np.where(beep, 0.5 * np.sin(2 * np.pi * 1000 * t), 0.02 * np.sin(2 * np.pi * 220 * t))
        samples = np.repeat(wave[None, :].astype(np.float32), channels, axis=0)
        frame = av.AudioFrame.from_ndarray(samples, format="fltp", layout=stream.layout.name)
        frame.sample_rate = rate
        frame.pts = first + offset
        frame.time_base = Fraction(1, rate)
        if resampler is not None:
            yield from resampler.resample(frame)
        else:
            yield frame


# --------------------------------------------------------------------------- bad inputs


def make_incomplete_recording(path: str | Path, **kwargs) -> Path:
    """An MP4 cut off before its `moov` atom was written, as when a phone stops mid-save."""
    path = Path(path)
    made = make_clip(path, **kwargs)
    raw = made.path.read_bytes()
    moov = raw.rfind(b"moov") - 4  # PyAV writes moov last unless asked for faststart
    if moov <= 0 or raw.find(b"mdat") > moov:
        raise AssertionError("expected moov after mdat")
    path.write_bytes(raw[:moov])
    return path


def make_audio_only(path: str | Path, codec: str = "aac", seconds: float = 2.0) -> Path:
    """A sound recording with no picture (e.g. a voice memo saved as .m4a/.mp4)."""
    path = Path(path)
    out = av.open(str(path), "w", format=CONTAINERS.get(path.suffix.lower(), "mp4"))
    aus = out.add_stream(AUDIO_ENCODERS[codec], rate=48000)
    aus.layout = "stereo"
    for frame in _audio_frames(aus, 0.0, seconds):
        for packet in aus.encode(frame):
            out.mux(packet)
    for packet in aus.encode():
        out.mux(packet)
    out.close()
    return path


def _patch_in_moov(raw: bytes, old: bytes, new: bytes) -> bytes:
    moov = raw.find(b"moov")
    at = raw.find(old, moov)
    if moov < 0 or at < 0:
        raise AssertionError(f"{old!r} not found in moov")
    return raw[:at] + new + raw[at + len(old):]


def make_unknown_codec(path: str | Path, fourcc: bytes = b"qzx9", **kwargs) -> Path:
    """An MP4 whose video track is in a format no decoder knows (sample entry renamed)."""
    path = Path(path)
    made = make_clip(path, codec="h264", **kwargs)
    path.write_bytes(_patch_in_moov(made.path.read_bytes(), b"avc1", fourcc))
    return path


def make_damaged(path: str | Path, **kwargs) -> Path:
    """An MP4 with an intact index whose picture data has been overwritten with noise."""
    path = Path(path)
    make_clip(path, codec="h264", **kwargs)
    raw = bytearray(path.read_bytes())
    mdat = raw.find(b"mdat") + 4
    moov = raw.find(b"moov", mdat) - 4
    noise = np.random.default_rng(3).integers(0, 256, size=moov - mdat, dtype=np.uint8)
    raw[mdat:moov] = noise.tobytes()
    path.write_bytes(bytes(raw))
    return path


def make_not_video(path: str | Path) -> Path:
    """A file that is not media at all (a note saved with a video's name)."""
    path = Path(path)
    path.write_text("Shopping: nappies, milk, bread.\n" * 40, encoding="utf-8")
    return path
