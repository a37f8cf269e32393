"""The summary PDF read back: its words, pictures, fonts, type size and page count."""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path

import pytest
from PIL import Image, ImageDraw
from pypdf import PdfReader

from vipp_session.summary.content import Section, SummaryContent, SummaryMoment
from vipp_session.summary.pdf import render_summary

WORDS = [
    "Look how Łucja is looking right at you here. She is checking you are still with her.",
    "Łucja reaches for the book and you follow her lead.",
    "Laughing together: she loves it when you copy her sounds.",
    "Here she leans in close to you. She feels safe with you.",
]


def picture(path: Path, size: tuple[int, int]) -> Path:
    im = Image.new("RGB", size, (170, 140, 120))
    ImageDraw.Draw(im).ellipse((size[0] * 0.3, size[1] * 0.3, size[0] * 0.6, size[1] * 0.7),
                               fill=(240, 200, 170))
    im.save(path)
    return path


@pytest.fixture
def content(tmp_path) -> SummaryContent:
    sizes = [(1280, 720), (720, 1280), (1280, 720), (1920, 1080)]
    return SummaryContent(
        child="Łucja", mum_word="Mamusia", session=3, visit_date=date(2026, 12, 2),
        theme="This time we looked at how Łucja tells you what she needs. Siobhán, Zoë "
              "and Ngozi are names this font must show too.",
        moments=[SummaryMoment(picture(tmp_path / f"p{i}.png", s), w)
                 for i, (s, w) in enumerate(zip(sizes, WORDS))],
        tips=["When she points, name what she points at.", "Copy her sounds, then wait."],
        next_visit=datetime(2026, 12, 16, 10, 30),
        closing=Section("Next time", ["Our next visit is on Wednesday 16 December 2026 at 10:30am."]),
        contact="To talk to Sam, or to change a visit: call 07700 900123.",
        clinician="Sam",
    )


def text_of(path: Path) -> str:
    return " ".join(" ".join(p.extract_text().split()) for p in PdfReader(path).pages)


def font_sizes(path: Path) -> set[float]:
    sizes = set()
    for page in PdfReader(path).pages:
        data = page.get_contents().get_data().decode("latin-1")
        sizes |= {float(s) for s in re.findall(r"/F\d+ ([\d.]+) Tf", data)}
    return sizes


def test_summary_has_every_word_names_and_next_visit(content, tmp_path):
    out = tmp_path / "summary.pdf"
    pages = render_summary(content, out)
    text = text_of(out)
    assert "Łucja and Mamusia" in text
    for name in ("Siobhán", "Zoë", "Ngozi"):
        assert name in text
    for words in WORDS + content.tips:
        assert words in text
    assert "Wednesday 16 December 2026 at 10:30am" in text
    assert "Sam" in text
    assert pages == len(PdfReader(out).pages)


def test_four_moments_fit_on_two_pages_with_a_picture_each(content, tmp_path):
    out = tmp_path / "summary.pdf"
    assert render_summary(content, out) == 2
    reader = PdfReader(out)
    images = [img for page in reader.pages for img in page.images]
    assert len(images) == 4


def test_fonts_are_embedded(content, tmp_path):
    out = tmp_path / "summary.pdf"
    render_summary(content, out)
    fonts = set()
    for page in PdfReader(out).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendant = font["/DescendantFonts"][0].get_object()
            descriptor = descendant["/FontDescriptor"].get_object()
            assert "/FontFile2" in descriptor, "the font program is embedded"
            fonts.add(str(font["/BaseFont"]))
    assert any("SourceSansPro" in f for f in fonts)


def test_body_text_is_14pt_and_18pt_in_large_print(content, tmp_path):
    regular, large = tmp_path / "r.pdf", tmp_path / "l.pdf"
    render_summary(content, regular)
    pages_large = render_summary(content, large, large_print=True)
    assert 14 in font_sizes(regular) and min(font_sizes(regular)) >= 11
    assert 18 in font_sizes(large) and 14 not in font_sizes(large)
    assert pages_large >= 2


def test_a_failure_while_rendering_leaves_no_file(content, tmp_path):
    out = tmp_path / "summary.pdf"
    content.moments[2].picture.unlink()  # a still that vanished
    with pytest.raises(FileNotFoundError):
        render_summary(content, out)
    assert not out.exists()
    assert list(tmp_path.glob("*.tmp")) == [] and list(tmp_path.glob(".summary*")) == []
