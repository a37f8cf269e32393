#!/usr/bin/env python3
"""Benchmark: exact stills, against the ffmpeg command line taking the same frames.

    python bench/stills.py [--stills 15] [--rounds 2]

Input (made once with PyAV, kept in bench/out/inputs/): 60 s of 1080p30 H.264 with a
keyframe every 2 seconds and B-frames, as a camera records; a play scene with moving
shapes and sensor grain, each frame carrying its own index in a block code (so every
picture either side writes is checked to be the frame asked for).

For random frames, in the same run, alternating which side goes first:

ffmpeg      `ffmpeg -ss T -i FILE -frames:v 1 OUT.png`: a new process that opens the
            file, seeks to the keyframe before T, decodes on to T and writes the PNG
            (T is the frame's start, rounded down to the microsecond, so it is the
            frame ffmpeg's accurate seek keeps).
ours        `frames.picture_at_index` + `images.write_image`: the still as the app takes
            it, from a recording already open (the app keeps decoders warm): seek,
            decode forward, turn upright, write the PNG whole (temp file, fsync, rename).
next frame  straight after that still, the frame after it (the decoder just goes on).

Printed: medians and the ratios ours/ffmpeg (target <= 0.5) and next frame/still
(target <= 0.1), both for the picture in memory and written as a PNG, and the first
still from a recording not yet open. The machine is shared, so ratios come from the
same run, and each side's order alternates.
"""

from __future__ import annotations

import argparse
import math
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from fractions import Fraction
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
INPUTS = OUT / "inputs"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT / "tests"))

from media_factory import GRID_COLS, GRID_ROWS, _layout, draw_frame, read_frame_index  # noqa: E402
from vipp_session.media import frames, images  # noqa: E402
from vipp_session.media.frame_table import FrameTable  # noqa: E402
from vipp_session.media.probe import probe  # noqa: E402

SECONDS, FPS, GOP = 60, 30, 60
WIDTH, HEIGHT = 1920, 1080
FFMPEG = shutil.which("ffmpeg") or "/usr/bin/ffmpeg"


def make_input(path: Path) -> None:
    """The play scene with each frame's index stamped in the middle (see media_factory)."""
    import av
    import numpy as np

    from sample_scene import PlayScene

    scene = PlayScene(WIDTH, HEIGHT, seed=9, grain=4.0)
    _, (cell, left, top) = _layout(WIDTH, HEIGHT)
    box = (slice(top, top + cell * GRID_ROWS), slice(left, left + cell * GRID_COLS))
    tb = Fraction(1, 90000)
    tmp = path.with_suffix(".part.mp4")
    with av.open(str(tmp), "w", format="mp4") as out:
        vs = out.add_stream("libx264", rate=FPS, options={
            "preset": "veryfast", "b": "12M", "maxrate": "12M", "bufsize": "8M",
            "g": str(GOP), "keyint_min": str(GOP), "sc_threshold": "0", "bf": "3"})
        vs.width, vs.height, vs.pix_fmt = WIDTH, HEIGHT, "yuv420p"
        vs.codec_context.time_base = tb
        vs.time_base = tb
        for i in range(SECONDS * FPS):
            t = i / FPS
            rgb = scene.frame(t)
            code = draw_frame(i, WIDTH, HEIGHT)[box]
            rgb[box] = code[:, :, None]
            frame = av.VideoFrame.from_ndarray(np.ascontiguousarray(rgb), format="rgb24").reformat(format="yuv420p")
            frame.pts, frame.time_base = round(t / tb), tb
            for p in vs.encode(frame):
                out.mux(p)
        for p in vs.encode(None):
            out.mux(p)
    tmp.rename(path)


def table_for(path: Path) -> FrameTable:
    info = probe(path)
    return FrameTable(info.time_base, tuple(info.pts), info.last_duration, info.start_pts,
                      tuple(info.keyframes))


def check(png: Path, index: int, who: str) -> None:
    got = read_frame_index(images.read_image(png))
    if got != index:
        raise SystemExit(f"{who} wrote frame {got}, not frame {index}: the comparison is void")


def ffmpeg_still(source: Path, start: float, out: Path) -> float:
    t = math.floor(start * 1e6) / 1e6
    began = time.perf_counter()
    subprocess.run([FFMPEG, "-nostdin", "-v", "error", "-ss", f"{t:.6f}", "-i", str(source),
                    "-frames:v", "1", "-y", str(out)], check=True)
    return time.perf_counter() - began


def ours(source: Path, table: FrameTable, index: int, out: Path | None) -> float:
    began = time.perf_counter()
    image = frames.picture_at_index(source, table, index)
    if out is not None:
        images.write_image(image, out)
    return time.perf_counter() - began


def median_ms(values: list[float]) -> float:
    return 1000 * statistics.median(values)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--stills", type=int, default=15, help="random frames per round")
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args(argv)
    say = lambda text: print(text, file=sys.stderr)  # noqa: E731

    INPUTS.mkdir(parents=True, exist_ok=True)
    source = INPUTS / f"stills-{HEIGHT}p{FPS}-h264-gop{GOP // FPS}s-{SECONDS}s.mp4"
    if not source.exists():
        say(f"making {source.name} (once) ...")
        make_input(source)
    table = table_for(source)
    work = Path(tempfile.mkdtemp(prefix="stills-", dir=OUT))
    rng = random.Random(3)
    times = {k: [] for k in ("ffmpeg", "ours_png", "ours_mem", "next_png", "next_mem", "first")}
    try:
        for r in range(args.rounds):
            frames.close_all()
            first = rng.randrange(len(table) - 1)
            times["first"].append(ours(source, table, first, None))  # opens the recording
            for n in range(args.stills):
                i = rng.randrange(len(table) - 1)
                start = table.time_of(i)
                a, b, c = work / f"ff-{i}.png", work / f"ours-{i}.png", work / f"next-{i}.png"
                if n % 2:
                    times["ffmpeg"].append(ffmpeg_still(source, start, a))
                times["ours_png"].append(ours(source, table, i, b))
                times["next_png"].append(ours(source, table, i + 1, c))
                if not n % 2:
                    times["ffmpeg"].append(ffmpeg_still(source, start, a))
                check(a, i, "ffmpeg")
                check(b, i, "ours")
                check(c, i + 1, "ours (next frame)")
                # the same again without writing a file: a far frame first, so it seeks
                j = (i + len(table) // 2) % (len(table) - 1)
                times["ours_mem"].append(ours(source, table, j, None))
                times["next_mem"].append(ours(source, table, j + 1, None))
            say(f"round {r + 1}: ffmpeg {median_ms(times['ffmpeg']):.0f} ms, "
                f"ours {median_ms(times['ours_png']):.0f} ms, next {median_ms(times['next_png']):.0f} ms")
    finally:
        shutil.rmtree(work, ignore_errors=True)
        frames.close_all()

    m = {k: median_ms(v) for k, v in times.items()}
    ratio = m["ours_png"] / m["ffmpeg"]
    next_png, next_mem = m["next_png"] / m["ours_png"], m["next_mem"] / m["ours_mem"]
    count = len(times["ffmpeg"])
    print(f"{count} stills at random frames of {SECONDS} s {HEIGHT}p{FPS} H.264 (keyframe every "
          f"{GOP // FPS} s, B-frames), every one checked to be the frame asked for:")
    print(f"  still to PNG:      ours {m['ours_png']:.0f} ms, ffmpeg CLI {m['ffmpeg']:.0f} ms: "
          f"ratio {ratio:.2f} (target <= 0.5)")
    print(f"  next frame:        {m['next_mem']:.1f} ms vs {m['ours_mem']:.0f} ms for a still, in memory: "
          f"ratio {next_mem:.3f} (target <= 0.1)")
    print(f"                     {m['next_png']:.0f} ms vs {m['ours_png']:.0f} ms, written as PNG: "
          f"ratio {next_png:.2f}")
    print(f"  first still from a recording not yet open: {m['first']:.0f} ms")
    print()
    print("| stills, 60 s 1080p30 H.264, keyframe every 2 s | ours | reference | ratio | target |")
    print("| --- | --- | --- | --- | --- |")
    print(f"| still at a random time, to PNG | {m['ours_png']:.0f} ms | ffmpeg CLI {m['ffmpeg']:.0f} ms "
          f"| {ratio:.2f} | <= 0.5 |")
    print(f"| next frame after a still (picture) | {m['next_mem']:.1f} ms | a still {m['ours_mem']:.0f} ms "
          f"| {next_mem:.3f} | <= 0.1 |")
    print(f"| next frame after a still, to PNG | {m['next_png']:.0f} ms | a still {m['ours_png']:.0f} ms "
          f"| {next_png:.2f} | |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
