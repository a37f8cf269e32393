"""Warm decoders: the next and previous frame, any sequence of requests, several threads,
several recordings, and a recording replaced on disk all give the exact frame."""

from __future__ import annotations

import random
import shutil
import threading

import pytest

from media_factory import make_clip, read_frame_index, is_upright, vfr_times
from vipp_session.media import frames
from vipp_session.media.frame_table import FrameTable
from vipp_session.media.probe import probe


def table_for(path) -> FrameTable:
    info = probe(path)
    return FrameTable(info.time_base, tuple(info.pts), info.last_duration, info.start_pts,
                      tuple(info.keyframes))


@pytest.fixture(scope="module")
def clip(tmp_path_factory):
    """H.264 with B-frames, variable frame rate, rotated 90, keyframes every 25 frames."""
    path = tmp_path_factory.mktemp("reader") / "walk.mp4"
    made = make_clip(path, times=vfr_times(100), bframes=3, gop=25, rotation=90)
    yield made, table_for(path)
    frames.close_all()


@pytest.fixture
def seeks(monkeypatch):
    """Counts the seeks and the times a recording is (re)opened."""
    counts = {"seek": 0, "open": 0}
    seek, open_ = frames.FrameReader._seek, frames.FrameReader._open

    def counting_seek(self, pts):
        counts["seek"] += 1
        return seek(self, pts)

    def counting_open(self):
        counts["open"] += 1
        return open_(self)

    monkeypatch.setattr(frames.FrameReader, "_seek", counting_seek)
    monkeypatch.setattr(frames.FrameReader, "_open", counting_open)
    return counts


def shows(path, table, index) -> int:
    image = frames.picture_at_index(path, table, index)
    assert is_upright(image)
    return read_frame_index(image)


def test_next_frame_decodes_on_without_seeking(clip, seeks):
    made, table = clip
    frames.close_all()
    assert shows(made.path, table, 40) == 40
    before = dict(seeks)
    for i in range(41, len(table)):
        assert shows(made.path, table, i) == i
    assert seeks == before, "stepping forward must not seek or reopen"


def test_previous_frame_reuses_the_open_recording(clip, seeks):
    made, table = clip
    frames.close_all()
    assert shows(made.path, table, len(table) - 1) == len(table) - 1
    reader = frames.reader_for(made.path)
    container = reader.container
    for i in range(len(table) - 2, -1, -1):
        assert shows(made.path, table, i) == i
    assert seeks["open"] == 1, "stepping back re-seeks in the same open recording"
    assert frames.reader_for(made.path).container is container
    # the few frames just decoded are remembered: stepping back over them needs no seek
    assert shows(made.path, table, 60) == 60
    assert shows(made.path, table, 61) == 61
    before = seeks["seek"]
    assert shows(made.path, table, 60) == 60
    assert seeks["seek"] == before


def test_any_sequence_of_requests(clip):
    made, table = clip
    rng = random.Random(4)
    i = rng.randrange(len(table))
    for _ in range(400):
        step = rng.choice(["next", "next", "previous", "same", "jump", "back", "start", "end"])
        i = {"next": i + 1, "previous": i - 1, "same": i, "jump": rng.randrange(len(table)),
             "back": i - rng.randrange(1, 30), "start": 0, "end": len(table) - 1}[step]
        i = min(max(i, 0), len(table) - 1)
        assert shows(made.path, table, i) == i, f"after '{step}'"


def test_several_threads_at_once(clip, tmp_path):
    made, table = clip
    other = make_clip(tmp_path / "other.mov", codec="hevc", duration=2.0, bframes=2, rotation=180, start=0.5)
    other_table = table_for(other.path)
    wrong: list[str] = []

    def walk(seed: int, path, tab) -> None:
        rng = random.Random(seed)
        i = rng.randrange(len(tab))
        for _ in range(60):
            i = min(max(i + rng.choice([1, 1, -1, 0, 17, -23]), 0), len(tab) - 1)
            got = read_frame_index(frames.picture_at_index(path, tab, i))
            if got != i:
                wrong.append(f"{path.name}: frame {i} showed {got}")

    threads = [threading.Thread(target=walk, args=(n, made.path, table)) for n in range(3)]
    threads += [threading.Thread(target=walk, args=(10 + n, other.path, other_table)) for n in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not wrong


def test_more_recordings_than_kept_open(tmp_path):
    made = [make_clip(tmp_path / f"c{n}.mp4", duration=1.0, bframes=2) for n in range(frames.READERS_KEPT + 2)]
    tables = [table_for(m.path) for m in made]
    for _ in range(2):
        for m, tab in zip(made, tables):
            assert shows(m.path, tab, len(tab) // 2) == len(tab) // 2
    with frames._readers_guard:
        assert len(frames._readers) <= frames.READERS_KEPT


def test_a_replaced_recording_is_read_afresh(tmp_path):
    path = tmp_path / "clip.mp4"
    first = make_clip(tmp_path / "a.mp4", duration=1.0)
    second = make_clip(tmp_path / "b.mp4", duration=1.0, width=256, height=160, rotation=90)
    shutil.copy(first.path, path)
    assert frames.picture_at_index(path, table_for(path), 5).shape[:2] == (240, 320)
    shutil.copy(second.path, path)  # same name, other pictures
    image = frames.picture_at_index(path, table_for(path), 7)
    assert image.shape[:2] == (256, 160) and read_frame_index(image) == 7 and is_upright(image)


def test_forget_closes_the_recording(tmp_path):
    made = make_clip(tmp_path / "gone.mp4", duration=1.0)
    table = table_for(made.path)
    frames.picture_at_index(made.path, table, 3)
    reader = frames.reader_for(made.path)
    frames.forget_under(tmp_path)
    assert reader.container is None
    made.path.unlink()
    with pytest.raises(FileNotFoundError):
        frames.picture_at_index(made.path, table, 3)


def test_avi_frames_are_counted(tmp_path):
    """AVI has no presentation times: frames are counted from the start, in display order."""
    made = make_clip(tmp_path / "old-camera.avi", codec="mpeg4", duration=2.0, bframes=2, gop=12)
    table = table_for(made.path)
    order = list(range(len(table)))
    random.Random(2).shuffle(order)
    for i in order[:25] + list(range(len(table))):
        assert shows(made.path, table, i) == i
