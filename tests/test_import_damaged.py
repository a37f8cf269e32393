"""Damaged and odd files: each refused with what is really wrong, or imported as it plays.

Names that are not UTF-8, copies cut short, zeroed timing tables, files padded
to gigabytes, and a family erased while its clip is importing.
"""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import sys
import threading
import time
from pathlib import Path

import av
import pytest

import mp4_edits as edit
from conftest import folder_snapshot
from media_factory import make_audio_only, make_clip, make_not_video
from vipp_session import clips
from vipp_session.errors import BadInput
from vipp_session.families import add_family, erase_family
from vipp_session.media import mp4boxes

SAMPLE = Path(__file__).parent.parent / "sample_media" / "play-with-toys.mp4"  # 15 s, remux


@pytest.fixture
def family(data):
    add_family(data, "F001", child="Zoë", born="2025-06-01")
    return "F001"


def everything(root: Path) -> list[str]:
    """Every file and folder under root but the data folder's erase lock (it holds nothing)."""
    if not root.exists():
        return []
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.name != ".erase.lock")


def refused(data, family, path: Path) -> str:
    """Import `path`; it must be refused with a one-line reason, writing nothing."""
    before = folder_snapshot(data.root)
    with pytest.raises(BadInput) as caught:
        clips.import_clip(data, family, 1, path)
    reason = str(caught.value)
    assert "\n" not in reason and "Errno" not in reason
    assert str(data.root) not in reason and "/tmp" not in reason  # no folder of ours
    assert folder_snapshot(data.root) == before
    return reason


# ------------------------------------------------------------------ names that are not UTF-8


def test_names_that_are_not_utf8_are_imported_one_by_one(tmp_path, cli, data, family):
    folder = os.fsencode(tmp_path)
    good = tmp_path / "visit.mp4"
    shutil.copy(SAMPLE, good)
    odd = os.fsdecode(folder + b"/vis\xffit 2.mp4")  # Latin-1 from an old camera
    shutil.copy(make_clip(tmp_path / "other.mp4", duration=1.0).path, odd)
    bad = os.fsdecode(folder + b"/not\xfea video.mp4")
    make_not_video(bad)

    r = cli("import", family, "--session", "1", str(good), odd, bad, "--json")
    assert r.code == 2, r.err
    assert [x["status"] for x in r.json] == ["imported", "imported", "failed"]
    assert r.json[1]["file"].endswith("vis\ufffdit 2.mp4")
    assert "not\ufffda video.mp4 is not a video file" in r.json[2]["reason"]
    assert "Not imported: not\ufffda video.mp4 is not a video file" in r.err
    assert "1 of 3 files could not be imported" in r.err
    listed = cli("clip", "list", family, "--json").json
    assert sorted(c["file"] for c in listed) == sorted(["vis\ufffdit 2.mp4", "visit.mp4"])

    again = make_clip(tmp_path / "third.mp4", duration=1.0, fps=25).path
    odd_too = os.fsdecode(folder + b"/\xe9t\xe9.mp4")
    shutil.copy(again, odd_too)
    r = cli("import", family, "--session", "2", odd_too)
    assert r.code == 0, r.err
    assert "Imported" in r.err and "\ufffdt\ufffd.mp4" in r.err


def test_control_characters_in_a_name_are_not_printed(tmp_path, data, family):
    source = tmp_path / "a\nb\u202e.mp4"
    shutil.copy(make_clip(tmp_path / "x.mp4", duration=0.5).path, source)
    result = clips.import_clip(data, family, 1, source)
    assert result.clip.file == "a?b?.mp4"


# ------------------------------------------------------------------ copies cut short


def test_chunk_offsets_past_the_end_are_refused_plainly(tmp_path, data, family):
    raw = SAMPLE.read_bytes()
    stco = edit.box(SAMPLE, "stco")
    for name, changed in {
        "all-past.mp4": edit.shift_chunk_offsets(raw, stco, 50_000_000),
        "half-past.mp4": edit.shift_chunk_offsets(raw, stco, 50_000_000,
                                                  start=edit.count_of(raw, stco) // 2),
        "first-past.mp4": edit.map_table(raw, stco, lambda v: 0xFFFF0000, start=0, step=10_000),
    }.items():
        (tmp_path / name).write_bytes(changed)
        reason = refused(data, family, tmp_path / name)
        assert reason == (f"{name} looks damaged: its index points at pictures beyond the end "
                          "of the file.")


def test_a_streamed_recording_cut_off_in_its_pictures_is_cut_short(tmp_path, data, family):
    whole = edit.faststart_copy(SAMPLE, tmp_path / "whole.mp4")
    assert mp4boxes.moov_before_mdat(whole)
    cut = tmp_path / "VID_cut.mp4"
    cut.write_bytes(whole.read_bytes()[: whole.stat().st_size * 2 // 3])
    assert "VID_cut.mp4 is cut short" in refused(data, family, cut)


# ------------------------------------------------------------------ timing tables


def test_a_zeroed_timing_table_is_refused_not_stretched(tmp_path, data, family):
    raw = SAMPLE.read_bytes()
    source = tmp_path / "zeroed.mp4"
    source.write_bytes(edit.zero_stts_deltas(raw, edit.box(SAMPLE, "stts")))
    reason = refused(data, family, source)
    assert reason == ("zeroed.mp4 looks damaged: its frame times cannot be right "
                      "(the file says it lasts 15 s, but its frames span 112 minutes).")


def test_frame_times_are_checked_against_the_file_size(tmp_path, data, family):
    # The timing table, the track's and the movie's lengths all agree on 112 minutes
    # (each of 450 frames shown for 15 s): only the size (340 KB, some 400 bits a
    # second) and the spacing of the frames show the damage.
    raw = SAMPLE.read_bytes()
    stts, mdhd, mvhd, edts = (edit.box(SAMPLE, k) for k in ("stts", "mdhd", "mvhd", "edts"))
    assert edit.count_of(raw, stts) == 1 and edit.timescale(raw, mdhd) == 90000
    raw = edit.put_u32(raw, stts.body + edit.TABLE + 4, 15 * 90000)
    raw = edit.put_u32(raw, edit.mdhd_duration_at(mdhd), 450 * 15 * 90000)
    raw = edit.put_u32(raw, edit.mvhd_duration_at(mvhd), 450 * 15 * edit.timescale(raw, mvhd))
    raw = raw[:edts.offset + 4] + b"free" + raw[edts.offset + 8:]  # no edit list to cut it short
    source = tmp_path / "slow.mp4"
    source.write_bytes(raw)
    reason = refused(data, family, source)
    assert reason == ("slow.mp4 looks damaged: its frame times cannot be right "
                      "(450 frames spread over 112 minutes).")


def test_an_accepted_clip_lasts_what_its_browser_copy_plays(tmp_path, data, family):
    # mvhd and tkhd zeroed: no player uses them for timing, so the clip is good
    raw = SAMPLE.read_bytes()
    for kind in ("mvhd", "tkhd"):
        source = tmp_path / f"{kind}.mp4"
        source.write_bytes(edit.zero_body(raw, edit.box(SAMPLE, kind)))
        clip = clips.import_clip(data, family, 1, source).clip
        assert clip.duration == pytest.approx(15.0, abs=0.04)
        with av.open(str(data.clip_dir(family, clip.id) / "proxy.mp4")) as proxy:
            video = proxy.streams.video[0]
            times = sorted(float(p.pts * video.time_base) for p in proxy.demux(video) if p.size)
            assert len(times) == clip.frames
            assert times[-1] + 1 / 30 == pytest.approx(clip.duration, abs=0.002)
            assert proxy.duration / av.time_base == pytest.approx(clip.duration, abs=0.05)


def test_sound_that_runs_on_ends_with_the_pictures(tmp_path, data, family):
    source = edit.stretch_sound(SAMPLE, tmp_path / "long-sound.mp4", 1.75)  # 26 s of sound, 15 s of video
    clip = clips.import_clip(data, family, 1, source).clip
    assert clip.duration == pytest.approx(15.0, abs=0.04)
    with av.open(str(data.clip_dir(family, clip.id) / "proxy.mp4")) as proxy:
        assert proxy.duration / av.time_base == pytest.approx(clip.duration, abs=0.03)


def test_sound_far_longer_than_the_pictures_is_refused(tmp_path, data, family):
    source = edit.stretch_sound(SAMPLE, tmp_path / "stretched.mp4", 4)
    assert refused(data, family, source) == (
        "stretched.mp4 looks damaged: its frame times cannot be right "
        "(its sound lasts 60.2 s, but its pictures 15 s).")


# ------------------------------------------------------------------ what is really wrong


def _no_video_track(path: Path) -> Path:
    made = make_clip(path, frames=10).path
    raw = made.read_bytes()
    hdlr = edit.box(made, "hdlr")
    at = raw.find(b"avc1", edit.box(made, "stsd").body)
    vmhd = edit.box(made, "vmhd")
    raw = raw[:hdlr.body + 8] + b"text" + raw[hdlr.body + 12:]
    raw = raw[:vmhd.offset + 4] + b"nmhd" + raw[vmhd.offset + 8:]  # a text track's header
    path.write_bytes(raw[:at] + b"tx3g" + raw[at + 4:])
    return path


def _one_picture_of_many(path: Path) -> Path:
    raw = SAMPLE.read_bytes()
    path.write_bytes(edit.zero_body(raw, edit.box(SAMPLE, "mdhd")))
    return path


def _index_zeroed(path: Path) -> Path:
    raw = SAMPLE.read_bytes()
    path.write_bytes(edit.zero_body(raw, edit.box(SAMPLE, "moov")))
    return path


def _truncated(path: Path) -> Path:
    raw = SAMPLE.read_bytes()
    path.write_bytes(raw[: len(raw) - 2000])
    return path


def _cut_in_pictures(path: Path) -> Path:
    whole = edit.faststart_copy(SAMPLE, path.with_name("whole-" + path.name))
    path.write_bytes(whole.read_bytes()[: whole.stat().st_size // 2])
    return path


def _video_header_broken(path: Path) -> Path:
    raw = SAMPLE.read_bytes()
    path.write_bytes(edit.set_size(raw, edit.box(SAMPLE, "mdhd"), 8))  # the video track is lost
    return path


REASONS = {
    "empty": (lambda d: (d / "e.mp4").write_bytes(b"") or d / "e.mp4", "e.mp4 is empty (0 bytes)"),
    "not a video": (lambda d: make_not_video(d / "n.mp4"), "n.mp4 is not a video file"),
    "audio only": (lambda d: make_audio_only(d / "a.m4a"), "(a.m4a has sound only)"),
    "no video track": (lambda d: _no_video_track(d / "t.mp4"), "t.mp4 has no video in it"),
    "truncated index": (lambda d: _truncated(d / "c.mp4"), "c.mp4 looks incomplete"),
    "cut short": (lambda d: _cut_in_pictures(d / "s.mp4"), "s.mp4 is cut short"),
    "video track unreadable": (lambda d: _video_header_broken(d / "v.mp4"),
                               "v.mp4 looks damaged: the index that says where"),
    "one picture of 450": (lambda d: _one_picture_of_many(d / "m.mp4"),
                           "m.mp4 looks damaged: only 1 of the 450 pictures it lists can be found"),
    "index zeroed": (lambda d: _index_zeroed(d / "z.mp4"),
                     "z.mp4 looks damaged: the index that says where its pictures are is broken"),
}


@pytest.mark.parametrize("case", list(REASONS))
def test_each_damage_has_its_own_reason(case, tmp_path, data, family):
    make, words = REASONS[case]
    reason = refused(data, family, make(tmp_path))
    assert words in reason
    assert "photo" not in reason


# ------------------------------------------------------------------ before copying


def test_a_huge_sparse_file_is_refused_before_it_is_copied(tmp_path, data, family, monkeypatch):
    copies = []
    monkeypatch.setattr(clips, "copy_with_sha256", lambda *a, **k: copies.append(a))
    zeros = tmp_path / "big.mp4"
    with open(zeros, "wb") as f:
        f.truncate(2 * 2**30)
    padded = tmp_path / "padded.mp4"
    shutil.copy(SAMPLE, padded)
    with open(padded, "r+b") as f:
        f.truncate(2 * 2**30)
    holed = tmp_path / "holed.mp4"  # 2 GiB of nothing inside, before the index
    raw = SAMPLE.read_bytes()
    moov = edit.box(SAMPLE, "moov")
    with open(holed, "wb") as f:
        f.write(raw[:moov.offset] + struct.pack(">I4s", 2**31, b"free"))
        f.seek(moov.offset + 2**31)
        f.write(raw[moov.offset:])
    started = time.monotonic()
    assert "big.mp4 is not a video file" in refused(data, family, zeros)
    assert ("padded.mp4 looks damaged: 2,047 MB of it are not part of the recording"
            in refused(data, family, padded))
    assert ("holed.mp4 looks damaged: 2,048 MB of it are not part of the recording"
            in refused(data, family, holed))
    assert time.monotonic() - started < 10
    assert copies == []


def test_a_fragmented_recording_is_not_taken_for_padding(tmp_path, data, family):
    source = edit.faststart_copy(SAMPLE, tmp_path / "fragments.mp4", "frag_keyframe+empty_moov")
    assert "moof" in [b.type for b in mp4boxes.top_level_boxes(source)]
    clip = clips.import_clip(data, family, 1, source).clip
    assert clip.frames == 450 and clip.duration == pytest.approx(15.0, abs=0.04)


# ------------------------------------------------------------------ erased while importing


@pytest.fixture(scope="module")
def slow_clip(tmp_path_factory) -> Path:
    """A clip that is re-encoded, so its import takes a few seconds."""
    return make_clip(tmp_path_factory.mktemp("slow") / "IMG_0001.MOV", codec="hevc", rotation=90,
                     audio="aac", duration=4.0).path


@pytest.mark.parametrize("at", [0.05, 0.5, 0.9])
def test_erasing_the_family_stops_its_import_cleanly(at, slow_clip, data, family):
    reached = threading.Event()
    outcome: dict = {}

    def progress(fraction):
        if fraction >= at:
            reached.set()

    def run():
        try:
            outcome["result"] = clips.import_clip(data, family, 1, slow_clip, progress=progress)
        except BaseException as exc:
            outcome["error"] = exc

    worker = threading.Thread(target=run)
    worker.start()
    assert reached.wait(120)
    erase_family(data, family)
    worker.join(30)
    assert not worker.is_alive()
    assert str(outcome.get("error")) == (
        "The family F001 was erased while IMG_0001.MOV was importing; nothing was kept.")
    assert everything(data.root / "families") == []


def test_erasing_from_another_process_stops_the_batch(slow_clip, tmp_path, data, family):
    second = make_clip(tmp_path / "second.mp4", duration=1.0).path
    reached = threading.Event()

    def erase_from_the_command_line(i, fraction):
        if fraction >= 0.3 and not reached.is_set():
            reached.set()
            subprocess.run([sys.executable, "-m", "vipp_session", "family", "erase", family,
                            "--yes", "--data", str(data.root)], check=True, capture_output=True)

    results = clips.import_clips(data, family, 1, [slow_clip, second],
                                 progress=erase_from_the_command_line)
    assert [r.status for r in results] == ["failed", "failed"]
    assert "was erased while IMG_0001.MOV was importing" in results[0].reason
    assert results[1].reason == "second.mp4 was not imported: the family F001 was erased."
    assert everything(data.root / "families") == []
