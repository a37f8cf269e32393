"""The film of one visit onto her stick alone (the session page's 'Make her film'), and
the words that hold her copies back until the clinician goes on despite them."""

from __future__ import annotations

import json

import av
import pytest

from media_factory import make_clip
from tests.conftest import folder_snapshot
from vipp_session import clips, copies, families, moments
from vipp_session.errors import BadInput

JUDGING = "You should have picked him up sooner."


@pytest.fixture
def leo(data, tmp_path):
    families.add_family(data, "F9", child="Leo", born="2025-01-15", pronouns="he",
                        wants_copies="yes")
    make_clip(tmp_path / "play.mp4", duration=1.5, audio="aac", width=320, height=240)
    [r] = clips.import_clips(data, "F9", 1, [tmp_path / "play.mp4"])
    kind = moments.add_moment(data, r.clip.id, 1.0, "look", text="He looks up at you and smiles.")
    stick = tmp_path / "stick"
    stick.mkdir()
    return r.clip, kind, stick


def test_the_film_alone_goes_on_her_stick_with_its_plain_name(data, leo):
    clip, _, stick = leo
    [made] = copies.export_copies(data, "F9", stick, 2, film_only=True)
    assert (made.clip, made.session, made.path.name) == (None, 2, "Leo, visit 2, our moments.mp4")
    assert list(folder_snapshot(stick)) == ["Leo, visit 2, our moments.mp4"]  # no clips
    with av.open(str(made.path)) as c:
        assert c.streams.video and c.streams.audio
    entry = json.loads(data.audit_log.read_text().splitlines()[-1])
    assert (entry["action"], entry["files"], entry["films"]) == ("copies exported", 1, 1)
    with pytest.raises(BadInput, match="already a file called 'Leo, visit 2, our moments.mp4'"):
        copies.export_copies(data, "F9", stick, 2, film_only=True)


def test_a_visit_without_moments_has_no_film_to_make(data, leo):
    _, _, stick = leo
    with pytest.raises(BadInput, match="no moments prepared for session 3 yet"):
        copies.export_copies(data, "F9", stick, 3, film_only=True)
    assert folder_snapshot(stick) == {}


def test_flagged_words_hold_the_film_back_until_the_clinician_goes_on(data, leo):
    clip, first, stick = leo
    second = moments.add_moment(data, clip.id, 0.5, "touch", text=JUDGING)
    flagged = copies.words_to_look_at(data, "F9")
    assert [(visit, [c.moment_id for c in checks if c.sentences])
            for visit, checks in flagged.items()] == [(2, [second.id])]
    assert [c.moment_id for c in flagged[2]] == [first.id, second.id]  # all, in order shown
    [line] = flagged[2][1].sentences
    suggestion = " ".join(f.suggestion for f in line.findings)
    assert "what Leo showed" in suggestion and "He was telling you" in suggestion
    assert " she " not in f" {suggestion.lower()} "
    assert copies.words_to_look_at(data, "F9", 3) == {}  # visit 3 has no film

    with pytest.raises(BadInput, match="tone check found words"):
        copies.export_copies(data, "F9", stick, 2, film_only=True)
    assert folder_snapshot(stick) == {}
    [made] = copies.export_copies(data, "F9", stick, 2, film_only=True, despite_warnings=True)
    assert made.path.is_file() and first.id != second.id
