"""Backups against `cp -r` to the same disk, timed in the same run.

    python bench/backup.py                 # a data folder of about 300 MB (a minute here)
    python bench/backup.py --size-gb 2     # the 2 GB case of the requirement

1. A first backup of the whole data folder, against `cp -r` of it (and `cp -r` then `sync`,
   since a backup puts every piece on the disk before it counts as made).
2. A second backup after one new clip, against `cp -r` of that clip's folder alone.

The data folder is a real one (families added by the program) whose clip folders hold random
bytes in place of video: like video, they do not compress, so the work is the same. Each clip
folder: a 40 MB original, a 10 MB browser copy, frame times and 30 thumbnails. Times include
the key derivation from the passphrase (argon2id, printed apart).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from vipp_session.backup import crypto, service  # noqa: E402
from vipp_session.families import add_family  # noqa: E402
from vipp_session.paths import DataDir  # noqa: E402

PASS = "bench passphrase"
MB = 1024 * 1024


def make_clip_folder(folder: Path) -> int:
    folder.mkdir(parents=True)
    (folder / "original.mp4").write_bytes(os.urandom(40 * MB))
    (folder / "proxy.mp4").write_bytes(os.urandom(10 * MB))
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


def timed(work) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def cp(source: Path, target: Path) -> None:
    subprocess.run(["cp", "-r", str(source), str(target)], check=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-gb", type=float, default=0.3)
    parser.add_argument("--dir", help="work folder (default: a temp folder on /var/tmp's disk)")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="vipp-bench-backup-", dir=args.dir or "/var/tmp"))
    try:
        data = make_data(work / "data", int(args.size_gb * 1024 * MB))
        size = sum(p.stat().st_size for p in data.root.rglob("*") if p.is_file())
        subprocess.run(["sync"], check=True)
        kdf = timed(lambda: crypto.derive_keys(PASS, crypto.KdfParams.new()))

        t_cp = timed(lambda: cp(data.root, work / "copy"))
        t_cp_sync = t_cp + timed(lambda: subprocess.run(["sync"], check=True))
        first = {}
        t_backup = timed(lambda: first.update(r=service.make_backup(data, work / "usb", PASS,
                                                                    PASS)))
        subprocess.run(["sync"], check=True)

        family = data.family_ids()[0]
        new_clip = data.clip_dir(family, "new-clip")
        clip_size = make_clip_folder(new_clip)
        subprocess.run(["sync"], check=True)
        t_cp_clip = timed(lambda: cp(new_clip, work / "clip-copy"))
        t_cp_clip_sync = t_cp_clip + timed(lambda: subprocess.run(["sync"], check=True))
        second = {}
        t_second = timed(lambda: second.update(r=service.make_backup(data, work / "usb", PASS)))

        print(f"data folder {size / MB:,.0f} MB; key derivation (argon2id, 64 MB) {kdf:.2f} s")
        print(f"first backup  {t_backup:6.2f} s   cp -r {t_cp:6.2f} s   ratio {t_backup / t_cp:.2f}"
              f"   (cp -r + sync {t_cp_sync:.2f} s: ratio {t_backup / t_cp_sync:.2f})")
        print(f"second backup {t_second:6.2f} s   cp -r of the clip ({clip_size / MB:.0f} MB) "
              f"{t_cp_clip:.2f} s   ratio {t_second / t_cp_clip:.2f}   (cp -r + sync "
              f"{t_cp_clip_sync:.2f} s: ratio {t_second / t_cp_clip_sync:.2f})")
        print(f"second backup without the key derivation: ratio {(t_second - kdf) / t_cp_clip:.2f}"
              f" (+ sync: {(t_second - kdf) / t_cp_clip_sync:.2f}); it wrote "
              f"{second['r'].bytes_written / MB:.1f} MB, read {second['r'].bytes_read / MB:.1f} MB")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
