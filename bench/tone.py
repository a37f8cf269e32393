"""Benchmark: the tone check's recall and false alarms on the evaluation captions.

Scores vipp_session.tone.check_tone on tests/tone_cases (dev and tuning: what the
rules are written and widened against; held_out: written first, never read while
writing rules; fresh: written after the first rules, scored once, untuned). Recall is the
share of judging captions with at least one finding; false alarms the share of
warm captions with any. Targets on held_out: recall >= 0.90, false alarms <= 0.10.

    python bench/tone.py [--show dev]   # --show lists the misses and false alarms of a part
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from tone_cases import PARTS, load, score  # noqa: E402

from vipp_session.tone import check_tone  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", choices=PARTS, help="list this part's misses and false alarms")
    args = parser.parse_args()
    print(f"{'part':<9} {'judging':>7} {'recall':>7} {'category':>9} {'warm':>5} "
          f"{'false alarms':>13}")
    for part in PARTS:
        result, missed, alarms = score(load(part), lambda text: check_tone(text))
        print(f"{part:<9} {result.judging:>7} {result.recall:>7.2f} "
              f"{result.category_agreement:>9.2f} {result.warm:>5} "
              f"{result.false_alarm_rate:>13.2f}")
        if args.show == part:
            for case in missed:
                print(f"  missed ({case.expected}): {case.text}")
            for case in alarms:
                print(f"  false alarm: {case.text}  {[f.words for f in check_tone(case.text)]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
