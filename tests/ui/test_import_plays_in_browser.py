"""In real Chromium: an imported clip's browser copy lasts exactly as long as the clip says,
also when the recording was damaged (its sound running on past the pictures, its movie
and track headers zeroed)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import mp4_edits as edit
from tests.ui.conftest import sign_in_browser
from vipp_session import clips, families

SAMPLE = Path(__file__).parents[2] / "sample_media" / "play-with-toys.mp4"

DURATION = """
const done = arguments[arguments.length - 1];
const video = document.createElement('video');
video.muted = true;
video.preload = 'auto';
video.addEventListener('loadedmetadata', () => done({ok: true, duration: video.duration}),
                       {once: true});
video.addEventListener('error', () => done({ok: false, error: String(video.error && video.error.code)}),
                       {once: true});
video.src = arguments[0];
document.body.appendChild(video);
"""


@pytest.fixture
def imported(signed_up, tmp_path):
    families.add_family(signed_up, "F1", child="Ada", born="2025-06-01")
    raw = SAMPLE.read_bytes()
    sources = [
        shutil.copy(SAMPLE, tmp_path / "as-filmed.mp4"),
        edit.stretch_sound(SAMPLE, tmp_path / "sound-runs-on.mp4", 1.75),
    ]
    for kind in ("mvhd", "tkhd"):
        (tmp_path / f"{kind}-zeroed.mp4").write_bytes(edit.zero_body(raw, edit.box(SAMPLE, kind)))
        sources.append(tmp_path / f"{kind}-zeroed.mp4")
    results = clips.import_clips(signed_up, "F1", 1, sources)
    assert [r.status for r in results] == ["imported"] * len(sources), [r.reason for r in results]
    return [r.clip for r in results]


def test_the_browser_plays_each_clip_for_as_long_as_it_lasts(browser, imported):
    sign_in_browser(browser)
    browser.set_script_timeout(30)
    for clip in imported:
        shown = browser.execute_async_script(DURATION, f"/media/clip/{clip.id}/proxy.mp4")
        assert shown["ok"], f"{clip.file}: the browser could not play it: {shown}"
        assert shown["duration"] == pytest.approx(clip.duration, abs=0.03), clip.file
