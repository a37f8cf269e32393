#!/usr/bin/env python3
"""Benchmark: how quickly the command line answers.

    python bench/cli.py [--repeat 21] [--families 20]

Builds a wheel of this checkout and installs it, not editable, into a fresh virtual environment
(as scripts/demo installs it; tests/installed_app.py), then times, as new processes started the
same way, its `vipp-session` console script (`vipp-session --version`, and `vipp-session family
list` on a data folder with 20 families) against `python -c pass` with the same interpreter,
interleaved in the same run.
Python may write its compiled modules (PYTHONDONTWRITEBYTECODE is unset for the timed runs), as
on a usual machine. Printed: medians of wall time and of CPU time (user + system, steadier on a
busy machine) in milliseconds, and the ratios (target: at most 4 in wall time).
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from installed_app import install  # noqa: E402
from vipp_session import families  # noqa: E402
from vipp_session.paths import DataDir  # noqa: E402


def timed(argv: list[str], env: dict) -> tuple[float, float]:
    """Wall time and CPU time (user + system) of one run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=21)
    parser.add_argument("--families", type=int, default=20)
    opts = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        app = install(Path(tmp))
        data = DataDir(Path(tmp) / "data")
        for i in range(opts.families):
            families.add_family(data, f"F{i:03d}", child=f"Child{i}", born="2025-06-01")
        # as on a usual machine, Python keeps compiled modules (the warm-up run writes them)
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env["VIPP_DATA"] = str(data.root)
        runs = {
            "python -c pass": [str(app.python), "-c", "pass"],
            "vipp-session --version": [str(app.script), "--version"],
            f"vipp-session family list ({opts.families} families)": [str(app.script), "family", "list"],
        }
        for argv in runs.values():  # warm the file cache
            timed(argv, env)
        times: dict[str, list[tuple[float, float]]] = {name: [] for name in runs}
        for _ in range(opts.repeat):
            for name, argv in runs.items():
                times[name].append(timed(argv, env))
    wall = {name: statistics.median(w for w, _ in t) for name, t in times.items()}
    cpu = {name: statistics.median(c for _, c in t) for name, t in times.items()}
    reference = "python -c pass"
    print(f"installed from a wheel, {opts.repeat} runs each, interleaved; medians; "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    for name in runs:
        ratios = ("" if name == reference else
                  f"  ratio {wall[name] / wall[reference]:.2f} (CPU {cpu[name] / cpu[reference]:.2f})")
        print(f"  {name:<40} {wall[name] * 1000:7.1f} ms, CPU {cpu[name] * 1000:6.1f} ms{ratios}")

if __name__ == "__main__":
    main()
