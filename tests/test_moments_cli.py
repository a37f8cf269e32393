"""The still and moment commands, run as real processes: output, exit codes, nothing written on error."""

from __future__ import annotations

import json

import cv2
import pytest

from conftest import folder_snapshot
from media_factory import is_upright, read_frame_index
from moment_setup import copy_of, prepare
from vipp_session import clips, moments, words
from vipp_session.media import frames


@pytest.fixture(scope="module")
def prepared(tmp_path_factory):
    yield prepare(tmp_path_factory.mktemp("moments-cli"))
    frames.close_all()


@pytest.fixture
def data(prepared, tmp_path):
    return copy_of(prepared, tmp_path / "data")


def test_still_png_and_jpg(cli, data, prepared, tmp_path):
    out = tmp_path / "look.png"
    r = cli("still", prepared.s1, "--at", "1.0", "-o", str(out), "--json")
    assert r.code == 0, r.err
    view = r.json
    image = cv2.imread(str(out))
    assert read_frame_index(image) == view["frame"] == 30 and is_upright(image)
    assert image.shape[:2] == (prepared.height, prepared.width) == (view["height"], view["width"])
    r = cli("still", prepared.s1, "--at", "0:01.5", "-o", str(tmp_path / "half.JPG"))
    assert r.code == 0, r.err
    assert "Saved frame 46 (0:01.500)" in r.out  # frames are counted from 1 for people
    assert read_frame_index(cv2.imread(str(tmp_path / "half.JPG"))) == 45


def _no_change(cli, data, tmp_path, args, reason, code=2):
    before = folder_snapshot(data.root), folder_snapshot(tmp_path / "out")
    r = cli(*args)
    assert r.code == code, (r.out, r.err)
    assert reason in r.err
    assert len(r.err.strip().splitlines()) == 1, r.err
    assert (folder_snapshot(data.root), folder_snapshot(tmp_path / "out")) == before
    return r


@pytest.mark.parametrize("args, reason", [
    (["--at", "-0.5"], "lasts 2.000 seconds (0:02.000); -0.5 is before its start"),
    (["--at", "2.1"], "lasts 2.000 seconds (0:02.000); 2.1 is past its end. Choose a time from 0 to 2.000"),
    (["--at", "later"], "'later' is not a time"),
    (["--at", "1", "-o", "OUT/still.gif"], "A still can be written as .png or .jpg, not '.gif'"),
    (["--at", "1", "-o", "OUT/still"], "A still can be written as .png or .jpg, not 'still'"),
    (["--at", "1", "-o", "OUT/no-such-folder/still.png"], "There is no folder"),
    (["--at", "1", "-o", "OUT"], "is a folder; give a file name ending in .png or .jpg"),
    (["--at", "1", "--with-highlights", "m00000000"], "There is no moment 'm00000000'"),
])
def test_still_bad_input(cli, data, prepared, tmp_path, args, reason):
    (tmp_path / "out").mkdir()
    args = [a.replace("OUT", str(tmp_path / "out")) for a in args]
    if "-o" not in args:
        args += ["-o", str(tmp_path / "out" / "still.png")]
    _no_change(cli, data, tmp_path, ["still", prepared.s1, *args], reason)


def test_still_of_a_clip_whose_recording_has_gone(cli, data, prepared, tmp_path):
    (tmp_path / "out").mkdir()
    _, clip = clips.find_clip(data, prepared.s1)
    clips.original_path(data, clip).unlink()
    clips.proxy_path(data, clip).unlink()  # with the original alone gone, the browser copy serves
    _no_change(cli, data, tmp_path, ["still", prepared.s1, "--at", "1", "-o", str(tmp_path / "out" / "x.png")],
               "The clip's own copy of play.mp4 is no longer in")


def test_still_of_an_unknown_clip(cli, data, tmp_path):
    (tmp_path / "out").mkdir()
    _no_change(cli, data, tmp_path, ["still", "c0000000000", "--at", "1", "-o", str(tmp_path / "out" / "x.png")],
               "There is no clip 'c0000000000'")


def test_still_with_a_moments_highlights(cli, data, prepared, tmp_path):
    r = cli("moment", "add", prepared.s1, "--at", "1", "--kind", "look", "--json")
    moment_id = r.json["id"]
    shape = '{"shape": "ellipse", "cx": 0.5, "cy": 0.5, "rx": 0.3, "ry": 0.2}'
    r = cli("moment", "highlight", moment_id, "--add", shape, "--json")
    assert r.code == 0, r.err
    assert r.json["highlights"] == [json.loads(shape)]
    burned = cv2.imread(r.json["highlighted_still"])
    plain = cv2.imread(r.json["still"])
    assert burned.shape == plain.shape and (burned != plain).any()
    out = tmp_path / "with.png"
    assert cli("still", prepared.s1, "--at", "1", "-o", str(out), "--with-highlights", moment_id).code == 0
    assert (cv2.imread(str(out)) == burned).all(), "the same picture as the moment's print copy"
    (tmp_path / "out").mkdir()
    _no_change(cli, data, tmp_path, ["still", prepared.s6, "--at", "0.5", "-o", str(tmp_path / "out" / "x.png"),
                                     "--with-highlights", moment_id],
               f"Moment {moment_id} is on clip {prepared.s1}, not {prepared.s6}")


def test_moment_add_prints_the_moment(cli, data, prepared):
    r = cli("moment", "add", prepared.s1, "--at", "0.52", "--kind", "smile", "--message", "s2-smile-1",
            "--note", "first smile", "--json")
    assert r.code == 0, r.err
    view = r.json
    assert {k: view[k] for k in ("clip", "frame", "kind", "for_session", "message_id", "note",
                                 "in_summary", "order")} == {
        "clip": prepared.s1, "frame": 15, "kind": "smile", "for_session": 2,
        "message_id": "s2-smile-1", "note": "first smile", "in_summary": True, "order": 1}
    assert view["at"] == pytest.approx(0.5) and "Ada" in view["text"]
    assert read_frame_index(cv2.imread(view["still"])) == 15
    # the frame as people count it, the same number the page and the player show
    assert view["frame_number"] == words.frame_number(15) == 16
    listed = cli("moment", "list", "F1").out
    assert f"at {words.clip_time(view['at'])} (clip {prepared.s1}, frame 16)" in listed
    r = cli("moment", "add", prepared.s6, "--at", "0.2", "--kind", "comfort", "--for-session", "6",
            "--text", "You held her close.")
    assert r.code == 0 and "session 6 #1  comfort at 0:00.200" in r.out and "You held her close." in r.out
    r = cli("moment", "list", "F1")
    assert r.code == 0 and len(r.out.strip().splitlines()) == 2
    r = cli("moment", "list", "F1", "--session", "6", "--json")
    assert [v["kind"] for v in r.json] == ["comfort"]


@pytest.mark.parametrize("args, reason", [
    (["S1", "--at", "1", "--kind", "hug"], "'hug' is not a kind of moment; the kinds are: look, smile, laughter, touch, checking-in, exploring, following-lead, child-signal, sharing-feeling, comfort."),
    (["S1", "--at", "5", "--kind", "look"], "lasts 2.000 seconds"),
    (["S6", "--at", "0.5", "--kind", "look"], "say which session the moment is for (--for-session N)"),
    (["S1", "--at", "1", "--kind", "look", "--for-session", "9"], "Session number must be 1 to 6, not '9'"),
    (["S1", "--at", "1", "--kind", "look", "--message", "s2-smile-1"], "is for 'smile' moments, not 'look'"),
    (["S1", "--at", "1", "--kind", "look", "--message", "nope"], "There is no message 'nope'"),
    (["S1", "--at", "1"], "the following arguments are required: --kind"),
    (["c123", "--at", "1", "--kind", "look"], "'c123' is not a clip id"),
])
def test_moment_add_bad_input(cli, data, prepared, tmp_path, args, reason):
    args = [{"S1": prepared.s1, "S6": prepared.s6}.get(a, a) for a in args]
    _no_change(cli, data, tmp_path, ["moment", "add", *args], reason)


def test_a_family_without_the_child_voice_is_not_given_its_messages(cli, data, prepared, tmp_path):
    assert cli("family", "edit", "F1", "--child-voice", "no").code == 0
    _no_change(cli, data, tmp_path, ["moment", "add", prepared.s1, "--at", "1", "--kind", "look",
                                     "--message", "s2-look-3"],
               "Message s2-look-3 speaks in Ada's voice, which this family would rather not hear")
    r = cli("moment", "add", prepared.s1, "--at", "1", "--kind", "look", "--message", "s2-look-1",
            "--json")
    assert r.code == 0, r.err
    assert r.json["message_id"] == "s2-look-1"


def test_edit_move_remove_and_highlight(cli, data, prepared, tmp_path):
    ids = [moments.add_moment(data, prepared.s1, t, "look").id for t in (0.1, 0.2, 0.3)]
    r = cli("moment", "edit", ids[0], "--kind", "touch", "--in-summary", "no", "--note", "quiet", "--json")
    assert r.code == 0, r.err
    assert (r.json["kind"], r.json["in_summary"], r.json["note"]) == ("touch", False, "quiet")
    r = cli("moment", "edit", ids[0], "--message", "s2-touch-1", "--json")
    assert r.code == 0, r.err
    assert r.json["message_id"] == "s2-touch-1" and r.json["text"]
    assert cli("moment", "edit", ids[0], "--message", "none", "--json").json["message_id"] is None
    r = cli("moment", "move", ids[2], "--to", "1")
    assert r.code == 0 and "position 1 in session 2" in r.out
    assert [m.id for m in moments.list_moments(data, "F1", 2)] == [ids[2], ids[0], ids[1]]
    r = cli("moment", "highlight", ids[1], "--add", '[{"shape": "arrow", "x1": 0.1, "y1": 0.1, "x2": 0.5, "y2": 0.5}]')
    assert r.code == 0 and "has 1 highlight;" in r.out  # one, not "1 highlights"
    copy = moments.highlighted_still(data, "F1", moments.find_moment(data, ids[1])[1])
    assert copy.is_file()
    assert cli("moment", "highlight", ids[1], "--clear").code == 0
    assert not copy.exists()
    r = cli("moment", "remove", ids[2])
    assert r.code == 0 and f"Removed moment {ids[2]}" in r.out
    assert [(m.id, m.order) for m in moments.list_moments(data, "F1", 2)] == [(ids[0], 1), (ids[1], 2)]


@pytest.mark.parametrize("args, reason", [
    (["edit", "M0"], "Nothing to change"),
    (["edit", "M0", "--kind", "smile", "--message", "s2-look-1"], "s2-look-1 is for 'look' moments, not 'smile'"),
    (["edit", "M0", "--in-summary", "perhaps"], "Answer yes or no"),
    (["edit", "M0", "--for-session", "x"], "Session number must be 1 to 6, not 'x'"),
    (["edit", "m99999999", "--note", "x"], "There is no moment 'm99999999'"),
    (["move", "M0", "--to", "3"], "Session 2 has 2 moments; the position must be a whole number from 1 to 2, not '3'"),
    (["move", "M0", "--to", "first"], "the position must be a whole number from 1 to 2, not 'first'"),
    (["remove", "mxyz"], "'mxyz' is not a moment id"),
    (["highlight", "M0", "--add", "{oops"], "The highlight is not valid JSON"),
    (["highlight", "M0", "--add", '{"shape": "star"}'], "the shape must be one of ellipse, arrow, stroke"),
    (["highlight", "M0", "--add", '{"shape": "ellipse", "cx": 2, "cy": 0, "rx": 0.1, "ry": 0.1}'],
     "Highlight 1 (ellipse): cx must be from 0 to 1"),
    (["highlight", "M0"], "one of the arguments --add --clear is required"),
    (["list", "F9"], "There is no family 'F9'"),
    (["list", "F1", "--session", "8"], "Session number must be 1 to 6, not '8'"),
])
def test_moment_commands_bad_input(cli, data, prepared, tmp_path, args, reason):
    first = moments.add_moment(data, prepared.s1, 0.5, "look", message_id="s2-look-1")
    moments.add_moment(data, prepared.s1, 0.6, "smile")
    args = [first.id if a == "M0" else a for a in args]
    _no_change(cli, data, tmp_path, ["moment", *args], reason)
