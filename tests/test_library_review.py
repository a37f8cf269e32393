"""The shipped library, reviewed against the tone standard: what the infant track offers,
wording that presses on a self-critical mother, homework, and misfiled messages."""

from __future__ import annotations

import re
import shutil

import pytest

from vipp_session import manual
from vipp_session.manual import check_library, messages_for
from vipp_session.manual.placeholders import SAMPLE_VOICES, render

WALKS_OR_TALKS = re.compile(
    r"goes over|go over|climbs?|walk|comes? back|came (?:straight )?back|"
    r"came to you|comes to you|I came close|off (?:again|\{they\}|exploring)|go and explore|"
    r"explore again|didn't even say|don't use words|pointed|brings you the|come and see|"
    r"\{goes\|go\}|came straight to you",
    re.IGNORECASE)


@pytest.fixture(scope="module")
def library():
    return manual.load_library(None, manual.shipped_dir())


def test_the_infant_track_has_its_own_words_for_a_baby_who_cannot_yet_crawl(library):
    for n in library.sessions:
        offered = messages_for(library, n, "infant")
        assert all(m.component == "sensitivity" for m in offered)
        assert [m.id for m in offered if WALKS_OR_TALKS.search(m.text)] == []
    infant_only = [m for m in library.messages() if m.tracks == ("infant",)]
    sd_only = [m for m in library.messages()
               if m.tracks == ("sd",) and m.component == "sensitivity"]
    assert len(infant_only) == len(sd_only) == 21


def test_messages_kept_from_the_infant_track_are_still_offered_to_older_children(library):
    for message_id in ("s1-checking-in-1", "s5-child-signal-2", "s6-touch-1"):
        message = manual.find_message(library, message_id)
        assert message.tracks == ("sd",)
        assert message in messages_for(library, message.session, "sd")
        assert message not in messages_for(library, message.session, "infant")


@pytest.mark.parametrize("retired", ["s4-look-3", "s4-look-1", "s1-look-4", "s5-smile-2",
                                     "s1-sd-2", "s2-sd-4", "s6-sd-3"])
def test_pressing_misfiled_and_therapy_speak_messages_are_retired_not_reworded(library, retired):
    assert manual.find_message(library, retired) is None


def test_discipline_messages_are_filed_under_the_kind_they_show(library):
    assert manual.find_message(library, "s1-sd-5").kind == "child-signal"
    assert manual.find_message(library, "s2-sd-5").kind == "smile"
    assert manual.find_message(library, "s6-sd-5").kind == "child-signal"
    for m in library.messages():
        if m.component == "discipline":
            assert m.kind != "following-lead", m.id


def test_nothing_she_reads_sets_daily_homework_or_uses_therapy_speak(library):
    for content in library.sessions.values():
        texts = [content.take_home, content.theme_mother, content.debrief, *content.tips,
                 *(m.text for m in content.messages)]
        for text in texts:
            words = render(text, SAMPLE_VOICES[0]).lower()
            assert not re.search(r"each day|every day|daily|this week|felt seen", words), words


def test_the_session_5_booster_brings_back_sharing_feelings(library):
    five = library.session(5)
    assert "feeling" in five.theme_clinician and "feeling" in five.theme_mother
    assert "feeling" in five.take_home


def test_a_discipline_message_cannot_be_put_on_the_infant_track(tmp_path):
    lib = tmp_path / "lib"
    shutil.copytree(manual.shipped_dir(), lib)
    path = lib / "session-2.toml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('id = "s2-sd-1"\n', 'id = "s2-sd-1"\ntracks = ["infant", "sd"]\n'),
                    encoding="utf-8")
    _, problems = check_library(lib)
    assert [p.message for p in problems] == ["s2-sd-1"]
    assert "sd track only" in problems[0].text
    path.write_text(text.replace('id = "s2-sd-1"\n', 'id = "s2-sd-1"\ntracks = ["toddler"]\n'),
                    encoding="utf-8")
    _, problems = check_library(lib)
    assert [p.message for p in problems] == ["s2-sd-1"] and "tracks must be a list" in \
        problems[0].text
