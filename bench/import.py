#!/usr/bin/env python3
"""Benchmark: importing a clip, against the ffmpeg command line doing the same job.

    python bench/import.py [--repeat 3] [--cases remux,transcode]
    python bench/import.py --cases hdr4k [--seconds 5] [--repeat 1]
    python bench/import.py --cases poster [--repeat 3]

The poster case imports the remux input in this process and prints the share of the
import's time spent choosing the clip's poster picture (media/poster.py: scoring each
filmstrip frame, keeping the best few at 240 px, the face search), against the whole
import timed in the same run.

Inputs (made once with PyAV, kept in bench/out/inputs/):
- remux: 60 s of 1080p30 H.264 (16 Mbit/s, keyframe every second, no B-frames)
  with AAC sound, as an Android phone held sideways records;
- transcode: 60 s of 1080p30 HEVC (10 Mbit/s) stored 1920x1080 with a 90 degree
  display rotation and AAC sound, as an iPhone held upright records.
- hdr4k: `--seconds` (default 5; the requirement's figure is for 60) of 4K 60 fps
  10-bit HLG HEVC (BT.2020), stored 3840x2160 with a 90 degree display rotation
  and AAC sound, as an iPhone 12 or later held upright records by default. The
  job: mapped to BT.709 SDR (media/hdr.py: one 3D LUT through `lut3d`), scaled
  to 720x1280, every other frame (30 fps), x264. The ffmpeg side runs the very
  same chain (the same .cube file, `scale=...:in_color_matrix=bt2020`,
  `format=gbrp16le`, `lut3d`, `scale=out_color_matrix=bt709`, turned, tagged
  BT.709) after `fps=30`, which keeps the same frames of a 60 fps source.

Each run times, in the same session and alternating which goes first:

ours     `vipp-session import FAMILY --session 1 FILE` in a fresh data folder (a
         new process, so Python's start-up is counted): copy the original while
         hashing it, probe every packet's time, write proxy.mp4 (remux, or
         upright + scaled to 720x1280 + x264 + AAC copied), the filmstrip, the
         frame table, fsync everything, record the clip.
ffmpeg   the same job with the command-line tools, step by step:
         1. `cp` then `sha256sum` of the copy  (ours copies and hashes in one read;
                                               this was the faster of the two ways here)
         2. `ffprobe -show_entries packet=pts,flags,duration`   the frame table
         3. remux:     `ffmpeg -i original -c copy -movflags +faststart proxy.mp4`
                       `ffmpeg -discard nokey -i original -vf select,scale thumbs/%04d.jpg`
                       (only keyframes are read and decoded, as ours; it decodes all
                       of them, ours only the ones it keeps)
            transcode: one `ffmpeg` run with a split filter graph: ours exactly
                       (scale=1280:720:flags=bicubic, transpose=clock, setsar=1,
                       format=yuv420p; -noautorotate), x264
                       with the same preset, CRF and forced keyframes every second,
                       `-fps_mode passthrough -enc_time_base -1` (every frame at its
                       own time, as ours), AAC copied; the other branch
                       makes the thumbnails; then a stream copy with +faststart that
                       clears the display matrix ffmpeg 5.1 copies over with
                       -noautorotate (ours writes none)
         4. `sync` on every file written (ours fsyncs too)
         Both sides use every core (x264, decoders and filters pick their thread
         counts themselves).

Printed: median wall time of each side, the median of the per-run ratios
ours/ffmpeg (target <= 1.15) with their range, the ratio of CPU time (steadier
than wall time on a busy machine), real-time factor (clip seconds per second of
import), and peak resident memory (target < 400 MB for ours; for ffmpeg, the
largest of its processes). For the transcode path it also prints how long PyAV
takes just to decode the clip: the floor for any transcode with that decoder.
The ffmpeg command line is Debian's (FFmpeg 5.1); PyAV bundles its own FFmpeg
and x264 builds, so library versions differ: the ratio measures the whole job
as each ships.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
INPUTS = OUT / "inputs"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from vipp_session.media import geometry, hdr, mp4boxes, proxy, thumbnails  # noqa: E402

SECONDS = 60
FPS = 30
ROTATION = 90  # of the transcode input, as an iPhone held upright


# ---------------------------------------------------------------------- inputs


def make_input(path: Path, codec: str, rotation: int, bitrate: str) -> None:
    import av
    import numpy as np

    from sample_scene import PlayScene

    width, height = 1920, 1080  # stored
    upright = (height, width) if rotation % 180 else (width, height)
    scene = PlayScene(*upright, seed=5, grain=4.0)
    tb = Fraction(1, 90000)
    tmp = path.with_suffix(".part" + path.suffix)
    with av.open(str(tmp), "w", format="mov" if path.suffix == ".mov" else "mp4") as out:
        if codec == "libx264":
            opts = {"preset": "veryfast", "b": bitrate, "maxrate": bitrate, "bufsize": "8M",
                    "g": str(FPS), "keyint_min": str(FPS), "bf": "0", "profile": "high"}
        else:
            opts = {"preset": "ultrafast", "b": bitrate,
                    "x265-params": f"log-level=error:keyint={FPS}:min-keyint={FPS}"}
        vs = out.add_stream(codec, rate=FPS, options=opts)
        vs.width, vs.height, vs.pix_fmt = width, height, "yuv420p"
        vs.codec_context.time_base = tb
        vs.time_base = tb
        if codec == "libx265":
            vs.codec_tag = "hvc1"
        if rotation:
            vs.set_display_rotation(-rotation)
        aus = out.add_stream("aac", rate=48000)
        aus.layout = "stereo"
        aus.bit_rate = 128000
        next_sample = 0
        for i in range(SECONDS * FPS):
            t = i / FPS
            rgb = np.rot90(scene.frame(t), k=rotation // 90).copy()
            frame = av.VideoFrame.from_ndarray(rgb, format="rgb24").reformat(format="yuv420p")
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


def make_hdr_input(path: Path, seconds: int, fps: int = 60) -> None:
    """4K 60 fps 10-bit HLG HEVC, rotated 90: a chart of patches under moving film grain
    and a moving highlight (cheap to draw: the planes are made once, then shifted)."""
    import av
    import numpy as np

    sys.path.insert(0, str(ROOT / "tests"))
    from hdr_media import SIGNALS, chart, to_yuv420

    width, height = 3840, 2160  # stored; upright it is 2160x3840
    base = to_yuv420(chart(width, height, SIGNALS["hlg"]), 10).astype(np.int32)
    rng = np.random.default_rng(7)
    grain = [rng.integers(-24, 25, size=(height, width), dtype=np.int32) for _ in range(4)]
    tb = Fraction(1, 90000)
    tmp = path.with_suffix(".part" + path.suffix)
    params = ("log-level=error:colorprim=bt2020:transfer=arib-std-b67:colormatrix=bt2020nc:"
              f"range=limited:keyint={fps}:min-keyint={fps}")
    with av.open(str(tmp), "w", format="mov") as out:
        vs = out.add_stream("libx265", rate=fps, options={"preset": "ultrafast", "b": "40M",
                                                          "x265-params": params})
        vs.width, vs.height, vs.pix_fmt = width, height, "yuv420p10le"
        cc = vs.codec_context
        cc.color_primaries, cc.color_trc, cc.colorspace, cc.color_range = 9, 18, 9, 1
        cc.time_base = tb
        vs.time_base = tb
        vs.codec_tag = "hvc1"
        vs.set_display_rotation(-ROTATION)
        aus = out.add_stream("aac", rate=48000)
        aus.layout = "stereo"
        next_sample = 0
        for i in range(seconds * fps):
            t = i / fps
            planes = base.copy()
            planes[:height] += np.roll(grain[i % 4], 7 * i, axis=1)
            x = (i * 24) % (width - 400)
            planes[200:600, x:x + 400] = 900  # a highlight above reference white
            frame = av.VideoFrame.from_ndarray(np.clip(planes, 64, 940).astype(np.uint16),
                                               format="yuv420p10le")
            frame.color_primaries, frame.color_trc, frame.colorspace, frame.color_range = 9, 18, 9, 1
            frame.pts, frame.time_base = round(t / tb), tb
            for p in vs.encode(frame):
                out.mux(p)
            while next_sample < (t + 0.1) * 48000 and next_sample < seconds * 48000:
                wave = 0.1 * np.sin(2 * np.pi * 220 * (np.arange(1024) + next_sample) / 48000)
                af = av.AudioFrame.from_ndarray(np.stack([wave, wave]).astype(np.float32),
                                                format="fltp", layout="stereo")
                af.sample_rate, af.pts, af.time_base = 48000, next_sample, Fraction(1, 48000)
                for p in aus.encode(af):
                    out.mux(p)
                next_sample += 1024
        for s in (vs, aus):
            for p in s.encode(None):
                out.mux(p)
    tmp.rename(path)


def inputs(wanted: list[str], hdr_seconds: int = 5) -> dict[str, Path]:
    INPUTS.mkdir(parents=True, exist_ok=True)
    hdr_path = INPUTS / f"iphone-4k60-hlg-hevc-rotated-{hdr_seconds}s.mov"
    if "hdr4k" in wanted and not hdr_path.exists():
        print(f"making {hdr_path.name} (once) ...", file=sys.stderr)
        make_hdr_input(hdr_path, hdr_seconds)
    cases = {
        "remux": (INPUTS / "android-1080p30-h264-60s.mp4", "libx264", 0, "16M"),
        "transcode": (INPUTS / "iphone-1080p30-hevc-rotated-60s.mov", "libx265", ROTATION, "10M"),
    }
    for name, (path, codec, rotation, bitrate) in cases.items():
        if name in wanted and not path.exists():
            print(f"making {path.name} (once) ...", file=sys.stderr)
            make_input(path, codec, rotation, bitrate)
    return {"hdr4k": hdr_path} | {name: spec[0] for name, spec in cases.items()}


# ---------------------------------------------------------------------- running


# A small process that starts the measured command and reports its wall time and
# peak memory. (Linux counts a forked child's memory from its parent's high-water
# mark, so the command must not be forked from this big benchmark process.)
LAUNCHER = r"""
import os, sys, time
start = time.perf_counter()
pid = os.fork()
if pid == 0:
    os.execvp(sys.argv[2], sys.argv[2:])
_, status, usage = os.wait4(pid, 0)
with open(sys.argv[1], "w") as f:
    f.write(f"{time.perf_counter() - start} {usage.ru_utime + usage.ru_stime} {usage.ru_maxrss}")
sys.exit(os.waitstatus_to_exitcode(status))
"""


def run(cmd, **kwargs) -> tuple[float, float, int]:
    """Run a command; return wall seconds, CPU seconds and peak RSS in MB (it and its children)."""
    report = OUT / "launcher.txt"
    proc = subprocess.run([sys.executable, "-c", LAUNCHER, str(report), *cmd], **kwargs)
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(map(str, cmd))} failed")
    wall, cpu, rss = report.read_text().split()
    return float(wall), float(cpu), int(rss) // 1024


@dataclass
class Measure:
    wall: float  # seconds
    cpu: float  # seconds of CPU, all threads and child processes
    rss: int  # MB, the largest process


def decode_only(source: Path) -> Measure:
    """PyAV (the FFmpeg build ours uses) decoding every frame, threads as ours: the floor."""
    code = ("import av,sys; c=av.open(sys.argv[1]); v=c.streams.video[0]; v.thread_type='AUTO'\n"
            "for f in c.decode(v): pass")
    return Measure(*run([sys.executable, "-c", code, str(source)]))


def ours(source: Path, work: Path) -> tuple[Measure, Path]:
    data = work / "data"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    cli = [sys.executable, "-m", "vipp_session"]
    subprocess.run([*cli, "family", "add", "--id", "B1", "--child", "Bench", "--born",
                    "2025-01-01", "--data", str(data)], check=True, capture_output=True)
    out = work / "result.json"
    with open(out, "w") as f:
        m = Measure(*run([*cli, "import", "B1", "--session", "1", str(source), "--json",
                          "--data", str(data)], stdout=f, stderr=subprocess.DEVNULL))
    result = json.loads(out.read_text())[0]
    assert result["status"] == "imported", result
    return m, Path(result["proxy"])


def ffmpeg_job(case: str, source: Path, work: Path, size: tuple[int, int]) -> tuple[Measure, Path]:
    shutil.rmtree(work, ignore_errors=True)
    stage = work / "stage"
    (stage / "thumbs").mkdir(parents=True)
    original = stage / ("original" + source.suffix.lower())
    proxy_file = stage / "proxy.mp4"
    encoded = stage / "encoded.mp4"
    q = "-v error -nostdin -y"
    every = thumbnails.EVERY_SECONDS
    select = f"select='isnan(prev_selected_t)+gte(t-prev_selected_t\\,{every})'"
    thumb_scale = f"scale=-2:{thumbnails.HEIGHT}:flags=area"
    steps = [
        f"cp '{source}' '{original}' && sha256sum '{original}' > '{stage}/sha256'",
        f"ffprobe -v error -select_streams v:0 -show_entries packet=pts,flags,duration "
        f"-of csv=p=0 '{original}' > '{stage}/packets.csv'",
    ]
    if case == "hdr4k":
        # ours exactly: the same frames kept (fps=30 keeps every other of 60), the same
        # mapping (the same .cube file), scale and turn; tagged BT.709 as ours
        chain = geometry.filter_text(hdr.mapped(geometry.proxy_filters(ROTATION, size), "hlg"))
        x264 = proxy.x264_options()
        steps.append(
            f"ffmpeg {q} -noautorotate -i '{original}' -filter_complex \"[0:v:0]fps=30,{chain},split[p][t];"
            f"[t]{select},{thumb_scale}[th]\" "
            f"-map '[p]' -map 0:a:0 -c:v libx264 -preset {x264['preset']} -crf {x264['crf']} "
            f"-forced-idr 1 -force_key_frames 'expr:gte(t,n_forced*{proxy.KEYFRAME_EVERY})' "
            f"-color_primaries bt709 -color_trc bt709 -colorspace bt709 -color_range tv "
            f"-fps_mode passthrough -enc_time_base -1 -c:a copy '{encoded}' "
            f"-map '[th]' -fps_mode vfr -q:v 4 '{stage}/thumbs/%04d.jpg'"
        )
        steps.append(f"ffmpeg {q} -i '{encoded}' -map 0 -c copy -metadata:s:v:0 rotate=0 "
                     f"-movflags +faststart '{proxy_file}' && rm '{encoded}'")
    elif case == "remux":
        steps += [
            f"ffmpeg {q} -i '{original}' -map 0:v:0 -map 0:a:0 -c copy -movflags +faststart '{proxy_file}'",
            f"ffmpeg {q} -discard nokey -i '{original}' -map 0:v:0 -vf \"{select},{thumb_scale}\" "
            f"-fps_mode vfr -q:v 4 '{stage}/thumbs/%04d.jpg'",
        ]
    else:
        # the same filter chain as ours (scale, then turn upright), so no autorotate
        chain = geometry.filter_text(geometry.proxy_filters(ROTATION, size))
        x264 = proxy.x264_options()
        steps.append(
            f"ffmpeg {q} -noautorotate -i '{original}' -filter_complex \"[0:v:0]{chain},split[p][t];"
            f"[t]{select},{thumb_scale}[th]\" "
            f"-map '[p]' -map 0:a:0 -c:v libx264 -preset {x264['preset']} -crf {x264['crf']} "
            f"-forced-idr 1 -force_key_frames 'expr:gte(t,n_forced*{proxy.KEYFRAME_EVERY})' "
            f"-fps_mode passthrough -enc_time_base -1 -c:a copy '{encoded}' "
            f"-map '[th]' -fps_mode vfr -q:v 4 '{stage}/thumbs/%04d.jpg'"
        )
        # With -noautorotate, ffmpeg 5.1 copies the display matrix to what it encodes and
        # only a stream copy can clear it: one more pass over the proxy (well under a second)
        steps.append(f"ffmpeg {q} -i '{encoded}' -map 0 -c copy -metadata:s:v:0 rotate=0 "
                     f"-movflags +faststart '{proxy_file}' && rm '{encoded}'")
    steps.append(f"sync '{original}' '{proxy_file}' '{stage}/packets.csv' '{stage}'/thumbs/*")
    total = Measure(0.0, 0.0, 0)
    for step in steps:
        wall, cpu, rss = run(["bash", "-c", "set -o pipefail; " + step])
        total = Measure(total.wall + wall, total.cpu + cpu, max(total.rss, rss))
    return total, proxy_file


def describe(path: Path) -> dict:
    out = subprocess.run(
        ["ffprobe", "-v", "error", "-count_packets", "-select_streams", "v:0", "-show_entries",
         "stream=codec_name,width,height,nb_read_packets,pix_fmt:stream_side_data=rotation",
         "-of", "json", str(path)], capture_output=True, text=True, check=True).stdout
    s = json.loads(out)["streams"][0]
    rotation = [d.get("rotation") for d in s.get("side_data_list", []) if "rotation" in d]
    return {"codec": s["codec_name"], "size": f"{s['width']}x{s['height']}", "pix_fmt": s["pix_fmt"],
            "frames": int(s["nb_read_packets"]), "rotation": rotation[0] if rotation else 0,
            "moov_first": mp4boxes.moov_before_mdat(path)}


def poster_cost(source: Path, work: Path) -> tuple[float, float]:
    """Seconds spent choosing the poster during one in-process import, and the import's own."""
    import time

    from vipp_session import clips, families
    from vipp_session.media.poster import PosterChooser
    from vipp_session.paths import DataDir

    spent = [0.0]

    def timed(method):
        def wrapper(*args, **kwargs):
            began = time.perf_counter()
            try:
                return method(*args, **kwargs)
            finally:
                spent[0] += time.perf_counter() - began
        return wrapper

    shutil.rmtree(work, ignore_errors=True)
    data = DataDir(work / "data")
    families.add_family(data, "B1", child="Bench", born="2025-01-01")
    offer, choose = PosterChooser.offer, PosterChooser.choose
    PosterChooser.offer, PosterChooser.choose = timed(offer), timed(choose)
    try:
        began = time.perf_counter()
        clips.import_clip(data, "B1", 1, source)
        whole = time.perf_counter() - began
    finally:
        PosterChooser.offer, PosterChooser.choose = offer, choose
    return spent[0], whole


def poster_main(repeat: int) -> int:
    source = inputs(["remux"])["remux"]
    shares = []
    for r in range(repeat):
        spent, whole = poster_cost(source, OUT / "work-poster")
        shares.append(spent / whole)
        print(f"poster run {r + 1}: {spent * 1000:.0f} ms of a {whole:.2f} s import", file=sys.stderr)
    print("| choosing the poster | share of the import's time, median (runs) |")
    print("| --- | --- |")
    print(f"| 60 s 1080p30 H.264, remux path | {statistics.median(shares):.3f} "
          f"({min(shares):.3f}-{max(shares):.3f}) |")
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="import vs the ffmpeg command line")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--cases", default="remux,transcode")
    parser.add_argument("--seconds", type=int, default=5,
                        help="length of the 4K 60 fps HLG clip (hdr4k case)")
    args = parser.parse_args(argv)
    if args.cases == "poster":
        return poster_main(args.repeat)
    sources = inputs(args.cases.split(","), args.seconds)
    rows = []
    say = lambda text: print(text, file=sys.stderr)  # noqa: E731
    say(f"load average before: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    for case in args.cases.split(","):
        source = sources[case]
        size = geometry.fit_within(1080, 1920, 1280)
        mine: list[Measure] = []
        theirs: list[Measure] = []
        for r in range(args.repeat):
            for side in ([0, 1] if r % 2 == 0 else [1, 0]):  # alternate who goes first
                if side == 0:
                    m, our_proxy = ours(source, OUT / "work-ours")
                    mine.append(m)
                else:
                    m, ff_proxy = ffmpeg_job(case, source, OUT / "work-ffmpeg", size)
                    theirs.append(m)
            say(f"{case} run {r + 1}: ours {mine[-1].wall:.2f} s ({mine[-1].cpu:.1f} s CPU), "
                f"ffmpeg {theirs[-1].wall:.2f} s ({theirs[-1].cpu:.1f} s CPU), "
                f"load {os.getloadavg()[0]:.2f}")
        a, b = describe(our_proxy), describe(ff_proxy)
        say(f"  ours:   {a}\n  ffmpeg: {b}")
        if (a["frames"], a["size"], a["rotation"], a["moov_first"]) != (
                b["frames"], b["size"], b["rotation"], b["moov_first"]):
            say("  WARNING: the two proxies differ")
        ratios = [x.wall / y.wall for x, y in zip(mine, theirs)]
        o = statistics.median(x.wall for x in mine)
        f = statistics.median(y.wall for y in theirs)
        cpu_ratio = statistics.median(x.cpu for x in mine) / statistics.median(y.cpu for y in theirs)
        if case in ("transcode", "hdr4k"):
            floor = decode_only(source)
            say(f"  decoding alone (PyAV, no output): {floor.wall:.2f} s; ours took {o / floor.wall:.2f}x that")
        seconds = args.seconds if case == "hdr4k" else SECONDS
        rows.append((case, seconds, o, f, statistics.median(ratios), min(ratios), max(ratios), cpu_ratio,
                     max(x.rss for x in mine), max(y.rss for y in theirs)))
    say(f"load average after: {os.getloadavg()[0]:.2f}")
    print("| import | ours | ffmpeg CLI | ratio, wall (target <= 1.15) | ratio, CPU | "
          "real time, ours | real time, ffmpeg | peak memory, ours (target < 400 MB) | peak memory, ffmpeg |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    names = {"remux": "60 s 1080p30 H.264, remux path",
             "transcode": "60 s 1080p30 HEVC rotated 90, transcode path",
             "hdr4k": f"{args.seconds} s 4K60 10-bit HLG HEVC rotated 90, to SDR 720p30"}
    for case, seconds, o, f, ratio, lo, hi, cpu_ratio, mo, mf in rows:
        print(f"| {names[case]} | {o:.2f} s | {f:.2f} s | {ratio:.2f} (runs {lo:.2f}-{hi:.2f}) | "
              f"{cpu_ratio:.2f} | {seconds / o:.2f}x | {seconds / f:.2f}x | {mo} MB | {mf} MB |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
