"""The import queue: files that cannot be used are refused at once, the others are imported
one at a time in the background, in the order given; waiting and running imports can be
cancelled; an upload never outlives its job; no message names a folder of ours."""

from __future__ import annotations

import secrets
import shutil
import time
from collections import namedtuple

import pytest

from media_factory import (make_audio_only, make_clip, make_damaged, make_incomplete_recording,
                           make_not_video)
from vipp_session import clips, families
from vipp_session import import_queue as q
from vipp_session.settings import load_settings, save_settings


@pytest.fixture
def family(data):
    families.add_family(data, "F1", child="Ada", born="2025-06-01")
    return data


@pytest.fixture
def queue(family):
    queue = q.ImportQueue(family, look_for_moments=False)
    yield queue
    queue.stop()


def upload(data, source, name=None):
    """What the upload route leaves: incoming/<family>/<id>/<the file's name>."""
    folder = data.uploads_dir("F1") / secrets.token_hex(8)
    folder.mkdir(parents=True)
    return shutil.copy(source, folder / (name or source.name))


def slow_clips(data, tmp_path, n):
    """Clips that are transcoded (a browser copy smaller than the clip), so each takes a while."""
    settings = load_settings(data)
    settings.proxy_max_side = settings.remux_max_side = 320
    save_settings(data, settings)
    made = []
    for i in range(n):
        made.append(make_clip(tmp_path / f"visit-{i}.mp4", width=1280, height=720,
                              duration=3.0 + i / 10, texture=True).path)
    return made


def wait_for(condition, timeout=60.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    raise AssertionError("timed out")


def test_imports_run_one_at_a_time_in_order_while_the_others_wait(family, queue, tmp_path):
    sources = slow_clips(family, tmp_path, 3)
    jobs = [queue.submit("F1", 1, upload(family, s)) for s in sources]
    seen = set()
    while not all(j.finished for j in jobs):
        states = tuple(j.state for j in jobs)
        seen.add(states)
        assert sum(s == q.IMPORTING for s in states) <= 1, states
        time.sleep(0.01)
    assert (q.IMPORTING, q.WAITING, q.WAITING) in seen
    assert (q.IMPORTED, q.IMPORTING, q.WAITING) in seen
    assert [j.state for j in jobs] == [q.IMPORTED] * 3
    assert sorted(c.file for c in clips.list_clips(family, "F1")) == [s.name for s in sources]
    assert not family.incoming_dir.exists() or not any(family.incoming_dir.rglob("*.mp4"))


def test_a_waiting_import_is_cancelled_with_its_upload(family, queue, tmp_path):
    first, second = slow_clips(family, tmp_path, 2)
    running = queue.submit("F1", 1, upload(family, first))
    waiting = queue.submit("F1", 1, upload(family, second))
    assert waiting.state == q.WAITING and queue.place(waiting) == 1
    queue.cancel(waiting.id)
    assert waiting.state == q.CANCELLED and not waiting.upload.exists()
    assert queue.wait_until_idle()
    assert running.state == q.IMPORTED
    assert [c.file for c in clips.list_clips(family, "F1")] == [first.name]


def test_a_running_import_is_cancelled_and_leaves_nothing(family, queue, tmp_path):
    [source] = slow_clips(family, tmp_path, 1)
    job = queue.submit("F1", 1, upload(family, source))
    wait_for(lambda: job.state == q.IMPORTING and job.fraction > 0.2)
    queue.cancel(job.id)
    assert queue.wait_until_idle()
    assert job.state == q.CANCELLED and not job.upload.exists()
    assert clips.list_clips(family, "F1") == []
    folder = family.family_dir("F1") / "clips"
    assert not folder.exists() or list(folder.iterdir()) == []


Bad = namedtuple("Bad", "name make reason")
BAD = [
    Bad("empty.mp4", lambda p: p.write_bytes(b""), "empty.mp4 is empty (0 bytes)"),
    Bad("shopping.mp4", make_not_video, "shopping.mp4 is not a video file"),
    Bad("IMG_0421.mp4", lambda p: make_incomplete_recording(p, duration=1.0),
        "IMG_0421.mp4 looks incomplete"),
    Bad("voice memo.m4a", make_audio_only, "voice memo.m4a has sound only"),
    Bad("damaged.mp4", lambda p: make_damaged(p, duration=1.0), "damaged.mp4"),
]


@pytest.mark.parametrize("bad", BAD, ids=[b.name for b in BAD])
def test_a_file_that_cannot_be_used_is_refused_at_once_naming_it_alone(family, queue, tmp_path,
                                                                       bad):
    [busy] = slow_clips(family, tmp_path, 1)
    running = queue.submit("F1", 1, upload(family, busy))  # a long import is under way
    bad.make(tmp_path / bad.name)
    job = queue.submit("F1", 1, upload(family, tmp_path / bad.name))
    if bad.name != "damaged.mp4":  # its boxes are whole: only decoding it shows the damage
        assert job.state == q.REFUSED and running.state in (q.WAITING, q.IMPORTING)
    assert queue.wait_until_idle()
    assert job.state == q.REFUSED and bad.reason in job.reason
    assert str(family.root) not in job.reason and "incoming" not in job.reason
    assert not job.upload.parent.exists()


def test_a_full_disk_is_named_without_our_folders(family, queue, tmp_path, monkeypatch):
    source = make_clip(tmp_path / "IMG_0500.MOV", duration=1.0).path
    Usage = namedtuple("Usage", "total used free")
    monkeypatch.setattr(clips.shutil, "disk_usage", lambda p: Usage(10**9, 10**9, 1000))
    job = queue.submit("F1", 1, upload(family, source))
    assert queue.wait_until_idle()
    assert job.state == q.REFUSED and "not enough free space to import IMG_0500.MOV" in job.reason
    assert str(family.root) not in job.reason and "families" not in job.reason


def test_the_same_recording_twice_is_already_imported(family, queue, tmp_path):
    source = make_clip(tmp_path / "IMG_0600.MOV", duration=1.0).path
    first = queue.submit("F1", 1, upload(family, source))
    again = queue.submit("F1", 1, upload(family, source, "IMG_0600 copy.MOV"))
    assert queue.wait_until_idle()
    assert (first.state, again.state) == (q.IMPORTED, q.DUPLICATE)
    assert again.clip.id == first.clip.id


def test_a_new_clip_is_looked_through_for_likely_moments(family, tmp_path):
    queue = q.ImportQueue(family)
    try:
        job = queue.submit("F1", 1, upload(family, make_clip(tmp_path / "a.mp4", duration=2.0).path))
        assert queue.wait_until_idle()
    finally:
        queue.stop()
    assert job.state == q.IMPORTED and job.likely_moments is not None and job.scan_problem is None


def test_only_uploads_are_taken(family, queue, tmp_path):
    source = make_clip(tmp_path / "mine.mp4", duration=1.0).path
    with pytest.raises(ValueError):
        queue.submit("F1", 1, source)
    assert source.exists()


def test_erasing_a_family_while_its_import_waits_keeps_nothing(family, queue, tmp_path):
    first, second = slow_clips(family, tmp_path, 2)
    families.add_family(family, "F2", child="Bo", born="2025-03-01")
    folder = family.uploads_dir("F2") / secrets.token_hex(8)
    folder.mkdir(parents=True)
    running = queue.submit("F2", 1, shutil.copy(first, folder / first.name))
    waiting = queue.submit("F1", 1, upload(family, second))
    assert waiting.state == q.WAITING
    families.erase_family(family, "F1")
    assert queue.wait_until_idle()
    assert running.state == q.IMPORTED
    assert waiting.state == q.REFUSED
    assert waiting.reason == "visit-1.mp4 was not imported: the family F1 was erased."
    assert str(family.root) not in waiting.reason
    assert not family.family_dir("F1").exists() and not family.uploads_dir("F1").exists()
