"""The test media factory itself: its frames must say which frame they are and which way is up."""

from __future__ import annotations

import av
import numpy as np
import pytest

from media_factory import (
    draw_frame,
    is_upright,
    make_clip,
    orientation_problem,
    read_frame_index,
    vfr_times,
)


@pytest.mark.parametrize("size", [(320, 240), (240, 320), (1920, 1080), (1080, 1920), (64, 48)])
@pytest.mark.parametrize("index", [0, 1, 29, 1234, 65535])
def test_index_and_orientation_read_back_from_a_drawn_frame(size, index):
    img = draw_frame(index, *size)
    assert img.shape == (size[1], size[0])
    assert read_frame_index(img) == index
    assert is_upright(img)


def test_index_survives_scaling_to_thumbnail_size():
    img = draw_frame(4321, 1280, 720)
    frame = av.VideoFrame.from_ndarray(np.repeat(img[:, :, None], 3, axis=2), format="rgb24")
    small = frame.reformat(width=214, height=120, interpolation="AREA").to_ndarray()
    assert read_frame_index(small) == 4321
    assert is_upright(small)


@pytest.mark.parametrize(
    "transform",
    [
        lambda a: np.rot90(a, 1),
        lambda a: np.rot90(a, 2),
        lambda a: np.rot90(a, 3),
        np.fliplr,
        np.flipud,
        lambda a: a.T,
        lambda a: np.rot90(a, 1).T,
    ],
)
def test_every_turn_or_mirror_is_caught(transform):
    img = transform(draw_frame(77, 320, 240))
    assert not is_upright(img)
    assert "corner" in orientation_problem(img)


def test_a_picture_that_is_not_ours_has_no_index():
    with pytest.raises(ValueError):
        read_frame_index(np.full((240, 320), 128, np.uint8))


def test_rotated_vfr_clip_has_display_matrix_and_exact_times(tmp_path):
    times = vfr_times(40)
    made = make_clip(tmp_path / "v.mp4", times=times, rotation=270, start=0.5)
    assert made.upright_size == (240, 320)
    with av.open(str(made.path)) as c:
        stream = c.streams.video[0]
        decoded = []
        for frame in c.decode(stream):
            assert frame.rotation == 90  # FFmpeg's counter-clockwise angle for a 270 clockwise turn
            upright = np.rot90(frame.to_ndarray(format="gray"), k=-3)
            assert is_upright(upright)
            assert read_frame_index(upright) == len(decoded)
            decoded.append(float(frame.pts * stream.time_base))
    assert decoded[0] == pytest.approx(0.5, abs=1e-6)
    assert [t - decoded[0] for t in decoded] == pytest.approx(times, abs=1e-6)
    assert made.times == pytest.approx(times, abs=1e-6)
