"""vipp-session manual check | show, run as a real process."""

from __future__ import annotations

import json
import shutil
from datetime import date

import pytest
from tests.conftest import folder_snapshot

from vipp_session import manual

SHOW_KEYS = {"session", "title", "theme", "discipline_theme", "filming_tasks", "opening",
             "debrief", "take_home", "messages"}
MESSAGE_KEYS = {"id", "kind", "component", "voice", "text"}


@pytest.fixture
def lib(tmp_path):
    copy = tmp_path / "lib"
    shutil.copytree(manual.shipped_dir(), copy)
    return copy


def months_ago(months: int) -> str:
    today = date.today()
    y, m = divmod(today.year * 12 + today.month - 1 - months, 12)
    return date(y, m + 1, min(today.day, 28)).isoformat()


def test_check_passes_on_the_shipped_library(cli, data):
    r = cli("manual", "check")
    assert r.code == 0, r.err
    assert "passes every check" in r.out and "6 sessions" in r.out
    assert not data.root.exists()  # checking writes nothing, not even the data folder


def test_check_lists_each_problem_on_its_own_line_and_exits_2(cli, lib):
    (lib / "session-2.toml").write_text(
        (lib / "session-2.toml").read_text().replace("Here {child} looks at the ball",
                                                     "Here {name} looks at the ball"))
    (lib / "session-5.toml").write_text(
        (lib / "session-5.toml").read_text().replace(
            "{child} smiles at you as soon as you come close.",
            "Don't rush. {child} smiles at you as soon as you come close."))
    before = folder_snapshot(lib)
    r = cli("manual", "check", str(lib))
    assert r.code == 2
    lines = r.out.strip().splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("session-2.toml line ") and "message s2-look-1:" in lines[0]
    assert "{name}" in lines[0]
    assert lines[1].startswith("session-5.toml line ") and "message s5-smile-1:" in lines[1]
    assert "'Don't' (commanding)" in lines[1]
    assert "2 problems" in r.err
    assert folder_snapshot(lib) == before


def test_check_json_reports_problems_with_file_line_and_id(cli, lib):
    (lib / "session-3.toml").write_text(
        (lib / "session-3.toml").read_text().replace('id = "s3-look-2"', 'id = "s3-look-1"'))
    r = cli("manual", "check", str(lib), "--json")
    assert r.code == 2
    report = r.json
    assert report["ok"] is False and report["library"] == str(lib.resolve())
    [problem] = report["problems"]
    assert problem["file"] == "session-3.toml" and problem["message"] == "s3-look-1"
    assert isinstance(problem["line"], int) and "used twice" in problem["problem"]


def test_check_uses_the_manual_option_and_reports_bad_toml(cli, lib):
    (lib / "programme.toml").write_text("[programme\nname = 'x'\n")
    r = cli("manual", "check", "--manual", str(lib))
    assert r.code == 2
    assert r.out.startswith("programme.toml line 1: this is not valid TOML")


def test_check_of_a_folder_that_is_not_there_exits_2(cli, tmp_path, data):
    r = cli("manual", "check", str(tmp_path / "nowhere"))
    assert r.code == 2 and "is not a folder" in r.err
    assert r.err.count("\n") == 1 and r.out == ""
    assert not data.root.exists()


def test_show_without_a_family_prints_the_json_shape(cli):
    r = cli("manual", "show", "--session", "2", "--json")
    assert r.code == 0, r.err
    view = r.json
    assert SHOW_KEYS <= set(view)
    assert view["session"] == 2 and view["track"] == "sd"
    assert set(view["take_home"]) == {"text", "tips"}
    assert all(set(m) == MESSAGE_KEYS for m in view["messages"])
    assert {m["component"] for m in view["messages"]} == {"sensitivity", "discipline"}
    assert "{child}" in view["take_home"]["text"]


def test_show_for_an_infant_family_has_no_discipline_content(cli, data):
    assert cli("family", "add", "--id", "F1", "--child", "Sam", "--born", months_ago(8),
               "--pronouns", "he").code == 0
    before = folder_snapshot(data.root)
    r = cli("manual", "show", "--session", "1", "--family", "F1", "--json")
    assert r.code == 0, r.err
    view = r.json
    assert view["track"] == "infant" and view["family"] == "F1"
    assert view["discipline_theme"] is None
    assert view["messages"] and all(m["component"] == "sensitivity" for m in view["messages"])
    assert "Sam" in view["take_home"]["text"]
    assert not any("{" in m["text"] for m in view["messages"])
    assert folder_snapshot(data.root) == before  # showing writes nothing


def test_show_for_a_toddler_is_in_their_words(cli):
    cli("family", "add", "--id", "F2", "--child", "Alex", "--born", months_ago(20),
        "--pronouns", "they", "--mum-word", "Mama")
    r = cli("manual", "show", "--session", "1", "--family", "F2", "--json")
    view = r.json
    assert view["track"] == "sd"
    assert view["discipline_theme"]["theme"] == "Distraction and giving reasons"
    texts = {m["id"]: m["text"] for m in view["messages"]}
    assert texts["s1-look-1"].endswith("They are checking that you are still there.")
    assert texts["s1-look-3"].startswith("Mama, ")
    assert any(m["component"] == "discipline" for m in view["messages"])


def test_show_as_text_is_readable(cli):
    r = cli("manual", "show", "--session", "4", "--track", "infant")
    assert r.code == 0
    assert r.out.startswith("Session 4: Sharing feelings (track infant)")
    assert "Things to try:" in r.out and "s4-look-2 [look, sensitivity, clinician]" in r.out
    assert "Discipline theme" not in r.out


def test_show_uses_the_library_from_the_setting_or_the_option(cli, data, lib):
    (lib / "session-1.toml").write_text((lib / "session-1.toml").read_text().replace(
        'title = "Exploring and coming back"', 'title = "Off to explore, and back again"'))
    r = cli("manual", "show", "--session", "1", "--manual", str(lib), "--json")
    assert r.json["title"] == "Off to explore, and back again"
    data.root.mkdir(parents=True)
    data.settings_file.write_text(json.dumps({"manual_dir": str(lib)}))
    assert cli("manual", "show", "--session", "1", "--json").json["title"] == \
        "Off to explore, and back again"


@pytest.mark.parametrize(("args", "reason"), [
    (("--session", "7"), "session"),
    (("--session", "two"), "session"),
    (("--session", "1", "--family", "NOBODY"), "NOBODY"),
    (("--session", "1", "--track", "toddler"), "invalid choice"),
])
def test_show_refuses_bad_input_with_one_line(cli, data, args, reason):
    r = cli("manual", "show", *args)
    assert r.code == 2
    assert reason in r.err and r.err.count("\n") == 1 and r.out == ""
    assert not data.root.exists()


def test_show_refuses_a_track_with_a_family(cli, data):
    cli("family", "add", "--id", "F3", "--child", "Ruby", "--born", months_ago(20))
    before = folder_snapshot(data.root)
    r = cli("manual", "show", "--session", "1", "--family", "F3", "--track", "infant")
    assert r.code == 2 and "follows the child's age" in r.err
    assert folder_snapshot(data.root) == before


def test_show_refuses_a_broken_library(cli, lib):
    (lib / "session-2.toml").write_text((lib / "session-2.toml").read_text().replace(
        "You know {child} better than anyone.", "You must try harder."))
    r = cli("manual", "show", "--session", "2", "--manual", str(lib))
    assert r.code == 2
    assert "cannot be used until it is fixed" in r.err and "manual check" in r.err
    assert r.out == ""


def test_show_for_a_family_without_the_child_voice_leaves_those_messages_out(cli):
    cli("family", "add", "--id", "F3", "--child", "Ngozi", "--born", months_ago(20))
    with_voice = cli("manual", "show", "--session", "2", "--family", "F3", "--json").json
    assert {m["voice"] for m in with_voice["messages"]} == {"clinician", "child"}
    assert cli("family", "edit", "F3", "--child-voice", "no").code == 0
    without = cli("manual", "show", "--session", "2", "--family", "F3", "--json").json
    assert {m["voice"] for m in without["messages"]} == {"clinician"}
    assert len(without["messages"]) < len(with_voice["messages"])
