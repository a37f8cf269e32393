"""Recordings from many kinds of phone and camera become upright, browser-ready proxies.

Every case is made on the spot by tests/media_factory.py; each frame shows its
own index and which way is up, so the checks below read the truth from the
pictures themselves.
"""

from __future__ import annotations

import hashlib
import json
from fractions import Fraction

import cv2
import pytest

from media_checks import beep_onsets, decode_video
from media_factory import is_upright, make_clip, read_frame_index, vfr_times
from vipp_session import clips
from vipp_session.families import add_family
from vipp_session.media import mp4boxes
from vipp_session.media.frame_table import load_frame_table
from vipp_session.media.thumbnails import load_thumbnails
from vipp_session.settings import Settings, save_settings

# name: (file name, factory arguments, expected proxy mode)
CASES = {
    "iphone-hevc-rotated-90-mov": ("a.mov", dict(codec="hevc", rotation=90, bframes=2, audio="aac"), "transcode"),
    "android-h264-vfr-rotated-270-mp4": (
        "b.mp4", dict(codec="h264", times=vfr_times(75), rotation=270, audio="aac"), "transcode"),
    "h264-bframes-mp4": ("c.mp4", dict(codec="h264", bframes=3, audio="aac"), "remux"),
    "h264-bframes-vfr-mp4": ("q.mp4", dict(codec="h264", bframes=2, times=vfr_times(75), audio="aac"),
                             "transcode"),
    "h264-start-5s-bframes-mkv": ("d.mkv", dict(codec="h264", start=5.0, bframes=2, audio="aac"), "remux"),
    "h264-start-1.5s-mp4-edit-list": ("e.mp4", dict(codec="h264", start=1.5), "remux"),
    "hevc-10-bit-mov": ("f.mov", dict(codec="hevc", bit_depth=10, audio="aac"), "transcode"),
    "h264-10-bit-mp4": ("g.mp4", dict(codec="h264", bit_depth=10, audio="mp3"), "transcode"),
    "vp9-opus-webm": ("h.webm", dict(codec="vp9", audio="opus"), "transcode"),
    "mpeg4-part2-ac3-avi": ("i.avi", dict(codec="mpeg4", bframes=2, audio="ac3"), "transcode"),
    "msmpeg4v2-pcm-avi": ("j.avi", dict(codec="msmpeg4v2", audio="pcm_s16le", audio_channels=1,
                                         audio_rate=22050), "transcode"),
    "av1-mp4": ("k.mp4", dict(codec="av1", rotation=180), "transcode"),
    "camcorder-h264-ac3-mts": ("l.mts", dict(codec="h264", start=1.4, bframes=2, audio="ac3"), "transcode"),
    "camcorder-interlaced-h264-mts": ("o.mts", dict(codec="h264", interlaced=True, start=0.7,
                                                     audio="ac3"), "transcode"),
    "h264-sparse-keyframes-mp4": ("m.mp4", dict(codec="h264", gop=90, duration=3.2, audio="aac"), "transcode"),
    "iphone-h264-landscape-mov-600-ticks": ("p.mov", dict(codec="h264", time_base=Fraction(1, 600),
                                                        audio="aac"), "remux"),
    "h264-ntsc-29.97-mov": ("n.mov", dict(codec="h264", fps=30000 / 1001, audio="aac",
                                           creation_time="2026-03-14T10:30:00.000000Z"), "remux"),
}


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    folder = tmp_path_factory.mktemp("sources")
    return {name: make_clip(folder / fname, **kwargs) for name, (fname, kwargs, _) in CASES.items()}


@pytest.fixture
def family(data):
    add_family(data, "F001", child="Zoë", born="2025-06-01")
    return "F001"


@pytest.mark.parametrize("case", list(CASES))
def test_recording_becomes_an_upright_browser_ready_proxy(case, made, data, family):
    source = made[case]
    expected_mode = CASES[case][2]
    before = source.path.read_bytes()
    result = clips.import_clip(data, family, 2, source.path)

    assert result.status == "imported", result.reason
    clip = result.clip
    assert source.path.read_bytes() == before  # the original is never changed
    assert clip.proxy_mode == expected_mode
    assert clip.session == 2
    assert (clip.width, clip.height) == source.upright_size
    assert clip.rotation == source.rotation
    assert clip.frames == source.frames
    assert clip.duration == pytest.approx(source.duration, abs=0.0015)  # Matroska rounds to 1 ms
    assert clip.vfr is ("vfr" in case)  # the only ones whose frame spacing varies
    assert clip.video_codec == source.video_codec
    assert clip.audio_codec == source.audio_codec
    if source.start:
        assert clip.start_time == pytest.approx(source.start, abs=0.001)
    else:  # AVI puts B-frame streams one frame late
        assert clip.start_time <= max(source.times[:2])
    assert clip.sha256 == hashlib.sha256(before).hexdigest()

    folder = data.clip_dir(family, clip.id)
    assert (folder / f"original.{source.path.suffix[1:]}").read_bytes() == before
    proxy = folder / "proxy.mp4"
    assert result.proxy == proxy
    assert mp4boxes.moov_before_mdat(proxy)

    video = decode_video(proxy)
    assert video.codec == "h264"
    assert video.pix_fmt == "yuv420p"
    assert (video.width, video.height) == source.upright_size  # small clips are not scaled
    assert video.problems == []  # upright, no rotation left in the metadata
    assert video.indices == list(range(source.frames))  # every frame once, in order
    assert video.times[0] == 0.0
    assert video.times == pytest.approx(source.times, abs=0.001)
    # a keyframe at least every second (the first frame at or after each second)
    frame_gap = max(b - a for a, b in zip(source.times, source.times[1:]))
    marks = video.keyframe_times + [source.duration]
    assert video.keyframe_times[0] == 0.0
    assert max(b - a for a, b in zip(marks, marks[1:])) <= 1.0 + frame_gap + 1e-6

    table = load_frame_table(folder)
    assert len(table) == source.frames
    assert table.times == pytest.approx(source.times, abs=1e-6)
    assert table.source_start_pts * table.time_base == pytest.approx(clip.start_time, abs=1e-6)
    assert table.keyframes[0] == 0
    assert all(table.frame_at(t) == i for i, t in enumerate(video.times))

    if source.audio_codec:
        assert video.audio_codec == "aac"
        onsets = beep_onsets(proxy)
        # beeps start on every whole second of the recording's own clock; the proxy's
        # clock starts at the first frame (AVI may put that a frame after the sound)
        shift = source.start - clip.start_time
        expected = [max(0.0, s + shift) for s in range(int(source.duration) + 1)
                    if s + 0.1 <= source.duration and s + shift + 0.1 > 0]
        assert len(onsets) == len(expected), onsets
        assert onsets == pytest.approx(expected, abs=0.03)  # picture and sound stay together
    else:
        assert video.audio_codec is None

    thumbs = load_thumbnails(folder / "thumbs")
    assert thumbs and thumbs[0].frame == 0
    for thumb in thumbs:
        img = cv2.imread(str(folder / "thumbs" / thumb.file))
        assert img.shape[0] == 120
        assert is_upright(img)
        assert read_frame_index(img) == thumb.frame
        assert thumb.time == pytest.approx(table.times[thumb.frame], abs=1e-6)


def test_recording_time_is_kept(made, data, family):
    clip = clips.import_clip(data, family, 1, made["h264-ntsc-29.97-mov"].path).clip
    assert clip.recorded_at.startswith("2026-03-14T10:30:00")
    assert clip.fps == pytest.approx(30000 / 1001, abs=0.001)
    table = load_frame_table(data.clip_dir(family, clip.id))
    assert table.pts[1] - table.pts[0] == 3003 and table.time_base.denominator == 90000


def test_filmstrip_has_a_picture_every_two_seconds(tmp_path, data, family):
    source = make_clip(tmp_path / "long.mp4", codec="hevc", duration=7.0, fps=15, rotation=90)
    clip = clips.import_clip(data, family, 1, source.path).clip
    thumbs = load_thumbnails(data.thumbs_dir(family, clip.id))
    assert [t.time for t in thumbs] == pytest.approx([0.0, 2.0, 4.0, 6.0], abs=1 / 15)
    index = json.loads((data.thumbs_dir(family, clip.id) / "index.json").read_text())
    assert index["every"] == 2.0


def test_large_recordings_are_scaled_to_the_proxy_size_setting(tmp_path, data, family):
    save_settings(data, Settings(proxy_max_side=160))
    source = make_clip(tmp_path / "wide.mov", codec="hevc", width=480, height=270, rotation=90,
                       duration=1.0)
    clip = clips.import_clip(data, family, 1, source.path).clip
    assert (clip.width, clip.height) == (270, 480)  # the recording's own upright size
    video = decode_video(data.clip_dir(family, clip.id) / "proxy.mp4")
    assert (video.width, video.height) == (90, 160)
    assert video.problems == []
    assert video.indices == list(range(source.frames))


def test_h264_larger_than_the_remux_limit_is_transcoded(tmp_path, data, family):
    save_settings(data, Settings(remux_max_side=300, proxy_max_side=200))
    source = make_clip(tmp_path / "big.mp4", codec="h264", duration=1.0)
    clip = clips.import_clip(data, family, 1, source.path).clip
    assert clip.proxy_mode == "transcode"
    video = decode_video(data.clip_dir(family, clip.id) / "proxy.mp4")
    assert (video.width, video.height) == (200, 150)
    assert video.times == pytest.approx(source.times, abs=0.001)


def test_full_hd_phone_clip_is_remuxed_as_it_is(tmp_path, data, family):
    source = make_clip(tmp_path / "fhd.mp4", codec="h264", width=1920, height=1080, duration=1.0,
                       audio="aac")
    clip = clips.import_clip(data, family, 1, source.path).clip
    assert clip.proxy_mode == "remux"
    video = decode_video(data.clip_dir(family, clip.id) / "proxy.mp4")
    assert (video.width, video.height) == (1920, 1080)
    assert video.indices == list(range(source.frames))
