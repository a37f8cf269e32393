"""In real Chromium: seeking a clip's proxy to t and drawing the video onto a canvas shows the
very frame the server's still shows at t, for a rotated, variable frame rate clip."""

from __future__ import annotations

import base64
import bisect
import random

import cv2
import numpy as np
import pytest

from media_factory import is_upright, make_clip, read_frame_index, vfr_times
from tests.ui.conftest import sign_in_browser
from vipp_session import clips, families, stills
from vipp_session.media.frame_table import SNAP

pytestmark = pytest.mark.slow  # accuracy: frame accuracy against Chromium

RANDOM_TIMES = 40

INJECT = """
const done = arguments[arguments.length - 1];
const video = document.createElement('video');
video.id = 'still-check';
video.muted = true;
video.preload = 'auto';
video.style.width = '320px';
video.addEventListener('loadeddata', () => done({ok: true, duration: video.duration,
                                                 width: video.videoWidth, height: video.videoHeight}),
                       {once: true});
video.addEventListener('error', () => done({ok: false, error: String(video.error && video.error.code)}),
                       {once: true});
video.src = arguments[0];
document.body.appendChild(video);
"""

# Draw once the seeked frame is really on screen: 'seeked' can come before the new picture
# reaches the compositor, so wait for requestVideoFrameCallback too (it does not fire when the
# picture does not change, hence the time limit).
SEEK_AND_DRAW = """
const done = arguments[arguments.length - 1];
const video = document.getElementById('still-check');
let presented = null, seeked = false, finished = false;
const draw = () => {
  if (finished) return;
  finished = true;
  const canvas = document.createElement('canvas');
  canvas.width = video.videoWidth;
  canvas.height = video.videoHeight;
  canvas.getContext('2d').drawImage(video, 0, 0);
  done({time: video.currentTime, media_time: presented, png: canvas.toDataURL('image/png')});
};
video.requestVideoFrameCallback((now, meta) => { presented = meta.mediaTime; if (seeked) draw(); });
video.addEventListener('seeked', () => {
  seeked = true;
  if (presented !== null) draw(); else setTimeout(draw, 400);
}, {once: true});
video.currentTime = arguments[0];
"""


@pytest.fixture
def clip(signed_up, tmp_path):
    """A phone clip held upright (rotated 90), at 30, 15 and 24 fps in turn, with B-frames."""
    families.add_family(signed_up, "F1", child="Ada", born="2025-06-01")
    made = make_clip(tmp_path / "phone.mp4", times=vfr_times(90), rotation=90, bframes=2, gop=30)
    [result] = clips.import_clips(signed_up, "F1", 1, [made.path])
    assert result.status == "imported", result.reason
    assert result.clip.vfr and result.clip.rotation == 90
    return made, result.clip


def browser_frame(driver, t: float) -> tuple[float, np.ndarray]:
    shown = driver.execute_async_script(SEEK_AND_DRAW, t)
    raw = base64.b64decode(shown["png"].split(",", 1)[1])
    return shown["time"], cv2.imdecode(np.frombuffer(raw, np.uint8), cv2.IMREAD_COLOR)


def test_the_still_is_the_frame_the_browser_shows(browser, clip, signed_up):
    made, record = clip
    sign_in_browser(browser)
    browser.set_script_timeout(30)
    loaded = browser.execute_async_script(INJECT, f"/media/clip/{record.id}/proxy.mp4")
    assert loaded["ok"], f"the browser could not play the proxy: {loaded}"
    assert (loaded["width"], loaded["height"]) == (record.width, record.height)

    # Chromium keeps a seek time, and each frame's start, in whole microseconds (rounded
    # its own ways), so at the very start of a frame that begins between two microseconds
    # it may still show the frame before. Each frame is sought 5 microseconds into it
    # (the server's half-millisecond snap is far wider), and at its middle, where the
    # clip player seeks when stepping.
    rng = random.Random(11)
    starts = list(made.times)
    ends = starts[1:] + [record.duration]
    times = [s + 5e-6 for s in starts] + [(s + e) / 2 for s, e in zip(starts, ends)]
    while len(times) < 2 * len(starts) + RANDOM_TIMES:
        t = rng.uniform(0, record.duration)
        i = bisect.bisect_right(starts, t)
        if i < len(starts) and starts[i] - t < 0.001:
            continue  # within a hair before a frame: the server's half-millisecond snap differs by design
        times.append(t)
    rng.shuffle(times)

    wrong = []
    for t in times:
        seen_at, seen = browser_frame(browser, t)
        assert abs(seen_at - t) < 3e-6  # read back in whole microseconds
        assert is_upright(seen), f"t={t}: the browser's picture is not upright"
        in_browser = read_frame_index(seen)
        choice = stills.choose_frame(signed_up, record, t)
        on_server = read_frame_index(stills.picture(signed_up, record, choice))
        expected = bisect.bisect_right(starts, t + SNAP) - 1
        if not in_browser == on_server == choice.index == expected:
            wrong.append(f"t={t:.6f}: browser {in_browser}, server still {on_server}, "
                         f"chosen {choice.index}, made {expected}")
    assert not wrong, f"{len(wrong)} of {len(times)} differ: {wrong[:6]}"
