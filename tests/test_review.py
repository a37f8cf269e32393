"""The review pack for supervision, made from a family's real moments and read back from the PDF."""

from __future__ import annotations

import json

import pytest
from pypdf import PdfReader

from media_factory import make_clip
from vipp_session import clips, families, moments
from vipp_session.manual import load_library, messages_for, render_for, session_view
from vipp_session.review.content import changed_runs
from vipp_session.review.pdf import MARKING
from vipp_session.words import clip_time, frame_number
from vipp_session.review.service import make_review_pack, review_path
from tests.conftest import folder_snapshot
from tests.test_summary_pdf import text_of

NOTES = ["Mum tearful at the start; keep the pace slow.", "",
         "She asked who else sees the video.", "Check the light next time."]
TAILORED = "You should smile back more; see how Łucja lights up."
OWN_WORDS = "Łucja holds your finger while she looks at the book."


def page_texts(path) -> list[str]:
    return [" ".join(p.extract_text().split()) for p in PdfReader(path).pages]


@pytest.fixture
def prepared(data, tmp_path):
    """F7 with four moments for session 2 (scripted, tailored, own words, left out of the
    summary) and one for session 3."""
    family = families.add_family(data, "F7", child="Łucja", born="2025-06-01", mother="Siobhán",
                                 mum_word="Mamusia", clinician="Ngozi")
    families.plan_session(data, "F7", 2, "2026-12-02T10:00")
    make_clip(tmp_path / "play.mp4", width=320, height=240, duration=4)
    [r] = clips.import_clips(data, "F7", 1, [tmp_path / "play.mp4"])
    family, sessions = families.get_family(data, "F7")
    library = load_library(data)
    look, smile = (messages_for(library, 2, "sd", kind)[0] for kind in ("look", "smile"))
    made = [
        moments.add_moment(data, r.clip.id, 0.5, "look", message_id=look.id, note=NOTES[0]),
        moments.add_moment(data, r.clip.id, 1.3, "smile", message_id=smile.id, text=TAILORED),
        moments.add_moment(data, r.clip.id, 2.1, "touch", text=OWN_WORDS, note=NOTES[2],
                           in_summary=False),
        moments.add_moment(data, r.clip.id, 3.05, "look", message_id=look.id, note=NOTES[3]),
    ]
    moments.set_highlights(data, made[0].id,
                           [{"shape": "ellipse", "cx": .5, "cy": .5, "rx": .2, "ry": .2}])
    later = moments.add_moment(data, r.clip.id, 3.5, "comfort", text="FOR SESSION THREE",
                               note="NOT THIS SESSION", for_session=3)
    return {"family": family, "clip": r.clip, "made": made, "later": later,
            "scripted": {m.id: render_for(m.text, family) for m in (look, smile)},
            "messages": (look, smile)}


def test_review_pack_has_every_moment_with_words_note_and_tone_check(cli, data, tmp_path, prepared):
    out = tmp_path / "review.pdf"
    r = cli("review", "F7", "--session", "2", "-o", str(out), "--json")
    assert r.code == 0, r.err
    assert r.json["pages"] == len(PdfReader(out).pages) >= 2
    pages = page_texts(out)
    for page in pages:
        assert MARKING in page and "F7 · session 2" in page
    text = text_of(out)
    family = prepared["family"]
    _, sessions = families.get_family(data, "F7")
    view = session_view(load_library(data), 2, family, "sd")
    assert f"Łucja (F7) · session 2: {view['title']}" in text
    assert " ".join(view["theme"]["clinician"].split()) in text
    months = family.age_months(sessions[1].date.date())
    assert f"Łucja, {months} months on Wednesday 2 December 2026" in text
    assert "Toddler (with discipline themes)" in text
    assert "Wednesday 2 December 2026 at 10:00 (planned)" in text
    assert "4 (3 in the take-home summary)" in text

    look, smile = prepared["messages"]
    for message in (look, smile):
        assert f"Scripted message: {message.id}" in text
        assert " ".join(prepared["scripted"][message.id].split()) in text
    assert TAILORED in text and "Tailored words (what changed is in bold and underlined)" in text
    assert OWN_WORDS in text and "Words (the clinician's own)" in text
    assert text.count("The same as the scripted words.") == 2  # the two untouched look moments
    for note in filter(None, NOTES):
        assert note in text
    assert "‘should’: This can sound like a judgement" in text
    assert text.count("Nothing to look at.") == 3

    made = prepared["made"]
    positions = [text.index(f"Moment id: {m.id}") for m in made]
    assert positions == sorted(positions), "in the order they are shown"
    for m in made:
        assert f"Time: {clip_time(m.at)} · frame {frame_number(m.frame)}" in text
    assert "Clip: play.mp4" in text
    third = text[positions[2]:positions[3]]
    assert "In the take-home summary: no" in text[text.index("Moment 3"):positions[2]]
    assert NOTES[2] in third
    assert "FOR SESSION THREE" not in text and "NOT THIS SESSION" not in text
    assert "Siobhán" not in text  # the mother's name is not needed here
    assert len([i for p in PdfReader(out).pages for i in p.images]) == 4

    log = [json.loads(line) for line in data.audit_log.read_text().splitlines()]
    made_entry = [e for e in log if e["action"] == "review pack made"]
    assert made_entry and made_entry[-1]["family"] == "F7" and made_entry[-1]["session"] == 2
    assert "Łucja" not in data.audit_log.read_text()


def test_the_app_keeps_the_pack_in_the_family_folder_written_whole(data, prepared):
    path, pages = make_review_pack(data, "F7", 2)
    assert path == review_path(data, "F7", 2) and path.is_file()
    assert pages == len(PdfReader(path).pages)
    assert not list(path.parent.glob("*.tmp")) and not list(path.parent.glob(".session*"))


def test_a_session_with_no_moments_still_gets_a_pack(cli, data, tmp_path):
    families.add_family(data, "F8", child="Zoë", born="2026-02-01", clinician="Sam")
    out = tmp_path / "empty.pdf"
    r = cli("review", "F8", "--session", "4", "-o", str(out))
    assert r.code == 0, r.err
    assert str(out) in r.out and "for supervision only" in r.out
    [page] = page_texts(out)
    assert MARKING in page
    assert "No moments are prepared for session 4 yet." in page
    assert "no date yet" in page
    assert "0 (0 in the take-home summary)" in page


def test_review_bad_input_writes_nothing(cli, data, tmp_path, prepared):
    (tmp_path / "out").mkdir()
    target = tmp_path / "out" / "x.pdf"
    before = folder_snapshot(data.root)
    for args, reason in [
        (["NOPE", "--session", "2", "-o", str(target)], "There is no family 'NOPE'"),
        (["F7", "--session", "9", "-o", str(target)], "1 to 6"),
        (["F7", "--session", "0", "-o", str(target)], "1 to 6"),
        (["F7", "--session", "two", "-o", str(target)], "1 to 6"),
        (["F7", "--session", "2", "-o", str(tmp_path / "out" / "x.docx")], "ending in .pdf"),
        (["F7", "--session", "2", "-o", str(tmp_path / "no" / "x.pdf")], "does not exist"),
    ]:
        r = cli("review", *args)
        assert r.code == 2, (args, r.err)
        assert reason in r.err and len(r.err.strip().splitlines()) == 1, (args, r.err)
        assert r.out == ""
    assert folder_snapshot(data.root) == before
    assert list((tmp_path / "out").iterdir()) == []
    assert not (tmp_path / "no").exists()


def test_clip_time_is_minutes_seconds_and_milliseconds():
    assert clip_time(0) == "0:00.000"
    assert clip_time(63.0404) == "1:03.040" and clip_time(63.0406) == "1:03.041"
    assert clip_time(59.9996) == "1:00.000"  # never '0:60.000'
    assert clip_time(3725.5) == "1:02:05.500"


def test_changed_words_are_picked_out_from_the_scripted_ones():
    scripted = "Here Łucja looks at the ball, then at you. She is asking you to look too."
    runs = changed_runs(scripted, "Here Łucja looks at the red ball, then at you! She is asking "
                                  "you to look too.")
    assert [w for w, changed in runs if changed] == ["red"]
    assert " ".join(w for w, _ in runs) == ("Here Łucja looks at the red ball, then at you! She "
                                            "is asking you to look too.")
    assert changed_runs(scripted, scripted) == [(scripted, False)]
    assert changed_runs("", "All her own words.") == [("All her own words.", True)]
