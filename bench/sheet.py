#!/usr/bin/env python3
"""Benchmark: the take-home sheet's preview (the PDF's own pages drawn as pictures),
against making the PDF alone, and how full its pages are.

    python bench/sheet.py [--rounds 5]

A family made with PyAV in a temporary folder (tests/sheet_family.py): landscape and
portrait stills, three moments at visit 2. In the same run, alternating which goes
first: `sheet_pdf` (lay out and write the PDF in memory) and `preview_summary` (the same,
then every page drawn at 110 dpi with pypdfium2). Printed: medians and the ratio
preview/PDF (target <= 3: the preview costs little more than the PDF it shows), and the
page fill of regular and large print (how far down each page the ink reaches); then the
layout that chooses among dry runs (summary/fit.py) against laying the sheet out once.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parents[1] / "tests"),
                str(Path(__file__).resolve().parents[1])]

from sheet_family import page_fill, prepare  # noqa: E402
from vipp_session.paths import DataDir  # noqa: E402
from vipp_session.summary.fit import Fit  # noqa: E402
from vipp_session.summary.pdf import _layout, layout_summary  # noqa: E402
from vipp_session.summary.service import preview_summary, sheet_content, sheet_pdf  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    rounds = parser.parse_args().rounds
    with tempfile.TemporaryDirectory() as folder:
        data = DataDir(prepare(Path(folder)))
        sheet_pdf(data, "F9", 2)  # print copies made, fonts read
        pdf_times, preview_times = [], []
        for i in range(rounds):
            sides = [(pdf_times, lambda: sheet_pdf(data, "F9", 2)),
                     (preview_times, lambda: preview_summary(data, "F9", 2))]
            for times, run in (sides if i % 2 == 0 else sides[::-1]):
                start = time.perf_counter()
                run()
                times.append(time.perf_counter() - start)
        pdf, preview = statistics.median(pdf_times), statistics.median(preview_times)
        print(f"PDF alone {pdf * 1000:.0f} ms, preview {preview * 1000:.0f} ms: "
              f"ratio preview/PDF {preview / pdf:.2f} (target <= 3)")
        for large in (False, True):
            fills = page_fill(sheet_pdf(data, "F9", 2, large)[0])
            print(f"page fill, visit 2, {'large' if large else 'regular'} print: {fills}")
        content = sheet_content(data, "F9", 2)
        chosen, once = [], []
        for i in range(rounds):
            sides = [(chosen, lambda: bytes(layout_summary(content).output())),
                     (once, lambda: bytes(_layout(content, False, Fit(), {}).output()))]
            for times, run in (sides if i % 2 == 0 else sides[::-1]):
                start = time.perf_counter()
                run()
                times.append(time.perf_counter() - start)
        chosen_ms, once_ms = statistics.median(chosen) * 1000, statistics.median(once) * 1000
        print(f"layout chosen from dry runs {chosen_ms:.0f} ms, laid out once {once_ms:.0f} ms: "
              f"ratio {chosen_ms / once_ms:.2f}")


if __name__ == "__main__":
    main()
