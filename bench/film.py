#!/usr/bin/env python3
"""Benchmark: a film of 4 moments with 3 s lead-ins from 1080p clips, against the ffmpeg
command line doing the same cuts and encode.

    python bench/film.py [--rounds 2]

Inputs (made once with PyAV, kept in bench/out/inputs/): two 12 s 1080p30 H.264 + AAC
clips of the play scene (moving shapes and sensor grain), imported into a fresh data
folder, with two moments in each (words of 12 to 18 words, a circle on one).

ours    `film.make_film`: the tone check, the plan, then PyAV decoding each lead-in from
        the clip's own copy, the held frames from the stills' code with highlights and
        captions, the cards, x264 and AAC, written whole (temp file, fsync, rename).
ffmpeg  one `ffmpeg` command with the same timeline and no captions: for each moment the
        lead-in cut from the same recording (`-ss` / `-t` on the input), scaled to
        1920x1080 at 30 fps, its last picture held as long as ours holds the moment
        (`tpad`), its sound padded with silence; the title and end cards as plain colour
        of the same length; concatenated and encoded with the same x264 preset, CRF and
        keyframe interval, AAC at 128 kb/s, `+faststart`.

Printed: the time of each side (the order alternates each round), the ratio ours/ffmpeg
(target <= 1.5) and ours in seconds (target <= 20 s on 2 cores). Both films are checked
to last as long. The ffmpeg film repeats a held picture 30 times a second; ours 5 times
a second (the picture does not change, so it looks the same), which is most of the gap.
"""

from __future__ import annotations

import argparse
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

from vipp_session import clips, families, film, moments  # noqa: E402
from vipp_session.media import frames  # noqa: E402
from vipp_session.media.film import X264_OPTIONS  # noqa: E402
from vipp_session.paths import DataDir  # noqa: E402

SECONDS, FPS = 12, 30
FFMPEG = shutil.which("ffmpeg") or "/usr/bin/ffmpeg"
MOMENTS = [  # (clip, time, words)
    (0, 4.0, "Look how she is looking at you here; she is checking you are still with her."),
    (0, 9.5, "You waited for her, and she showed you the ball. She loves it when you watch."),
    (1, 5.0, "That smile is for you. You smiled back, and she kept on playing."),
    (1, 10.0, "She reached for your hand and you took it. She feels safe with you close by."),
]


def make_input(path: Path, seed: int) -> None:
    """12 s of the play scene, 1080p30 H.264 (a keyframe every second) with AAC sound."""
    import av
    import numpy as np

    from sample_scene import PlayScene

    scene = PlayScene(1920, 1080, seed=seed, grain=4.0)
    tb = Fraction(1, 90000)
    tmp = path.with_suffix(".part.mp4")
    with av.open(str(tmp), "w", format="mp4") as out:
        vs = out.add_stream("libx264", rate=FPS, options={
            "preset": "veryfast", "b": "12M", "maxrate": "12M", "bufsize": "8M",
            "g": str(FPS), "keyint_min": str(FPS), "bf": "0"})
        vs.width, vs.height, vs.pix_fmt = 1920, 1080, "yuv420p"
        vs.codec_context.time_base = tb
        vs.time_base = tb
        aus = out.add_stream("aac", rate=48000)
        aus.layout, aus.bit_rate = "stereo", 128000
        next_sample = 0
        for i in range(SECONDS * FPS):
            t = i / FPS
            frame = av.VideoFrame.from_ndarray(scene.frame(t), format="rgb24").reformat(format="yuv420p")
            frame.pts, frame.time_base = round(t / tb), tb
            for p in vs.encode(frame):
                out.mux(p)
            while next_sample < (t + 0.1) * 48000 and next_sample < SECONDS * 48000:
                mono = scene.sound(next_sample / 48000, 1024, 48000)
                af = av.AudioFrame.from_ndarray(np.stack([mono, mono]), format="fltp", layout="stereo")
                af.sample_rate, af.pts, af.time_base = 48000, next_sample, Fraction(1, 48000)
                for p in aus.encode(af):
                    out.mux(p)
                next_sample += 1024
        for s in (vs, aus):
            for p in s.encode(None):
                out.mux(p)
    tmp.rename(path)


def prepare(work: Path) -> DataDir:
    INPUTS.mkdir(parents=True, exist_ok=True)
    sources = []
    for n in (1, 2):
        path = INPUTS / f"film-1080p30-h264-aac-{SECONDS}s-{n}.mp4"
        if not path.exists():
            print(f"making {path.name} (once) ...", file=sys.stderr)
            make_input(path, seed=10 + n)
        sources.append(path)
    data = DataDir(work / "data")
    families.add_family(data, "B1", child="Maya", born="2025-01-15", mum_word="Mama")
    imported = [r.clip for r in clips.import_clips(data, "B1", 1, sources)]
    for i, at, words in MOMENTS:
        m = moments.add_moment(data, imported[i].id, at, "look", text=words)
        if i == 0:
            moments.set_highlights(data, m.id, [{"shape": "ellipse", "cx": 0.5, "cy": 0.45,
                                                 "rx": 0.12, "ry": 0.16}])
    return data


def ffmpeg_command(data: DataDir, out: Path) -> list[str]:
    planned = film.plan_film(data, "B1", 2)
    width, height = planned.plan.size
    args, parts, labels, n = [FFMPEG, "-nostdin", "-v", "error", "-y"], [], [], 0
    for item in planned.plan.items:
        if isinstance(item, film.Card):
            args += ["-f", "lavfi", "-t", f"{item.seconds}", "-i",
                     f"color=c=0x202428:s={width}x{height}:r={FPS}",
                     "-f", "lavfi", "-t", f"{item.seconds}", "-i",
                     "anullsrc=r=48000:cl=stereo"]
            parts.append(f"[{n}:v]format=yuv420p,setsar=1[v{n}];[{n + 1}:a]anull[a{n}];")
            labels.append(n)
            n += 2
            continue
        start = item.table.time_of(item.first)
        length = item.table.time_of(item.frame) - start
        args += ["-ss", f"{start:.6f}", "-t", f"{length:.6f}", "-i", str(item.original)]
        parts.append(f"[{n}:v]fps={FPS},scale={width}:{height},format=yuv420p,setsar=1,"
                     f"tpad=stop_mode=clone:stop_duration={item.hold}[v{n}];"
                     f"[{n}:a]aresample=48000,apad=whole_dur={length + item.hold:.6f}[a{n}];")
        labels.append(n)
        n += 1
    graph = "".join(parts) + "".join(f"[v{i}][a{i}]" for i in labels) + \
        f"concat=n={len(labels)}:v=1:a=1[v][a]"
    return args + ["-filter_complex", graph, "-map", "[v]", "-map", "[a]",
                   "-c:v", "libx264", *(a for k, v in X264_OPTIONS.items() for a in (f"-{k}", v)),
                   "-c:a", "aac", "-b:a", "128k", "-movflags", "+faststart", str(out)]


def film_seconds(path: Path) -> float:
    import av

    with av.open(str(path)) as c:
        v = c.streams.video[0]
        return float(v.duration * v.time_base)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args(argv)
    OUT.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="film-", dir=OUT))
    times = {"ours": [], "ffmpeg": []}
    try:
        data = prepare(work)
        command = ffmpeg_command(data, work / "ffmpeg.mp4")

        def ours() -> None:
            frames.close_all()  # the recordings are opened afresh, as for a first film
            film.make_film(data, "B1", work / "ours.mp4", session=2)

        def reference() -> None:
            subprocess.run(command, check=True)

        for r in range(args.rounds):
            for name, job in (("ours", ours), ("ffmpeg", reference))[::1 if r % 2 == 0 else -1]:
                began = time.perf_counter()
                job()
                times[name].append(time.perf_counter() - began)
            print(f"round {r + 1}: ours {times['ours'][-1]:.1f} s, ffmpeg {times['ffmpeg'][-1]:.1f} s",
                  file=sys.stderr)
        ours_s, ffmpeg_s = film_seconds(work / "ours.mp4"), film_seconds(work / "ffmpeg.mp4")
        sizes = [(work / n).stat().st_size / 2**20 for n in ("ours.mp4", "ffmpeg.mp4")]
    finally:
        frames.close_all()
        shutil.rmtree(work, ignore_errors=True)
    if abs(ours_s - ffmpeg_s) > 0.25:
        raise SystemExit(f"the films differ in length ({ours_s:.2f} s and {ffmpeg_s:.2f} s): "
                         "the comparison is void")
    a, b = statistics.median(times["ours"]), statistics.median(times["ffmpeg"])
    print(f"a film of {len(MOMENTS)} moments with 3 s lead-ins from 1080p30 clips "
          f"({ours_s:.1f} s of film; ours {sizes[0]:.1f} MB, ffmpeg's {sizes[1]:.1f} MB):")
    print(f"  ours {a:.1f} s (target <= 20 s), ffmpeg command line {b:.1f} s ({ffmpeg_s:.1f} s): "
          f"ratio {a / b:.2f} (target <= 1.5); runs ours "
          f"{', '.join(f'{t:.1f}' for t in times['ours'])}, ffmpeg "
          f"{', '.join(f'{t:.1f}' for t in times['ffmpeg'])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
