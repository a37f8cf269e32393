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

from scenes import evaluation_scene, score, write_clip  # noqa: E402

from vipp_session.media.scan import scan_clip  # noqa: E402
from vipp_session.suggestions.rank import candidates_from_scan, rank  # noqa: E402

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
    parser.add_argument("--clip", type=Path, help="keep the generated clip here (reused if there)")
    args = parser.parse_args()
    scene = evaluation_scene(seed=7, duration=60.0, width=1280, height=720, fps=30)
    with tempfile.TemporaryDirectory() as tmp:
        clip = args.clip or Path(tmp) / "bench-720p.mp4"
        if not clip.exists():
            started = time.perf_counter()
            write_clip(scene, clip)
            print(f"made {clip.name} in {time.perf_counter() - started:.1f} s", file=sys.stderr)
        mbps = clip.stat().st_size * 8 / 60 / 1e6
        decode_times, scan_times = [], []
        frames, result = 0, None
        for i in range(args.repeat):  # alternating, so both see the same machine
            started = time.perf_counter()
            frames = decode_all(clip)
            decode_times.append(time.perf_counter() - started)
            started = time.perf_counter()
            result = scan_clip(clip)
            scan_times.append(time.perf_counter() - started)
            print(
                f"  run {i + 1}: decode {decode_times[-1]:.2f} s, scan {scan_times[-1]:.2f} s",
                file=sys.stderr,
            )
    decode, scan = statistics.median(decode_times), statistics.median(scan_times)
    ratios = sorted(s / d for s, d in zip(scan_times, decode_times))
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    found = score(scene.events, rank(candidates_from_scan(result)))
    print(f"clip: 60 s 1280x720 30 fps H.264 + AAC, {mbps:.1f} Mbit/s, {frames} frames")
    print(f"decode all frames (PyAV, threads AUTO): median {decode:.2f} s, {frames / decode:.0f} fps")
    print(f"suggest scan ({len(result.samples)} samples + audio): median {scan:.2f} s")
    print(
        f"ratio scan / decode: {scan / decode:.2f}x of the medians; per run, paired: median "
        f"{statistics.median(ratios):.2f}x, {ratios[0]:.2f}-{ratios[-1]:.2f}x"
    )
    print(f"target: at most {TARGET}x; load average at the end {load} on {os.cpu_count()} cores")
    # the clip's events are known, so this shows the detectors did their real work
    print(
        f"the scan found {found.found} of the clip's {found.events} events; "
        f"{found.right} of {found.candidates} candidates were events"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
