"""frames.json: exact frame times and the frame shown at a time."""

from __future__ import annotations

import json
from fractions import Fraction

import pytest

from vipp_session.media.frame_table import FrameTable, frame_times, load_frame_table

NTSC = FrameTable(time_base=Fraction(1, 90000), pts=tuple(i * 3003 for i in range(10)),
                  last_duration=3003, source_start_pts=900, keyframes=(0, 5))


def test_times_come_from_ticks_not_from_a_frame_rate():
    assert NTSC.times[1] == pytest.approx(3003 / 90000, abs=1e-12)
    assert NTSC.exact_time_of(3) == Fraction(3 * 3003, 90000)
    assert NTSC.duration == pytest.approx(10 * 3003 / 90000)
    assert NTSC.source_pts(2) == 900 + 6006


def test_frame_at_is_the_last_frame_starting_at_or_before_t():
    for i, t in enumerate(NTSC.times):
        assert NTSC.frame_at(t) == i
        assert NTSC.frame_at(t + 0.01) == i  # well inside the frame
        assert NTSC.frame_at(t - 0.0004) == i  # a browser's rounding does not step back
    assert NTSC.frame_at(NTSC.times[4] - 0.002) == 3
    assert NTSC.frame_at(-1.0) == 0
    assert NTSC.frame_at(99.0) == 9


def test_variable_frame_rate_times_are_kept_exactly():
    table = FrameTable(time_base=Fraction(1, 1000), pts=(0, 33, 67, 133, 200, 233), last_duration=33)
    assert table.frame_at(0.1) == 2  # 67 ms shows until 133 ms
    assert table.frame_at(0.133) == 3
    assert table.keyframe_before(4) == 0


def test_round_trip_through_the_file(tmp_path):
    NTSC.save(tmp_path)
    raw = json.loads((tmp_path / "frames.json").read_text())
    assert raw["time_base"] == [1, 90000]
    assert raw["pts"][:3] == [0, 3003, 6006]
    assert raw["keyframes"] == [0, 5]
    loaded = load_frame_table(tmp_path)
    assert loaded == NTSC
    assert frame_times(tmp_path / "frames.json") == NTSC.times


@pytest.mark.parametrize("pts", [(), (3, 4), (0, 5, 5), (0, 7, 6)])
def test_a_table_must_start_at_zero_and_increase(pts):
    with pytest.raises(ValueError):
        FrameTable(time_base=Fraction(1, 1000), pts=pts, last_duration=1)
