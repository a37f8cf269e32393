"""How values are written for people: one way each, for pages, command line and PDFs."""

from __future__ import annotations

from datetime import datetime

from vipp_session import words


def test_plural_says_one_thing_and_many_things():
    assert words.count(1, "highlight") == "1 highlight"
    assert words.count(2, "highlight") == "2 highlights"
    assert words.count(0, "likely moment") == "0 likely moments"
    assert words.count(3, "child", "children") == "3 children"


def test_session_state_never_contradicts_itself():
    assert words.session_state("planned", None) == "planned, no date yet"
    assert words.session_state("held", "2026-03-03T10:00") == "held, Tue 3 Mar 2026, 10:00"
    assert words.session_state("missed", datetime(2026, 3, 13, 9, 5)) == "missed, Fri 13 Mar 2026, 09:05"


def test_clip_times_and_frames_as_the_player_writes_them():
    # clip_player.js writes the shown frame's own time the same way (see its clock)
    assert words.clip_time(3.1333333) == "0:03.133"
    assert words.clip_time(0) == "0:00.000"
    assert words.clip_time(3723.5) == "1:02:03.500"
    assert words.frame_number(90) == 91
