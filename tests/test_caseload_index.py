"""The caseload reads a small index, not every family's records: kept in step with the
families, rebuilt when missing or wrong, and never holding an erased family's name."""

from __future__ import annotations

import json
import os
import stat

import pytest

from media_factory import make_clip
from vipp_session import caseload_index, clips, families, moments
from vipp_session.caseload import caseload
from vipp_session.store import UnitOfWorkStorage

FAMILIES = 12


@pytest.fixture
def year(data, tmp_path):
    """12 families; F003 has a real clip filmed at session 1 and a moment for session 2."""
    for n in range(FAMILIES):
        families.add_family(data, f"F{n:03d}", child=f"Child{n}", born="2025-06-01")
    families.set_session_status(data, "F003", 1, "held")
    made = make_clip(tmp_path / "visit.mp4", duration=1.0, width=160, height=120)
    [result] = clips.import_clips(data, "F003", 1, [made.path])
    moments.add_moment(data, result.clip.id, 0.5, "look")
    return result.clip


@pytest.fixture
def files_read(monkeypatch):
    """The family files opened while the test runs, in order."""
    opened = []
    load = UnitOfWorkStorage.load

    def counted(self):
        opened.append(self.path.parent.name)
        return load(self)

    monkeypatch.setattr(UnitOfWorkStorage, "load", counted)
    return opened


def rows(data):
    return {r.id: r for r in caseload(data)}


def test_a_second_caseload_reads_no_family_file_and_shows_the_same(data, year, files_read):
    first = rows(data)
    assert len(files_read) == FAMILIES  # the first builds the index
    files_read.clear()
    assert rows(data) == first
    assert files_read == []
    assert (first["F003"].next_session, first["F003"].clips_for_next,
            first["F003"].moments_for_next) == (2, 1, 1)


def test_a_change_to_one_family_is_shown_and_only_that_family_is_read(data, year, files_read):
    rows(data)
    files_read.clear()
    families.plan_session(data, "F007", 1, "2026-12-01T10:30")
    families.set_session_status(data, "F003", 2, "held")  # the next is now session 3
    files_read.clear()
    after = rows(data)
    assert sorted(files_read) == ["F003", "F007"]
    assert after["F007"].next_date.isoformat() == "2026-12-01T10:30:00"
    assert (after["F003"].next_session, after["F003"].clips_for_next) == (3, 0)


def test_a_change_of_the_same_size_is_still_seen(data, year):
    rows(data)
    families.edit_family(data, "F005", child="Child9")  # as long as 'Child5'
    assert rows(data)["F005"].child == "Child9"


@pytest.mark.parametrize("damage", ["missing", "not json", "wrong entries"])
def test_a_missing_or_wrong_index_is_built_again_from_the_families(data, year, damage):
    before = rows(data)
    path = data.caseload_index
    if damage == "missing":
        path.unlink()
    elif damage == "not json":
        path.write_text("{half")
    else:
        kept = json.loads(path.read_text())
        for held in kept["families"].values():
            held["family"] = {"nonsense": True}
        path.write_text(json.dumps(kept))
    assert rows(data) == before
    assert json.loads(path.read_text())["families"].keys() == before.keys()


def test_the_index_is_readable_by_its_user_only(data, year):
    rows(data)
    assert stat.S_IMODE(os.stat(data.caseload_index).st_mode) == 0o600


def test_an_erased_family_leaves_no_trace_in_the_index(data, year):
    families.edit_family(data, "F004", child="Olwen")
    rows(data)
    assert "Olwen" in data.caseload_index.read_text()
    families.erase_family(data, "F004")
    text = data.caseload_index.read_text()
    assert "Olwen" not in text and "F004" not in text
    assert "F004" not in rows(data)


def test_a_family_that_cannot_be_read_is_shown_as_needing_attention(data, year):
    rows(data)
    db = data.family_db("F002")
    db.write_text("{not json")
    for backup in data.backups_dir("F002").glob("*.json"):
        backup.write_text("{not json")
    shown = rows(data)
    assert shown["F002"].problem and "records of family 'F002' cannot be used" in shown["F002"].problem
    assert shown["F001"].problem is None


def test_the_index_keeps_the_family_s_disk_use(data, year):
    entry = caseload_index.entry(data, "F003")
    original = clips.original_path(data, year)
    assert entry.disk.originals == original.stat().st_size
    assert entry.disk.browser_copies >= clips.proxy_path(data, year).stat().st_size
    assert entry.disk.stills > 0 and entry.disk.records > 0
    assert caseload_index.entry(data, "F001").disk.originals == 0
