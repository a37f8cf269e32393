"""Erase cannot be left half-done, and leaves nothing open or uploaded behind."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from filelock import FileLock

from media_factory import make_clip
from vipp_session import clips, families, moments
from vipp_session.erase_watch import EraseWatcher
from vipp_session.media import frames
from vipp_session.store import Store

CHILD = "Maribel"

# erase a family in a process that is killed right after the folder's rename
KILLED_ERASE = """
import os, signal, sys
from vipp_session import erasure, families
from vipp_session.paths import DataDir
erasure.remove_tree = lambda folder: os.kill(os.getpid(), signal.SIGKILL)
families.erase_family(DataDir(sys.argv[1]), sys.argv[2])
"""


@pytest.fixture
def family_with_a_clip(data, tmp_path):
    families.add_family(data, "FZ", child=CHILD, born="2025-01-10")
    families.add_family(data, "F2", child="Ada", born="2025-02-10")
    make_clip(tmp_path / "play.mp4", duration=1)
    [result] = clips.import_clips(data, "FZ", 1, [tmp_path / "play.mp4"])
    moments.add_moment(data, result.clip.id, 0.5, "look", note=f"{CHILD} laughed")
    frames.close_all()
    return result.clip


def _interrupt_an_erase(data, family_id: str) -> Path:
    proc = subprocess.run([sys.executable, "-c", KILLED_ERASE, str(data.root), family_id],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == -9, proc.stderr
    [leftover] = data.families_dir.glob(f".erasing-{family_id}-*")
    return leftover


def _start_the_app_until(data, done, timeout: float = 60) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {k: v for k, v in os.environ.items() if k != "PYTEST_CURRENT_TEST"}
    server = subprocess.Popen([sys.executable, "-m", "vipp_session", "serve", "--no-browser",
                               "--port", str(port), "--data", str(data.root)],
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + timeout
        while not done() and time.monotonic() < deadline and server.poll() is None:
            time.sleep(0.1)
    finally:
        server.terminate()
        server.wait(timeout=10)


def _files_mentioning(root: Path, word: str) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file() and word.encode() in p.read_bytes()]


def _uploads(data, family_id: str) -> Path:
    upload = data.uploads_dir(family_id) / "0123456789abcdef" / "clip.mp4"
    upload.parent.mkdir(parents=True)
    upload.write_bytes(b"a video on its way")
    return upload


def test_erase_after_an_interrupted_erase_finishes_it(cli, data, family_with_a_clip):
    leftover = _interrupt_an_erase(data, "FZ")
    assert (leftover / "family.json").exists(), "the kill came after the rename"
    assert _files_mentioning(data.root, CHILD)
    r = cli("family", "erase", "FZ", "--yes")
    assert r.code == 0, r.err
    assert "Erased family FZ" in r.out
    assert not list(data.families_dir.glob(".erasing-*"))
    assert _files_mentioning(data.root, CHILD) == []
    assert '"family erase finished", "family": "FZ"' in data.audit_log.read_text()
    assert cli("family", "show", "F2").code == 0


@pytest.mark.parametrize("start", ["family list", "import for another family", "app start"])
def test_every_start_finishes_an_interrupted_erase(cli, data, family_with_a_clip, tmp_path,
                                                   start):
    _interrupt_an_erase(data, "FZ")
    if start == "family list":
        assert cli("family", "list").code == 0
    elif start == "import for another family":
        make_clip(tmp_path / "other.mp4", duration=1, width=160, height=120)
        [r] = clips.import_clips(data, "F2", 1, [tmp_path / "other.mp4"])
        assert r.status == "imported"
    else:
        _start_the_app_until(data, lambda: not list(data.families_dir.glob(".erasing-*")))
    assert not list(data.families_dir.glob(".erasing-*"))
    assert _files_mentioning(data.root, CHILD) == []


def test_an_erase_under_way_in_another_process_is_left_to_finish(data, family_with_a_clip):
    busy = data.families_dir / ".erasing-FX-1"
    busy.mkdir()
    with FileLock(str(data.families_dir / ".erase.lock")):
        assert Store(data).finish_interrupted_erases() == []
        assert busy.exists()
    assert Store(data).finish_interrupted_erases() == ["FX"]
    assert not busy.exists()


def test_erase_removes_the_familys_uploads_and_no_one_elses(data, family_with_a_clip):
    mine, theirs = _uploads(data, "FZ"), _uploads(data, "F2")
    families.erase_family(data, "FZ")
    assert not mine.exists() and not data.uploads_dir("FZ").exists()
    assert theirs.exists()


def _open_fds_on(path: Path, pid: int | str = "self") -> list[str]:
    fds = []
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith(str(path)):
            fds.append(target)
    return fds


def test_an_erase_from_the_command_line_closes_the_running_apps_readers(
        cli, data, family_with_a_clip):
    original = clips.original_path(data, family_with_a_clip)
    watcher = EraseWatcher(data, interval=0.2).start()
    try:
        frames.reader_for(original)  # as the annotator does in the app
        assert _open_fds_on(original), "the app holds the recording open"
        r = cli("family", "erase", "FZ", "--yes")
        assert r.code == 0, r.err
        deadline = time.monotonic() + 2
        while _open_fds_on(data.root) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert _open_fds_on(data.root) == []
        assert not any("(deleted)" in t for t in _open_fds_on(Path("/")) if str(data.root) in t)
    finally:
        watcher.stop()
        frames.close_all()


def test_the_watcher_removes_uploads_whose_family_is_gone(data, family_with_a_clip):
    stray, kept = _uploads(data, "FQ"), _uploads(data, "F2")
    EraseWatcher(data).check_once()
    assert not stray.exists() and kept.exists()


def test_erasing_a_family_that_does_not_exist_writes_nothing(cli, data):
    r = cli("family", "erase", "NOPE", "--yes")
    assert r.code == 2 and "no family 'NOPE'" in r.err
    assert not data.root.exists()


def test_a_family_whose_creation_was_cut_short_leaves_no_name_behind(cli, data,
                                                                      family_with_a_clip):
    ended = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                           capture_output=True, text=True, check=True)
    stopped = data.families_dir / f".new-F9-{ended.stdout.strip()}"
    stopped.mkdir()
    (stopped / "family.json").write_text('{"family": {"1": {"child": "Rosalind"}}}')
    running = data.families_dir / f".new-F8-{os.getpid()}"  # being added right now
    running.mkdir()
    assert cli("family", "list").code == 0
    assert not stopped.exists() and running.exists()
    assert "F9" not in data.audit_log.read_text()
