#!/usr/bin/env python3
"""Write the demo clips in sample_media/ (PyAV only; run again to remake them).

    python scripts/make_sample_media.py [--out sample_media]

Three short clips like the ones a clinician brings back from a visit, each
from a different kind of phone, so the demo shows both ways of making a
browser copy:

- play-with-toys.mp4: landscape H.264 + AAC at 30 fps, keyframe every second
  (an Android phone held sideways): copied into the proxy as it is (remux).
- picture-book-portrait.mp4: HEVC + AAC stored landscape with a 90 degree
  display rotation (a phone held upright): turned and re-encoded (transcode).
- no-toys-vfr.mp4: H.264 + AAC whose frame rate changes with the light
  (variable frame rate), as many Android phones record.

The output is the same every time for the same PyAV version (fixed seeds).
"""

from __future__ import annotations

import argparse
import sys
from fractions import Fraction
from pathlib import Path

import av
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from sample_scene import PlayScene  # noqa: E402

AUDIO_RATE = 48000


def write_clip(path: Path, *, codec: str, size: tuple[int, int], times: list[float],
               rotation: int = 0, seed: int = 1, options: dict[str, str] | None = None,
               grain: float = 2.0) -> None:
    """Write the scene at the given frame times; rotation is the clockwise turn a player applies."""
    width, height = size  # stored size
    upright = (height, width) if rotation % 180 else (width, height)
    scene = PlayScene(*upright, seed=seed, grain=grain)
    tb = Fraction(1, 90000)
    with av.open(str(path), "w", format="mp4") as out:
        out.metadata["title"] = "vipp-session demo clip (synthetic)"
        vs = out.add_stream(codec, rate=30, options=options or {})
        vs.width, vs.height, vs.pix_fmt = width, height, "yuv420p"
        vs.codec_context.time_base = tb
        vs.time_base = tb
        if codec == "libx265":
            vs.codec_tag = "hvc1"
        if rotation:
            vs.set_display_rotation(-rotation)  # PyAV takes counter-clockwise degrees
        aus = out.add_stream("aac", rate=AUDIO_RATE)
        aus.layout = "mono"
        aus.bit_rate = 64000
        end = times[-1] + (times[-1] - times[-2])
        next_sample = 0
        for t in times:
            rgb = np.rot90(scene.frame(t), k=rotation // 90).copy()
            frame = av.VideoFrame.from_ndarray(rgb, format="rgb24").reformat(format="yuv420p")
            frame.pts, frame.time_base = round(t / tb), tb
            for packet in vs.encode(frame):
                out.mux(packet)
            while next_sample < min(t + 0.1, end) * AUDIO_RATE:
                n = 1024
                samples = scene.sound(next_sample / AUDIO_RATE, n, AUDIO_RATE)
                af = av.AudioFrame.from_ndarray(samples[None, :], format="fltp", layout="mono")
                af.sample_rate, af.pts, af.time_base = AUDIO_RATE, next_sample, Fraction(1, AUDIO_RATE)
                for packet in aus.encode(af):
                    out.mux(packet)
                next_sample += n
        for stream in (vs, aus):
            for packet in stream.encode(None):
                out.mux(packet)


def variable_times(seconds: float) -> list[float]:
    """30 fps in good light, 20 fps when it dims, as a phone's auto exposure does."""
    times, t = [], 0.0
    while t < seconds:
        times.append(round(t, 6))
        dim = 3.0 <= t % 8.0 < 6.0
        t += 1 / 20 if dim else 1 / 30
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(Path(__file__).resolve().parent.parent / "sample_media"))
    args = parser.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    x264 = {"preset": "medium", "crf": "23", "g": "30", "keyint_min": "30", "bf": "0",
            "profile": "high"}
    write_clip(out / "play-with-toys.mp4", codec="libx264", size=(640, 360),
               times=[i / 30 for i in range(15 * 30)], seed=1, options=x264)
    write_clip(out / "picture-book-portrait.mp4", codec="libx265", size=(640, 360), rotation=90,
               times=[i / 30 for i in range(12 * 30)], seed=2,
               options={"preset": "fast", "crf": "27", "x265-params": "log-level=error:keyint=30"})
    write_clip(out / "no-toys-vfr.mp4", codec="libx264", size=(640, 360),
               times=variable_times(12.0), seed=3, options=x264)
    total = sum(p.stat().st_size for p in out.glob("*.mp4"))
    print(f"wrote {len(list(out.glob('*.mp4')))} clips, {total / 1e6:.2f} MB, in {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
