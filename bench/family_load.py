#!/usr/bin/env python3
"""Benchmark: what the safety checks cost when a family is read.

    python bench/family_load.py [--moments 60] [--rounds 400]

A family with 6 clips and N moments (records only, made in a temp folder). Timed in the
same run, alternating:

bare      json.loads of family.json, the reading the store did before
checked   the shape check on top (schema.problem_in) and the look for an interrupted
          erase (Store.finish_interrupted_erases, one listing of families/)
reading   a whole `Store.reading` of the family, as every page and command does

Printed: medians and the ratio checked/bare and the checks' share of a whole reading.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path

from vipp_session import families, schema
from vipp_session.model import Clip, Moment
from vipp_session.paths import DataDir
from vipp_session.store import Store


def build(data: DataDir, n_moments: int) -> None:
    for i in range(50):
        families.add_family(data, f"F{i:02d}", child="Maya", born="2025-01-10")
    with Store(data).transaction("F00") as db:
        for c in range(6):
            db.put_clip(Clip(id=f"c{c:010d}", family="F00", session=1 + c % 5, file=f"{c}.mp4",
                             ext="mp4", sha256="0" * 64, size_bytes=10**8, duration=300.0,
                             width=1920, height=1080, rotation=0, fps=30.0, vfr=False,
                             frames=9000, video_codec="h264", audio_codec="aac",
                             proxy_mode="remux"))
        for m in range(n_moments):
            db.put_moment(Moment(id=f"m{m:08d}", clip=f"c{m % 6:010d}", at=m * 1.5, frame=m * 45,
                                 kind="look", for_session=2 + m % 5, text="Look at her. " * 8,
                                 note="private", highlights=[{"shape": "ellipse", "cx": 0.5,
                                                              "cy": 0.5, "rx": 0.1, "ry": 0.1}]))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--moments", type=int, default=60)
    parser.add_argument("--rounds", type=int, default=400)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        data = DataDir(Path(tmp))
        build(data, args.moments)
        raw = data.family_db("F00").read_bytes()
        store = Store(data)
        times = {"bare": [], "checked": [], "reading": []}
        for r in range(args.rounds):
            order = ["bare", "checked", "reading"]
            for side in order if r % 2 else reversed(order):
                t = time.perf_counter()
                if side == "bare":
                    json.loads(raw.decode())
                elif side == "checked":
                    assert schema.problem_in(json.loads(raw.decode())) is None
                    store.finish_interrupted_erases()
                else:
                    with store.reading("F00") as db:
                        db.family()
                times[side].append(time.perf_counter() - t)
        med = {k: statistics.median(v) * 1000 for k, v in times.items()}
        print(f"family.json {len(raw) / 1024:.0f} KB, 6 clips, {args.moments} moments, "
              f"50 families; medians of {args.rounds}")
        for k, v in med.items():
            print(f"  {k:8s} {v:7.3f} ms")
        print(f"  checked/bare = {med['checked'] / med['bare']:.2f}; the checks are "
              f"{(med['checked'] - med['bare']) / med['reading'] * 100:.0f}% of a whole reading")


if __name__ == "__main__":
    main()
