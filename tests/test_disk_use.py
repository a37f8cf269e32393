"""Disk use in view (`vipp-session disk`), and an import that would leave less than the
service's minimum free space refused before it starts, with the numbers."""

from __future__ import annotations

from dataclasses import replace

import pytest

from media_factory import make_clip
from vipp_session import clips, families, moments
from vipp_session.errors import DiskFull
from vipp_session.settings import load_settings, save_settings

GB = 1024**3


@pytest.fixture
def family(data):
    families.add_family(data, "F017", child="Maya", born="2025-06-01")
    return "F017"


@pytest.fixture
def recording(tmp_path):
    return make_clip(tmp_path / "IMG_0420.mp4", duration=1.0, width=320, height=240,
                     audio="aac").path


def test_an_import_that_would_leave_too_little_free_is_refused_with_the_numbers(
        data, family, recording):
    free = 10 * GB + 5 * 1024**2  # 10 GB and 5 MB: the default keeps 10 GB free
    with pytest.raises(DiskFull) as refused:
        clips.import_clip(data, family, 1, recording, free_space=lambda folder: free)
    reason = str(refused.value)
    assert reason.startswith("IMG_0420.mp4 was not imported")
    assert "10 GB free now" in reason and "at least 10 GB free" in reason
    assert "min_free_gb" in reason and str(data.root) not in reason
    assert clips.list_clips(data, family) == []
    assert not (data.family_dir(family) / "clips").exists()


def test_the_minimum_is_the_service_s_setting(data, family, recording):
    save_settings(data, replace(load_settings(data), min_free_gb=0.5))
    result = clips.import_clip(data, family, 1, recording, free_space=lambda folder: GB)
    assert result.status == "imported"


def test_the_command_line_refuses_it_too(cli, data, family, recording, monkeypatch):
    monkeypatch.setattr(clips, "_free_space", lambda folder: 3 * GB)
    result = cli("import", family, "--session", "1", str(recording), "--json")
    assert result.code == 2
    [line] = result.json
    assert line["status"] == "failed" and "3 GB free now" in line["reason"]
    assert clips.list_clips(data, family) == []


def test_disk_counts_each_kind_of_file(cli, data, family, recording):
    [imported] = clips.import_clips(data, family, 1, [recording])
    moment = moments.add_moment(data, imported.clip.id, 0.5, "look")
    families.add_family(data, "F018", child="Leo", born="2025-06-01")
    result = cli("disk", "--json")
    assert result.code == 0
    shown = result.json
    folder = data.clip_dir(family, imported.clip.id)
    original = clips.original_path(data, imported.clip).stat().st_size
    copies = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) - original
    still = moments.still_path(data, family, moment).stat().st_size
    maya = shown["families"][family]
    assert (maya["originals"], maya["browser_copies"], maya["stills"]) == (original, copies, still)
    assert maya["records"] >= data.family_db(family).stat().st_size
    assert shown["families"]["F018"]["originals"] == 0
    assert shown["total"]["total"] == maya["total"] + shown["families"]["F018"]["total"]
    assert shown["min_free"] == 10 * GB and shown["free"] > 0
    text = cli("disk").out
    assert text.startswith("2 families take") and "originals" in text and "F017" in text
    assert shown["backup_on_this_disk"] == 0 and "last backup" not in text  # none made yet


def test_a_backup_on_the_laptop_s_own_disk_counts_and_one_elsewhere_does_not(
        cli, data, family, recording, tmp_path, monkeypatch):
    import os

    from vipp_session.backup import service as backups

    clips.import_clips(data, family, 1, [recording])
    folder = tmp_path / "backups on the laptop"
    backups.make_backup(data, folder, "a long backup passphrase", "a long backup passphrase")
    on_disk = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
    shown = cli("disk", "--json").json
    assert shown["backup_on_this_disk"] == on_disk > 0
    assert "The last backup is on this disk too" in cli("disk").out

    real_stat = os.stat  # the same folder, as if it were a USB disk's

    def elsewhere(path, *args, **kwargs):
        found = real_stat(path, *args, **kwargs)
        if os.fspath(path) == str(folder):
            return os.stat_result((*found[:2], found.st_dev + 1, *found[3:]))
        return found

    monkeypatch.setattr(os, "stat", elsewhere)
    assert cli("disk", "--json").json["backup_on_this_disk"] == 0
    # a backup made to another disk is not walked to be measured (a network folder may be slow)
    walked = []
    monkeypatch.setattr(backups, "_folder_bytes", lambda root: walked.append(root) or 1)
    backups.make_backup(data, folder, "a long backup passphrase")
    assert walked == []
    monkeypatch.undo()
    import shutil
    shutil.rmtree(folder)  # the backup folder is gone (a disk unplugged): nothing to count
    assert cli("disk", "--json").json["backup_on_this_disk"] == 0
