"""The still is the very frame the browser shows at t, upright: for every frame start and for
hundreds of random times, on the recordings that make other tools land a frame or two off."""

from __future__ import annotations

import bisect
import random
from fractions import Fraction

import pytest

from media_factory import make_clip, orientation_problem, read_frame_index, vfr_times
from vipp_session import clips, families, stills
from vipp_session.media import frames
from vipp_session.media.frame_table import SNAP
from vipp_session.paths import DataDir

pytestmark = pytest.mark.slow  # accuracy: every frame start and hundreds of random times

RANDOM_TIMES = 200

CASES = {
    # variable frame rate (30, 15 and 24 fps in turn) with B-frames, as Android phones record
    "h264-vfr-bframes": dict(name="vfr.mp4", times=vfr_times(150), bframes=3, gop=30),
    # an iPhone: HEVC 10-bit in MOV, held upright (rotated 90), starting 1.5 s into the file
    "hevc10-mov-rot90-start": dict(name="iphone.mov", codec="hevc", bit_depth=10, rotation=90,
                                   start=1.5, bframes=3, duration=3.0),
    # 23.976 fps, rotated 270, a keyframe only every 300 frames
    "ntsc-rot270-gop300": dict(name="camera.mp4", fps=Fraction(24000, 1001), rotation=270,
                               gop=300, frames=330, width=256, height=160),
}


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    """Each case made with PyAV and imported as a clip of family F1."""
    root = tmp_path_factory.mktemp("accuracy")
    data = DataDir(root / "data")
    families.add_family(data, "F1", child="Ada", born="2025-06-01")
    out = {}
    for case, spec in CASES.items():
        spec = dict(spec)
        made = make_clip(root / spec.pop("name"), **spec)
        [result] = clips.import_clips(data, "F1", 1, [made.path])
        assert result.status == "imported", result.reason
        out[case] = (made, result.clip)
    yield data, out
    frames.close_all()


def shown_at(made, t: float) -> int:
    """The frame a player shows at t, from the times the clip was made with (not ours)."""
    return bisect.bisect_right(made.times, t + SNAP) - 1


def check(data, made, clip, t: float) -> str | None:
    expected = shown_at(made, t)
    choice = stills.choose_frame(data, clip, t)
    image = stills.picture(data, clip, choice)
    got = read_frame_index(image)
    problems = []
    if choice.index != expected or got != expected:
        problems.append(f"expected frame {expected}, chose {choice.index}, picture shows {got}")
    if abs(choice.start - made.times[expected]) > 1e-6:
        problems.append(f"start {choice.start} != {made.times[expected]}")
    if image.shape[:2] != (clip.height, clip.width):
        problems.append(f"size {image.shape[1]}x{image.shape[0]}, not {clip.width}x{clip.height}")
    if (why := orientation_problem(image)) is not None:
        problems.append(why)
    return f"t={t!r}: " + "; ".join(problems) if problems else None


@pytest.mark.parametrize("case", list(CASES))
def test_every_frame_start_and_random_times(imported, case):
    data, made_clips = imported
    made, clip = made_clips[case]
    assert clip.frames == made.frames and clip.rotation == made.rotation
    rng = random.Random(f"stills-{case}")
    end = min(made.duration, clip.duration)
    times = [rng.uniform(0, end) for _ in range(RANDOM_TIMES)]
    # every frame start, a hair either side of it, and in random order (so seeks go both ways)
    starts = list(made.times)
    edges = [s + d for s in starts[1:] for d in (-0.002, -0.0004, 0.0004)]
    order = starts + edges
    rng.shuffle(order)
    wrong = [w for t in times + order if (w := check(data, made, clip, t)) is not None]
    assert not wrong, f"{len(wrong)} of {len(times) + len(order)} stills wrong: {wrong[:5]}"


@pytest.mark.parametrize("case", list(CASES))
def test_cold_readers_are_as_exact(imported, case):
    """The first still from a freshly opened recording is as exact as those from a warm one."""
    data, made_clips = imported
    made, clip = made_clips[case]
    rng = random.Random(f"cold-{case}")
    end = min(made.duration, clip.duration)
    for t in [0.0, made.times[-1], clip.duration] + [rng.uniform(0, end) for _ in range(8)]:
        frames.close_all()
        assert check(data, made, clip, t) is None


def test_the_last_frame_lasts_to_the_end(imported):
    data, made_clips = imported
    made, clip = made_clips["h264-vfr-bframes"]
    last = len(made.times) - 1
    for t in (made.times[-1], (made.times[-1] + clip.duration) / 2, clip.duration):
        assert stills.choose_frame(data, clip, t).index == last
