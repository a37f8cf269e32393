"""Encrypted backups: a data folder with a real imported clip, backed up, checked, restored."""

from __future__ import annotations

import errno
import hashlib
import hmac
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from media_factory import make_clip
from tests.conftest import folder_snapshot
from vipp_session import clips
from vipp_session.backup import restore, service
from vipp_session.backup.chunks import ChunkStore
from vipp_session.families import add_family
from vipp_session.errors import Cancelled
from vipp_session.paths import DataDir
from vipp_session.settings import load_settings, save_settings

CODE = "FAMCODE42"
CHILD = "Zebediah"
MOTHER = "Philippa"
PASS = "a long backup passphrase"
SECRET_INPUT = f"{PASS}\n{PASS}\n"


@pytest.fixture(scope="module")
def recordings(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("phone")
    return {"first": make_clip(folder / "first.mp4", duration=2.0, audio="aac").path,
            "second": make_clip(folder / "second.mp4", duration=3.0, fps=25,
                                width=480, height=270).path}


@pytest.fixture(scope="module")
def template(tmp_path_factory, recordings) -> Path:
    """A data folder with one family and one really imported clip (made once, copied per test)."""
    data = DataDir(tmp_path_factory.mktemp("template") / "data")
    add_family(data, CODE, child=CHILD, born="2025-06-01", mother=MOTHER)
    [result] = clips.import_clips(data, CODE, 1, [recordings["first"]])
    assert result.status == "imported", result.reason
    return data.root


@pytest.fixture
def data(tmp_path, template) -> DataDir:
    shutil.copytree(template, tmp_path / "data")
    return DataDir(tmp_path / "data")


def hashes(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def backup(cli, folder: Path, stdin: str = SECRET_INPUT, *extra: str):
    return cli("backup", "--to", str(folder), "--json", *extra, stdin=stdin)


def import_second(data: DataDir, recordings) -> Path:
    [result] = clips.import_clips(data, CODE, 2, [recordings["second"]])
    assert result.status == "imported", result.reason
    return data.clip_dir(CODE, result.clip.id)


def test_round_trip_restores_every_file_identically(cli, data, tmp_path):
    usb = tmp_path / "USB disk"
    before = hashes(data.root)
    original_log = (data.root / "audit.log").read_text()
    r = backup(cli, usb)
    assert r.code == 0, r.err
    assert r.json["families"] == [CODE] and r.json["files"] == len(before)
    assert "Backed up" in r.err

    target = tmp_path / "new laptop"
    r = cli("restore", "--from", str(usb), "--to", str(target), "--json", stdin=f"{PASS}\n")
    assert r.code == 0, r.err
    assert r.json["families"] == [CODE]
    after = hashes(target)
    assert set(after) == set(before)
    assert {k: v for k, v in after.items() if k != "audit.log"} == \
           {k: v for k, v in before.items() if k != "audit.log"}
    # the restored audit log is the backed-up one, then the restore itself
    restored_log = (target / "audit.log").read_text()
    assert restored_log.startswith(original_log)
    assert json.loads(restored_log.splitlines()[-1])["action"] == "restored"
    for path in target.rglob("*"):
        assert path.stat().st_mode & 0o777 == (0o700 if path.is_dir() else 0o600), path
    logged = [json.loads(line) for line in (data.root / "audit.log").read_text().splitlines()]
    assert {"action": "backed up", "family": CODE}.items() <= logged[-1].items()


def test_error_logs_and_unfinished_uploads_are_left_out(data, tmp_path):
    (data.root / "logs").mkdir()
    (data.root / "logs" / "vipp-session-errors.log").write_text("a traceback")
    (data.root / "incoming" / CODE).mkdir(parents=True)
    (data.root / "incoming" / CODE / "upload.part").write_bytes(b"half a video")
    result = service.make_backup(data, tmp_path / "usb", PASS, PASS)
    target = DataDir(tmp_path / "t")
    restore.restore_backup(str(tmp_path / "usb"), PASS, target)
    assert not (target.root / "logs").exists() and not (target.root / "incoming").exists()
    kept = [k for k in hashes(data.root)
            if not k.startswith(("logs/", "incoming/")) and k != service.STATE_FILE]
    assert result.files == len(kept) and "audit.log" in kept


def test_check_finds_a_whole_backup_whole(cli, data, tmp_path):
    assert backup(cli, tmp_path / "usb").code == 0
    r = cli("backup", "--check", "--from", str(tmp_path / "usb"), "--json", stdin=f"{PASS}\n")
    assert r.code == 0, r.err
    assert r.json["ok"] is True and r.json["families"] == [CODE] and r.json["chunks"] > 3


def test_a_wrong_passphrase_is_refused_and_nothing_is_restored(cli, data, tmp_path):
    assert backup(cli, tmp_path / "usb").code == 0
    target = tmp_path / "elsewhere"
    for command in (["restore", "--from", str(tmp_path / "usb"), "--to", str(target)],
                    ["backup", "--check", "--from", str(tmp_path / "usb")],
                    ["backup", "--to", str(tmp_path / "usb")]):
        r = cli(*command, stdin="not the passphrase\n")
        assert r.code == 2
        assert f"That is not the passphrase of the backup in {tmp_path / 'usb'}." in r.err
    assert not target.exists()


def test_a_damaged_header_is_not_taken_for_a_wrong_passphrase(cli, data, tmp_path):
    usb = tmp_path / "usb"
    assert backup(cli, usb).code == 0
    header = json.loads((usb / "vipp-backup.json").read_text())
    del header["kdf"]["salt"]
    (usb / "vipp-backup.json").write_text(json.dumps(header))
    r = cli("backup", "--check", "--from", str(usb), stdin=f"{PASS}\n")
    assert r.code == 2 and f"The backup header in {usb} is damaged" in r.err


def test_a_new_backup_needs_the_same_passphrase_twice(cli, data, tmp_path):
    r = backup(cli, tmp_path / "usb", f"{PASS}\nsomething else\n")
    assert r.code == 2 and "not the same" in r.err
    assert folder_snapshot(tmp_path / "usb") == {}


def flip_a_byte_in_the_biggest_chunk(usb: Path) -> Path:
    chunk = max((usb / "chunks").rglob("*"), key=lambda p: p.stat().st_size if p.is_file() else 0)
    raw = bytearray(chunk.read_bytes())
    raw[len(raw) // 2] ^= 0x01
    chunk.write_bytes(bytes(raw))
    return chunk


def test_a_flipped_byte_is_found_by_check_and_refused_by_restore(cli, data, tmp_path):
    usb = tmp_path / "usb"
    assert backup(cli, usb).code == 0
    flip_a_byte_in_the_biggest_chunk(usb)

    r = cli("backup", "--check", "--from", str(usb), "--json", stdin=f"{PASS}\n")
    assert r.code == 2
    assert r.json["ok"] is False
    assert any(path.startswith(f"families/{CODE}/clips/") for path in r.json["damaged"])
    assert f"The backup in {usb} is damaged" in r.err

    target = tmp_path / "elsewhere"
    r = cli("restore", "--from", str(usb), "--to", str(target), stdin=f"{PASS}\n")
    assert r.code == 2
    assert "is damaged" in r.err and "Nothing was restored" in r.err
    assert folder_snapshot(target) == {}


def test_nothing_readable_is_in_the_backup_folder(cli, data, tmp_path, recordings):
    usb = tmp_path / "usb"
    assert backup(cli, usb).code == 0
    video = recordings["first"].read_bytes()
    runs = [video[i:i + 24] for i in range(len(video) // 3, len(video), len(video) // 4)]
    names = [p.name for p in data.root.rglob("*") if p.name != ".lock"]
    forbidden = [CHILD.encode(), MOTHER.encode(), CODE.encode(), b"original.mp4",
                 b"family.json", *runs]
    files = [p for p in usb.rglob("*") if p.is_file()]
    assert len(files) > 4
    for path in files:
        content = path.read_bytes()
        assert not [word for word in forbidden if word in content], path
        assert path.name not in names and CODE not in str(path.relative_to(usb))
    # the only clear file: the format and the key settings
    header = json.loads((usb / "vipp-backup.json").read_text())
    assert set(header) == {"format", "version", "kdf", "names", "check"}
    assert header["version"] == 2 and header["names"] == "blake3-keyed"
    assert header["kdf"]["name"] == "argon2id" and header["kdf"]["memory_kib"] >= 65536
    for path in usb.rglob("*"):  # readable by this user only
        assert path.stat().st_mode & 0o077 == 0, path


def test_a_backup_begun_with_hmac_names_goes_on_with_them(cli, data, tmp_path, recordings):
    """Backups made before chunks were named with BLAKE3 (version 1) keep working."""
    from vipp_session.backup import crypto, folder

    usb = tmp_path / "usb"
    folder.create(usb, PASS, names=crypto.NAMES_HMAC_SHA256)
    header = json.loads((usb / "vipp-backup.json").read_text())
    assert header["version"] == 1 and "names" not in header  # as older programs wrote it
    first = service.make_backup(data, usb, PASS)
    import_second(data, recordings)
    second = service.make_backup(data, usb, PASS)
    assert second.bytes_written < first.bytes_written + second.bytes_read * 1.15
    keys = folder.open_folder(usb, PASS).keys
    assert keys.names == crypto.NAMES_HMAC_SHA256
    some_chunk = next(p for p in (usb / "chunks").rglob("*") if p.is_file())
    content = ChunkStore(usb, keys).read(some_chunk.name)
    assert some_chunk.name == hmac.new(keys.naming, content, hashlib.sha256).hexdigest()
    assert_restores(cli, usb, tmp_path / "restored", hashes(data.root))


def test_a_second_backup_after_one_clip_writes_about_that_clip(data, tmp_path, recordings):
    usb = tmp_path / "usb"
    first = service.make_backup(data, usb, PASS, PASS)
    clip_folder = import_second(data, recordings)
    clip_size = sum(p.stat().st_size for p in clip_folder.rglob("*") if p.is_file())
    second = service.make_backup(data, usb, PASS)
    assert second.bytes > first.bytes + clip_size - 1
    # the clip, the family's records and audit log that changed with it, and padding
    assert clip_size <= second.bytes_read <= clip_size + 64 * 1024
    assert clip_size <= second.bytes_written <= clip_size * 1.15 + 64 * 1024
    assert second.bytes_written < first.bytes_written


def test_a_full_disk_leaves_the_last_backup_restorable(cli, data, tmp_path, recordings,
                                                       monkeypatch):
    usb = tmp_path / "usb"
    assert backup(cli, usb).code == 0
    first_state = hashes(data.root)
    import_second(data, recordings)
    chunks_before = folder_snapshot(usb / "chunks")
    real_write, calls = ChunkStore.write_temp, []

    def fills_up(self, name, content, *buffer):
        calls.append(name)
        if len(calls) > 2:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_write(self, name, content, *buffer)

    monkeypatch.setattr(ChunkStore, "write_temp", fills_up)
    monkeypatch.chdir(tmp_path)
    r = cli("backup", "--to", "usb", stdin=f"{PASS}\n")
    assert r.code == 2, r.err
    assert "The backup folder usb is full." in r.err  # named as it was given
    assert "The last good backup there is still usable" in r.err
    assert folder_snapshot(usb / "chunks") == chunks_before  # what it wrote is gone again
    monkeypatch.undo()
    assert_restores(cli, usb, tmp_path / "restored", first_state)


def test_a_full_disk_while_writing_the_snapshot(cli, data, tmp_path, recordings, monkeypatch):
    usb = tmp_path / "usb"
    assert backup(cli, usb).code == 0
    first_state = hashes(data.root)
    import_second(data, recordings)

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(service, "write_snapshot", full)
    r = cli("backup", "--to", str(usb), stdin=f"{PASS}\n")
    assert r.code == 2 and f"The backup folder {usb} is full." in r.err
    monkeypatch.undo()
    assert_restores(cli, usb, tmp_path / "restored", first_state)


def records(found: dict[str, str]) -> dict[str, str]:
    """Every file but the audit log (restoring adds to it) and this machine's note of its last
    backup (never backed up)."""
    return {k: v for k, v in found.items() if k not in ("audit.log", service.STATE_FILE)}


def assert_restores(cli, usb: Path, target: Path, expected: dict[str, str]) -> None:
    r = cli("restore", "--from", str(usb), "--to", str(target), stdin=f"{PASS}\n")
    assert r.code == 0, r.err
    assert records(hashes(target)) == records(expected)
    r = cli("backup", "--check", "--from", str(usb), stdin=f"{PASS}\n")
    assert r.code == 0, r.err


def test_a_full_data_folder_while_restoring_keeps_nothing_of_the_family(cli, data, tmp_path,
                                                                        monkeypatch):
    assert backup(cli, tmp_path / "usb").code == 0
    real_write, calls = restore._write_file, []

    def fills_up(store, entry, target):
        calls.append(target)
        if len(calls) > 3:
            raise OSError(errno.ENOSPC, "No space left on device")
        real_write(store, entry, target)

    monkeypatch.setattr(restore, "_write_file", fills_up)
    target = tmp_path / "laptop"
    r = cli("restore", "--from", str(tmp_path / "usb"), "--to", str(target), stdin=f"{PASS}\n")
    assert r.code == 2 and f"The data folder {target} is full" in r.err
    assert len(calls) == 4 and list((target / "families").iterdir()) == []


def test_a_backup_killed_midway_leaves_the_last_one_restorable(cli, data, tmp_path):
    usb = tmp_path / "usb"
    assert backup(cli, usb).code == 0
    first_state = hashes(data.root)
    big = data.family_dir(CODE) / "clips" / "big-recording.bin"
    big.write_bytes(os.urandom(120 * 1024 * 1024))  # 30 chunks: time to stop it in the middle
    chunks_before = len(list((usb / "chunks").rglob("*")))
    proc = subprocess.Popen(
        [sys.executable, "-m", "vipp_session", "backup", "--to", str(usb), "--data",
         str(data.root)], stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL)
    proc.stdin.write(f"{PASS}\n".encode())
    proc.stdin.close()
    deadline = time.monotonic() + 60
    while len(list((usb / "chunks").rglob("*"))) < chunks_before + 4:
        assert proc.poll() is None and time.monotonic() < deadline, "finished too soon to kill"
        time.sleep(0.005)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert len(list((usb / "snapshots").iterdir())) == 1
    assert list((usb / "chunks").rglob(".tmp-*"))  # it was stopped while writing chunks
    big.unlink()
    assert_restores(cli, usb, tmp_path / "restored", first_state)
    assert backup(cli, usb, f"{PASS}\n").code == 0  # the next backup clears what was left
    assert not list((usb / "chunks").rglob(".tmp-*"))


def test_restore_never_replaces_a_family_without_replace(cli, data, tmp_path):
    usb = tmp_path / "usb"
    assert backup(cli, usb).code == 0
    family_file = data.family_db(CODE)
    saved = family_file.read_bytes()
    family_file.write_bytes(saved.replace(CHILD.encode(), b"Changed"))
    changed = folder_snapshot(data.root)
    r = cli("restore", "--from", str(usb), stdin=f"{PASS}\n")
    assert r.code == 2
    assert f"Family {CODE} is already in {data.root}; nothing was restored" in r.err
    assert "--replace" in r.err
    assert folder_snapshot(data.root) == changed
    r = cli("restore", "--from", str(usb), "--replace", stdin=f"{PASS}\n")
    assert r.code == 0, r.err
    assert family_file.read_bytes() == saved
    assert "Kept this data folder's own" in r.err  # settings and audit log are not replaced


def test_restore_of_a_family_the_backup_does_not_hold(cli, data, tmp_path):
    assert backup(cli, tmp_path / "usb").code == 0
    r = cli("restore", "--from", str(tmp_path / "usb"), "--family", "F999",
            "--to", str(tmp_path / "t"), stdin=f"{PASS}\n")
    assert r.code == 2 and f"holds no family 'F999' (it holds {CODE})" in r.err


def test_erase_then_prune_removes_the_family_from_the_backup(cli, data, tmp_path):
    usb = tmp_path / "usb"
    add_family(data, "OTHER1", child="Ada", born="2025-02-01")
    assert backup(cli, usb).code == 0
    size_before = sum(folder_snapshot(usb / "chunks").values())
    r = cli("family", "erase", CODE, "--yes")
    assert r.code == 0
    assert f"Backups made before now" in r.err and f"still hold family {CODE}" in r.err
    assert "--prune" in r.err
    r = backup(cli, usb, f"{PASS}\n", "--prune")
    assert r.code == 0, r.err
    assert r.json["families"] == ["OTHER1"]
    assert r.json["pruned"]["snapshots_removed"] == 1 and r.json["pruned"]["chunks_removed"] > 3
    assert sum(folder_snapshot(usb / "chunks").values()) < size_before / 4
    r = cli("restore", "--from", str(usb), "--family", CODE, "--to", str(tmp_path / "t"),
            stdin=f"{PASS}\n")
    assert r.code == 2 and "holds no family" in r.err


def test_backup_status_says_when_to_remind(data, tmp_path):
    assert service.backup_status(data).due is True and service.backup_status(data).last is None
    made = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)
    service.make_backup(data, tmp_path / "usb", PASS, PASS, now=made)
    status = service.backup_status(data, now=made + timedelta(days=6))
    assert status.last == made and status.due is False and status.nudge_days == 7
    assert service.backup_status(data, now=made + timedelta(days=7)).due is True
    settings = load_settings(data)
    settings.backup_nudge_days = 30
    save_settings(data, settings)
    assert service.backup_status(data, now=made + timedelta(days=8)).due is False


def test_status_on_the_command_line(cli, data, tmp_path):
    r = cli("backup", "--status")
    assert r.code == 0 and "No backup has been made" in r.out
    assert backup(cli, tmp_path / "usb").code == 0
    r = cli("backup", "--status", "--json")
    assert r.code == 0 and r.json["due"] is False and r.json["nudge_days"] == 7
    assert r.json["folder"] == str(tmp_path / "usb")


def test_a_stopped_backup_keeps_nothing(data, tmp_path, recordings):
    usb = tmp_path / "usb"
    service.make_backup(data, usb, PASS, PASS)
    import_second(data, recordings)
    before = folder_snapshot(usb)

    def stop(fraction):
        if fraction > 0.3:
            raise Cancelled()

    with pytest.raises(Cancelled):
        service.make_backup(data, usb, PASS, progress=stop)
    assert folder_snapshot(usb) == before


def test_one_backup_at_a_time_into_a_folder(cli, data, tmp_path):
    from filelock import FileLock

    usb = tmp_path / "usb"
    assert backup(cli, usb).code == 0
    before = folder_snapshot(usb)
    with FileLock(str(usb / ".lock")):  # as another backup holds it
        r = cli("backup", "--to", str(usb), stdin=f"{PASS}\n")
    assert r.code == 2 and f"Another backup to {usb} is running" in r.err
    assert folder_snapshot(usb) == before


def test_a_changed_snapshot_is_refused(cli, data, tmp_path):
    usb = tmp_path / "usb"
    assert backup(cli, usb).code == 0
    [snapshot] = (usb / "snapshots").iterdir()
    raw = bytearray(snapshot.read_bytes())
    raw[-20] ^= 0x08
    snapshot.write_bytes(bytes(raw))
    for command in (["backup", "--check", "--from", str(usb)],
                    ["restore", "--from", str(usb), "--to", str(tmp_path / "t")]):
        r = cli(*command, stdin=f"{PASS}\n")
        assert r.code == 2 and f"what the backup in {usb} holds was changed" in r.err
    assert not (tmp_path / "t").exists()


def test_restore_of_one_family_leaves_the_others_out(cli, data, tmp_path):
    add_family(data, "OTHER1", child="Ada", born="2025-02-01")
    save_settings(data, load_settings(data))
    assert backup(cli, tmp_path / "usb").code == 0
    target = DataDir(tmp_path / "t")
    r = cli("restore", "--from", str(tmp_path / "usb"), "--family", "OTHER1", "--to",
            str(target.root), "--json", stdin=f"{PASS}\n")
    assert r.code == 0, r.err
    assert r.json["families"] == ["OTHER1"] and target.family_ids() == ["OTHER1"]
    assert (data.root / "settings.json").exists()
    assert not (target.root / "settings.json").exists()  # only the family was asked for


def test_a_passphrase_missing_from_standard_input(cli, data, tmp_path):
    r = backup(cli, tmp_path / "usb", f"{PASS}\n")
    assert r.code == 2
    assert "Give the backup passphrase twice, on two lines of standard input." in r.err
    assert not (tmp_path / "usb").exists()


def test_a_backup_folder_inside_the_data_folder_is_refused(cli, data):
    before = folder_snapshot(data.root)
    r = backup(cli, data.root / "families" / "usb")
    assert r.code == 2 and "must be apart" in r.err
    assert folder_snapshot(data.root) == before


def test_backing_up_into_a_folder_that_holds_other_files(cli, data, tmp_path):
    folder = tmp_path / "documents"
    folder.mkdir()
    (folder / "letter.txt").write_text("hello")
    r = backup(cli, folder)
    assert r.code == 2 and f"The folder {folder} already holds other files" in r.err
    assert folder_snapshot(folder) == {"letter.txt": 5}


def _disk_takes_direct_writes(folder: Path) -> bool:
    """Whether `folder`'s file system accepts O_DIRECT (ext4 and most disks do; tmpfs not)."""
    if not hasattr(os, "O_DIRECT"):
        return False
    try:
        os.close(os.open(folder / "probe", os.O_WRONLY | os.O_CREAT | os.O_DIRECT, 0o600))
        return True
    except OSError:
        return False
    finally:
        (folder / "probe").unlink(missing_ok=True)


def _direct_writes(monkeypatch) -> list[bool]:
    """Record whether each piece tried past the page cache went there."""
    real, seen = ChunkStore._write_direct, []

    def spy(self, fd, buffer, length):
        seen.append(real(self, fd, buffer, length))
        return seen[-1]

    monkeypatch.setattr(ChunkStore, "_write_direct", spy)
    return seen


def _long_recording(data: DataDir) -> Path:
    """A file of three 4 MB pieces and a short one, as a clip's original has (the test clips are
    far smaller than a piece)."""
    path = data.clip_dir(CODE, "long-recording")
    path.mkdir(parents=True)
    (path / "original.mp4").write_bytes(os.urandom(3 * service.PIECE + 1_500_000))
    return path


def test_long_recordings_go_past_the_page_cache_where_the_disk_allows(data, tmp_path,
                                                                    monkeypatch):
    _long_recording(data)
    seen = _direct_writes(monkeypatch)
    before = hashes(data.root)
    result = service.make_backup(data, tmp_path / "usb", PASS, PASS)
    if _disk_takes_direct_writes(tmp_path):
        assert seen == [True] * 4  # the four pieces of 1 MB or more; thumbnails and records not
    else:
        assert seen == [False]  # refused once, then not tried again
    # whole blocks were written, then cut: each chunk is exactly its sealed size
    checked = restore.check_backup(str(tmp_path / "usb"), PASS)
    assert checked.ok and checked.chunks == result.chunks_written
    target = DataDir(tmp_path / "t")
    restore.restore_backup(str(tmp_path / "usb"), PASS, target)
    assert records(hashes(target.root)) == records(before)


@pytest.mark.parametrize("refuses", ["opening", "writing"])
def test_a_disk_that_refuses_direct_writes_gets_ordinary_ones(data, tmp_path, monkeypatch,
                                                              refuses):
    """tmpfs refuses O_DIRECT when it is set; some disks take it and refuse the writes."""
    import fcntl

    from vipp_session.backup import chunks

    real_fcntl, real_write = fcntl.fcntl, os.write

    def no_direct_flag(fd, op, arg=0):
        if op == fcntl.F_SETFL and arg & os.O_DIRECT:
            raise OSError(errno.EINVAL, "Invalid argument")
        return real_fcntl(fd, op, arg)

    def no_direct_write(fd, content):
        if real_fcntl(fd, fcntl.F_GETFL) & os.O_DIRECT:
            raise OSError(errno.EINVAL, "Invalid argument")
        return real_write(fd, content)

    if refuses == "opening":
        monkeypatch.setattr(chunks.fcntl, "fcntl", no_direct_flag)
    else:
        monkeypatch.setattr(chunks.os, "write", no_direct_write)
    _long_recording(data)
    seen = _direct_writes(monkeypatch)
    before = hashes(data.root)
    result = service.make_backup(data, tmp_path / "usb", PASS, PASS)
    assert seen == [False] and result.chunks_written > 4  # refused once, then not tried again
    monkeypatch.undo()
    target = DataDir(tmp_path / "t")
    restore.restore_backup(str(tmp_path / "usb"), PASS, target)
    assert records(hashes(target.root)) == records(before)
    assert not list((tmp_path / "usb" / "chunks").glob("*/.tmp-*"))


def test_the_newest_backup_is_found_without_opening_every_one(data, tmp_path, monkeypatch):
    from vipp_session.backup import folder as folders, snapshot

    usb = tmp_path / "usb"
    for _ in range(4):  # a month of weekly backups
        (data.root / "audit.log").write_text(f"changed {_}")
        service.make_backup(data, usb, PASS, PASS)
    real_read, opened = snapshot.read_snapshot, []

    def counting(root, keys, snapshot_id):
        opened.append(snapshot_id)
        return real_read(root, keys, snapshot_id)

    monkeypatch.setattr(snapshot, "read_snapshot", counting)
    newest = folders.open_folder(usb, PASS).latest()
    assert newest.sequence == 4 and opened == [newest.id]
    assert len(snapshot.snapshot_ids(usb)) == 4


def test_backups_named_before_their_number_was_in_the_name_still_count(data, tmp_path):
    """A backup folder begun by an older version: its snapshots are named at random."""
    import secrets

    from vipp_session.backup import folder as folders, snapshot

    usb = tmp_path / "usb"
    service.make_backup(data, usb, PASS, PASS)
    backup = folders.open_folder(usb, PASS)
    [first] = snapshot.snapshot_ids(usb)
    made = snapshot.read_snapshot(usb, backup.keys, first)
    # as an older version wrote them: random names, the order only inside
    for sequence in (5, 6):
        renamed = snapshot.Snapshot(secrets.token_hex(8), made.created, made.files, sequence)
        snapshot.write_snapshot(usb, backup.keys, renamed)
    snapshot.remove_snapshot(usb, first)
    assert backup.latest().sequence == 6
    (data.root / "audit.log").write_text("changed since")
    service.make_backup(data, usb, PASS)  # numbered after the newest of the old ones
    newest = folders.open_folder(usb, PASS).latest()
    assert newest.sequence == 7 and newest.id.startswith("00000007-")
