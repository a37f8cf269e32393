"""Finding a clip or a moment by its id alone reads its own family's file, not every
family's: the id index (id_index.py) says where it is, and is rebuilt when missing or
wrong, never trusted without checking."""

from __future__ import annotations

import json

import pytest

from media_factory import make_clip
from vipp_session import clips, families, id_index
from vipp_session.errors import NotFound
from vipp_session.store import UnitOfWorkStorage

FAMILIES = 200


@pytest.fixture
def many(data, tmp_path):
    """200 families; the clip belongs to the last one added."""
    for n in range(FAMILIES):
        families.add_family(data, f"F{n:03d}", child="Ada", born="2025-01-15", pronouns="she")
    made = make_clip(tmp_path / "play.mp4", duration=1.0, width=160, height=120)
    [result] = clips.import_clips(data, f"F{FAMILIES - 1:03d}", 1, [made.path])
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


def test_a_clip_is_found_by_reading_only_its_own_family(data, many, files_read):
    family_id, clip = clips.find_clip(data, many.id)
    assert (family_id, clip.id) == (f"F{FAMILIES - 1:03d}", many.id)
    assert files_read == [family_id]


def test_a_missing_index_is_rebuilt_once_then_lookups_are_cheap_again(data, many, files_read):
    data.id_index.unlink()
    clips.find_clip(data, many.id)
    assert len(files_read) == FAMILIES + 1  # every family once to rebuild, then its own
    files_read.clear()
    clips.find_clip(data, many.id)
    assert len(files_read) == 1


def test_a_wrong_index_is_not_trusted(data, many, files_read):
    data.id_index.write_text(json.dumps({many.id: "F000"}))
    family_id, _ = clips.find_clip(data, many.id)
    assert family_id == f"F{FAMILIES - 1:03d}"
    assert json.loads(data.id_index.read_text())[many.id] == family_id


def test_an_erase_leaves_no_family_code_in_the_index(data, many):
    owner = f"F{FAMILIES - 1:03d}"
    assert owner in data.id_index.read_text()
    families.erase_family(data, owner)
    assert not data.id_index.exists()
    with pytest.raises(NotFound):
        clips.find_clip(data, many.id)
    assert owner not in json.dumps(id_index.rebuild(data))
