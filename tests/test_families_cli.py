"""The family and session commands, run as a real process, and every bad input."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tests.conftest import folder_snapshot


def years_ago(years: int, days: int = 0) -> str:
    today = date.today()
    try:
        d = today.replace(year=today.year - years)
    except ValueError:  # 29 February
        d = today.replace(year=today.year - years, day=28)
    return (d - timedelta(days=days)).isoformat()


def months_ago(months: int) -> str:
    today = date.today()
    y, m = divmod(today.year * 12 + today.month - 1 - months, 12)
    return date(y, m + 1, min(today.day, 28)).isoformat()


def add_family(cli, fid="F001", child="Zoë", born=None, *extra):
    return cli("family", "add", "--id", fid, "--child", child, "--born", born or months_ago(14),
               "--json", *extra)


def test_add_show_list_edit_round_trip(cli):
    r = add_family(cli, "F001", "Łucja", months_ago(14), "--pronouns", "they",
                   "--mother", "Siobhán", "--mum-word", "Mama", "--clinician", "Sam",
                   "--consent-date", date.today().isoformat(), "--wants-copies", "yes")
    assert r.code == 0, r.err
    view = r.json
    assert view["id"] == "F001" and view["child"] == "Łucja" and view["pronouns"] == "they"
    assert view["mum_word"] == "Mama" and view["mother"] == "Siobhán"
    assert view["wants_copies"] is True
    assert view["age_months"] == 14 and view["track"] == "sd"
    assert [s["number"] for s in view["sessions"]] == [1, 2, 3, 4, 5, 6]
    assert all(s["date"] is None and s["status"] == "planned" for s in view["sessions"])

    shown = cli("family", "show", "F001", "--json").json
    assert shown["child"] == "Łucja" and shown["born"] == view["born"]

    r = cli("family", "edit", "F001", "--child", "Lucy", "--mum-word", "Mum", "--json")
    assert r.code == 0, r.err
    assert r.json["child"] == "Lucy" and r.json["mum_word"] == "Mum"
    assert r.json["mother"] == "Siobhán"  # untouched fields keep their values

    add_family(cli, "F002", "Ngozi")
    listed = cli("family", "list", "--json").json
    assert [f["id"] for f in listed] == ["F001", "F002"]
    assert listed[0]["child"] == "Lucy"


def test_defaults_and_plain_text_output(cli):
    r = cli("family", "add", "--id", "F9", "--child", "Sam", "--born", months_ago(8))
    assert r.code == 0 and "F9" in r.out
    view = cli("family", "show", "F9", "--json").json
    assert view["pronouns"] == "she" and view["mum_word"] == "Mummy"
    assert view["track"] == "infant" and view["age_note"] is None
    shown = cli("family", "show", "F9")
    assert "session 6: planned, no date yet" in shown.out and "infant" in shown.out
    assert "not planned (planned)" not in shown.out


def test_track_follows_age_on_the_date_of_session_one(cli):
    born = date.today() - timedelta(days=300)  # about 9.8 months: infant today
    add_family(cli, "F1", "Ada", born.isoformat())
    assert cli("family", "show", "F1", "--json").json["track"] == "infant"
    later = date.today() + timedelta(days=90)  # over 11 months by then
    assert cli("session", "plan", "F1", "1", "--date", f"{later.isoformat()}T10:00").code == 0
    view = cli("family", "show", "F1", "--json").json
    assert view["track"] == "sd" and view["track_age_months"] >= 11


def test_outside_the_programme_ages_is_allowed_with_a_note(cli):
    r = add_family(cli, "F3", "Ben", months_ago(3))
    assert r.code == 0
    assert "designed for children of 6 to 36 months" in r.json["age_note"]
    assert "6 to 36 months" in r.err
    assert "6 to 36 months" in cli("family", "show", "F3").out
    old = add_family(cli, "F4", "Cai", months_ago(40)).json
    assert old["track"] == "sd" and "40 months" in old["age_note"]


def test_sessions_plan_status_and_note(cli):
    add_family(cli)
    r = cli("session", "plan", "F001", "2", "--date", "2026-12-03T14:30", "--json")
    assert r.code == 0, r.err
    assert r.json == {"number": 2, "date": "2026-12-03T14:30", "status": "planned", "notes": ""}
    assert cli("session", "set-status", "F001", "2", "rescheduled").code == 0
    assert cli("session", "note", "F001", "2", "Moved: child unwell").code == 0
    s2 = cli("family", "show", "F001", "--json").json["sessions"][1]
    assert s2 == {"number": 2, "date": "2026-12-03T14:30", "status": "rescheduled",
                  "notes": "Moved: child unwell"}
    shown = cli("family", "show", "F001").out
    assert "session 2: rescheduled, Thu 3 Dec 2026, 14:30" in shown
    assert "session 1: planned, no date yet" in shown


BAD_ADDS = [
    (["--id", ""], "Give the family a code: 1 to 32 letters"),
    (["--id", "F 1"], "not a usable family code"),
    (["--id", "x" * 33], "not a usable family code"),
    (["--id", "../evil"], "not a usable family code"),
    (["--child", "  "], "child's first name cannot be empty"),
    (["--born", "2025-02-30"], "not a date"),
    (["--born", "yesterday"], "not a date"),
    (["--born", (date.today() + timedelta(days=1)).isoformat()], "in the future"),
    (["--born", years_ago(5, 1)], "over 5 years old"),
    (["--pronouns", "it"], "Pronouns must be one of she, he, they"),
    (["--consent-date", "2026-13-01"], "not a date"),
    (["--wants-copies", "maybe"], "Answer yes or no"),
]


@pytest.mark.parametrize("override,reason", BAD_ADDS, ids=[r for _, r in BAD_ADDS])
def test_bad_family_input_is_refused_and_nothing_written(cli, data, override, reason):
    args = {"--id": "F001", "--child": "Zoë", "--born": months_ago(14)}
    extra = []
    for k, v in zip(override[::2], override[1::2]):
        if k in args:
            args[k] = v
        else:
            extra += [k, v]
    flat = [x for kv in args.items() for x in kv] + extra
    r = cli("family", "add", *flat)
    assert r.code == 2
    assert reason in r.err
    assert len(r.err.strip().splitlines()) == 1 and "Traceback" not in r.err
    assert folder_snapshot(data.families_dir) == {}


def test_duplicate_id_refused_and_original_kept(cli, data):
    add_family(cli, "F001", "Zoë")
    before = folder_snapshot(data.families_dir)
    r = add_family(cli, "F001", "Someone else")
    assert r.code == 2 and "already exists" in r.err
    assert folder_snapshot(data.families_dir) == before
    assert cli("family", "show", "F001", "--json").json["child"] == "Zoë"


@pytest.mark.parametrize(
    "args,reason",
    [
        (["family", "show", "NOPE"], "There is no family 'NOPE'"),
        (["family", "edit", "NOPE", "--child", "A"], "There is no family 'NOPE'"),
        (["session", "plan", "NOPE", "1", "--date", "2026-12-01T10:00"], "There is no family"),
        (["session", "plan", "F001", "7", "--date", "2026-12-01T10:00"], "1 to 6"),
        (["session", "plan", "F001", "0", "--date", "2026-12-01T10:00"], "1 to 6"),
        (["session", "plan", "F001", "1", "--date", "2026-12-01"], None),
        (["session", "plan", "F001", "1", "--date", "tomorrow"], "not a date and time"),
        (["session", "plan", "F001", "1", "--date", "2001-01-01T10:00"], "before"),
        (["session", "plan", "F001", "1", "--date", "2099-01-01T10:00"], "two years ahead"),
        (["session", "set-status", "F001", "1", "done"], "Unknown status 'done'"),
        (["session", "note", "F001", "9", "x"], "1 to 6"),
        (["family", "edit", "F001", "--born", "2040-01-01"], "in the future"),
        (["family", "edit", "F001", "--child", ""], "cannot be empty"),
        (["family", "erase", "F001"], "add --yes"),
    ],
)
def test_bad_edits_refused_and_nothing_written(cli, data, args, reason):
    add_family(cli)
    before = folder_snapshot(data.families_dir)
    r = cli(*args)
    if reason is None:  # a plain date is a valid date-time (midnight): accepted
        assert r.code == 0
        return
    assert r.code == 2, r.out
    assert reason in r.err and "Traceback" not in r.err
    assert folder_snapshot(data.families_dir) == before


def test_data_folder_that_cannot_be_written(cli, tmp_path):
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    r = cli("family", "add", "--id", "F1", "--child", "A", "--born", months_ago(12),
            "--data", str(blocked / "data"))
    assert r.code == 2
    assert "cannot be written" in r.err
    assert blocked.read_text() == "not a folder"


def test_usage_mistakes_exit_2_with_one_line(cli):
    r = cli("family", "add", "--child", "A")
    assert r.code == 2 and "required" in r.err


def test_erase_removes_everything_of_the_family(cli, data):
    add_family(cli, "F001")
    add_family(cli, "F002")
    r = cli("family", "erase", "F001", "--yes")
    assert r.code == 0
    assert not data.family_dir("F001").exists()
    assert [f["id"] for f in cli("family", "list", "--json").json] == ["F002"]
    log = data.audit_log.read_text()
    assert '"family erased"' in log and "F001" in log
    assert "Zoë" not in log  # the audit log names codes, never children


def test_python_dash_m_and_version(cli):
    r = cli("--version")
    assert r.code == 0 and "vipp-session" in r.out


def test_child_voice_is_on_by_default_and_can_be_turned_off(cli, data):
    assert add_family(cli, "F1").json["child_voice"] is True
    r = cli("family", "edit", "F1", "--child-voice", "no", "--json")
    assert r.code == 0, r.err
    assert r.json["child_voice"] is False
    assert cli("family", "show", "F1", "--json").json["child_voice"] is False
    before = folder_snapshot(data.root)
    r = cli("family", "edit", "F1", "--child-voice", "sometimes")
    assert r.code == 2
    assert "Answer yes or no for whether to offer messages in the child's voice" in r.err
    assert folder_snapshot(data.root) == before


def test_a_family_saved_before_the_child_voice_choice_keeps_the_child_voice(data):
    from vipp_session.model import Family

    record = {"id": "F1", "child": "Zoë", "born": "2025-01-01", "pronouns": "she"}
    assert Family.from_dict(record).child_voice is True
