"""A full disk or a read-only data folder: exit 2 with a plain reason, nothing changed, and
nothing reported as failed that was done.

As root (as in CI here) the disks are real: a read-only bind mount of the data folder and a
small tmpfs filled to the brim. Otherwise the folder is made read-only with chmod, and a full
disk is simulated by failing every new write under the data folder with ENOSPC.
"""

from __future__ import annotations

import errno
from dataclasses import replace
import logging
import os
import stat
import subprocess

import pytest

from media_factory import make_clip
from tests.conftest import folder_snapshot
from vipp_session import audit, clips, families, moments
from vipp_session.cli import main
from vipp_session.settings import load_settings, save_settings


def _mount(*args: str) -> bool:
    return os.geteuid() == 0 and subprocess.run(["mount", *args], capture_output=True).returncode == 0


@pytest.fixture
def family(data, tmp_path):
    """F1 with a clip and a moment for session 2, in a data folder on its own small disk."""
    data.root.mkdir(parents=True)
    mounted = _mount("-t", "tmpfs", "-o", "size=96m", "tmpfs", str(data.root))
    try:
        families.add_family(data, "F1", child="Maya", born="2025-01-10")
        # a 96 MB disk has less free than a service's minimum (min_free_gb): not what is tested here
        save_settings(data, replace(load_settings(data), min_free_gb=0))
        make_clip(tmp_path / "play.mp4", duration=1)
        [r] = clips.import_clips(data, "F1", 1, [tmp_path / "play.mp4"])
        moment = moments.add_moment(data, r.clip.id, 0.5, "look", text="Look at her smile.")
        yield data, moment
    finally:
        if mounted:
            subprocess.run(["umount", "-l", str(data.root)], check=True)


@pytest.fixture
def read_only(family):
    data, moment = family
    if _mount("--bind", str(data.root), str(data.root)):
        try:
            assert _mount("-o", "remount,ro,bind", str(data.root))
            yield family
        finally:
            subprocess.run(["umount", "-l", str(data.root)], check=True)
        return
    modes = {p: p.stat().st_mode for p in [data.root, *data.root.rglob("*")]}
    for p in modes:
        p.chmod(stat.S_IMODE(modes[p]) & ~0o222)
    yield family
    for p, mode in modes.items():
        p.chmod(stat.S_IMODE(mode))


@pytest.fixture
def full_disk(family, monkeypatch):
    data, moment = family
    if os.geteuid() == 0 and os.statvfs(data.root).f_blocks * os.statvfs(data.root).f_frsize < 2**30:
        with open(data.root / "filler", "wb") as f:  # the real thing: fill the small disk
            try:
                while True:
                    f.write(b"\0" * (1 << 16))
                    f.flush()
            except OSError as exc:
                assert exc.errno == errno.ENOSPC
        yield family
        (data.root / "filler").unlink()
        return
    real_open, real_mkdir = os.open, os.mkdir
    root = str(data.root)

    def full_open(path, flags, *args, **kwargs):
        if str(path).startswith(root) and flags & os.O_CREAT and not flags & os.O_APPEND:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))
        return real_open(path, flags, *args, **kwargs)

    def full_mkdir(path, *args, **kwargs):
        if str(path).startswith(root):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))
        return real_mkdir(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", full_open)
    monkeypatch.setattr(os, "mkdir", full_mkdir)
    yield family


def run(data, *args: str, capsys) -> tuple[int, str]:
    code = main([*args, "--data", str(data.root)])
    return code, capsys.readouterr().err


def _snapshot(data) -> dict:
    return {k: v for k, v in folder_snapshot(data.root).items() if k != "filler"}


def commands(moment):
    return {
        "family add": ["family", "add", "--id", "F2", "--child", "Ada", "--born", "2025-02-01"],
        "family edit": ["family", "edit", "F1", "--child", "Mia"],
        "session plan": ["session", "plan", "F1", "2", "--date", "2026-12-01T10:00"],
        "moment edit": ["moment", "edit", moment.id, "--text", "See how she looks at you."],
        "erase": ["family", "erase", "F1", "--yes"],
    }


@pytest.mark.parametrize("name", ["family add", "family edit", "session plan", "moment edit",
                                  "erase"])
def test_a_read_only_data_folder_is_exit_2_with_a_plain_reason(read_only, name, capsys):
    data, moment = read_only
    before = _snapshot(data)
    code, err = run(data, *commands(moment)[name], capsys=capsys)
    assert code == 2, err
    assert "something went wrong" not in err
    assert "cannot be written to" in err and str(data.root) in err
    assert _snapshot(data) == before


@pytest.mark.parametrize("name", ["family add", "family edit", "session plan", "moment edit"])
def test_a_full_disk_is_exit_2_with_a_plain_reason(full_disk, name, capsys):
    data, moment = full_disk
    before = _snapshot(data)
    code, err = run(data, *commands(moment)[name], capsys=capsys)
    assert code == 2, err
    assert "something went wrong" not in err
    assert "no room left on the disk" in err and str(data.root) in err
    assert _snapshot(data) == before
    assert not list(data.root.rglob("*.tmp")), "no temp file left behind"


def test_erase_on_a_full_disk_erases_and_says_so(full_disk, capsys):
    data, moment = full_disk
    code, err = run(data, *commands(moment)["erase"], capsys=capsys)
    assert code == 0, err
    assert not data.family_dir("F1").exists()


def test_summary_with_a_read_only_data_folder_makes_nothing_and_says_why(read_only, tmp_path,
                                                                         capsys):
    data, moment = read_only
    out = tmp_path / "summary.pdf"
    code, err = run(data, "summary", "F1", "--session", "2", "-o", str(out), capsys=capsys)
    assert code == 2, err
    assert "cannot be written to" in err and "something went wrong" not in err
    assert not out.exists(), "a summary that was not recorded is not made"


def test_summary_made_on_a_full_disk_is_reported_as_made(full_disk, tmp_path, capsys, caplog,
                                                         monkeypatch):
    """The PDF goes to her own folder; only audit.log has no room: it was made, so it is
    reported as made (exit 0), with a warning that it could not be noted."""
    data, moment = full_disk
    out = tmp_path / "summary.pdf"
    append = audit._append

    def no_room_for_a_line(data, raw):  # the last free bytes of audit.log's disk are gone
        if raw:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(data.audit_log))
        append(data, raw)

    monkeypatch.setattr(audit, "_append", no_room_for_a_line)
    with caplog.at_level(logging.WARNING):
        code = main(["summary", "F1", "--session", "2", "-o", str(out), "--data", str(data.root)])
    assert out.read_bytes().startswith(b"%PDF")
    assert code == 0
    assert "Wrote" in capsys.readouterr().out
    assert "could not be noted in audit.log" in caplog.text


def test_summary_onto_a_full_disk_of_her_own_names_that_disk(family, tmp_path, capsys):
    data, moment = family
    stick = tmp_path / "stick"
    stick.mkdir()
    mounted = _mount("-t", "tmpfs", "-o", "size=64k", "tmpfs", str(stick))
    filler = stick / "filler"
    try:
        with open(filler, "wb", buffering=0) as f:
            if not mounted:  # no small disk to fill: the stick refuses new files instead
                stick.chmod(0o500)
            while mounted:
                try:
                    f.write(b"\0" * 4096)
                except OSError:
                    break
        code, err = run(data, "summary", "F1", "--session", "2", "-o", str(stick / "s.pdf"),
                        capsys=capsys)
        assert code == 2, err
        assert str(stick) in err and "something went wrong" not in err
        assert "no room left on the disk" in err if mounted else "cannot be written to" in err
        assert not list(stick.glob("*.pdf")) and not list(stick.glob(".*tmp"))
    finally:
        stick.chmod(0o700)
        if mounted:
            subprocess.run(["umount", "-l", str(stick)], check=True)


@pytest.mark.parametrize("command", ["suggest", "passphrase"])
def test_any_other_command_on_a_read_only_data_folder_is_still_said_plainly(read_only, command,
                                                                          cli):
    data, moment = read_only
    if command == "passphrase":
        r = cli("passphrase", "set", stdin="a quiet morning\n" * 2)
    else:
        r = cli("suggest", moment.clip)
    assert r.code == 2, r.err
    assert "cannot be written to" in r.err and "something went wrong" not in r.err
    assert not (data.log_dir / "vipp-session-errors.log").exists()
