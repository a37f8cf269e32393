"""Clips with known events, made from real face photographs, for testing and benchmarks.

A scene is a room-like background with faces composited into it at known times,
and a soundtrack of room noise with laugh-like bursts at known times. The faces
are public-domain photographs that scikit-image ships: the astronaut portrait
(frontal, smiling), the cameraman (a face turned to the side; mirrored, it turns
the other way) and the small Labeled Faces in the Wild subset (frontal faces,
smiling or not). Everything is written with PyAV as an upright H.264/AAC MP4,
as an imported clip's proxy is.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

import av
import cv2
import numpy as np
import skimage.data

AUDIO_RATE = 48_000


# --- the faces ------------------------------------------------------------------------


@dataclass(frozen=True)
class Head:
    """A head cut from a photograph: RGB pixels and a soft-edged alpha mask."""

    rgb: np.ndarray
    alpha: np.ndarray  # float32 0..1, same height and width
    facing: str  # 'camera', 'left' or 'right' (where the nose points in the picture)
    smiling: bool

    def mirrored(self) -> "Head":
        turned = {"left": "right", "right": "left"}.get(self.facing, self.facing)
        return Head(self.rgb[:, ::-1].copy(), self.alpha[:, ::-1].copy(), turned, self.smiling)


def _soft_ellipse(
    h: int, w: int, feather: float = 0.12, size: float = 0.92, power: float = 2.0
) -> np.ndarray:
    """An alpha mask: an ellipse (power 2) or a rounded box (higher powers), soft at the edge."""
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    dx = np.abs((xx - (w - 1) / 2) / (size * w / 2))
    dy = np.abs((yy - (h - 1) / 2) / (size * h / 2))
    r = (dx**power + dy**power) ** (1 / power)
    return np.clip((1.0 - r) / feather, 0.0, 1.0)


def astronaut() -> Head:
    """Eileen Collins' NASA portrait: a frontal, smiling face with her hair around it."""
    rgb = skimage.data.astronaut()[12:206, 142:308]
    return Head(np.ascontiguousarray(rgb), _soft_ellipse(*rgb.shape[:2]), "camera", True)


def cameraman() -> Head:
    """The cameraman: a face turned to the right of the picture, in three-quarter view.

    Cut close in front of the face, where his camera begins, and with a rounded box
    rather than an ellipse so the brow, nose and chin stay in."""
    gray = skimage.data.camera()[58:212, 148:259]
    rgb = np.repeat(gray[:, :, None], 3, axis=2)
    # a light warm tint so it sits with the colour faces
    rgb = np.clip(rgb * np.array([1.04, 1.0, 0.93]), 0, 255).astype(np.uint8)
    return Head(
        rgb, _soft_ellipse(*rgb.shape[:2], feather=0.08, size=1.0, power=4.0), "right", False
    )


# Labeled Faces in the Wild, 25x25 crops, labelled by eye: a broad smile (mouth open,
# teeth showing) or a neutral face (mouth closed, no smile). Faces talking, half
# smiling or hard to judge are in neither list.
LFW_SMILING = (
    1,
    18,
    19,
    21,
    22,
    31,
    37,
    38,
    52,
    53,
    61,
    64,
    69,
    74,
    79,
    81,
    85,
    89,
    91,
    93,
    94,
    96,
)
LFW_NEUTRAL = (
    4,
    5,
    6,
    7,
    9,
    12,
    15,
    17,
    20,
    25,
    26,
    28,
    30,
    32,
    40,
    42,
    44,
    46,
    47,
    55,
    57,
    60,
    62,
    65,
    67,
    70,
    71,
    72,
    73,
    76,
    80,
    83,
    86,
    87,
    90,
    92,
    95,
    97,
    98,
    99,
)


def lfw_face(index: int, size: int = 100) -> Head:
    """A face from the LFW subset, upscaled; the crop is tight, so pad it with its own edge."""
    gray = (skimage.data.lfw_subset()[index] * 255).astype(np.uint8)
    gray = cv2.resize(gray, (size, size), interpolation=cv2.INTER_CUBIC)
    pad = size // 4
    gray = cv2.copyMakeBorder(gray, pad, pad, pad, pad, cv2.BORDER_REPLICATE)
    rgb = np.repeat(gray[:, :, None], 3, axis=2)
    return Head(rgb, _soft_ellipse(*gray.shape, feather=0.25), "camera", index in LFW_SMILING)


# --- the scene ------------------------------------------------------------------------


@dataclass
class Placed:
    """A head in view from `start` to `end` seconds, centred at (x, y) as fractions of the frame."""

    head: Head
    start: float
    end: float
    x: float
    y: float
    height: float  # head height as a fraction of the frame height
    drift: float = 0.0  # how far (fraction of the frame width) it moves sideways while in view


@dataclass
class Burst:
    """A laugh-like burst of voiced syllables starting at `start`."""

    start: float
    duration: float = 1.2
    pitch: float = 400.0  # Hz, the voice's fundamental
    rate: float = 5.0  # syllables per second
    rise_db: float = 24.0  # above the room noise


@dataclass
class Knock:
    """Knocks on a door or table: loud, short, unvoiced; nothing to suggest."""

    start: float
    count: int = 3
    rate: float = 4.0
    rise_db: float = 26.0


@dataclass
class Event:
    """What a scan should find: kind ('faces-together', 'smile' or 'sound') from start to end."""

    kind: str
    start: float
    end: float


@dataclass
class Scene:
    duration: float
    width: int = 640
    height: int = 360
    fps: int = 15
    heads: list[Placed] = field(default_factory=list)
    bursts: list[Burst] = field(default_factory=list)
    steady_noise: list[tuple[float, float]] = field(default_factory=list)  # e.g. a tap running
    knocks: list[Knock] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    seed: int = 0


def _room(width: int, height: int, rng: np.random.Generator) -> np.ndarray:
    """A plain living room: wall, floor, a sofa, a framed picture, a lamp, some texture."""
    h, w = height, width
    wall = np.linspace([205, 190, 165], [180, 165, 140], h, dtype=np.float32)[:, None, :]
    img = np.repeat(wall, w, axis=1)
    floor = int(h * 0.72)
    img[floor:] = np.array([120, 95, 70], np.float32)
    img[floor:] += rng.normal(0, 6, (h - floor, w, 1)).astype(np.float32)  # carpet grain
    sofa = (int(w * 0.05), int(h * 0.52), int(w * 0.45), int(h * 0.80))
    cv2.rectangle(img, sofa[:2], sofa[2:], (95, 105, 140), -1)
    cv2.rectangle(img, (sofa[0], int(h * 0.44)), (sofa[2], sofa[1]), (85, 95, 130), -1)
    art = cv2.resize(skimage.data.coffee(), (int(w * 0.16), int(h * 0.2))).astype(np.float32)
    ax, ay = int(w * 0.72), int(h * 0.12)
    img[ay : ay + art.shape[0], ax : ax + art.shape[1]] = art
    cv2.rectangle(
        img, (ax - 4, ay - 4), (ax + art.shape[1] + 4, ay + art.shape[0] + 4), (60, 45, 30), 4
    )
    cv2.rectangle(img, (int(w * 0.9), int(h * 0.3)), (int(w * 0.92), floor), (50, 50, 50), -1)
    cv2.ellipse(
        img,
        (int(w * 0.91), int(h * 0.28)),
        (int(w * 0.04), int(h * 0.06)),
        0,
        180,
        360,
        (230, 220, 180),
        -1,
    )
    img += rng.normal(0, 3, img.shape).astype(np.float32)
    return np.clip(img, 0, 255).astype(np.uint8)


def _paste(frame: np.ndarray, head: Head, cx: float, cy: float, height_px: int) -> None:
    scale = height_px / head.rgb.shape[0]
    w = max(2, round(head.rgb.shape[1] * scale))
    rgb = cv2.resize(
        head.rgb, (w, height_px), interpolation=cv2.INTER_AREA if scale < 1 else cv2.INTER_LINEAR
    )
    alpha = cv2.resize(head.alpha, (w, height_px))[:, :, None]
    x0, y0 = round(cx - w / 2), round(cy - height_px / 2)
    fx0, fy0 = max(0, x0), max(0, y0)
    fx1, fy1 = min(frame.shape[1], x0 + w), min(frame.shape[0], y0 + height_px)
    if fx1 <= fx0 or fy1 <= fy0:
        return
    sub = (slice(fy0 - y0, fy1 - y0), slice(fx0 - x0, fx1 - x0))
    region = frame[fy0:fy1, fx0:fx1].astype(np.float32)
    a = alpha[sub]
    frame[fy0:fy1, fx0:fx1] = (region * (1 - a) + rgb[sub].astype(np.float32) * a).astype(np.uint8)


def render_frames(scene: Scene):
    """Yield (time, RGB frame) for every frame of the scene."""
    rng = np.random.default_rng(scene.seed)
    margin = 8
    room = _room(scene.width + 2 * margin, scene.height + 2 * margin, rng)
    # sensor grain, as two non-negative parts so OpenCV can add and subtract it saturating
    grain = []
    for _ in range(6):
        g = rng.integers(-4, 5, (scene.height, scene.width, 1), dtype=np.int16).repeat(3, axis=2)
        grain.append((np.clip(g, 0, None).astype(np.uint8), np.clip(-g, 0, None).astype(np.uint8)))
    n = round(scene.duration * scene.fps)
    for i in range(n):
        t = i / scene.fps
        # a hand-held camera drifts a little
        dx = margin + round(margin * 0.8 * np.sin(t * 0.7))
        dy = margin + round(margin * 0.5 * np.sin(t * 0.45 + 1))
        frame = room[dy : dy + scene.height, dx : dx + scene.width].copy()
        for p in scene.heads:
            if p.start <= t < p.end:
                bob = np.sin((t - p.start) * 2.1) * scene.height * 0.006
                x = p.x + p.drift * (t - p.start) / (p.end - p.start)
                _paste(
                    frame,
                    p.head,
                    x * scene.width,
                    p.y * scene.height + bob,
                    round(p.height * scene.height),
                )
        # the light changes slowly, as clouds pass or someone moves in front of a lamp
        light = 0.85 + 0.2 * np.sin(t * 0.23 + scene.seed)
        frame = cv2.convertScaleAbs(frame, alpha=light)
        up, down = grain[i % len(grain)]
        frame = cv2.subtract(cv2.add(frame, up), down)
        yield t, frame


def render_audio(scene: Scene) -> np.ndarray:
    """The soundtrack, mono float32 at AUDIO_RATE: room noise, bursts, stretches of steady noise."""
    rng = np.random.default_rng(scene.seed + 1)
    n = round(scene.duration * AUDIO_RATE)
    white = rng.normal(0, 1, n)
    # room noise: low-passed (brown-ish) plus a little hiss, around -45 dBFS
    spectrum = np.fft.rfft(white)
    freqs = np.fft.rfftfreq(n, 1 / AUDIO_RATE)
    spectrum /= np.sqrt(np.maximum(freqs, 20.0) / 20.0)
    room = np.fft.irfft(spectrum, n)
    room *= 10 ** (-45 / 20) / (np.sqrt(np.mean(room**2)) + 1e-12)
    room_rms = 10 ** (-45 / 20)
    audio = room
    t_all = np.arange(n) / AUDIO_RATE
    for start, end in scene.steady_noise:
        a, b = round(start * AUDIO_RATE), min(n, round(end * AUDIO_RATE))
        ramp = np.clip(np.minimum(t_all[a:b] - start, end - t_all[a:b]) / 0.3, 0, 1)
        audio[a:b] += rng.normal(0, room_rms * 10 ** (14 / 20), b - a) * ramp
    for burst in scene.bursts:
        audio += _laugh(burst, n, room_rms, rng)
    for knock in scene.knocks:
        for k in range(knock.count):
            a = round((knock.start + k / knock.rate) * AUDIO_RATE)
            m = max(0, min(n - a, round(0.12 * AUDIO_RATE)))
            hit = rng.normal(0, 1, m) * np.exp(-np.arange(m) / (0.012 * AUDIO_RATE))
            audio[a : a + m] += hit * room_rms * 10 ** (knock.rise_db / 20) * 3
    return audio.astype(np.float32)


def _laugh(burst: Burst, n: int, room_rms: float, rng: np.random.Generator) -> np.ndarray:
    """Voiced syllables: harmonics of a falling pitch, a vowel-like spectral tilt, and
    an amplitude envelope pulsing at the syllable rate (ha-ha-ha)."""
    a = round(burst.start * AUDIO_RATE)
    m = min(n - a, round(burst.duration * AUDIO_RATE))
    t = np.arange(m) / AUDIO_RATE
    f0 = burst.pitch * (1.1 - 0.2 * t / burst.duration) * (1 + 0.03 * rng.standard_normal())
    phase = 2 * np.pi * np.cumsum(f0) / AUDIO_RATE
    voice = np.zeros(m)
    for k in range(1, 12):
        formant = np.exp(-((((k * burst.pitch) - 900) / 700) ** 2)) + 0.3 / k
        voice += formant * np.sin(k * phase + rng.uniform(0, 2 * np.pi))
    breath = rng.normal(0, 0.15, m)
    syllables = np.clip(np.sin(np.pi * burst.rate * t), 0, 1) ** 1.5
    envelope = syllables * np.clip(np.minimum(t, burst.duration - t) / 0.05, 0, 1)
    sound = (voice + breath) * envelope
    sound *= room_rms * 10 ** (burst.rise_db / 20) / (np.sqrt(np.mean(sound**2)) + 1e-12)
    out = np.zeros(n)
    out[a : a + m] = sound
    return out


def write_clip(
    scene: Scene,
    path: Path,
    crf: int = 21,
    preset: str = "veryfast",
    audio: bool = True,
    start: float = 0.0,
) -> Path:
    """Encode the scene as an upright H.264 (yuv420p) + AAC MP4, a keyframe every second, as
    an imported clip's proxy is made (x264 'veryfast', so with B-frames). `start` shifts
    every timestamp, video and audio alike, as a camera that does not start at zero does."""
    sound = render_audio(scene) if audio else None
    offset_frames = round(start * scene.fps)
    with av.open(str(path), "w") as out:
        v = out.add_stream("libx264", rate=scene.fps)
        v.width, v.height, v.pix_fmt = scene.width, scene.height, "yuv420p"
        v.options = {
            "crf": str(crf),
            "preset": preset,
            "g": str(scene.fps),
            "keyint_min": str(scene.fps),
        }
        v.codec_context.time_base = Fraction(1, scene.fps)
        a = out.add_stream("aac", rate=AUDIO_RATE, layout="mono") if sound is not None else None
        audio_frames = (
            _audio_frames(sound, round(start * AUDIO_RATE)) if sound is not None else iter(())
        )
        next_audio = next(audio_frames, None)
        for i, (t, rgb) in enumerate(render_frames(scene)):
            frame = av.VideoFrame.from_ndarray(rgb, format="rgb24")
            frame.pts = offset_frames + i
            out.mux(v.encode(frame))
            # interleave audio up to this video time
            while next_audio is not None and next_audio.pts / AUDIO_RATE <= start + t:
                out.mux(a.encode(next_audio))
                next_audio = next(audio_frames, None)
        while next_audio is not None:
            out.mux(a.encode(next_audio))
            next_audio = next(audio_frames, None)
        out.mux(v.encode(None))
        if a is not None:
            out.mux(a.encode(None))
    return path


def _audio_frames(audio: np.ndarray, first_pts: int = 0, size: int = 1024):
    for start in range(0, len(audio), size):
        chunk = audio[start : start + size]
        frame = av.AudioFrame.from_ndarray(
            chunk[None, :].astype(np.float32), format="flt", layout="mono"
        )
        frame.sample_rate = AUDIO_RATE
        frame.pts = first_pts + start
        frame.time_base = Fraction(1, AUDIO_RATE)
        yield frame


# --- evaluation scenes ------------------------------------------------------------------

SLOT = 7.0  # seconds per slot of the timeline: one event or one stretch without any
POSITIVE = ("faces-together", "smile", "sound")
NEGATIVE = ("apart", "side-by-side", "neutral", "noise", "knock", "empty")


def evaluation_scene(
    seed: int, duration: float, width: int = 640, height: int = 360, fps: int = 15
) -> Scene:
    """A timeline of slots, each with one known event (faces turned towards each other,
    a smile, a laugh-like burst) or a stretch that should give nothing (two faces turned
    away from each other, two neutral faces side by side looking at the camera, a
    neutral face, a tap running, knocks, an empty room), in an order and with sizes,
    places, pitches and loudness drawn from `seed`."""
    rng = np.random.default_rng(seed)
    scene = Scene(duration=duration, width=width, height=height, fps=fps, seed=seed)
    slots = int(duration // SLOT)
    kinds = []
    while len(kinds) < slots:  # every kind in turn, shuffled: positives and negatives alike
        batch = list(POSITIVE + NEGATIVE)
        rng.shuffle(batch)
        kinds += batch
    pair = cameraman()
    for i, kind in enumerate(kinds[:slots]):
        start = i * SLOT + rng.uniform(0.8, 2.0)
        length = rng.uniform(2.5, 4.0)
        end = start + length
        size = rng.uniform(0.24, 0.36)
        x = rng.uniform(0.25, 0.6)
        y = rng.uniform(0.3, 0.45)
        if kind in ("faces-together", "apart"):
            # a larger and a smaller head, as a mother and her child
            child = size * rng.uniform(0.7, 0.9)
            gap = rng.uniform(0.16, 0.24)
            first, second = (
                (pair, pair.mirrored()) if kind == "faces-together" else (pair.mirrored(), pair)
            )
            drift = rng.uniform(-0.05, 0.05)
            scene.heads.append(Placed(first, start, end, x, y, size, drift))
            scene.heads.append(
                Placed(second, start, end, x + gap, y + rng.uniform(0.0, 0.08), child, drift)
            )
        elif kind == "smile":
            smiler = astronaut() if rng.random() < 0.5 else astronaut().mirrored()
            scene.heads.append(Placed(smiler, start, end, x, y, size, rng.uniform(-0.08, 0.08)))
        elif kind == "side-by-side":
            a, b = rng.choice(LFW_NEUTRAL, size=2, replace=False)
            scene.heads.append(Placed(lfw_face(int(a)), start, end, x, y, size))
            scene.heads.append(
                Placed(lfw_face(int(b)), start, end, x + rng.uniform(0.18, 0.26), y, size * 0.85)
            )
        elif kind == "neutral":
            neutral = lfw_face(int(rng.choice(LFW_NEUTRAL)))
            scene.heads.append(Placed(neutral, start, end, x, y, size, rng.uniform(-0.08, 0.08)))
        elif kind == "sound":
            length = rng.uniform(0.8, 1.8)
            end = start + length
            scene.bursts.append(
                Burst(
                    start, length, rng.uniform(300, 500), rng.uniform(4.0, 6.0), rng.uniform(16, 26)
                )
            )
        elif kind == "noise":
            scene.steady_noise.append((start, start + 6.0))
        elif kind == "knock":
            scene.knocks.append(Knock(start, int(rng.integers(2, 5)), rng.uniform(2.5, 5.0)))
        if kind in POSITIVE:
            scene.events.append(Event(kind, round(start, 3), round(end, 3)))
    return scene


@dataclass
class Score:
    events: int
    found: int
    candidates: int
    right: int

    @property
    def recall(self) -> float:
        return self.found / self.events if self.events else 1.0

    @property
    def precision(self) -> float:
        return self.right / self.candidates if self.candidates else 1.0


def score(events: list[Event], candidates, within: float = 1.0) -> Score:
    """An event is found when a candidate of its kind is within `within` s of its start; a
    candidate is right when it is within `within` s of the start of an event of its kind."""
    found = sum(
        any(c.kind == e.kind and abs(c.at - e.start) <= within for c in candidates) for e in events
    )
    right = sum(
        any(c.kind == e.kind and abs(c.at - e.start) <= within for e in events) for c in candidates
    )
    return Score(len(events), found, len(candidates), right)
