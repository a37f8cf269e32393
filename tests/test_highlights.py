"""Highlights: a strict check with plain reasons, and burning that shows on light and dark frames."""

from __future__ import annotations

import json

import cv2
import numpy as np
import pytest

from vipp_session.errors import BadInput
from vipp_session.highlights import (
    MAX_HIGHLIGHTS,
    clean_highlights,
    fingerprint,
    parse_highlights,
)
from vipp_session.media.highlights import AMBER, burn_highlights, line_width

ELLIPSE = {"shape": "ellipse", "cx": 0.5, "cy": 0.5, "rx": 0.25, "ry": 0.2}
ARROW = {"shape": "arrow", "x1": 0.1, "y1": 0.9, "x2": 0.4, "y2": 0.6}
STROKE = {"shape": "stroke", "points": [[0.6, 0.1], [0.7, 0.2], [0.9, 0.15]]}


def test_the_drawing_components_shapes_pass_and_are_rounded():
    clean = clean_highlights([ELLIPSE, ARROW, STROKE, {**ELLIPSE, "cx": 0.123456789, "rx": 0, "ry": 1}])
    assert clean[:3] == [ELLIPSE, ARROW, STROKE]
    assert clean[3]["cx"] == 0.1235
    assert clean_highlights([]) == []
    assert parse_highlights(json.dumps(ARROW)) == [ARROW]
    assert parse_highlights(json.dumps([ARROW, STROKE])) == [ARROW, STROKE]


@pytest.mark.parametrize("bad, reason", [
    ("not a list", "must be a list of shapes"),
    ([["ellipse"]], "Highlight 1: must be an object"),
    ([{"shape": "circle", "cx": 0.5}], "the shape must be one of ellipse, arrow, stroke"),
    ([{"cx": 0.5}], "the shape must be one of"),
    ([ELLIPSE, {**ARROW, "x2": 1.5}], "Highlight 2 (arrow): x2 must be from 0 to 1 (a fraction of the picture), not 1.5"),
    ([{**ELLIPSE, "cy": -0.1}], "cy must be from 0 to 1"),
    ([{**ELLIPSE, "rx": "big"}], 'rx must be a number from 0 to 1, not "big"'),
    ([{**ELLIPSE, "rx": True}], "rx must be a number from 0 to 1, not true"),
    ([{**ELLIPSE, "rx": float("nan")}], "rx must be a number"),
    ([{**ELLIPSE, "rx": None}], "rx must be a number from 0 to 1, not null"),
    ([{k: v for k, v in ELLIPSE.items() if k != "ry"}], "Highlight 1 (ellipse): ry is missing"),
    ([{"shape": "arrow"}], "x1, y1, x2, y2 are missing"),
    ([{**ELLIPSE, "color": "red"}], "unknown field 'color'; a ellipse has cx, cy, rx, ry"),
    ([{**ELLIPSE, "rx": 0, "ry": 0}], "it has no size"),
    ([{**ARROW, "x2": 0.1, "y2": 0.9}], "starts and ends at the same point"),
    ([{"shape": "stroke", "points": [[0.1, 0.1]]}], "at least two [x, y] pairs"),
    ([{"shape": "stroke", "points": "0.1,0.2"}], "at least two [x, y] pairs"),
    ([{"shape": "stroke", "points": [[0.1, 0.1], [0.2]]}], "point 2 must be a pair [x, y], not [0.2]"),
    ([{"shape": "stroke", "points": [[0.1, 0.1], [0.2, 7]]}], "point 2 y must be from 0 to 1"),
    ([{"shape": "stroke", "points": [[0.1, 0.1]] * 5001}], "at most 5000 are kept"),
    ([ELLIPSE] * (MAX_HIGHLIGHTS + 1), f"a still keeps at most {MAX_HIGHLIGHTS}"),
])
def test_every_bad_highlight_gets_a_plain_reason(bad, reason):
    with pytest.raises(BadInput) as caught:
        clean_highlights(bad)
    assert reason in str(caught.value)
    assert caught.value.field == "highlights"


def test_typed_json_that_is_not_json():
    with pytest.raises(BadInput, match="The highlight is not valid JSON"):
        parse_highlights("{shape: ellipse}")


def test_fingerprint_names_the_set():
    assert fingerprint([ELLIPSE]) == fingerprint([dict(reversed(list(ELLIPSE.items())))])
    assert fingerprint([ELLIPSE]) != fingerprint([ARROW])
    assert fingerprint([ELLIPSE, ARROW]) != fingerprint([ARROW, ELLIPSE])


def _distance_to_ellipse(shape, h):
    """Roughly how far each pixel is from the drawn ellipse's path, in pixels."""
    height, width = shape
    yy, xx = np.mgrid[0:height, 0:width].astype(np.float64)
    cx, cy = h["cx"] * (width - 1), h["cy"] * (height - 1)
    rx, ry = h["rx"] * (width - 1), h["ry"] * (height - 1)
    r = np.hypot((xx - cx) / rx, (yy - cy) / ry)
    return np.abs(r - 1) * min(rx, ry)


@pytest.mark.parametrize("level", [8, 128, 247], ids=["dark", "mid", "light"])
def test_pixels_change_where_drawn_and_nowhere_else(level):
    rng = np.random.default_rng(level)
    frame = np.clip(level + rng.integers(-6, 7, size=(360, 480, 3)), 0, 255).astype(np.uint8)
    before = frame.copy()
    out = burn_highlights(frame, [ELLIPSE])
    assert np.array_equal(frame, before), "the still itself is never changed"
    distance = _distance_to_ellipse(frame.shape[:2], ELLIPSE)
    width = line_width(480, 360)
    changed = np.any(out != frame, axis=2)
    far = distance > 2 * width + 3
    assert not changed[far].any(), "nothing changes away from the line"
    on_line = distance < width / 4
    assert changed[on_line].mean() > 0.99
    # the line itself is the soft amber, whatever the frame behind it
    assert np.abs(out[on_line].astype(int) - AMBER).mean() < 25
    # it stands out from the frame: on light footage the dark edge does the work
    contrast = np.abs(out.astype(int) - frame.astype(int)).sum(axis=2)
    near = (distance < width) & ~far
    assert contrast[near].max() > 150


def test_the_dark_edge_frames_the_line_on_white():
    frame = np.full((300, 400, 3), 250, np.uint8)
    out = burn_highlights(frame, [ARROW])
    grey = cv2.cvtColor(out, cv2.COLOR_BGR2GRAY)
    assert grey.min() < 80, "a dark edge shows the line on a white wall"


def test_line_width_follows_the_picture_size():
    small = burn_highlights(np.zeros((720, 1280, 3), np.uint8), [STROKE])
    large = burn_highlights(np.zeros((2160, 3840, 3), np.uint8), [STROKE])
    share_small = np.any(small > 0, axis=2).mean()
    share_large = np.any(large > 0, axis=2).mean()
    # the same drawing covers about the same share of the picture at any size
    assert 0.75 < share_large / share_small < 1.33
    assert line_width(3840, 2160) >= 3 * line_width(1280, 720)
    assert line_width(320, 240) >= 2, "never thinner than 2 pixels"


def test_every_shape_draws_and_none_changes_nothing():
    frame = np.full((200, 200, 3), 90, np.uint8)
    assert np.array_equal(burn_highlights(frame, []), frame)
    for h in (ELLIPSE, ARROW, STROKE):
        assert (burn_highlights(frame, [h]) != frame).any(), h["shape"]
