"""Highlights on a frozen frame: circles (ellipses), arrows and freehand strokes.

Coordinates are fractions (0..1) of the upright picture, so one list draws
the same on the screen, in presentation and in print. The annotator page's
drawing component sends exactly this shape:

    {"shape": "ellipse", "cx": 0.5, "cy": 0.4, "rx": 0.1, "ry": 0.08}
    {"shape": "arrow", "x1": 0.2, "y1": 0.8, "x2": 0.45, "y2": 0.5}   # points at (x2, y2)
    {"shape": "stroke", "points": [[0.1, 0.1], [0.12, 0.15], ...]}

`clean_highlights` checks a list strictly and gives a plain reason for the
first thing wrong; nothing here needs OpenCV (media/highlights.py burns them).
"""

from __future__ import annotations

import hashlib
import json
import math
from typing import Any

from vipp_session.errors import BadInput

FIELDS = {
    "ellipse": ("cx", "cy", "rx", "ry"),
    "arrow": ("x1", "y1", "x2", "y2"),
    "stroke": ("points",),
}
MAX_HIGHLIGHTS = 50
MAX_POINTS = 5000
DECIMALS = 4  # a ten-thousandth of the picture: finer than any screen or print


def _bad(where: str, reason: str) -> BadInput:
    return BadInput(f"{where}: {reason}", field="highlights")


def _fraction(value: Any, where: str, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise _bad(where, f"{name} must be a number from 0 to 1, not {json.dumps(value)}.")
    if not 0 <= value <= 1:
        raise _bad(where, f"{name} must be from 0 to 1 (a fraction of the picture), not {value}.")
    return round(float(value), DECIMALS)


def _point(value: Any, where: str, n: int) -> list[float]:
    if not isinstance(value, (list, tuple)) or len(value) != 2:
        raise _bad(where, f"point {n} must be a pair [x, y], not {json.dumps(value)}.")
    return [_fraction(value[0], where, f"point {n} x"), _fraction(value[1], where, f"point {n} y")]


def clean_highlight(value: Any, number: int = 1) -> dict[str, Any]:
    """One highlight checked and rounded, or BadInput saying what is wrong with it."""
    where = f"Highlight {number}"
    if not isinstance(value, dict):
        raise _bad(where, f"must be an object like {{\"shape\": \"ellipse\", ...}}, not {json.dumps(value)}.")
    shape = value.get("shape")
    if shape not in FIELDS:
        raise _bad(where, f"the shape must be one of {', '.join(FIELDS)}, not {json.dumps(shape)}.")
    where = f"Highlight {number} ({shape})"
    expected = set(FIELDS[shape])
    unknown = sorted(set(value) - expected - {"shape"})
    if unknown:
        raise _bad(where, f"unknown field {', '.join(repr(k) for k in unknown)}; "
                          f"a {shape} has {', '.join(FIELDS[shape])}.")
    missing = [k for k in FIELDS[shape] if k not in value]
    if missing:
        raise _bad(where, f"{', '.join(missing)} {'is' if len(missing) == 1 else 'are'} missing.")
    if shape == "stroke":
        points = value["points"]
        if not isinstance(points, list) or len(points) < 2:
            raise _bad(where, "points must be a list of at least two [x, y] pairs.")
        if len(points) > MAX_POINTS:
            raise _bad(where, f"has {len(points)} points; at most {MAX_POINTS} are kept.")
        return {"shape": shape, "points": [_point(p, where, n) for n, p in enumerate(points, 1)]}
    clean = {"shape": shape, **{k: _fraction(value[k], where, k) for k in FIELDS[shape]}}
    if shape == "ellipse" and clean["rx"] == 0 and clean["ry"] == 0:
        raise _bad(where, "it has no size (rx and ry are both 0).")
    if shape == "arrow" and (clean["x1"], clean["y1"]) == (clean["x2"], clean["y2"]):
        raise _bad(where, "it starts and ends at the same point.")
    return clean


def clean_highlights(value: Any) -> list[dict[str, Any]]:
    """A whole list of highlights checked and rounded (an empty list is fine)."""
    if not isinstance(value, list):
        raise BadInput("Highlights must be a list of shapes, e.g. "
                       '[{"shape": "ellipse", "cx": 0.5, "cy": 0.5, "rx": 0.1, "ry": 0.1}].',
                       field="highlights")
    if len(value) > MAX_HIGHLIGHTS:
        raise BadInput(f"There are {len(value)} highlights; a still keeps at most {MAX_HIGHLIGHTS}.",
                       field="highlights")
    return [clean_highlight(h, n) for n, h in enumerate(value, 1)]


def parse_highlights(text: str) -> list[dict[str, Any]]:
    """Highlights typed as JSON: one shape or a list of them."""
    try:
        value = json.loads(text)
    except (TypeError, ValueError) as exc:
        raise BadInput(f"The highlight is not valid JSON ({exc}); write it like "
                       '{"shape": "ellipse", "cx": 0.5, "cy": 0.5, "rx": 0.1, "ry": 0.1}.',
                       field="highlights") from None
    return clean_highlights(value if isinstance(value, list) else [value])


def fingerprint(highlights: list[dict[str, Any]]) -> str:
    """A short name for a list of highlights: a burned copy is named after what is on it."""
    raw = json.dumps(highlights, sort_keys=True, separators=(",", ":")).encode("utf-8")
    return hashlib.sha256(raw).hexdigest()[:10]
