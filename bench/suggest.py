"""Benchmark: the suggested-moments scan against decoding the same clip alone.

Makes 60 s of 720p30 H.264/AAC (a room with faces turned towards each other,
smiles and laugh-like bursts in it, so every detector has real work), then times,
in the same run and alternating, (a) decoding every video frame with PyAV and the
same threading the scan uses, and (b) the whole scan (video and audio). Prints
the medians and their ratio; the target is at most 1.5x.

    python bench/suggest.py [--repeat 5] [--clip FILE]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import av

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from scenes import evaluation_scene, write_clip  # noqa: E402

from vipp_session.media.scan import scan_clip  # noqa: E402

TARGET = 1.5


def decode_all(path: Path) -> int:
    """Every video frame, PyAV with frame and slice threading, as the scan decodes."""
    count = 0
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        stream.thread_type = "AUTO"
        for _ in container.decode(stream):
            count += 1
    return count


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--clip", type=Path, help="use (or make, if missing) this clip")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        clip = args.clip or Path(tmp) / "bench-720p.mp4"
        if not clip.exists():
            started = time.perf_counter()
            write_clip(evaluation_scene(seed=7, duration=60.0, width=1280, height=720, fps=30), clip)
            print(f"made {clip.name} in {time.perf_counter() - started:.1f} s", file=sys.stderr)
        mbps = clip.stat().st_size * 8 / 60 / 1e6
        decode_times, scan_times = [], []
        frames = samples = 0
        for i in range(args.repeat):
            started = time.perf_counter()
            frames = decode_all(clip)
            decode_times.append(time.perf_counter() - started)
            started = time.perf_counter()
            samples = len(scan_clip(clip).samples)
            scan_times.append(time.perf_counter() - started)
            print(f"  run {i + 1}: decode {decode_times[-1]:.2f} s, scan {scan_times[-1]:.2f} s", file=sys.stderr)
        decode, scan = statistics.median(decode_times), statistics.median(scan_times)
        ratios = sorted(s / d for s, d in zip(scan_times, decode_times))
        print(f"clip: 60 s 1280x720 30 fps H.264 + AAC, {mbps:.1f} Mbit/s, {frames} frames")
        print(f"decode all frames (PyAV, threads AUTO): median {decode:.2f} s ({frames / decode:.0f} fps)")
        print(f"suggest scan ({samples} samples + audio):  median {scan:.2f} s ({60 / scan:.1f}x real time)")
        print(f"ratio scan / decode: {scan / decode:.2f}x (per run {ratios[0]:.2f}-{ratios[-1]:.2f}x; target <= {TARGET}x)")
        print(f"load average at the end: {' '.join(f'{x:.2f}' for x in os.getloadavg())} on {os.cpu_count()} cores")
    return 0


if __name__ == "__main__":
    sys.exit(main())
