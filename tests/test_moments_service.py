"""Moments: add, list, edit, remove, order and highlight them; every bad input writes nothing."""

from __future__ import annotations

import bisect
import errno
import threading

import pytest

from conftest import folder_snapshot
from media_factory import is_upright, read_frame_index
from moment_setup import copy_of, prepare
from vipp_session import clips, families, manual, moments
from vipp_session.errors import BadInput, NotFound
from vipp_session.media import frames, images
from vipp_session.media.frame_table import SNAP
from vipp_session.store import Store, UnitOfWorkStorage
from vipp_session.summary.content import build_summary

CIRCLE = {"shape": "ellipse", "cx": 0.5, "cy": 0.5, "rx": 0.2, "ry": 0.15}
ARROW = {"shape": "arrow", "x1": 0.1, "y1": 0.9, "x2": 0.4, "y2": 0.6}


@pytest.fixture(scope="module")
def prepared(tmp_path_factory):
    yield prepare(tmp_path_factory.mktemp("moments"))
    frames.close_all()


@pytest.fixture
def data(prepared, tmp_path):
    return copy_of(prepared, tmp_path / "data")


def frame_at(made, t):
    return bisect.bisect_right(made.times, t + SNAP) - 1


def test_add_snaps_to_the_frame_and_saves_its_still(data, prepared):
    t = 1.01
    m = moments.add_moment(data, prepared.s1, t, "look", note="Mum tired today")
    expected = frame_at(prepared.made, t)
    assert m.frame == expected and m.at == pytest.approx(prepared.made.times[expected], abs=1e-9)
    assert m.for_session == 2 and m.order == 1 and m.in_summary and m.text == ""
    assert moments.MOMENT_ID.match(m.id)
    still = moments.still_path(data, "F1", m)
    image = images.read_image(still)
    assert read_frame_index(image) == expected and is_upright(image)
    assert image.shape[:2] == (prepared.height, prepared.width)  # upright, full resolution
    view = moments.moment_view(data, "F1", m)
    assert set(view) >= {"id", "clip", "at", "frame", "kind", "for_session", "still", "message_id",
                         "text", "note", "in_summary", "order", "highlights"}
    assert view["still"] == str(still) and still.is_absolute()
    assert moments.find_moment(data, m.id) == ("F1", m)


def test_a_message_brings_its_words_in_the_familys_voice(data, prepared):
    m = moments.add_moment(data, prepared.s1, 0.5, "smile", message_id="s2-smile-1")
    library = manual.load_library(data)
    family, _ = families.get_family(data, "F1")
    assert m.text == manual.render_for(manual.find_message(library, "s2-smile-1").text, family)
    assert "Ada" in m.text and "{" not in m.text
    tailored = moments.add_moment(data, prepared.s1, 0.6, "smile", message_id="s2-smile-1",
                                  text="  Look at that smile, just for you.  ")
    assert tailored.text == "Look at that smile, just for you." and tailored.message_id == "s2-smile-1"


def test_sessions_and_order(data, prepared):
    a = moments.add_moment(data, prepared.s1, 0.1, "look")
    b = moments.add_moment(data, prepared.s1, 0.2, "touch")
    c = moments.add_moment(data, prepared.s1, 0.3, "smile", for_session="4")
    d = moments.add_moment(data, prepared.s6, 0.2, "comfort", for_session=6)
    assert (a.order, b.order, c.order, d.order) == (1, 2, 1, 1)
    assert (c.for_session, d.for_session) == (4, 6)
    assert [m.id for m in moments.list_moments(data, "F1")] == [a.id, b.id, c.id, d.id]
    assert [m.id for m in moments.list_moments(data, "F1", session=2)] == [a.id, b.id]
    assert moments.list_moments(data, "F1", session="3") == []


@pytest.mark.parametrize("call, reason", [
    (dict(clip="s6"), "filmed at session 6, the last one, so there is no next session"),
    (dict(for_session=1, clip="s6"), "cannot be shown at session 1, before it was filmed"),
    (dict(for_session=7), "Session number must be 1 to 6"),
    (dict(kind="hug"), "'hug' is not a kind of moment; the kinds are: look, smile, laughter, touch"),
    (dict(kind=""), "is not a kind of moment"),
    (dict(at=-0.01), "lasts 2.000 seconds (0:02.000); -0.01 is before its start"),
    (dict(at=2.5), "lasts 2.000 seconds (0:02.000); 2.5 is past its end. Choose a time from 0 to 2.000"),
    (dict(at="soon"), "'soon' is not a time"),
    (dict(at=float("nan")), "is not a time"),
    (dict(message_id="s2-look-99"), "There is no message 's2-look-99'"),
    (dict(message_id="s2-smile-1"), "Message s2-smile-1 is for 'smile' moments, not 'look'"),
    (dict(message_id="s3-look-1"), "Message s3-look-1 belongs to session 3, and this moment is for session 2"),
    (dict(clip="infant", message_id="s2-sd-2"), "s2-sd-2 is a discipline message, which Sam's programme (infant track)"),
    (dict(text="x" * 601), "The text is 601 characters long; keep it to 600"),
    (dict(text=5), "The text must be text"),
    (dict(in_summary="maybe"), "Answer yes or no"),
    (dict(clip="c0123456789"), "There is no clip 'c0123456789'"),
    (dict(clip="../F1"), "is not a clip id"),
])
def test_bad_input_gets_a_reason_and_writes_nothing(data, prepared, call, reason):
    call = dict(call)
    clip = {"s6": prepared.s6, "infant": prepared.infant}.get(call.get("clip"), call.get("clip", prepared.s1))
    args = dict(at=call.pop("at", 0.5), kind=call.pop("kind", "look"))
    call.pop("clip", None)
    before = folder_snapshot(data.root)
    with pytest.raises(BadInput) as caught:
        moments.add_moment(data, clip, **args, **call)
    assert reason in str(caught.value)
    assert folder_snapshot(data.root) == before
    assert not data.stills_dir("F1").exists() and not data.stills_dir("F2").exists()


def test_the_infant_track_uses_its_own_messages_and_sd_gets_discipline_ones(data, prepared):
    assert moments.add_moment(data, prepared.s1, 0.5, "look", message_id="s2-sd-2").message_id == "s2-sd-2"
    m = moments.add_moment(data, prepared.infant, 0.5, "look", message_id="s2-look-1")
    assert m.message_id == "s2-look-1" and m.text.startswith("Here Sam looks")


def test_a_recording_that_has_gone(data, prepared):
    _, clip = clips.find_clip(data, prepared.s1)
    clips.original_path(data, clip).unlink()
    clips.proxy_path(data, clip).unlink()  # with the original alone gone, the browser copy serves
    before = folder_snapshot(data.root)
    with pytest.raises(BadInput, match="is no longer in .*import the recording again"):
        moments.add_moment(data, prepared.s1, 0.5, "look")
    assert folder_snapshot(data.root) == before


def test_a_failed_commit_leaves_no_still_and_no_record(data, prepared, monkeypatch):
    def full_disk(self):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(UnitOfWorkStorage, "commit", full_disk)
    before = folder_snapshot(data.root)
    with pytest.raises(BadInput, match="no room left on the disk"):
        moments.add_moment(data, prepared.s1, 0.5, "look")
    assert folder_snapshot(data.root) == before
    assert not data.stills_dir("F1").exists()


def test_a_still_that_cannot_be_written_leaves_nothing(data, prepared, monkeypatch):
    def full_disk(image, path):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(images, "write_image", full_disk)
    before = folder_snapshot(data.root)
    with pytest.raises(BadInput, match="The disk is full"):
        moments.add_moment(data, prepared.s1, 0.5, "look")
    assert folder_snapshot(data.root) == before


def test_moments_added_from_several_threads_take_turns(data, prepared):
    made, errors = [], []

    def add(t):
        try:
            made.append(moments.add_moment(data, prepared.s1, t, "look"))
        except Exception as exc:  # collected and reported below
            errors.append(exc)

    threads = [threading.Thread(target=add, args=(0.1 * n,)) for n in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    listed = moments.list_moments(data, "F1", 2)
    assert sorted(m.order for m in listed) == [1, 2, 3, 4, 5, 6]
    for m in listed:
        assert read_frame_index(images.read_image(moments.still_path(data, "F1", m))) == m.frame


def test_edit(data, prepared):
    m = moments.add_moment(data, prepared.s1, 0.5, "look", message_id="s2-look-1")
    with pytest.raises(BadInput, match="s2-look-1 is for 'look' moments, not 'smile'"):
        moments.edit_moment(data, m.id, kind="smile")
    e = moments.edit_moment(data, m.id, kind="smile", message_id="s2-smile-1")
    assert e.kind == "smile" and "smile" in e.text.lower()
    e = moments.edit_moment(data, m.id, text="Her smile says: more!")
    assert e.text == "Her smile says: more!" and e.message_id == "s2-smile-1"
    e = moments.edit_moment(data, m.id, text="")
    assert e.text.startswith("That little smile"), "blank words mean the message's own"
    e = moments.edit_moment(data, m.id, message_id=None, note="private", in_summary="no")
    assert (e.message_id, e.note, e.in_summary) == (None, "private", False)
    assert e.text.startswith("That little smile"), "taking the message off keeps the words"
    with pytest.raises(TypeError):
        moments.edit_moment(data, m.id, frame=3)
    assert moments.find_moment(data, m.id)[1] == e


def test_moving_to_another_session_goes_last_there(data, prepared):
    a, b, c = (moments.add_moment(data, prepared.s1, t, "look") for t in (0.1, 0.2, 0.3))
    x = moments.add_moment(data, prepared.s1, 0.4, "look", for_session=3)
    moved = moments.edit_moment(data, a.id, for_session=3)
    assert (moved.for_session, moved.order) == (3, 2)
    assert [(m.id, m.order) for m in moments.list_moments(data, "F1", 2)] == [(b.id, 1), (c.id, 2)]
    assert [m.id for m in moments.list_moments(data, "F1", 3)] == [x.id, a.id]
    late = moments.add_moment(data, prepared.s6, 0.1, "look", for_session=6)
    before = folder_snapshot(data.root)
    with pytest.raises(BadInput, match="filmed at session 6; a moment from it cannot be shown at session 5"):
        moments.edit_moment(data, late.id, for_session=5)
    with pytest.raises(BadInput, match="Session number must be 1 to 6, not '0'"):
        moments.edit_moment(data, b.id, for_session=0)
    assert folder_snapshot(data.root) == before


def test_move_and_remove_keep_positions_1_to_n(data, prepared):
    ids = [moments.add_moment(data, prepared.s1, 0.1 * n, "look").id for n in range(4)]
    moments.move_moment(data, ids[3], 1)
    assert [m.id for m in moments.list_moments(data, "F1", 2)] == [ids[3], ids[0], ids[1], ids[2]]
    moments.move_moment(data, ids[3], "4")
    assert [m.id for m in moments.list_moments(data, "F1", 2)] == ids
    before = folder_snapshot(data.root)
    for bad in (0, 5, "two", 1.5):
        with pytest.raises(BadInput, match="Session 2 has 4 moments; the position must be a whole number from 1 to 4"):
            moments.move_moment(data, ids[0], bad)
    assert folder_snapshot(data.root) == before
    gone = moments.remove_moment(data, ids[1])
    assert not moments.still_path(data, "F1", gone).exists()
    listed = moments.list_moments(data, "F1", 2)
    assert [(m.id, m.order) for m in listed] == [(ids[0], 1), (ids[2], 2), (ids[3], 3)]
    with pytest.raises(NotFound, match=f"There is no moment '{ids[1]}'"):
        moments.remove_moment(data, ids[1])
    with pytest.raises(NotFound, match="is not a moment id"):
        moments.find_moment(data, "m123")


def test_highlights_and_the_print_copy(data, prepared):
    m = moments.add_moment(data, prepared.s1, 0.5, "look")
    plain = moments.still_path(data, "F1", m)
    assert moments.highlighted_still(data, "F1", m) == plain, "no highlights: the still itself"
    m = moments.set_highlights(data, m.id, [CIRCLE])
    first = moments.highlighted_still(data, "F1", m)
    assert first != plain and first.name.startswith(f"{m.id}-h") and first.is_file()
    still, burned = images.read_image(plain), images.read_image(first)
    assert still.shape == burned.shape and (still != burned).any()
    assert read_frame_index(still) == m.frame, "the still itself is never drawn on"
    m = moments.add_highlights(data, m.id, [ARROW])
    assert m.highlights == [CIRCLE, ARROW]
    assert not first.exists(), "the print copy of the old highlights is removed"
    second = moments.highlighted_still(data, "F1", m)
    assert second != first and second.is_file()
    before = folder_snapshot(data.root)
    with pytest.raises(BadInput, match=r"Highlight 1 \(arrow\): x2 must be from 0 to 1"):
        moments.add_highlights(data, m.id, [{**ARROW, "x2": 3}])
    assert folder_snapshot(data.root) == before
    m = moments.clear_highlights(data, m.id)
    assert m.highlights == [] and not second.exists()
    m = moments.set_highlights(data, m.id, [CIRCLE])
    copy = moments.highlighted_still(data, "F1", m)
    moments.remove_moment(data, m.id)
    assert not copy.exists() and not plain.exists()


def test_the_print_copy_is_burned_when_highlights_change_and_reads_write_nothing(data, prepared):
    m = moments.set_highlights(data, moments.add_moment(data, prepared.s1, 0.5, "look",
                                                        for_session=2).id, [CIRCLE])
    copy = moments.highlighted_still(data, "F1", m)
    assert copy.is_file() and copy != moments.still_path(data, "F1", m)
    copy.unlink()  # as a still from a version that burned copies only when printing
    before = folder_snapshot(data.root)
    assert moments.highlighted_still(data, "F1", m) == moments.still_path(data, "F1", m)
    build_summary(data, "F1", 2)
    assert folder_snapshot(data.root) == before, "a read writes nothing"
    moments.ensure_print_copies(data, "F1", 2)
    assert moments.highlighted_still(data, "F1", m) == copy and copy.is_file()


def test_removing_a_clip_removes_its_moments_stills_and_print_copies(data, prepared):
    m = moments.set_highlights(data, moments.add_moment(data, prepared.s1, 0.5, "look").id, [CIRCLE])
    copy = moments.highlighted_still(data, "F1", m)
    keep = moments.add_moment(data, prepared.s6, 0.5, "look", for_session=6)
    clips.remove_clip(data, prepared.s1)
    assert not copy.exists() and not moments.still_path(data, "F1", m).exists()
    assert [x.id for x in moments.list_moments(data, "F1")] == [keep.id]


def test_erasing_a_family_while_its_recording_is_open(data, prepared):
    moments.add_moment(data, prepared.s1, 0.5, "look")  # leaves a warm reader open
    folder = str(data.family_dir("F1").resolve())
    with frames._readers_guard:
        assert [k for k in frames._readers if k[0].startswith(folder)]
    families.erase_family(data, "F1")
    assert not data.family_dir("F1").exists()
    with frames._readers_guard:
        assert not [k for k in frames._readers if k[0].startswith(folder)]
    assert Store(data).family_ids() == ["F2"]
