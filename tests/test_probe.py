"""probe: what a file is, read from the file itself; and how its proxy will be made."""

from __future__ import annotations

from fractions import Fraction

import pytest

from media_factory import make_clip, make_incomplete_recording, vfr_times
from vipp_session.media import geometry, mp4boxes
from vipp_session.media.probe import is_variable_rate, probe
from vipp_session.media.proxy import plan_proxy


@pytest.mark.parametrize("rotation", [0, 90, 180, 270])
def test_display_rotation_and_upright_size(rotation, tmp_path):
    made = make_clip(tmp_path / "r.mp4", width=320, height=240, rotation=rotation, frames=5)
    info = probe(made.path)
    assert info.rotation == rotation
    assert (info.width, info.height) == (320, 240)
    assert info.upright_size == made.upright_size


def test_frame_times_keyframes_and_facts(tmp_path):
    made = make_clip(tmp_path / "v.mov", codec="hevc", times=vfr_times(50), start=2.0, bframes=2,
                     gop=20, bit_depth=10, audio="ac3", audio_rate=44100,
                     creation_time="2026-01-31T09:15:00.000000Z")
    info = probe(made.path)
    assert info.video_codec == "hevc" and info.pix_fmt == "yuv420p10le" and info.bit_depth == 10
    assert info.frames == 50
    assert [float(p * info.time_base) for p in info.pts] == pytest.approx(made.times, abs=1e-9)
    assert info.start_time == pytest.approx(2.0)
    assert info.vfr is True
    assert info.keyframes[:3] == [0, 20, 40]
    assert info.audio.codec == "ac3" and info.audio.sample_rate == 44100 and info.audio.channels == 2
    assert info.recorded_at.startswith("2026-01-31T09:15:00")
    plan = plan_proxy(info)
    assert plan.mode == "transcode"
    assert any("hevc" in w for w in plan.why) and any("ac3" in w for w in plan.why)


def test_constant_rate_with_rounded_timestamps_is_not_variable():
    # 30 fps in milliseconds: 33, 33, 34, 33, 33, 34 ...
    ms = [round(i * 1000 / 30) for i in range(90)]
    assert not is_variable_rate(ms, Fraction(1, 1000))
    assert not is_variable_rate([i * 3003 for i in range(90)], Fraction(1, 90000))
    assert is_variable_rate(ms[:30] + [ms[29] + 66 * k for k in range(1, 30)], Fraction(1, 1000))


def test_remux_needs_keyframes_every_second(tmp_path):
    every_second = probe(make_clip(tmp_path / "a.mp4", gop=30, duration=3.0).path)
    sparse = probe(make_clip(tmp_path / "b.mp4", gop=60, duration=3.0).path)
    assert every_second.max_keyframe_gap == pytest.approx(1.0)
    assert plan_proxy(every_second).mode == "remux"
    assert sparse.max_keyframe_gap == pytest.approx(2.0)
    assert plan_proxy(sparse).why == ("keyframes up to 2.0 s apart",)


def test_proxy_size_fits_the_long_side_and_stays_even():
    assert geometry.fit_within(1920, 1080, 1280) == (1280, 720)
    assert geometry.fit_within(1080, 1920, 1280) == (720, 1280)
    assert geometry.fit_within(640, 480, 1280) == (640, 480)  # never made bigger
    assert geometry.fit_within(1001, 333, 500) == (500, 166)
    assert geometry.upright_size(1920, 1080, 90) == (1080, 1920)
    assert geometry.upright_size(720, 576, 0, Fraction(16, 15)) == (768, 576)
    assert geometry.rotation_from_display(-90.0) == 90
    assert geometry.rotation_from_display(90.0) == 270
    assert geometry.rotation_from_display(180.0) == 180
    assert geometry.filter_text(geometry.proxy_filters(90, (720, 1280))) == (
        "scale=1280:720:flags=bicubic,transpose=clock,setsar=1,format=yuv420p")


def test_mp4_boxes_tell_an_unfinished_recording(tmp_path):
    whole = make_clip(tmp_path / "whole.mp4", frames=10).path
    cut = make_incomplete_recording(tmp_path / "cut.mp4", frames=10)
    assert not mp4boxes.looks_incomplete(whole)
    assert mp4boxes.looks_incomplete(cut)
    kinds = [b.type for b in mp4boxes.top_level_boxes(cut)]
    assert "mdat" in kinds and "moov" not in kinds
    half = tmp_path / "half.mp4"
    half.write_bytes(whole.read_bytes()[: whole.stat().st_size - 100])  # index cut short
    assert mp4boxes.looks_incomplete(half)
    text = tmp_path / "t.mp4"
    text.write_text("hello")
    assert mp4boxes.top_level_boxes(text) is None and not mp4boxes.looks_incomplete(text)
    assert not mp4boxes.moov_before_mdat(whole)  # PyAV writes moov last unless asked


def test_interlaced_camcorder_video_is_made_whole(tmp_path):
    info = probe(make_clip(tmp_path / "i.mts", interlaced=True, frames=10).path)
    assert info.interlaced is True
    assert "interlaced pictures" in plan_proxy(info).why
    assert probe(make_clip(tmp_path / "p.mts", frames=10).path).interlaced is False
    assert geometry.proxy_filters(0, (320, 240), deinterlace=True)[0][0] == "bwdif"
