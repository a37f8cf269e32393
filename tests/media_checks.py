"""Read back what an import wrote, independently of the code that wrote it."""

from __future__ import annotations

from dataclasses import dataclass, field

import av
import numpy as np

from media_factory import orientation_problem, read_frame_index


@dataclass
class DecodedVideo:
    codec: str = ""
    pix_fmt: str = ""
    width: int = 0
    height: int = 0
    times: list[float] = field(default_factory=list)  # seconds, as a player shows them
    indices: list[int | None] = field(default_factory=list)  # the index drawn in each frame
    problems: list[str] = field(default_factory=list)  # frames not upright or with rotation left
    keyframe_times: list[float] = field(default_factory=list)
    audio_codec: str | None = None


def decode_video(path) -> DecodedVideo:
    """Decode every frame: its time, the index it shows, and whether it is upright."""
    out = DecodedVideo()
    with av.open(str(path)) as c:
        v = c.streams.video[0]
        out.codec = v.codec_context.codec.canonical_name
        out.audio_codec = c.streams.audio[0].codec_context.codec.canonical_name if c.streams.audio else None
        for frame in c.decode(v):
            out.pix_fmt = frame.format.name
            out.width, out.height = frame.width, frame.height
            out.times.append(float(frame.pts * v.time_base))
            img = frame.to_ndarray(format="gray")
            try:
                out.indices.append(read_frame_index(img))
            except ValueError:
                out.indices.append(None)
            problem = orientation_problem(img)
            if problem or frame.rotation:
                out.problems.append(f"frame {len(out.times) - 1}: {problem or 'rotation left'}")
    with av.open(str(path)) as c:
        v = c.streams.video[0]
        out.keyframe_times = sorted(
            float(p.pts * v.time_base) for p in c.demux(v) if p.is_keyframe and p.pts is not None
        )
    return out


def beep_onsets(path, threshold: float = 0.15) -> list[float]:
    """Times (seconds, as a player shows them) where the factory's loud beeps start."""
    with av.open(str(path)) as c:
        if not c.streams.audio:
            return []
        a = c.streams.audio[0]
        resampler = av.AudioResampler(format="flt", layout="mono", rate=8000)
        chunks, first = [], None
        for frame in c.decode(a):
            for out in resampler.resample(frame):
                if first is None:
                    first = float(out.pts * out.time_base) if out.pts is not None else 0.0
                chunks.append(out.to_ndarray().reshape(-1))
        for out in resampler.resample(None):
            chunks.append(out.to_ndarray().reshape(-1))
    samples = np.concatenate(chunks) if chunks else np.zeros(0, np.float32)
    window = 40  # 5 ms at 8 kHz
    n = len(samples) // window
    loud = np.abs(samples[: n * window]).reshape(n, window).max(axis=1) > threshold
    starts = np.flatnonzero(loud[1:] & ~loud[:-1]) + 1
    onsets = [first + i * window / 8000 for i in starts]
    if n and loud[0]:
        onsets.insert(0, first)
    return onsets
