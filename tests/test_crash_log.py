"""The crash log: no command line, names or notes in it; private; never in /tmp."""

from __future__ import annotations

import stat
import tempfile
from pathlib import Path

import pytest

from vipp_session import families
from vipp_session.cli import main
from vipp_session.paths import DataDir

LOG_NAME = "vipp-session-errors.log"
SECRET = "Zoë's nan shouts at her"


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def crashing_edit(data, monkeypatch):
    families.add_family(data, "F1", child="Zoë", born="2025-01-10")

    def broken(*args, **kwargs):
        raise RuntimeError(f"could not save {SECRET}")

    monkeypatch.setattr(families, "edit_family", broken)


def test_an_unexpected_failure_exits_1_and_its_log_holds_no_names_or_command_line(
        data, crashing_edit, capsys):
    code = main(["family", "edit", "F1", "--child", "Zoë", "--mother", "Hannah",
                 "--data", str(data.root)])
    assert code == 1
    err = capsys.readouterr().err
    assert "something went wrong" in err and "Traceback" not in err
    log = data.log_dir / LOG_NAME
    text = log.read_text()
    assert "RuntimeError" in text and "vipp_session/cli/family.py" in text
    for private in ("Zoë", "Hannah", "--child", "--mother", SECRET, "nan shouts", str(data.root)):
        assert private not in text
    assert _mode(log) == 0o600 and _mode(data.log_dir) == 0o700


def test_an_older_log_readable_by_others_is_made_private(data, crashing_edit):
    data.log_dir.mkdir(mode=0o755)
    data.log_dir.chmod(0o755)
    (data.log_dir / LOG_NAME).write_text("older\n")
    (data.log_dir / LOG_NAME).chmod(0o644)
    assert main(["family", "edit", "F1", "--child", "Mia", "--data", str(data.root)]) == 1
    assert _mode(data.log_dir / LOG_NAME) == 0o600 and _mode(data.log_dir) == 0o700
    assert (data.log_dir / LOG_NAME).read_text().startswith("older\n")


def test_without_a_writable_data_folder_the_log_goes_to_the_users_cache_not_tmp(
        tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    blocked = tmp_path / "a-file"
    blocked.write_text("")
    from vipp_session.crashlog import write_crash_log

    data = DataDir(blocked / "data")  # cannot be created, whoever runs the test
    before = set(Path(tempfile.gettempdir()).glob("vipp-session*"))
    try:
        raise OSError(28, f"No space left for {SECRET}")
    except OSError:
        path = write_crash_log(data, "summary")
    assert path == tmp_path / "cache" / "vipp-session" / "logs" / LOG_NAME
    text = path.read_text()
    assert "OSError [ENOSPC]" in text and SECRET not in text
    assert _mode(path) == 0o600 and _mode(path.parent) == 0o700
    assert set(Path(tempfile.gettempdir()).glob("vipp-session*")) == before
