"""The demo clips in sample_media/ are small and import the way their README says."""

from __future__ import annotations

from pathlib import Path

from media_checks import decode_video
from vipp_session import clips
from vipp_session.families import add_family

SAMPLES = Path(__file__).resolve().parent.parent / "sample_media"


def test_sample_clips_are_small_and_documented():
    files = sorted(p.name for p in SAMPLES.glob("*.mp4"))
    assert files == ["no-toys-vfr.mp4", "picture-book-portrait.mp4", "play-with-toys.mp4"]
    assert sum(p.stat().st_size for p in SAMPLES.glob("*.mp4")) < 5_000_000
    readme = (SAMPLES / "README.md").read_text()
    assert "scripts/make_sample_media.py" in readme
    assert all(name in readme for name in files)


def test_sample_clips_import_as_described(data):
    add_family(data, "DEMO", child="Ava", born="2025-03-01")
    results = clips.import_clips(data, "DEMO", 1, sorted(SAMPLES.glob("*.mp4")))
    by_name = {Path(r.file).name: r.clip for r in results}
    assert all(r.status == "imported" for r in results)
    assert by_name["play-with-toys.mp4"].proxy_mode == "remux"
    portrait = by_name["picture-book-portrait.mp4"]
    assert (portrait.proxy_mode, portrait.rotation, portrait.width, portrait.height) == (
        "transcode", 90, 360, 640)
    assert by_name["no-toys-vfr.mp4"].vfr is True
    video = decode_video(data.clip_dir("DEMO", portrait.id) / "proxy.mp4")
    assert (video.width, video.height, video.codec) == (360, 640, "h264")
    assert len(video.times) == portrait.frames
