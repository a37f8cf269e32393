"""The import service: bad inputs refused plainly, nothing ever left half-written."""

from __future__ import annotations

import hashlib
import os
import resource
import subprocess
import sys
import threading
from pathlib import Path

import cv2
import numpy as np
import pytest

from media_factory import (
    make_audio_only,
    make_clip,
    make_damaged,
    make_incomplete_recording,
    make_not_video,
    make_unknown_codec,
)
from vipp_session import clips
from vipp_session.errors import BadInput, NotFound
from vipp_session.families import add_family
from vipp_session.errors import Cancelled
from vipp_session.model import Moment
from vipp_session.store import Store


def everything(root: Path) -> dict[str, int]:
    """Every file and folder under root (folders as 'name/'), with file sizes."""
    if not root.exists():
        return {}
    return {
        str(p.relative_to(root)) + ("/" if p.is_dir() else ""): (p.stat().st_size if p.is_file() else 0)
        for p in sorted(root.rglob("*"))
    }


@pytest.fixture
def family(data):
    add_family(data, "F001", child="Zoë", born="2025-06-01")
    return "F001"


@pytest.fixture(scope="module")
def good(tmp_path_factory) -> Path:
    return make_clip(tmp_path_factory.mktemp("good") / "visit.mp4", audio="aac").path


@pytest.fixture(scope="module")
def rotated(tmp_path_factory) -> Path:
    return make_clip(tmp_path_factory.mktemp("rot") / "IMG_0001.MOV", codec="hevc", rotation=90,
                     audio="aac", duration=3.0).path


def _photo(path: Path) -> Path:
    cv2.imwrite(str(path), np.full((120, 160, 3), 200, np.uint8))
    return path


# name: (how to make the file in a folder, what the reason must say)
BAD = {
    "missing": (lambda d: d / "not-there.mp4", "There is no file called"),
    "folder": (lambda d: (d / "DCIM").mkdir() or d / "DCIM", "is a folder, not a video file"),
    "empty": (lambda d: (d / "empty.mp4").write_bytes(b"") or d / "empty.mp4", "is empty (0 bytes)"),
    "not a video": (lambda d: make_not_video(d / "notes.mp4"), "is not a video file"),
    "photo": (lambda d: _photo(d / "photo.jpg"), "is a photo, not a video"),
    "no moov atom": (lambda d: make_incomplete_recording(d / "VID_2031.mp4", audio="aac"),
                     "looks incomplete: the phone may have stopped before saving it"),
    "audio only": (lambda d: make_audio_only(d / "memo.m4a"), "no video in this file"),
    "undecodable codec": (lambda d: make_unknown_codec(d / "odd.mp4"), "format that cannot be decoded"),
    "damaged pictures": (lambda d: make_damaged(d / "broken.mp4"), "cannot be decoded: the file looks damaged"),
    "absurdly wide": (lambda d: make_clip(d / "wide.webm", codec="vp9", width=9000, height=64, frames=3).path,
                      "9000 x 64 pixels, which cannot be right"),
    "absurdly small": (lambda d: make_clip(d / "tiny.mp4", width=8, height=8, frames=3).path,
                       "8 x 8 pixels, which cannot be right"),
    "absurdly long": (lambda d: make_clip(d / "long.mp4", times=[0.0, 1.0, 5 * 3600.0]).path,
                      "lasts 5.0 hours, which cannot be right"),
}


@pytest.mark.parametrize("case", list(BAD))
def test_bad_input_is_refused_plainly_and_nothing_is_written(case, tmp_path, data, family):
    make, words = BAD[case]
    source = make(tmp_path)
    sources_before = everything(tmp_path)
    data_before = everything(data.root)
    with pytest.raises(BadInput) as caught:
        clips.import_clip(data, family, 1, source)
    message = str(caught.value)
    assert words in message
    assert "\n" not in message and "Errno" not in message and "Traceback" not in message
    assert everything(data.root) == data_before  # no record, no folder, no temp file
    assert everything(tmp_path) == sources_before  # nothing beside the source either


@pytest.mark.parametrize("stage", ["file", "proxy"])
def test_disk_filling_up_leaves_nothing(stage, tmp_path, data, family):
    # Grainy, heavily compressed HEVC: the H.264 proxy is much bigger than the
    # original, so a limit just above the original's size is hit while writing it.
    source = make_clip(tmp_path / "grain.mov", codec="hevc", rotation=90, texture=True,
                       quality=45, audio="aac", duration=2.0).path
    size = source.stat().st_size
    limit = size // 2 if stage == "file" else size + 8192
    before = everything(data.root)

    def limit_file_size():  # every file this process writes may grow to `limit` bytes only
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    proc = subprocess.run(
        [sys.executable, "-m", "vipp_session", "import", "F001", "--session", "1", str(source),
         "--data", str(data.root)],
        capture_output=True, text=True, preexec_fn=limit_file_size, timeout=300,
    )
    assert proc.returncode == 2, proc.stderr
    assert "ran out of space while importing grain.mov" in proc.stderr
    assert everything(data.root) == before


@pytest.mark.parametrize("cancel_at", [0.05, 0.2, 0.5, 0.95])
@pytest.mark.parametrize("kind", ["remux", "transcode"])
def test_cancel_leaves_nothing_behind(kind, cancel_at, good, rotated, data, family):
    source = good if kind == "remux" else rotated
    before = everything(data.root)
    stop = threading.Event()
    seen = []

    def progress(fraction):
        seen.append(fraction)
        if fraction >= cancel_at:
            stop.set()

    with pytest.raises(Cancelled):
        clips.import_clip(data, family, 1, source, progress=progress, cancel=stop)
    assert seen and max(seen) < 1.0
    assert everything(data.root) == before
    assert clips.list_clips(data, family) == []


def test_progress_goes_from_start_to_end(rotated, data, family):
    seen = []
    result = clips.import_clip(data, family, 1, rotated, progress=seen.append)
    assert result.status == "imported"
    assert seen == sorted(seen)
    assert seen[0] < 0.2 and seen[-1] == 1.0
    assert len(seen) > 10


def test_the_same_recording_twice_is_a_duplicate(good, tmp_path, data, family):
    first = clips.import_clip(data, family, 1, good)
    after_first = everything(data.root)
    renamed = tmp_path / "copy-with-another-name.mp4"
    renamed.write_bytes(good.read_bytes())
    for again in (good, renamed):
        result = clips.import_clip(data, family, 3, again)
        assert result.status == "duplicate"
        assert result.clip.id == first.clip.id and result.clip.session == 1
    assert everything(data.root) == after_first
    assert [c.id for c in clips.list_clips(data, family)] == [first.clip.id]


def test_another_family_may_import_the_same_recording(good, data, family):
    add_family(data, "F002", child="Sam", born="2025-02-01")
    a = clips.import_clip(data, family, 1, good)
    b = clips.import_clip(data, "F002", 1, good)
    assert a.status == b.status == "imported" and a.clip.id != b.clip.id
    assert clips.find_clip(data, b.clip.id) == ("F002", b.clip)
    assert clips.find_clip(data, a.clip.id)[0] == family


def test_two_imports_of_one_file_at_once_keep_one_clip(good, data, family):
    results = []
    threads = [threading.Thread(target=lambda: results.append(clips.import_clip(data, family, 1, good)))
               for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(r.status for r in results) == ["duplicate", "imported"]
    kept = clips.list_clips(data, family)
    assert len(kept) == 1
    assert sorted(p.name for p in (data.family_dir(family) / "clips").iterdir()) == [kept[0].id]


def test_batch_imports_the_good_and_reports_the_bad(good, rotated, tmp_path, data, family):
    bad = make_not_video(tmp_path / "notes.mov")
    results = clips.import_clips(data, family, 2, [good, bad, rotated])
    assert [r.status for r in results] == ["imported", "failed", "imported"]
    assert "is not a video file" in results[1].reason
    assert {c.file for c in clips.list_clips(data, family, session=2)} == {"visit.mp4", "IMG_0001.MOV"}


def test_unknown_family_or_session_stops_before_anything(good, data, family):
    before = everything(data.root)
    with pytest.raises(NotFound, match="There is no family 'F999'"):
        clips.import_clips(data, "F999", 1, [good])
    with pytest.raises(BadInput, match="Session number must be 1 to 6"):
        clips.import_clips(data, family, 7, [good])
    assert everything(data.root) == before


def test_leftovers_of_a_crashed_import_are_cleared(good, data, family):
    folder = data.family_dir(family) / "clips"
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True).stdout.strip()
    stale = folder / f"{clips.STAGING_PREFIX}c0123456789-{dead}"
    stale.mkdir(parents=True)
    (stale / "original.mp4").write_bytes(b"half")
    orphan = folder / "cabcdefabcd"  # renamed into place, but the record was never written
    orphan.mkdir()
    (orphan / "proxy.mp4").write_bytes(b"x")
    result = clips.import_clip(data, family, 1, good)
    assert sorted(p.name for p in folder.iterdir()) == [result.clip.id]


def test_remove_takes_files_records_and_moments_together(good, rotated, data, family):
    keep = clips.import_clip(data, family, 1, good).clip
    gone = clips.import_clip(data, family, 1, rotated).clip
    with Store(data).transaction(family) as db:
        db.put_moment(Moment(id="m1", clip=gone.id, at=0.5, frame=15, kind="smile", for_session=2))
        db.put_moment(Moment(id="m2", clip=keep.id, at=0.1, frame=3, kind="look", for_session=2))
    stills = data.stills_dir(family)
    stills.mkdir()
    (stills / "m1.png").write_bytes(b"png")
    (stills / "m2.png").write_bytes(b"png")

    removed, moments = clips.remove_clip(data, gone.id)
    assert removed.id == gone.id and moments == 1
    assert not data.clip_dir(family, gone.id).exists()
    assert data.clip_dir(family, keep.id).is_dir()
    assert sorted(p.name for p in stills.iterdir()) == ["m2.png"]
    with Store(data).reading(family) as db:
        assert [c.id for c in db.clips()] == [keep.id]
        assert [m.id for m in db.moments()] == ["m2"]
    with pytest.raises(NotFound):
        clips.find_clip(data, gone.id)
    clips.remove_clip(data, keep.id)
    assert not (data.family_dir(family) / "clips").exists()


def test_find_clip_refuses_what_is_not_a_clip_id(data, family):
    for bad in ("../F001", "c123", "", "CABCDEFABCD"):
        with pytest.raises(NotFound):
            clips.find_clip(data, bad)
    with pytest.raises(NotFound, match="There is no clip 'c0000000000'"):
        clips.find_clip(data, "c0000000000")


def test_import_reads_the_source_but_never_changes_it(rotated, data, family):
    st = os.stat(rotated)
    clips.import_clip(data, family, 1, rotated)
    after = os.stat(rotated)
    assert (after.st_size, after.st_mtime_ns, after.st_mode) == (st.st_size, st.st_mtime_ns, st.st_mode)


def test_an_upload_is_moved_into_the_clip_folder_not_copied(data, tmp_path):
    add_family(data, "F1", child="Ada", born="2025-01-15")
    upload = data.uploads_dir("F1") / "u1" / "visit.mp4"
    upload.parent.mkdir(parents=True)
    make_clip(upload, duration=1.0, width=160, height=120)
    inode, sha = upload.stat().st_ino, hashlib.sha256(upload.read_bytes()).hexdigest()
    result = clips.import_clip(data, "F1", 1, upload, move=True)
    original = clips.original_path(data, result.clip)
    assert result.status == "imported" and result.clip.file == "visit.mp4"
    assert not upload.exists() and original.stat().st_ino == inode, "moved: the same file"
    assert result.clip.sha256 == sha
