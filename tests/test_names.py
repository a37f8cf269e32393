"""Names refuse control, bidi-override and zero-width characters, with a plain reason."""

from __future__ import annotations

import pytest

from tests.conftest import folder_snapshot
from vipp_session import families, validate
from vipp_session.errors import BadInput

HIDDEN = {
    "right-to-left override": "\u202eayaM",
    "right-to-left isolate": "Ma\u2067ya",
    "zero-width space": "Ma\u200bya",
    "zero-width joiner": "Ma\u200dya",
    "byte order mark": "\ufeffMaya",
    "bell": "Ma\x07ya",
    "escape": "Maya\x1b[31m",
    "line separator": "Ma\u2028ya",
}


@pytest.mark.parametrize("value", HIDDEN.values(), ids=HIDDEN.keys())
@pytest.mark.parametrize("field", ["child", "mum_word", "mother", "clinician"])
def test_a_name_with_a_hidden_character_is_refused_and_nothing_is_written(data, field, value):
    fields = {"child": "Maya", "born": "2025-01-10", "mum_word": "Mummy", field: value}
    with pytest.raises(BadInput) as refused:
        families.add_family(data, "F1", **fields)
    assert "hidden character" in str(refused.value)
    assert refused.value.field == field
    assert "\u202e" not in str(refused.value) and "\u200b" not in str(refused.value)
    assert folder_snapshot(data.root) == {}


def test_editing_a_name_refuses_a_hidden_character_and_keeps_the_old_one(data):
    families.add_family(data, "F1", child="Maya", born="2025-01-10")
    with pytest.raises(BadInput, match=r"U\+202E"):
        families.edit_family(data, "F1", child="\u202eayaM")
    assert families.get_family(data, "F1")[0].child == "Maya"


@pytest.mark.parametrize("code", ["F\u202e01", "F0\u200b1", "F01\n", "F01\x00"])
def test_a_family_code_with_a_hidden_character_is_refused_without_echoing_it(code):
    with pytest.raises(BadInput) as refused:
        validate.family_id(code + "x")
    message = str(refused.value)
    assert "not a usable family code" in message
    assert all(validate._invisible(ch) is False for ch in message)


@pytest.mark.parametrize("name", ["Zoë", "Siân", "O'Brien", "Anne-Marie", "Mamá", "محمد", "李华",
                                  "Ayşe", "Nguyễn"])
def test_ordinary_names_in_any_script_are_kept(name):
    assert validate.name(name, "child's first name", "child") == name


def test_the_command_line_refuses_a_reversed_name_with_exit_2(cli, data):
    r = cli("family", "add", "--id", "F1", "--child", "\u202eayaM", "--born", "2025-01-10")
    assert r.code == 2
    assert "child's first name" in r.err and "hidden character" in r.err
    assert "<U+202E>ayaM" in r.err
    assert not data.families_dir.exists()
