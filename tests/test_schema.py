"""A family file of the wrong shape is treated like a damaged one, and never hides the others."""

from __future__ import annotations

import json
from dataclasses import fields

import pytest

from vipp_session import families, schema
from vipp_session.caseload import caseload
from vipp_session.store import DamagedFamily


def _good(data) -> dict:
    return json.loads(data.family_db("F2").read_text())


def _set(path: list, value):
    def change(raw: dict) -> dict:
        target = raw
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value
        return raw
    return change


WRONG_SHAPES = {
    "only a _meta": lambda raw: {"_meta": {}},
    "a list": lambda raw: [raw],
    "no data version": _set(["_meta", "1"], {}),
    "a text data version": _set(["_meta", "1", "schema"], "1"),
    "a session that is a string": _set(["sessions", "2"], "planned"),
    "a number as the birth date": _set(["family", "1", "born"], 20250110),
    "a number as a session's date": _set(["sessions", "1", "date"], 1767225600),
    "an impossible date": _set(["family", "1", "born"], "2025-02-30"),
    "no child": lambda raw: (raw["family"]["1"].pop("child"), raw)[1],
    "no family record": lambda raw: (raw.pop("family"), raw)[1],
    "the family as a string": _set(["family", "1"], "Maya"),
    "unknown pronouns": _set(["family", "1", "pronouns"], "xe"),
    "a session number out of range": _set(["sessions", "3", "number"], 9),
    "a status that is a number": _set(["sessions", "3", "status"], 2),
    "notes that are a list": _set(["sessions", "3", "notes"], ["x"]),
    "a table that is a list": _set(["moments"], []),
    "a record id that is not a number": _set(["sessions", "x"], {"number": 1}),
    "a clip with a text width": _set(["clips"], {"1": {"id": "c1", "width": "wide"}}),
    "a moment whose highlights are text": _set(["moments"], {"1": {
        "id": "m1", "clip": "c1", "at": 1.0, "frame": 30, "kind": "look", "for_session": 2,
        "highlights": "circle"}}),
    "a yes/no that is text": _set(["family", "1", "child_voice"], "no"),
}


@pytest.fixture
def two_families(data):
    families.add_family(data, "F1", child="Ada", born="2025-01-10")
    families.add_family(data, "F2", child="Maya", born="2025-03-01")
    families.set_session_note(data, "F2", 2, "last good note")
    return data


@pytest.mark.parametrize("damage", WRONG_SHAPES.values(), ids=WRONG_SHAPES.keys())
def test_a_wrong_shape_loads_the_newest_good_backup_with_a_warning(two_families, caplog, damage):
    data = two_families
    data.family_db("F2").write_text(json.dumps(damage(_good(data))))
    with caplog.at_level("WARNING"):
        family, sessions = families.get_family(data, "F2")
    assert family.child == "Maya" and sessions[1].notes == "last good note"
    assert "not a family file of the expected shape" in caplog.text
    assert "loaded the newest good backup" in caplog.text
    assert "Maya" not in caplog.text  # the reason names places in the file, not values


@pytest.mark.parametrize("damage", WRONG_SHAPES.values(), ids=WRONG_SHAPES.keys())
def test_with_no_good_copy_the_family_needs_attention_and_the_others_still_show(
        two_families, damage):
    data = two_families
    data.family_db("F2").write_text(json.dumps(damage(_good(data))))
    for backup in data.backups_dir("F2").glob("*.json"):
        backup.unlink()
    with pytest.raises(DamagedFamily, match="family 'F2'"):
        families.get_family(data, "F2")
    rows = {row.id: row for row in caseload(data)}
    assert rows["F1"].child == "Ada" and rows["F1"].problem is None
    assert rows["F2"].problem and "F2" in rows["F2"].problem and rows["F2"].child == ""


def test_family_list_shows_the_others_and_the_family_that_needs_attention(two_families, cli):
    data = two_families
    data.family_db("F2").write_text('{"_meta": {}}')
    for backup in data.backups_dir("F2").glob("*.json"):
        backup.unlink()
    r = cli("family", "list")
    assert r.code == 0
    assert "F1: Ada" in r.out
    assert "F2: needs attention" in r.out and "no earlier copy of them could be read" in r.out
    listed = cli("family", "list", "--json").json
    assert [v["id"] for v in listed] == ["F1", "F2"] and "problem" in listed[1]
    shown = cli("family", "show", "F2")
    assert shown.code == 2 and "family 'F2'" in shown.err and str(data.root) not in shown.err


def test_a_sound_file_of_every_kind_of_record_passes(two_families):
    assert schema.problem_in(_good(two_families)) is None


def test_every_field_of_every_record_has_a_kind():
    for table, (cls, kinds) in schema.RECORDS.items():
        assert {f.name for f in fields(cls)} == set(kinds), table
