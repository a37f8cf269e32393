"""Suggestions kept with a clip: scanned after import, shown, used or dismissed, from the CLI too."""

from __future__ import annotations

import pytest

from scenes import Burst, Placed, Scene, cameraman, write_clip
from vipp_session import clips, families, moments
from vipp_session.suggestions.keep import (
    dismiss_suggestion, load_suggestions, scan_for_suggestions, use_suggestion,
)
from vipp_session.errors import BadInput
from tests.conftest import folder_snapshot


@pytest.fixture
def clip(data, tmp_path):
    scene = Scene(10.0, seed=3)
    pair = cameraman()
    scene.heads = [Placed(pair, 1.5, 4.5, 0.4, 0.4, 0.32),
                   Placed(pair.mirrored(), 1.5, 4.5, 0.62, 0.42, 0.26)]
    scene.bursts = [Burst(7.0, 1.2, 420.0, 5.0, 22.0)]
    source = write_clip(scene, tmp_path / "play.mp4")
    families.add_family(data, "F1", child="Zoë", born="2025-06-01")
    [r] = clips.import_clips(data, "F1", 1, [source])
    return r.clip


def test_scan_use_and_dismiss(data, clip):
    assert load_suggestions(data, clip.id) == []
    progress = []
    found = scan_for_suggestions(data, clip.id, progress.append)
    assert progress[-1] == pytest.approx(1.0)
    kinds = {s.candidate.kind: s.candidate for s in found}
    assert kinds["faces-together"].at == pytest.approx(1.5, abs=0.6)
    assert kinds["sound"].at == pytest.approx(7.0, abs=0.4)

    moment = use_suggestion(data, clip.id, kinds["faces-together"].at)
    assert moment.kind == kinds["faces-together"].suggested_moment_kind == "look"
    assert moment.for_session == 2
    dismiss_suggestion(data, clip.id, kinds["sound"].at)
    after = {s.candidate.kind: s.dismissed for s in load_suggestions(data, clip.id)}
    assert after == {"faces-together": True, "sound": True}

    scan_for_suggestions(data, clip.id)  # a new scan keeps what was dismissed
    assert all(s.dismissed for s in load_suggestions(data, clip.id))
    assert [m.id for m in moments.list_moments(data, "F1")] == [moment.id]


def test_no_suggestion_there(data, clip):
    scan_for_suggestions(data, clip.id)
    before = folder_snapshot(data.root)
    with pytest.raises(BadInput, match="no suggestion at 5.123"):
        use_suggestion(data, clip.id, 5.123)
    with pytest.raises(BadInput, match="no suggestion"):
        dismiss_suggestion(data, clip.id, 5.123)
    assert folder_snapshot(data.root) == before


def test_suggest_command(cli, data, clip):
    r = cli("suggest", clip.id, "--json")
    assert r.code == 0, r.err
    assert {c["kind"] for c in r.json} >= {"faces-together", "sound"}
    assert all(c["dismissed"] is False and c["reason"] for c in r.json)
    assert "do not replace your eye" in r.err
    r = cli("suggest", "c0000000000")
    assert r.code == 2 and "There is no clip" in r.err
