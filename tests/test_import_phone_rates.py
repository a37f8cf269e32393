"""4K and 60 fps phone clips: a proxy of at most 1280 px and 30 frames a second whose every
frame is in the frame table, and a still for a proxy frame that is that same original frame."""

from __future__ import annotations

from fractions import Fraction

import av
import pytest

from media_factory import make_clip, read_frame_index
from vipp_session.media import frames
from vipp_session.media.ingest import PROXY_FILE, prepare_clip_files


def proxy_frames(path) -> list[tuple[int, int]]:
    """(pts, index drawn in the picture) of every frame of a proxy, in order."""
    with av.open(str(path)) as c:
        return [(f.pts, read_frame_index(f.to_ndarray(format="gray")))
                for f in c.decode(c.streams.video[0])]


def check_every_proxy_frame(made, prepared, folder) -> None:
    table = prepared.table
    shown = proxy_frames(folder / PROXY_FILE)
    assert [pts for pts, _ in shown] == list(table.pts)  # every proxy frame's time is in the table
    for i, (_, drawn) in enumerate(shown):
        still = frames.picture_at_index(made.path, table, i)
        assert read_frame_index(still) == drawn  # the still is that very frame of the original
        assert float(table.exact_time_of(i)) == pytest.approx(made.times[drawn], abs=1e-6)


@pytest.mark.parametrize("bframes", [0, 3])  # with B-frames, those left out are not decoded
def test_sixty_fps_gives_every_other_frame(tmp_path, bframes):
    made = make_clip(tmp_path / "IMG_60.MOV", codec="hevc", fps=60, duration=1.0, rotation=90,
                     audio="aac", bframes=bframes)
    folder = tmp_path / "clip"
    folder.mkdir()
    prepared = prepare_clip_files(made.path, folder, made.path.name)
    assert prepared.plan.mode == "transcode"
    assert len(prepared.table) == 30 and prepared.table.average_fps == pytest.approx(30, abs=0.5)
    assert prepared.table.duration == pytest.approx(made.duration, abs=1e-6)
    check_every_proxy_frame(made, prepared, folder)
    frames.close_all()


def test_sixty_fps_h264_ready_for_browsers_is_not_copied_at_sixty(tmp_path):
    made = make_clip(tmp_path / "VID_60.mp4", fps=60, duration=0.5, gop=30)
    folder = tmp_path / "clip"
    folder.mkdir()
    prepared = prepare_clip_files(made.path, folder, made.path.name)
    assert prepared.plan.mode == "transcode" and any("60 frames" in w for w in prepared.plan.why)
    assert len(prepared.table) == 15
    check_every_proxy_frame(made, prepared, folder)
    frames.close_all()


def test_four_k_sixty_rotated_gives_a_small_upright_proxy(tmp_path):
    made = make_clip(tmp_path / "IMG_4K.MOV", width=3840, height=2160, fps=60, frames=8,
                     rotation=90, quality=30)
    folder = tmp_path / "clip"
    folder.mkdir()
    prepared = prepare_clip_files(made.path, folder, made.path.name)
    assert prepared.plan.size == (720, 1280)
    with av.open(str(folder / PROXY_FILE)) as c:
        assert (c.streams.video[0].width, c.streams.video[0].height) == (720, 1280)
    assert len(prepared.table) == 4
    check_every_proxy_frame(made, prepared, folder)
    frames.close_all()


def test_thirty_fps_keeps_every_frame(tmp_path):
    made = make_clip(tmp_path / "IMG_30.MOV", codec="hevc", fps=Fraction(30000, 1001), duration=0.5)
    folder = tmp_path / "clip"
    folder.mkdir()
    prepared = prepare_clip_files(made.path, folder, made.path.name)
    assert len(prepared.table) == made.frames
    frames.close_all()
