"""Copies of the videos for the mother: playable files with plain names, all or nothing."""

from __future__ import annotations

import errno
import json
import os
import threading
from pathlib import Path

import av
import pytest

from media_factory import make_clip
from tests.conftest import folder_snapshot
from vipp_session import clips, copies
from vipp_session.errors import BadInput
from vipp_session.families import add_family, edit_family
from vipp_session.filecopy import sha256_of
from vipp_session.errors import Cancelled

NAMES = ["Maya, visit 1, 1 of 2.mp4", "Maya, visit 1, 2 of 2.mp4", "Maya, visit 2.mp4"]


@pytest.fixture(scope="module")
def sources(tmp_path_factory) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("phone")
    return {
        "a": make_clip(d / "a.mp4", duration=2.0, audio="aac").path,
        # filmed on its side: its proxy is turned upright and re-encoded
        "b": make_clip(d / "b.mov", codec="hevc", rotation=90, duration=1.5).path,
        "c": make_clip(d / "c.mp4", duration=1.0, fps=25).path,
    }


@pytest.fixture
def family(data, sources) -> str:
    add_family(data, "F1", child="Maya", born="2025-06-01", wants_copies="yes")
    for result in clips.import_clips(data, "F1", 1, [sources["a"], sources["b"]]):
        assert result.status == "imported", result.reason
    [result] = clips.import_clips(data, "F1", 2, [sources["c"]])
    assert result.status == "imported", result.reason
    return "F1"


@pytest.fixture
def stick(tmp_path) -> Path:
    folder = tmp_path / "USB STICK"
    folder.mkdir()
    return folder


def decoded_frames(path: Path) -> tuple[int, str, str | None, tuple[int, int]]:
    """Frames decoded, video codec, audio codec and picture size, read with PyAV."""
    with av.open(str(path)) as c:
        v = c.streams.video[0]
        audio = c.streams.audio[0].codec_context.codec.name if c.streams.audio else None
        count, size = 0, (0, 0)
        for frame in c.decode(v):
            count += 1
            size = (frame.width, frame.height)
        return count, v.codec_context.codec.name, audio, size


def audit_entries(data) -> list[dict]:
    if not data.audit_log.exists():
        return []
    return [json.loads(line) for line in data.audit_log.read_text().splitlines()]


def test_copies_play_have_plain_names_and_match_the_clips(data, family, stick):
    seen: list[float] = []
    done = copies.export_copies(data, family, stick, progress=seen.append)

    assert sorted(os.listdir(stick)) == NAMES  # nothing else: no temp file left
    by_name = {c.path.name: c for c in done}
    assert list(by_name) == NAMES
    all_clips = {c.id: c for c in clips.list_clips(data, family)}
    files = {all_clips[by_name[n].clip].file for n in NAMES}
    assert files == {"a.mp4", "b.mov", "c.mp4"}
    assert all_clips[by_name[NAMES[0]].clip].file == "a.mp4"  # filming order within a visit
    assert [by_name[n].session for n in NAMES] == [1, 1, 2]
    for name in NAMES:
        copied, clip = by_name[name], all_clips[by_name[name].clip]
        proxy = clips.proxy_path(data, clip)
        assert copied.path == stick / name and copied.bytes == proxy.stat().st_size
        assert sha256_of(copied.path) == sha256_of(proxy)
        frames, video, audio, size = decoded_frames(copied.path)
        assert frames == decoded_frames(proxy)[0] == clip.frames
        assert video == "h264"
        assert size == (clip.width, clip.height)
        assert audio == ("aac" if clip.file == "a.mp4" else None)
    assert (all_clips[by_name[NAMES[1]].clip].width, all_clips[by_name[NAMES[1]].clip].height) \
        == (240, 320)  # the clip filmed on its side is upright in her copy

    assert seen == sorted(seen) and seen[-1] == 1.0 and len(seen) >= 3
    [entry] = [e for e in audit_entries(data) if e["action"] == "copies exported"]
    assert entry["family"] == "F1" and entry["files"] == 3 and entry["session"] is None
    assert "Maya" not in data.audit_log.read_text()  # codes only, never names


def test_one_session_only(data, family, stick):
    done = copies.export_copies(data, family, stick, session="2")
    assert os.listdir(stick) == ["Maya, visit 2.mp4"]
    assert [(c.session, c.path.name) for c in done] == [(2, "Maya, visit 2.mp4")]
    assert audit_entries(data)[-1]["session"] == 2
    # the same clip keeps its name when everything is copied later: never overwritten
    before = folder_snapshot(stick)
    with pytest.raises(BadInput, match="There is already a file called 'Maya, visit 2.mp4'"):
        copies.export_copies(data, family, stick)
    assert folder_snapshot(stick) == before


@pytest.mark.parametrize("child, expected", [
    ('Maya: "Mimi" <3>', "Maya Mimi 3"),
    ("Zoë/Ana\\Lu?*|", "Zoë Ana Lu"),
    ("...", "Video"),
])
def test_names_are_safe_on_any_usb_stick(data, family, child, expected):
    names = copies.copy_names(child, clips.list_clips(data, family))
    assert list(names.values()) == [f"{expected}, visit 1, 1 of 2.mp4",
                                    f"{expected}, visit 1, 2 of 2.mp4", f"{expected}, visit 2.mp4"]
    for name in names.values():
        assert not set(name) & set(':/\\?*"<>|') and not name.startswith(".")


def _no_wish(data, family, stick):
    edit_family(data, family, wants_copies="no")
    return stick


def _not_recorded(data, family, stick):
    from vipp_session.store import Store

    with Store(data).transaction(family) as db:  # as a family added without the question
        f = db.family()
        f.wants_copies = None
        db.put_family(f)
    return stick


def _occupied(data, family, stick):
    (stick / "Maya, visit 1, 2 of 2.mp4").write_bytes(b"her own video")
    return stick


def _a_file(data, family, stick):
    (stick / "notes.txt").write_text("not a folder")
    return stick / "notes.txt"


def _no_clips(data, family, stick):
    add_family(data, "F2", child="Ana", born="2025-06-01", wants_copies="yes")
    return stick


# name: (how to set it up, family, session, what the reason must say)
REFUSALS = {
    "unknown family": (lambda d, f, s: s, "NOPE", None, "There is no family 'NOPE'"),
    "she does not want them": (_no_wish, "F1", None,
                               "Family F1 is recorded as not wanting copies of the videos"),
    "her wish is not recorded": (_not_recorded, "F1", None,
                                 "It is not recorded whether family F1 wants copies"),
    "no clips at all": (_no_clips, "F2", None, "Family F2 has no clips to copy yet"),
    "no clips at that session": (lambda d, f, s: s, "F1", 3,
                                 "Family F1 has no clips filmed at session 3 to copy yet"),
    "no such session": (lambda d, f, s: s, "F1", 7, "1 to 6"),
    "no folder given": (lambda d, f, s: "  ", "F1", None, "Choose the folder to copy to"),
    "folder missing": (lambda d, f, s: s / "not plugged in", "F1", None,
                       "There is no folder"),
    "a file, not a folder": (_a_file, "F1", None, "is a file, not a folder"),
    "same name already there": (_occupied, "F1", None,
                                "There is already a file called 'Maya, visit 1, 2 of 2.mp4'"),
}


@pytest.mark.parametrize("case", REFUSALS)
def test_refusals_say_why_and_write_nothing(data, family, stick, case):
    setup, fid, session, reason = REFUSALS[case]
    target = setup(data, family, stick)
    before_stick, before_data = folder_snapshot(stick), folder_snapshot(data.root)
    with pytest.raises(BadInput) as raised:
        copies.export_copies(data, fid, target, session)
    message = str(raised.value)
    assert reason in message, message
    if "wish" in case or "want" in case:
        assert "vipp-session family edit F1 --wants-copies yes" in message
    assert "\n" not in message
    assert folder_snapshot(stick) == before_stick
    assert folder_snapshot(data.root) == before_data  # not even an audit entry


def test_her_wish_message_says_how_to_record_it(data, family, stick):
    _not_recorded(data, family, stick)
    with pytest.raises(BadInput) as raised:
        copies.export_copies(data, family, stick)
    assert "tick 'She would like copies of the videos'" in str(raised.value)
    assert "vipp-session family edit F1 --wants-copies yes" in str(raised.value)


def test_a_folder_that_cannot_be_written_is_refused(data, family):
    # /sys takes no new files, even for root (for whom permission bits do not count)
    target = Path("/sys")
    before, before_data = sorted(os.listdir(target)), folder_snapshot(data.root)
    with pytest.raises(BadInput, match="The folder /sys cannot be written to"):
        copies.export_copies(data, family, target)
    assert sorted(os.listdir(target)) == before
    assert folder_snapshot(data.root) == before_data


def test_a_stick_too_small_is_refused_before_copying(data, family, stick, monkeypatch):
    monkeypatch.setattr(copies, "_free_space", lambda folder: 1000)
    with pytest.raises(BadInput, match=r"The stick is full: the copies need 1 MB and .* "
                                       r"has 1 MB free, so it needs 1 MB more"):
        copies.export_copies(data, family, stick)
    assert folder_snapshot(stick) == {}


def test_a_full_stick_midway_leaves_nothing(data, family, stick, monkeypatch):
    real_copy = copies.copy_with_sha256
    calls = []

    def fills_up_after_the_first(src, dst, progress=None, cancel=None, fsync=True):
        calls.append(dst)
        if len(calls) == 1:
            return real_copy(src, dst, progress, cancel, fsync)
        with open(dst, "xb") as half:  # part of the file, as a real full disk leaves it
            half.write(Path(src).read_bytes()[:1000])
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(copies, "copy_with_sha256", fills_up_after_the_first)
    before_data = folder_snapshot(data.root)
    with pytest.raises(BadInput) as raised:
        copies.export_copies(data, family, stick)
    assert len(calls) == 2
    assert str(raised.value).startswith("The stick is full: it ran out of space while copying")
    assert "Nothing was copied" in str(raised.value)
    assert folder_snapshot(stick) == {}
    assert folder_snapshot(data.root) == before_data  # no audit entry for copies not made


def test_cancel_midway_leaves_nothing(data, family, stick):
    cancel = threading.Event()
    sizes = {c.file: clips.proxy_path(data, c).stat().st_size for c in clips.list_clips(data, family)}
    first_share = sizes["a.mp4"] / sum(sizes.values())  # a.mp4 is copied first
    shown = []

    def progress(fraction: float) -> None:
        shown.append(fraction)
        if fraction > first_share + 1e-9:  # into the second file: the first is on the stick
            assert (stick / NAMES[0]).is_file()
            cancel.set()

    with pytest.raises(Cancelled):
        copies.export_copies(data, family, stick, progress=progress, cancel=cancel)
    assert cancel.is_set() and first_share < shown[-1] < 1
    assert folder_snapshot(stick) == {}
    assert not any(e["action"] == "copies exported" for e in audit_entries(data))


def test_cli_json_and_a_refusal(cli, data, family, stick, tmp_path):
    r = cli("copies", "F1", "--to", str(stick), "--session", "1", "--json")
    assert r.code == 0, r.err
    listed = r.json
    assert [Path(x["file"]).name for x in listed] == NAMES[:2]
    assert all(set(x) == {"file", "clip", "session", "bytes", "kind"} for x in listed)
    assert {x["kind"] for x in listed} == {"clip"}  # no moments yet: no film
    assert all(x["session"] == 1 and Path(x["file"]).stat().st_size == x["bytes"] for x in listed)
    assert "Copied 2 videos" in r.err

    other = tmp_path / "other"
    other.mkdir()
    edit_family(data, "F1", wants_copies="no")
    before = folder_snapshot(data.root)
    r = cli("copies", "F1", "--to", str(other))
    assert r.code == 2 and r.out == ""
    assert r.err.startswith("vipp-session: Family F1 is recorded as not wanting copies")
    assert len(r.err.strip().splitlines()) == 1
    assert folder_snapshot(other) == {} and folder_snapshot(data.root) == before
