"""The take-home sheet across the programme, read back from real PDFs made from a family's
real clips and moments: visits 1, 2 and 6, an unplanned next visit, the programme ending
early, no moment marked, large print, and the preview that is the PDF itself."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest
from pypdf import PdfReader

from sheet_family import (CHILD_VOICE, CONTACT, NOTE, WORDS, copy_of, page_fill, page_pictures,
                          picture_sizes_mm, prepare, text_of)
from vipp_session import families, moments, retention, words
from vipp_session.briefs import family_records
from vipp_session.settings import load_settings, save_settings
from vipp_session.summary.checks import sheet_checks
from vipp_session.summary.picture import choose_picture, picture_choices
from vipp_session.summary.preview import pdf_pages
from vipp_session.summary.service import make_summary, preview_summary, sheet_pdf
from vipp_session.tone.session import WHAT_IS_CHECKED

# page images for a person to look at (set VIPP_SHOTS=/some/folder)
SHOTS = Path(os.environ["VIPP_SHOTS"]) if os.environ.get("VIPP_SHOTS") else None


@pytest.fixture(scope="module")
def prepared(tmp_path_factory):
    return prepare(tmp_path_factory.mktemp("sheet"))


@pytest.fixture
def family(prepared, tmp_path):
    return copy_of(prepared, tmp_path / "data")


def sheet(data, tmp_path, n, name, large=False) -> str:
    out = tmp_path / f"{name}.pdf"
    make_summary(data, "F9", n, out, large_print=large)
    page_pictures(out, SHOTS, name)
    return text_of(out)


def never_printed(text: str) -> None:
    for secret in (NOTE, "F9", "Siobhán", "supervisor", "s2-look-3"):
        assert secret not in text


def test_visit_1_puts_her_videos_in_writing(family, tmp_path):
    text = sheet(family, tmp_path, 1, "visit-1")
    records = family_records(family, "F9")
    until = retention.kept_until(records.family, records.sessions, 365)
    assert until.year == 2028  # the last visit (Feb 2027) plus the service's 365 days
    assert "Your videos" in text
    assert "Only Jo and the small team Jo works with watch the videos of you and Maya." in text
    assert f"until {words.month_year(until)}" in text
    assert "You can ask for them to be deleted at any time." in text
    assert "You can have your own copies to keep." in text
    assert "Our next visit is on Thursday 7 January 2027 at 10:30am." in text
    assert f"To talk to Jo, or to change a visit: {CONTACT}." in text
    assert "See you soon, Jo" in text
    never_printed(text)


def test_visit_2_sets_the_childs_voice_apart(family, tmp_path):
    text = sheet(family, tmp_path, 2, "visit-2")
    assert f"Maya would say: {CHILD_VOICE}" in text
    for said in WORDS[2]:
        assert said in text
    assert text.count("would say") == 1  # only the words in her voice
    assert "Your videos" not in text  # in writing once, on the first sheet
    assert "Our next visit is on Sunday 10 January 2027 at 10:30am." in text
    assert CONTACT in text
    never_printed(text)
    fonts = {str(f.get_object()["/BaseFont"]) for p in PdfReader(tmp_path / "visit-2.pdf").pages
             for f in p["/Resources"]["/Font"].values()}
    assert any("SourceSansProItalic" in f for f in fonts), "the child's words are in italics"


def test_visit_6_ends_instead_of_next_time(family, tmp_path):
    text = sheet(family, tmp_path, 6, "visit-6")
    assert "Thank you This was our last visit." in text
    assert "With warm wishes, Jo" in text
    assert "Next time" not in text and "See you soon" not in text
    assert "next visit" not in text.lower()
    assert f"To talk to Jo: {CONTACT}." in text  # she may still want to reach the service
    assert "change a visit" not in text  # but no visit is left to change


def test_unplanned_next_visit_says_how_it_will_be_agreed(family, tmp_path):
    families.set_session_status(family, "F9", 3, "cancelled")
    text = sheet(family, tmp_path, 2, "unplanned")
    assert "Next time We have not picked a day for our next visit yet." in text
    assert "We will choose one together, at a time that suits you." in text
    assert "Our next visit is on" not in text


def test_a_programme_that_ends_early_gets_the_ending(family, tmp_path):
    for n in (4, 5, 6):
        families.set_session_status(family, "F9", n, "cancelled")
    text = sheet(family, tmp_path, 3, "ended-early")
    assert "This was our last visit." in text and "Next time" not in text


def test_no_contact_set_asks_once_and_prints_no_empty_line(family, tmp_path):
    settings = load_settings(family)
    settings.service_contact = ""
    save_settings(family, settings)
    text = sheet(family, tmp_path, 2, "no-contact")
    assert "To talk to" not in text
    notes = sheet_checks(family, "F9", 2).notes
    assert any("no way to reach you" in n.message for n in notes)


def test_a_sheet_with_no_moment_gets_a_chosen_picture(family, tmp_path):
    # visit 1: nothing is marked for its sheet, so it is text only until a picture is chosen
    from vipp_session.summary.service import sheet_content

    content = sheet_content(family, "F9", 1)
    assert content.moments == [] and content.picture is None
    assert any(n.where == "the picture" for n in sheet_checks(family, "F9", 1, content).notes)
    assert len([i for p in PdfReader(_made(family, tmp_path, 1)).pages for i in p.images]) == 0
    choices = picture_choices(family, "F9", 1)
    first_filming = {c.id for c in family_records(family, "F9").clips if c.session == 1}
    assert choices[0].clip in first_filming  # from the visit's own filming first
    choose_picture(family, "F9", 1, choices[0].id)
    text = sheet(family, tmp_path, 1, "visit-1-picture")
    images = [i for p in PdfReader(tmp_path / "visit-1-picture.pdf").pages for i in p.images]
    assert len(images) == 1
    assert choices[0].text not in text  # her picture, not next visit's words
    assert not any(n.where == "the picture" for n in sheet_checks(
        family, "F9", 1, sheet_content(family, "F9", 1)).notes)
    with pytest.raises(Exception, match="no moment 'm00000000'"):
        choose_picture(family, "F9", 1, "m00000000")


def _made(data, tmp_path, n, large=False) -> Path:
    out = tmp_path / f"made-{n}-{large}.pdf"
    make_summary(data, "F9", n, out, large_print=large)
    return out


def test_pictures_are_arms_length_and_grow_with_large_print(family, tmp_path):
    regular = picture_sizes_mm(_made(family, tmp_path, 2))
    large = picture_sizes_mm(_made(family, tmp_path, 2, large=True))
    sheet(family, tmp_path, 2, "visit-2-large", large=True)
    assert len(regular) == len(large) == 3
    wide, tall = regular[0], regular[1]
    assert wide[0] >= 120 and wide[1] >= 65  # a landscape still across most of the page
    assert tall[1] >= 85 and tall[0] >= 48  # a portrait one as tall as a hand
    for r, big in zip(regular, large):
        assert big[0] > r[0] * 1.15 and big[1] > r[1] * 1.15


@pytest.mark.parametrize("large", [False, True])
def test_three_or_four_moments_leave_no_half_empty_page(family, tmp_path, large):
    # a fourth moment for visit 3 (portrait), so visits 2 and 3 have three and four
    clip = next(c for c in family_records(family, "F9").clips if c.height > c.width)
    moments.add_moment(family, clip.id, 1.5, "smile", text="You smile, and Maya smiles back.",
                       for_session=3)
    moments.add_moment(family, clip.id, 2.0, "touch", text="Maya holds your hand.",
                       for_session=3)
    moments.add_moment(family, clip.id, 2.5, "look", text="She looks up at you.", for_session=3)
    for n in (2, 3):
        pdf, pages = sheet_pdf(family, "F9", n, large)
        fills = page_fill(pdf)
        print(f"visit {n}, {'large' if large else 'regular'} print: page fill {fills}")
        assert len(fills) == pages <= (3 if large else 2) + (n == 3)
        assert all(f >= 0.6 for f in fills[:-1]), fills  # none but the last half empty


def test_the_preview_is_the_pdf(family, tmp_path):
    for large in (False, True):
        made = _made(family, tmp_path, 2, large)
        preview = preview_summary(family, "F9", 2, large)
        printed = pdf_pages(made.read_bytes())
        assert len(preview) == len(printed) == len(PdfReader(made).pages)
        for shown, page in zip(preview, printed):
            assert shown.size == page.size
            assert np.array_equal(np.asarray(shown), np.asarray(page))


def test_every_moment_shown_is_checked_one_line_per_sentence(family, tmp_path):
    shown = [m for m in family_records(family, "F9").moments if m.for_session == 2]
    hidden = moments.add_moment(family, shown[0].clip, 2.2, "look", for_session=2,
                                in_summary=False,
                                text="You should look at her more; she is clingy because of your BPD.")
    checks = sheet_checks(family, "F9", 2)
    assert len(checks.moments) == len(shown) + 1
    flagged = [w for w in checks.words if w.finding]
    assert [w.moment_id for w in flagged] == [hidden.id]  # one sentence, one line
    assert len(flagged[0].findings) >= 2 and "not printed" in flagged[0].where
    assert flagged[0].clip_id == hidden.clip and checks.needs_confirming
    moments.edit_moment(family, hidden.id, text="Maya looks up at you and smiles.")
    clean = sheet_checks(family, "F9", 2)
    assert not clean.needs_confirming and WHAT_IS_CHECKED in clean.headline
