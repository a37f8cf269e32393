"""The message library: the shipped one passes, broken edits are caught, rendering, tracks."""

from __future__ import annotations

import re
import shutil
from datetime import date
from pathlib import Path

import pytest

from vipp_session import manual
from vipp_session.errors import BadInput
from vipp_session.manual import (
    check_library,
    find_message,
    library_dir,
    load_manual,
    messages_for,
    moment_kinds,
    render_for,
    session_view,
)
from vipp_session.model import Family
from vipp_session.manual.placeholders import PRONOUN_SETS
from vipp_session.settings import Settings, save_settings

FOUR_MOMENTS = ("look", "smile", "laughter", "touch")
OTHER_KINDS = ("checking-in", "exploring", "following-lead", "child-signal", "sharing-feeling",
               "comfort")


@pytest.fixture(scope="module")
def shipped() -> manual.Manual:
    return load_manual()


@pytest.fixture
def lib(tmp_path) -> Path:
    """A copy of the shipped library to break."""
    copy = tmp_path / "lib"
    shutil.copytree(manual.shipped_dir(), copy, ignore=shutil.ignore_patterns("*.md"))
    return copy


def edit(lib: Path, file: str, old: str, new: str) -> int:
    """Replace `old` (which must be there, once) and return the 1-based line it was on."""
    path = lib / file
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} is not in {file} exactly once"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return text[: text.index(old)].count("\n") + 1


def line_of_id(lib: Path, file: str, message_id: str) -> int:
    lines = (lib / file).read_text(encoding="utf-8").splitlines()
    return next(i + 1 for i, line in enumerate(lines) if line == f'id = "{message_id}"')


def problems_of(lib: Path) -> list[manual.Problem]:
    return check_library(lib)[1]


def family(pronouns="she", born=date(2025, 1, 1), child="Ruby", mum="Mama") -> Family:
    return Family(id="F1", child=child, born=born, pronouns=pronouns, mum_word=mum)


# --- the shipped library ----------------------------------------------------------------

def test_the_shipped_library_passes_every_check():
    found, problems = check_library(manual.shipped_dir())
    assert [str(p) for p in problems] == []
    assert sorted(found.sessions) == [1, 2, 3, 4, 5, 6]


def test_every_session_has_enough_messages_of_each_kind(shipped):
    for n in range(1, 7):
        sensitivity = messages_for(shipped, n, "infant")
        for kind in FOUR_MOMENTS:
            assert len([m for m in sensitivity if m.kind == kind]) >= 3, (n, kind)
        for kind in OTHER_KINDS:
            assert len([m for m in sensitivity if m.kind == kind]) >= 1, (n, kind)
        discipline = [m for m in messages_for(shipped, n, "sd") if m.component == "discipline"]
        if n <= 4:
            assert len(discipline) >= 3, n


def test_the_moment_kinds_come_from_the_library(shipped):
    kinds = moment_kinds(shipped)
    assert set(FOUR_MOMENTS + OTHER_KINDS) <= set(kinds)
    assert len(kinds) == len(set(kinds))
    assert all(m.kind in kinds for m in shipped.messages())


def test_message_ids_are_unique_and_findable(shipped):
    ids = [m.id for m in shipped.messages()]
    assert len(ids) == len(set(ids))
    m = find_message(shipped, "s3-touch-2")
    assert m.session == 3 and m.kind == "touch" and m.file == "session-3.toml"
    assert find_message(shipped, "s9-nothing") is None


def test_sessions_1_and_2_open_by_reassuring_her(shipped):
    for n in (1, 2):
        opening = shipped.session(n).opening.lower()
        assert "not about judging you" in opening
        assert "watch" in opening and "copy" in opening


def test_take_home_words_are_short_and_easy(shipped):
    from vipp_session import tone

    for n, content in shipped.sessions.items():
        for pronouns in PRONOUN_SETS:
            text = render_for(content.take_home, family(pronouns))
            assert tone.word_count(text) <= 80, n
            assert tone.reading_level(text).reading_age < 9.5, n
        assert 2 <= len(content.tips) <= 4


@pytest.mark.parametrize("pronouns", PRONOUN_SETS)
def test_every_text_renders_for_she_he_and_they(shipped, pronouns):
    fam = family(pronouns)
    for n in shipped.sessions:
        view = session_view(shipped, n, fam, "sd")
        for text in _all_texts(view):
            assert "{" not in text and "}" not in text and "|" not in text, text


def _all_texts(view: dict) -> list[str]:
    out = [view["title"], view["opening"], view["debrief"], *view["theme"].values(),
           *view["filming_tasks"], *view["look_for"], view["take_home"]["text"],
           *view["take_home"]["tips"], *(m["text"] for m in view["messages"])]
    if view["discipline_theme"]:
        out += view["discipline_theme"].values()
    return out


def test_rendering_agrees_with_she_he_and_they(shipped):
    message = find_message(shipped, "s1-look-1")
    assert "{They} {is|are}" in message.text
    she = render_for(message.text, family("she", child="Ruby"))
    he = render_for(message.text, family("he", child="Sam"))
    they = render_for(message.text, family("they", child="Alex"))
    assert "Ruby stops playing" in she and "She is checking" in she
    assert "Sam stops playing" in he and "He is checking" in he
    assert "Alex stops playing" in they and "They are checking" in they
    looks = find_message(shipped, "s1-look-2").text  # '... the person {they} {looks|look} for'
    assert "she looks for" in render_for(looks, family("she"))
    assert "they look for" in render_for(looks, family("they"))


def test_the_childs_voice_uses_what_the_child_calls_her(shipped):
    message = find_message(shipped, "s1-look-3")
    assert message.voice == "child"
    assert render_for(message.text, family(mum="Mama")).startswith("Mama, I looked up")


# --- tracks -------------------------------------------------------------------------------

def test_the_infant_track_never_shows_discipline_content(shipped):
    for n in shipped.sessions:
        view = session_view(shipped, n, family("he"), "infant")
        assert view["discipline_theme"] is None
        assert all(m["component"] == "sensitivity" for m in view["messages"])
        assert view["take_home"]["tips"] == [render_for(t, family("he"))
                                             for t in shipped.session(n).tips]
        assert view["filming_tasks"] == [render_for(t, family("he"))
                                         for t in shipped.session(n).filming["infant"]]
        discipline_words = {shipped.session(n).discipline.theme, shipped.session(n).discipline.tip}
        assert not discipline_words & set(_all_texts(view))


def test_the_sd_track_shows_both_components(shipped):
    for n in (1, 2, 3, 4):
        view = session_view(shipped, n, family(), "sd")
        components = {m["component"] for m in view["messages"]}
        assert components == {"sensitivity", "discipline"}
        assert view["discipline_theme"]["theme"] == shipped.session(n).discipline.theme
        assert len(view["take_home"]["tips"]) == len(shipped.session(n).tips) + 1
        assert view["filming_tasks"] != session_view(shipped, n, family(), "infant")[
            "filming_tasks"]


def test_messages_for_filters_by_kind_and_voice(shipped):
    looks = messages_for(shipped, 2, "sd", kind="look")
    assert looks and all(m.kind == "look" for m in looks)
    clinician_only = messages_for(shipped, 2, "sd", voices=("clinician",))
    assert clinician_only and all(m.voice == "clinician" for m in clinician_only)
    with pytest.raises(BadInput, match="not a kind"):
        messages_for(shipped, 2, "sd", kind="hug")
    with pytest.raises(BadInput, match="track"):
        messages_for(shipped, 2, "toddler")
    with pytest.raises(BadInput, match="no session 7"):
        messages_for(shipped, 7, "sd")


def test_session_view_without_a_family_keeps_the_placeholders(shipped):
    view = session_view(shipped, 1)
    assert view["track"] == "sd" and view["family"] is None
    assert "{child}" in view["take_home"]["text"]


# --- which library is in use -------------------------------------------------------------

def test_the_library_in_use_is_the_shipped_one_unless_told(data, lib):
    assert library_dir(data) == manual.shipped_dir()
    save_settings(data, Settings(manual_dir=str(lib)))
    assert library_dir(data) == lib.resolve()
    other = lib.parent / "other"
    other.mkdir()
    assert library_dir(data, explicit=other) == other.resolve()


def test_a_library_folder_that_is_not_there_is_refused(data, tmp_path):
    with pytest.raises(BadInput, match="not a folder"):
        library_dir(data, explicit=tmp_path / "nowhere")
    save_settings(data, Settings(manual_dir=str(tmp_path / "gone")))
    with pytest.raises(BadInput, match="manual_dir setting"):
        library_dir(data)
    with pytest.raises(BadInput, match="no programme.toml"):
        load_manual(tmp_path)


def test_a_broken_library_is_refused_and_a_fixed_one_is_read_again(lib):
    first = load_manual(lib)
    assert first.session(1).title == "Exploring and coming back"
    assert load_manual(lib) is first  # unchanged files are not read again
    edit(lib, "session-1.toml", 'title = "Exploring and coming back"',
         'title = "Exploring, and coming back"')
    assert load_manual(lib).session(1).title == "Exploring, and coming back"
    edit(lib, "session-1.toml", "You are {child}'s safe place.",
         "You are {child}'s safe place. You should play more.")
    with pytest.raises(BadInput, match=r"session-1\.toml.*'should'.*manual check"):
        load_manual(lib)


# --- each kind of broken edit is caught, with its file, line and message id -------------

def test_an_unknown_placeholder_is_caught(lib):
    edit(lib, "session-2.toml", "Here {child} looks at the ball", "Here {name} looks at the ball")
    [p] = problems_of(lib)
    assert (p.file, p.message, p.line) == ("session-2.toml", "s2-look-1",
                                           line_of_id(lib, "session-2.toml", "s2-look-1"))
    assert "{name}" in p.text
    assert str(p).startswith(f"session-2.toml line {p.line}, message s2-look-1: unknown "
                             "placeholder")


def test_a_duplicate_id_is_caught(lib):
    edit(lib, "session-4.toml", 'id = "s4-look-2"', 'id = "s4-look-4"')
    found = [p for p in problems_of(lib) if "used twice" in p.text]
    assert len(found) == 1
    assert found[0].file == "session-4.toml" and found[0].message == "s4-look-4"
    lines = (lib / "session-4.toml").read_text().splitlines()
    assert lines[found[0].line - 1] == 'id = "s4-look-4"' and "also session-4.toml line" in \
        found[0].text


def test_missing_coverage_is_caught(lib):
    text = (lib / "session-3.toml").read_text(encoding="utf-8")
    block = re.search(r'\[\[message\]\]\nid = "s3-comfort-1"\n.*?\n\n', text, re.S).group(0)
    (lib / "session-3.toml").write_text(text.replace(block, ""), encoding="utf-8")
    problems = problems_of(lib)
    assert [(p.file, "'comfort'" in p.text and "at least 1" in p.text) for p in problems] == \
        [("session-3.toml", True)] * 2
    assert {"on the infant track" in p.text for p in problems} == {True, False}  # each track


def test_a_judging_word_is_caught(lib):
    line = edit(lib, "session-5.toml",
                'text = "{child} smiles at you as soon as you come close. {They} {knows|know} you '
                'so well."',
                'text = "{child} smiles at you. You should come close more often."')
    [p] = problems_of(lib)
    assert (p.file, p.message, p.line) == ("session-5.toml", "s5-smile-1", line - 4)
    assert "'should' (judging)" in p.text and "could" in p.text


def test_a_clinical_label_is_caught_in_mother_facing_and_clinician_text(lib):
    edit(lib, "session-6.toml", "{mum}, you make me smile.",
         "{mum}, your borderline diagnosis does not stop you making me smile.")
    edit(lib, "session-6.toml", "Choose moments that show the mother's strengths",
         "Choose moments that show the strengths of a mother with a personality disorder")
    problems = problems_of(lib)
    labels = sorted((p.message or p.field, p.text.split("'")[1]) for p in problems)
    assert labels == [("s6-smile-3", "borderline"), ("s6-smile-3", "diagnosis"),
                      ("theme.clinician", "personality disorder")]
    theme = next(p for p in problems if p.field == "theme.clinician")
    lines = (lib / "session-6.toml").read_text().splitlines()
    assert lines[theme.line - 1].startswith("clinician =")


def test_bad_toml_syntax_is_caught_with_its_line_number(lib):
    fields = 'kind = "smile"\ncomponent = "sensitivity"\nvoice = "clinician"\n'
    line = edit(lib, "session-2.toml", fields + 'text = "That little smile',
                fields + "text = That little smile")  # the opening quote is gone
    problems = problems_of(lib)
    assert len(problems) == 1
    assert problems[0].file == "session-2.toml" and problems[0].line == line + 3
    assert "not valid TOML" in problems[0].text
    assert str(problems[0]).startswith(f"session-2.toml line {line + 3}: ")


def test_bad_syntax_in_one_session_does_not_hide_problems_in_another(lib):
    edit(lib, "session-1.toml", 'session = 1', 'session = = 1')
    edit(lib, "session-2.toml", "{child} looks away for a moment.", "{child} looks away. Bad.")
    files = sorted(p.file for p in problems_of(lib))
    assert files == ["session-1.toml", "session-2.toml"]


def test_an_unknown_kind_field_or_voice_is_caught(lib):
    edit(lib, "session-1.toml", 'id = "s1-look-2"\nkind = "look"',
         'id = "s1-look-2"\nkind = "gaze"')
    edit(lib, "session-1.toml", 'id = "s1-smile-1"\nkind = "smile"\ncomponent = "sensitivity"\n'
         'voice = "clinician"', 'id = "s1-smile-1"\nkind = "smile"\ncomponent = "sensitivity"\n'
         'voice = "narrator"')
    edit(lib, "session-1.toml", 'title = "Exploring', 'tittle = "Exploring')
    texts = {(p.message or p.field): p.text for p in problems_of(lib)}
    assert "unknown kind 'gaze'" in texts["s1-look-2"]
    assert "voice must be one of clinician, child" in texts["s1-smile-1"]
    assert "unknown part 'tittle'" in texts["tittle"]
    assert "'title' is missing" in texts["title"]


def test_a_verb_that_would_not_agree_with_they_is_caught(lib):
    edit(lib, "session-3.toml", "Look how {they} {relaxes|relax}.", "Look how {they} relaxes.")
    [p] = problems_of(lib)
    assert p.message == "s3-touch-2" and "{looks|look}" in p.text


def test_discipline_content_needs_a_discipline_session(lib):
    edit(lib, "programme.toml", "discipline_sessions = [1, 2, 3, 4, 5, 6]",
         "discipline_sessions = [1, 2, 3, 4, 5]")
    problems = problems_of(lib)
    assert {p.file for p in problems} == {"session-6.toml"}
    assert any("[discipline] part" in p.text for p in problems)
    assert {p.message for p in problems if p.message} == {"s6-sd-1", "s6-sd-2", "s6-sd-4",
                                                          "s6-sd-5"}


def test_opening_words_of_session_1_must_reassure_her(lib):
    edit(lib, "session-1.toml", "It is\nnot about judging you.", "")
    [p] = problems_of(lib)
    assert p.field == "visit.opening" and "not about judging her" in p.text


def test_a_long_take_home_text_is_caught(lib):
    edit(lib, "session-4.toml", "All of {child}'s feelings are welcome with you.",
         "All of {child}'s feelings are welcome with you. " * 5)
    [p] = problems_of(lib)
    assert p.field == "take_home.text" and "at most 80" in p.text


def test_too_many_tips_on_the_sd_track_is_caught(lib):
    last_tip = '    "When {child} turns away, give {them} a little rest, then try again.",\n'
    edit(lib, "session-2.toml", last_tip, last_tip + '    "Sing to {child}.",\n')
    [p] = problems_of(lib)
    assert p.field == "take_home.tips" and "5 things to try on the sd track" in p.text


def test_a_message_id_must_name_its_session(lib):
    edit(lib, "session-5.toml", 'id = "s5-look-3"', 'id = "s2-look-9"')
    [p] = problems_of(lib)
    assert p.message == "s2-look-9" and "starts with 's5-'" in p.text


def test_a_programme_without_kinds_is_caught(lib):
    text = (lib / "programme.toml").read_text(encoding="utf-8")
    (lib / "programme.toml").write_text(text.split("[[kind]]")[0], encoding="utf-8")
    problems = problems_of(lib)
    assert any(p.file == "programme.toml" and "no moment kinds" in p.text for p in problems)
