"""Fuzz: damaged copies of real recordings, each imported by the command line.

Made from the sample clip (H.264 + AAC, copied into the browser copy), the
same with its index first (as streaming phones write it) and a short rotated
HEVC clip from media_factory (re-encoded): cut short at many points, bytes
flipped at random, and the boxes moov, mvhd, mdhd, tkhd, stsz, stts and stco
zeroed, filled, scrambled, resized or given absurd counts (found by walking
the MP4's structure). Every import must, within its time limit and under 1 GB
of memory, either succeed (exit 0, and the clip lasts what its browser copy
plays) or refuse the file with a reason naming it (exit 2), and leave nothing
behind in the data folder.
"""

from __future__ import annotations

import json
import random
import struct
import subprocess
import sys
from pathlib import Path

import av
import pytest

import mp4_edits as edit
from media_factory import make_clip
from vipp_session.families import add_family
from vipp_session.media.frame_table import load_frame_table
from vipp_session.store import Store

SAMPLE = Path(__file__).parent.parent / "sample_media" / "play-with-toys.mp4"
RUNNER = Path(__file__).parent / "cli_runner.py"
TIME_LIMIT = 60  # seconds for one import
MEMORY_LIMIT_MB = 1024
BOXES = ["moov", "mvhd", "mdhd", "tkhd", "stsz", "stts", "stco"]
TABLES = {"stsz": 12, "stts": 8, "stco": 8}  # where the entry count sits from the box's body: 4


def _box_edits(path: Path, rng: random.Random, boxes: list[str]) -> dict[str, bytes]:
    raw = path.read_bytes()
    made = {}
    for kind in boxes:
        b = edit.box(path, kind)
        length = b.end - b.body
        made[f"{kind}-zeroed"] = edit.zero_body(raw, b)
        made[f"{kind}-filled"] = raw[:b.body] + b"\xff" * length + raw[b.end:]
        made[f"{kind}-scrambled"] = raw[:b.body] + rng.randbytes(length) + raw[b.end:]
        made[f"{kind}-size-8"] = edit.set_size(raw, b, 8)
        made[f"{kind}-size-huge"] = edit.set_size(raw, b, 0xFFFFFFF0)
        if kind in TABLES:
            made[f"{kind}-count-huge"] = edit.put_u32(raw, b.body + 4, 0x7FFFFFFF)
        elif kind != "moov":  # version-0 headers: timescale and duration
            made[f"{kind}-timescale-1"] = edit.put_u32(raw, b.body + 12, 1)
            made[f"{kind}-duration-max"] = edit.put_u32(raw, b.body + 16, 0xFFFFFFFF)
    return made


def _truncations(path: Path, fractions: list[float]) -> dict[str, bytes]:
    raw = path.read_bytes()
    return {f"cut-at-{f:g}": raw[: int(len(raw) * f)] for f in fractions}


def _flips(path: Path, rng: random.Random) -> dict[str, bytes]:
    raw = path.read_bytes()
    moov = edit.box(path, "moov")
    mdat = edit.box(path, "mdat")
    made = {}
    for n in (1, 10, 100, 1000):
        made[f"flip-{n}-anywhere"] = edit.flip_bytes(raw, rng.sample(range(len(raw)), n))
    for n in (10, 300):
        made[f"flip-{n}-pictures"] = edit.flip_bytes(raw, rng.sample(range(mdat.body, mdat.end), n))
    for n in (1, 5, 30, 200):
        made[f"flip-{n}-index"] = edit.flip_bytes(raw, rng.sample(range(moov.body, moov.end), n))
    return made


def _first_picture_zeroed(path: Path) -> bytes:
    """The first picture's data (after its first 8 bytes) overwritten with zeros."""
    raw = path.read_bytes()
    stco, stsz = edit.box(path, "stco"), edit.box(path, "stsz")
    start = struct.unpack(">I", raw[stco.body + 8:stco.body + 12])[0]
    size = struct.unpack(">I", raw[stsz.body + 12:stsz.body + 16])[0]
    return raw[:start + 8] + bytes(size - 8) + raw[start + size:]


@pytest.fixture(scope="module")
def damaged(tmp_path_factory) -> list[Path]:
    folder = tmp_path_factory.mktemp("damaged")
    hevc = make_clip(folder / "source.mov", codec="hevc", rotation=90, audio="aac",
                     duration=1.5, width=160, height=120).path
    rng = random.Random(20261201)
    made = {}
    for label, changed in _box_edits(SAMPLE, rng, BOXES).items():
        made[f"toys-{label}.mp4"] = changed
    for label, changed in _truncations(SAMPLE, [0.001, 0.05, 0.3, 0.6, 0.95, 0.97, 0.999]).items():
        made[f"toys-{label}.mp4"] = changed
    for label, changed in _flips(SAMPLE, rng).items():
        made[f"toys-{label}.mp4"] = changed
    streamed = edit.faststart_copy(SAMPLE, folder / "streamed.mp4")
    for label, changed in _truncations(streamed, [0.02, 0.3, 0.7, 0.99]).items():
        made[f"streamed-{label}.mp4"] = changed
    for label, changed in _box_edits(hevc, rng, ["mdhd", "stsz", "stts", "stco"]).items():
        if label.endswith(("zeroed", "scrambled", "huge")):
            made[f"hevc-{label}.mov"] = changed
    for label, changed in _truncations(hevc, [0.5, 0.99]).items():
        made[f"hevc-{label}.mov"] = changed
    for label, changed in _flips(hevc, rng).items():
        if "pictures" in label or label == "flip-10-anywhere":
            made[f"hevc-{label}.mov"] = changed
    made["hevc-first-picture-zeroed.mov"] = _first_picture_zeroed(hevc)
    paths = []
    for name, raw in made.items():
        (folder / name).write_bytes(raw)
        paths.append(folder / name)
    return paths


def _debris(data, family: str) -> list[str]:
    """Anything in the data folder that is not a recorded clip's, the family's record, the audit
    or the id index (which names the recorded clips' families)."""
    with Store(data).reading(family) as db:
        known = {c.id for c in db.clips()}
    odd = []
    for p in sorted(data.root.rglob("*")):
        parts = p.relative_to(data.root).parts
        if parts[0] in ("settings.json", "audit.log", data.id_index.name):
            continue
        if parts[:2] != ("families", family) or len(parts) < 3:
            if p.is_file() or parts[0] != "families":
                odd.append(str(p.relative_to(data.root)))
            continue
        if parts[2] in ("family.json", ".lock", "backups"):
            continue
        if parts[2] == "clips" and (len(parts) == 3 or parts[3] in known):
            continue
        odd.append(str(p.relative_to(data.root)))
    return odd


def _plays_as_recorded(data, family: str, clip: dict) -> None:
    """The clip lasts what its browser copy plays: the same frames at the same times."""
    folder = data.clip_dir(family, clip["clip"])
    table = load_frame_table(folder)
    with av.open(str(folder / "proxy.mp4")) as proxy:
        video = proxy.streams.video[0]
        times = sorted(float(p.pts * video.time_base) for p in proxy.demux(video) if p.size)
    assert len(times) == clip["frames"] == len(table)
    assert times == pytest.approx(table.times, abs=0.002)
    assert clip["duration"] == pytest.approx(table.duration, abs=1e-6)
    assert times[-1] < clip["duration"] <= times[-1] + 1.0


def test_damaged_recordings_are_imported_or_refused_cleanly(damaged, data):
    assert len(damaged) >= 60
    add_family(data, "F001", child="Zoë", born="2025-06-01")
    jobs = [{"args": ["import", "F001", "--session", "1", str(p), "--data", str(data.root), "--json"],
             "limit": TIME_LIMIT} for p in damaged]
    proc = subprocess.run([sys.executable, str(RUNNER)], input=json.dumps(jobs), capture_output=True,
                          text=True, timeout=TIME_LIMIT * len(jobs))
    assert proc.returncode == 0, proc.stderr[-3000:]
    runs = json.loads(proc.stdout)

    outcomes = {}
    for path, run in zip(damaged, runs):
        name = path.name
        assert not run["timed_out"], f"{name}: still running after {TIME_LIMIT} s"
        assert run["code"] in (0, 2), f"{name}: exit {run['code']}: {run['err'][-2000:]}"
        assert run["max_rss_mb"] < MEMORY_LIMIT_MB, f"{name}: {run['max_rss_mb']:.0f} MB"
        [result] = json.loads(run["out"])
        if run["code"] == 2:
            assert result["status"] == "failed"
            assert name in result["reason"], f"{name}: {result['reason']}"
            assert f"Not imported: {result['reason']}" in run["err"]
            assert str(data.root) not in result["reason"]
            outcomes[name] = result["reason"]
        else:
            assert result["status"] in ("imported", "duplicate"), result
            _plays_as_recorded(data, "F001", result)
            outcomes[name] = result["status"]
        assert _debris(data, "F001") == [], f"{name} left debris"
    refused = [n for n, o in outcomes.items() if o not in ("imported", "duplicate")]
    # most of these files are beyond use; a few (a flipped bit in a picture) are fine
    assert len(refused) > len(outcomes) // 2
    assert not any("photo" in outcomes[n] for n in refused)
    for cut in ("0.3", "0.7", "0.99"):  # in the pictures, after the index
        assert "is cut short" in outcomes[f"streamed-cut-at-{cut}.mp4"]
    assert "looks incomplete" in outcomes["streamed-cut-at-0.02.mp4"]  # in the index
    assert "cannot be decoded" in outcomes["hevc-first-picture-zeroed.mov"]
    print(f"\n{len(outcomes)} damaged files: {len(refused)} refused, "
          f"{len(outcomes) - len(refused)} imported; slowest "
          f"{max(r['seconds'] for r in runs):.1f} s, peak {max(r['max_rss_mb'] for r in runs):.0f} MB")
    print("\n".join(f"  {n}: {o}" for n, o in outcomes.items()))
