"""Her sheet and keepsake never leave a near-empty page: read back from real PDFs (pages
with pypdf, each page's words with pdftotext, how full each page is from its pixels),
for the sheets that used to run over: visit 1 with a chosen picture, three and four
moments in regular and large print, two portrait moments, and the keepsake."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from sheet_family import WORDS, copy_of, page_fill, page_pictures, prepare
from vipp_session import families, moments
from vipp_session.briefs import family_records
from vipp_session.summary.fit import MIN_FILL, SHRINK
from vipp_session.summary.keepsake import make_keepsake
from vipp_session.summary.pdf import BODY_PT, LARGE_PT, TALL_H, WIDE_W
from vipp_session.summary.picture import choose_picture, picture_choices
from vipp_session.summary.service import make_summary, sheet_content

SHOTS = Path(os.environ["VIPP_SHOTS"]) if os.environ.get("VIPP_SHOTS") else None
MORE = ["You smile, and Maya smiles back.", "Maya holds your hand.", "She looks up at you."]
SIGN_OFFS = ("See you soon,", "With warm wishes,")


@pytest.fixture(scope="module")
def prepared(tmp_path_factory):
    return prepare(tmp_path_factory.mktemp("fit"))


@pytest.fixture
def family(prepared, tmp_path):
    return copy_of(prepared, tmp_path / "data")


def portrait_clip(data) -> str:
    return next(c for c in family_records(data, "F9").clips if c.height > c.width).id


def page_texts(pdf: Path) -> list[str]:
    pages = len(PdfReader(pdf).pages)
    return [" ".join(subprocess.run(["pdftotext", "-f", str(i), "-l", str(i), str(pdf), "-"],
                                    capture_output=True, text=True, check=True).stdout.split())
            for i in range(1, pages + 1)]


def picture_boxes_mm(pdf: Path) -> list[tuple[int, float, float, float, float]]:
    """(page, x, y from the top, width, height) of each picture, in mm."""
    boxes = []
    for n, page in enumerate(PdfReader(pdf).pages, 1):
        stream = page.get_contents().get_data().decode("latin-1")
        for w, h, x, y in re.findall(r"([\d.]+) 0 0 ([\d.]+) ([\d.-]+) ([\d.-]+) cm /I\w+ Do",
                                     stream):
            mm = [float(v) / 72 * 25.4 for v in (x, y, w, h)]
            boxes.append((n, mm[0], 297 - mm[1] - mm[3], mm[2], mm[3]))
    return boxes


def assert_no_near_empty_page(pdf: Path, besides_ending: list[str], pt: float) -> list[float]:
    """Every page but the last at least MIN_FILL full, the ending on the last page with
    something more than the ending, and no picture under SHRINK of its normal size."""
    fills = page_fill(pdf.read_bytes())
    texts = page_texts(pdf)
    assert len(fills) == len(texts)
    assert all(f >= MIN_FILL for f in fills[:-1]), fills
    last = texts[-1]
    assert any(s in last for s in SIGN_OFFS), last
    assert any(s[:40] in last for s in besides_ending), f"the ending alone: {last!r}"
    grow = pt / BODY_PT
    for _, _, _, w, h in picture_boxes_mm(pdf):
        if w >= h:  # landscape: its width, as wide as the page allows
            assert w >= SHRINK * min(174, WIDE_W * grow) - 0.5, (w, h)
        else:  # portrait: its height
            assert h >= SHRINK * TALL_H * grow - 0.5, (w, h)
    return fills


def sheet(data, tmp_path, n: int, name: str, large=False) -> tuple[Path, list[str]]:
    out = tmp_path / f"{name}.pdf"
    make_summary(data, "F9", n, out, large_print=large)
    page_pictures(out, SHOTS, name)
    content = sheet_content(data, "F9", n)
    others = [m.words for m in content.moments] + content.tips + [content.theme]
    return out, others + ([content.video.heading] if content.video else [])


def test_visit_1_with_a_chosen_picture_fits_on_one_page(family, tmp_path):
    choose_picture(family, "F9", 1, picture_choices(family, "F9", 1)[0].id)
    out, others = sheet(family, tmp_path, 1, "visit-1-picture")
    assert len(PdfReader(out).pages) == 1
    [text] = page_texts(out)
    for kept in ("Your videos", "You can ask for them to be deleted at any time.",
                 "To talk to Jo, or to change a visit: call or text 07700 900123.",
                 "Next time", "See you soon, Jo"):
        assert kept in text
    assert_no_near_empty_page(out, others, BODY_PT)
    [(_, _, _, w, h)] = picture_boxes_mm(out)
    assert w >= SHRINK * WIDE_W - 0.5  # smaller, but still easy to see at arm's length


@pytest.mark.parametrize("large", [False, True])
def test_three_moments(family, tmp_path, large):
    out, others = sheet(family, tmp_path, 2, f"visit-2-{'large' if large else 'regular'}", large)
    fills = assert_no_near_empty_page(out, others, LARGE_PT if large else BODY_PT)
    assert len(fills) <= (3 if large else 2)
    assert all(words in " ".join(page_texts(out)) for words in WORDS[2][::2])


@pytest.mark.parametrize("large", [False, True])
def test_four_moments(family, tmp_path, large):
    clip = portrait_clip(family)
    for i, text in enumerate(MORE):
        moments.add_moment(family, clip, 1.5 + i / 2, "look", text=text, for_session=3)
    out, others = sheet(family, tmp_path, 3, f"visit-3-four-{'large' if large else 'regular'}",
                        large)
    fills = assert_no_near_empty_page(out, others, LARGE_PT if large else BODY_PT)
    assert len(fills) <= (3 if large else 2), fills  # four moments took three pages before
    assert len(picture_boxes_mm(out)) == 4


def test_two_portrait_moments_share_a_row(family, tmp_path):
    [landscape] = [m for m in family_records(family, "F9").moments if m.for_session == 4]
    moments.edit_moment(family, landscape.id, in_summary=False)
    clip = portrait_clip(family)
    for i, text in enumerate(MORE[:2]):
        moments.add_moment(family, clip, 1.5 + i / 2, "look", text=text, for_session=4)
    out, others = sheet(family, tmp_path, 4, "two-portraits")
    assert_no_near_empty_page(out, others, BODY_PT)
    [(page_a, x_a, y_a, w_a, h_a), (page_b, x_b, y_b, w_b, h_b)] = picture_boxes_mm(out)
    assert page_a == page_b and abs((y_a + h_a) - (y_b + h_b)) < 0.5  # side by side
    assert x_b >= x_a + w_a + 5  # not overlapping
    assert min(h_a, h_b) >= SHRINK * TALL_H
    text = " ".join(page_texts(out))
    assert all(words in text for words in MORE[:2])


def test_the_keepsake_ends_with_company(family, tmp_path):
    for n in range(1, 7):
        families.set_session_status(family, "F9", n, "held")
    out, pages = make_keepsake(family, "F9", tmp_path / "keepsake.pdf")
    page_pictures(out, SHOTS, "keepsake")
    assert pages == len(PdfReader(out).pages) <= 4
    others = [WORDS[n][0] for n in range(2, 7)] + ["What you did together"]
    assert_no_near_empty_page(out, others, LARGE_PT)
    text = " ".join(page_texts(out))
    assert "Keep enjoying each other" in text and "Visit 6: Looking back" in text
    assert len(picture_boxes_mm(out)) == 5
