"""Backups against `cp -r` to the same disk, timed in the same run.

    python bench/backup.py                 # a data folder of about 300 MB (a minute here)
    python bench/backup.py --size-gb 2     # the 2 GB case of the requirement

1. A first backup of the whole data folder, against `cp -r` of it then `sync`: a backup
   counts as made only once every piece is on the disk (a USB disk pulled out after `cp -r`
   returns, before the cache is written, holds a broken copy), so the copy is timed until
   it is on the disk too. `cp -r` alone is printed as well.
2. A second backup after one new clip, against `cp -r` of that clip's folder alone, then
   `sync`.

The data folder is a real one (families added by the program) whose clip folders hold random
bytes in place of video: like video, they do not compress, so the work is the same. Each clip
folder: an original of `--clip-mb` (300 MB by default: five minutes at 60 MB a minute, the
shortest clip and the lowest rate of a phone's recordings in a year's caseload), a browser
copy half its size (a copy of an H.264 clip is the same size, a re-encoded one smaller),
frame times and 30 thumbnails.

The key derivation from the passphrase (argon2id, 64 MB: slow on purpose, the same for any
size of data folder) is timed apart and left out of the ratios; the totals with it are
printed too. CPU times: this process for the backup, the `cp` process for the copy.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from statistics import median
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from vipp_session.backup import crypto, folder, service  # noqa: E402
from vipp_session.families import add_family  # noqa: E402
from vipp_session.paths import DataDir  # noqa: E402

PASS = "bench passphrase"
MB = 1024 * 1024


CLIP_MB = 300


def _random_file(path: Path, size: int) -> None:
    with open(path, "wb") as f:
        for start in range(0, size, 64 * MB):
            f.write(os.urandom(min(64 * MB, size - start)))


def make_clip_folder(folder: Path) -> int:
    folder.mkdir(parents=True)
    _random_file(folder / "original.mp4", int(CLIP_MB * MB))
    _random_file(folder / "proxy.mp4", int(CLIP_MB * MB) // 2)
    (folder / "frames.json").write_bytes(os.urandom(60_000).hex().encode())
    (folder / "thumbs").mkdir()
    for i in range(30):
        (folder / "thumbs" / f"{i:03d}.jpg").write_bytes(os.urandom(18_000))
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def make_data(root: Path, size: int) -> DataDir:
    data = DataDir(root)
    made, n = 0, 0
    while made < size:
        family = f"F{n // 6:03d}"
        if n % 6 == 0:
            add_family(data, family, child="Bench", born="2025-06-01")
        made += make_clip_folder(data.clip_dir(family, f"c{n:05d}"))
        n += 1
    return data


CPU = []  # CPU seconds (all threads, and child processes) of each timed piece of work
KDF = []  # (seconds, CPU seconds) spent deriving keys from the passphrase inside each backup


def _cpu() -> float:
    return sum(r.ru_utime + r.ru_stime for r in (resource.getrusage(resource.RUSAGE_SELF),
                                                  resource.getrusage(resource.RUSAGE_CHILDREN)))


def timed(work) -> float:
    before = _cpu()
    start = time.perf_counter()
    work()
    took = time.perf_counter() - start
    CPU.append(_cpu() - before)
    return took


def _timing_key_derivation() -> None:
    """Count the time backups spend in argon2id, to print it apart."""
    derive = folder.derive_keys

    def timed_derive(*args, **kwargs):
        start, cpu = time.perf_counter(), time.thread_time()
        try:
            return derive(*args, **kwargs)
        finally:
            KDF.append((time.perf_counter() - start, time.thread_time() - cpu))

    folder.derive_keys = timed_derive


def cp(source: Path, target: Path) -> None:
    subprocess.run(["cp", "-r", str(source), str(target)], check=True)


def sync() -> None:
    subprocess.run(["sync"], check=True)


def _backup(what: str, work) -> tuple[float, float]:
    """(seconds without the key derivation, its CPU seconds) of one backup, printed."""
    KDF.clear()
    took = timed(work)
    kdf, kdf_cpu = (sum(k[i] for k in KDF) for i in range(2))
    print(f"  {what}: {took:.2f} s, of which the key derivation {kdf:.2f} s; CPU {CPU[-1]:.2f} "
          f"s (all threads; the key derivation {kdf_cpu:.2f} s); load average "
          f"{os.getloadavg()[0]:.1f}")
    return took - kdf, CPU[-1] - kdf_cpu


def _copy(source: Path, target: Path) -> tuple[float, float, float]:
    """(cp -r seconds, cp -r + sync seconds, cp's CPU seconds)."""
    t_cp = timed(lambda: cp(source, target))
    cp_cpu = CPU[-1]
    return t_cp, t_cp + timed(sync), cp_cpu


def first_backup(data: DataDir, run: Path) -> tuple[float, ...]:
    """(backup, cp -r, cp -r + sync, backup CPU, cp CPU) of the whole data folder."""
    run.mkdir()
    t_cp, t_cp_sync, cp_cpu = _copy(data.root, run / "copy")
    t_backup, cpu = _backup("first backup",
                            lambda: service.make_backup(data, run / "usb", PASS, PASS))
    sync()
    shutil.rmtree(run / "copy")
    return t_backup, t_cp, t_cp_sync, cpu, cp_cpu


def second_backup(data: DataDir, run: Path) -> tuple[float, ...]:
    """The same after one new clip, the copies of that clip alone."""
    new_clip = data.clip_dir(data.family_ids()[0], f"new-clip-{run.name}")
    make_clip_folder(new_clip)
    sync()
    t_cp, t_cp_sync, cp_cpu = _copy(new_clip, run / "clip-copy")
    t_backup, cpu = _backup("second backup", lambda: service.make_backup(data, run / "usb", PASS))
    shutil.rmtree(new_clip)
    shutil.rmtree(run, ignore_errors=True)
    sync()
    return t_backup, t_cp, t_cp_sync, cpu, cp_cpu


def _row(r: tuple[float, ...]) -> str:
    return (f"{r[0]:.2f} s / cp {r[1]:.2f} s = {r[0] / r[1]:.2f} (+sync {r[0] / r[2]:.2f}; "
            f"CPU {r[3]:.2f} s / {r[4]:.2f} s = {r[3] / r[4]:.2f})")


def main() -> None:
    global CLIP_MB
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-gb", type=float, default=0.3)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--clip-mb", type=float, default=300,
                        help="a clip's original, in MB (its browser copy is half that)")
    parser.add_argument("--dir", help="work folder (default: a temp folder on /var/tmp's disk)")
    args = parser.parse_args()
    CLIP_MB = args.clip_mb
    work = Path(tempfile.mkdtemp(prefix="vipp-bench-backup-", dir=args.dir or "/var/tmp"))
    try:
        data = make_data(work / "data", int(args.size_gb * 1024 * MB))
        size = sum(p.stat().st_size for p in data.root.rglob("*") if p.is_file())
        sync()
        kdf = timed(lambda: crypto.derive_keys(PASS, crypto.KdfParams.new()))
        print(f"data folder {size / MB:,.0f} MB, clips of {CLIP_MB * 1.5:,.0f} MB (original and "
              f"browser copy); key derivation (argon2id, 64 MB) {kdf:.2f} s, "
              "left out of the backup times below")
        _timing_key_derivation()
        rows = {"first": [], "second": []}
        for run in range(args.runs):
            rows["first"].append(first_backup(data, work / f"run{run}"))
            rows["second"].append(second_backup(data, work / f"run{run}"))
            print(f"run {run + 1}: first {_row(rows['first'][-1])}; second {_row(rows['second'][-1])}")
        for name, what, target in (
                ("first", "first backup vs copying the data folder", 1.5),
                ("second", "second backup after one clip vs copying that clip", 1.2)):
            ours, cp_time, cp_sync, cpu, cp_cpu = (median(r[i] for r in rows[name])
                                                    for i in range(5))
            on_disk = median(r[0] / r[2] for r in rows[name])
            in_cache = median(r[0] / r[1] for r in rows[name])
            print(f"{what}: {ours:.2f} s vs cp -r + sync {cp_sync:.2f} s: ratio {on_disk:.2f} "
                  f"(target <= {target}); vs cp -r alone {cp_time:.2f} s (its copy still in "
                  f"the page cache): {in_cache:.2f}; CPU {cpu:.2f} s vs {cp_cpu:.2f} s: "
                  f"{cpu / cp_cpu:.2f} (medians of {args.runs} runs)")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
