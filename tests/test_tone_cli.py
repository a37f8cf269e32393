"""vipp-session tone, and the tone check on `moment add/edit` and over a session, run for real."""

from __future__ import annotations

import json

import pytest

from conftest import folder_snapshot
from moment_setup import copy_of, prepare
from vipp_session import moments
from vipp_session.media import frames
from vipp_session.tone.session import check_session, summary_line

FINDING_KEYS = {"category", "start", "end", "words", "reason", "suggestion"}


def test_nothing_found_exits_0_and_says_what_was_checked(cli, data):
    before = folder_snapshot(data.root)
    r = cli("tone", "She looks up at you and smiles.")
    assert r.code == 0, r.err
    assert "Nothing found in 1 line" in r.out and "checked for" in r.out
    assert folder_snapshot(data.root) == before  # checking words writes nothing


def test_something_found_exits_3_with_the_words_and_a_kinder_way(cli):
    r = cli("tone", "You could have picked him up sooner.", "--child", "Leo")
    assert r.code == 3, r.err
    assert "'You could have' (hindsight)" in r.out
    assert "Leo" in r.out and "He was telling you" in r.out


def test_json_gives_one_object_per_input_line(cli):
    r = cli("tone", "-", "--json", stdin="She smiles.\n\nWhy did you take the toy away?\n")
    assert r.code == 3, r.err
    lines = [json.loads(line) for line in r.out.splitlines()]
    assert [line["line"] for line in lines] == [1, 2, 3]
    assert lines[0]["findings"] == [] and lines[1]["findings"] == []
    [finding] = lines[2]["findings"]
    assert set(finding) == FINDING_KEYS
    assert finding["category"] == "question"
    text = lines[2]["text"]
    assert text[finding["start"]:finding["end"]] == finding["words"] == "Why did you"


def test_take_home_adds_length_and_reading_age(cli):
    long = " ".join(["Ruby looks at you and smiles."] * 14)
    assert cli("tone", long).code == 0
    r = cli("tone", long, "--take-home", "--json")
    assert r.code == 3
    assert [f["category"] for f in json.loads(r.out)["findings"]] == ["reading"]


@pytest.mark.parametrize(("args", "stdin", "reason"), [
    (["tone", ""], None, "There are no words to check"),
    (["tone", "-"], "   \n", "There are no words to check"),
    (["tone", "--pronouns", "it", "hello"], None, "invalid choice"),
    (["tone", "--child", " ", "hello"], None, "--child needs the child's name"),
])
def test_bad_input_exits_2_with_one_plain_line(cli, args, stdin, reason):
    r = cli(*args, stdin=stdin)
    assert r.code == 2
    assert reason in r.err and len(r.err.strip().splitlines()) == 1
    assert r.out == ""


def test_text_that_is_not_utf8_is_bad_input(cli, tmp_path):
    import subprocess
    import sys
    r = subprocess.run([sys.executable, "-m", "vipp_session", "tone", "-"], input=b"\xff\xfe\x00k",
                       capture_output=True, timeout=60)
    assert r.returncode == 2
    assert b"not plain text" in r.stderr


# --- moments -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def prepared(tmp_path_factory):
    yield prepare(tmp_path_factory.mktemp("tone-moments"))
    frames.close_all()


@pytest.fixture
def data(prepared, tmp_path):
    return copy_of(prepared, tmp_path / "data")


def test_moment_add_and_edit_print_findings_but_keep_the_words(cli, data, prepared):
    words = "You should look at her more; she is clingy because of your BPD."
    r = cli("moment", "add", prepared.s1, "--at", "1", "--kind", "look", "--text", words,
            "--json")
    assert r.code == 0, r.err
    moment_id = json.loads(r.out)["id"]
    assert json.loads(r.out)["text"] == words  # no refusal
    [line] = [x for x in r.err.splitlines() if x.startswith(f"Moment {moment_id}")]
    assert "'clingy' (character)" in line and "'BPD' (clinical)" in line  # once per sentence
    r = cli("moment", "edit", moment_id, "--text", "Ada looks up at you and smiles.")
    assert r.code == 0 and "Moment" not in r.err
    r = cli("moment", "edit", moment_id, "--text", "Finally, you looked at her.")
    assert r.code == 0 and "'Finally' (grudging)" in r.err


def test_the_session_check_covers_every_moment_shown_printed_or_not(data, prepared):
    shown = moments.add_moment(data, prepared.s1, 1.0, "look", in_summary=False,
                               text="You missed her smile here.")
    printed = moments.add_moment(data, prepared.s1, 0.5, "smile",
                                 text="Ada smiles, and you smile back.")
    checks = check_session(data, "F1", 2)
    assert [c.moment_id for c in checks] == [shown.id, printed.id]
    assert checks[0].needs_a_look and not checks[0].in_summary
    assert checks[0].sentences[0].findings[0].category == "omission"
    assert "Ada" in checks[0].sentences[0].findings[0].suggestion
    assert not checks[1].needs_a_look
    assert summary_line(checks) == "1 of 2 moments has words to look at again."
    moments.edit_moment(data, shown.id, text="Ada looks up at you.")
    assert summary_line(check_session(data, "F1", 2)).startswith("Checked the words of 2")


def test_a_long_tailored_message_gets_a_length_and_reading_warning(data, prepared):
    long = ("When your little girl experiences considerable frustration during unfamiliar "
            "activities, your consistent and predictable responsiveness facilitates the gradual "
            "development of her confidence, and that is something you can recognise in her "
            "expression and her posture as the afternoon continues and she explores further.")
    moment = moments.add_moment(data, prepared.s1, 1.0, "look", text=long)
    [check] = check_session(data, "F1", 2)
    assert check.moment_id == moment.id
    reasons = " ".join(f.reason for f in check.reading)
    assert "words; at most 40" in reasons and "Reads at about age" in reasons
