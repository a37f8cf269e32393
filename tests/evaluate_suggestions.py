"""The suggested-moments evaluation at a larger scale than the test runs it, for the README.

    python tests/evaluate_suggestions.py [--clips 12] [--seconds 70]

Generates evaluation scenes (scenes.evaluation_scene, seeds 1..N), scans each clip
and prints recall within 1 s per kind of event, precision, and how far the
candidates fall from the events' starts.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from scenes import POSITIVE, evaluation_scene, score, write_clip  # noqa: E402

from vipp_session.suggestions.rank import suggest_moments  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clips", type=int, default=12)
    parser.add_argument("--seconds", type=float, default=70.0)
    args = parser.parse_args()
    events, candidates, offsets, negatives = [], [], [], 0
    with tempfile.TemporaryDirectory() as tmp:
        for seed in range(1, args.clips + 1):
            scene = evaluation_scene(seed, args.seconds)
            found = suggest_moments(write_clip(scene, Path(tmp) / f"scene-{seed}.mp4"))
            s = score(scene.events, found)
            print(
                f"clip {seed}: {s.found}/{s.events} events found, {s.right}/{s.candidates} candidates right",
                file=sys.stderr,
            )
            events += scene.events
            candidates += found
            negatives += int(args.seconds // 7.0) - len(scene.events)
            for e in scene.events:
                near = [
                    c.at - e.start for c in found if c.kind == e.kind and abs(c.at - e.start) <= 1.0
                ]
                offsets += near[:1]
    total = score(events, candidates)
    print(
        f"{args.clips} clips of {args.seconds:.0f} s, 640x360 15 fps H.264/AAC: {total.events} events, "
        f"{negatives} stretches that should give nothing"
    )
    for kind in POSITIVE:
        s = score([e for e in events if e.kind == kind], candidates)
        print(f"  {kind:15s} recall {s.found}/{s.events} ({s.recall:.0%})")
    print(
        f"  all events      recall {total.found}/{total.events} ({total.recall:.0%}), "
        f"precision {total.right}/{total.candidates} ({total.precision:.0%})"
    )
    if offsets:
        print(
            f"  candidate minus event start: median {statistics.median(offsets):+.2f} s, "
            f"worst {max(offsets, key=abs):+.2f} s"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
