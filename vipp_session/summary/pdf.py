"""Render a take-home summary as an A4 PDF with fpdf2.

fpdf2 is pure Python (it runs on the Windows laptops clinicians carry) and
embeds the font subset it uses. The font is Source Sans Pro (SIL Open Font
Licence), from the font-source-sans-pro package: it covers names such as Zoë,
Łucja, Siobhán, Ngozi and Nguyễn.

The layout is plain on purpose: dark text on white, large type, one picture
at a time with its words beneath, so it prints well in black and white and
reads easily. Text is left-aligned, never justified: the uneven gaps of
justified lines make reading harder for those who find it hard already.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import font_source_sans_pro
from fpdf import FPDF
from PIL import Image

from vipp_session.fsutil import atomic_write_bytes
from vipp_session.words import long_day

FONT = "SourceSans"
INK = (34, 34, 34)
SOFT = (90, 90, 90)
RULE = (200, 200, 200)
MARGIN = 18  # mm
PICTURE_MAX_H = 66  # mm: big enough to see faces, small enough for two per page


@dataclass
class SummaryMoment:
    picture: Path  # upright still with its highlights drawn in
    words: str
    moment_id: str | None = None


@dataclass
class SummaryContent:
    child: str
    mum_word: str
    session: int
    visit_date: date | None
    theme: str  # the session's theme in the mother's words
    moments: list[SummaryMoment] = field(default_factory=list)
    tips: list[str] = field(default_factory=list)
    next_visit: datetime | None = None
    clinician: str | None = None


def _font_path(style: str) -> str:
    name = {"": "SourceSansPro-Regular.ttf", "B": "SourceSansPro-Semibold.ttf"}[style]
    return os.path.join(font_source_sans_pro.font_directory, name)


def _time(d: datetime) -> str:
    hour = d.hour % 12 or 12
    suffix = "am" if d.hour < 12 else "pm"
    return f"{hour}:{d.minute:02d}{suffix}" if d.minute else f"{hour}{suffix}"


class PrintPDF(FPDF):
    """An A4 page in Source Sans Pro with generous line spacing; numbered when there are
    several pages. The take-home summary and the review pack for supervision both use it."""

    def __init__(self, body_pt: float, title: str):
        super().__init__(orientation="P", unit="mm", format="A4")
        self.body_pt = body_pt
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.set_auto_page_break(True, margin=MARGIN + 6)
        self.add_font(FONT, "", _font_path(""))
        self.add_font(FONT, "B", _font_path("B"))
        self.set_text_color(*INK)
        self.set_title(title)
        self.set_creator("vipp-session")
        self.set_lang("en")

    def footer(self) -> None:
        if self.pages_count > 1:
            self.set_y(-MARGIN)
            self.set_font(FONT, "", 11)
            self.set_text_color(*SOFT)
            self.cell(0, 6, f"{self.page_no()} of {{nb}}", align="C")
            self.set_text_color(*INK)

    def line_height(self, pt: float) -> float:
        return pt * 0.3528 * 1.45  # points to mm, with generous line spacing

    def paragraph(self, text: str, pt: float | None = None, style: str = "", color=INK) -> None:
        pt = pt or self.body_pt
        self.set_font(FONT, style, pt)
        self.set_text_color(*color)
        self.multi_cell(0, self.line_height(pt), text, align="L", new_x="LMARGIN", new_y="NEXT")
        self.set_text_color(*INK)

    def heading(self, text: str) -> None:
        pt = self.body_pt * 1.3
        if self.get_y() + self.line_height(pt) * 3 > self.page_break_trigger:
            self.add_page()
        self.ln(self.body_pt * 0.35)
        self.paragraph(text, pt, "B")
        self.ln(1)

    def text_height(self, text: str, width: float, pt: float | None = None,
                    style: str = "") -> float:
        """How tall `text` would be in a column `width` mm wide (nothing is drawn)."""
        pt = pt or self.body_pt
        self.set_font(FONT, style, pt)
        lines = self.multi_cell(width, self.line_height(pt), text, align="L", dry_run=True,
                                output="LINES")
        return self.line_height(pt) * len(lines)

    def framed_picture(self, picture: Path, x: float, y: float, w: float, h: float) -> None:
        self.image(str(picture), x=x, y=y, w=w, h=h)
        self.set_draw_color(*RULE)
        self.rect(x, y, w, h)


def fit_picture(picture: Path, max_w: float, max_h: float) -> tuple[float, float]:
    """The width and height (mm) of a picture shown as large as fits, keeping its shape."""
    with Image.open(picture) as im:
        w_px, h_px = im.size
    h = min(max_h, max_w * h_px / w_px)
    return h * w_px / h_px, h


def write_pdf(pdf: FPDF, out: Path) -> int:
    """Write the PDF to `out` whole (temp file, then rename). Returns the page count."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_bytes(out, bytes(pdf.output()))
    return pdf.pages_count


class _SummaryPDF(PrintPDF):
    def __init__(self, body_pt: float):
        super().__init__(body_pt, "Our time together")

    def picture_with_words(self, moment: SummaryMoment) -> None:
        usable_w = self.w - 2 * MARGIN
        w, h = fit_picture(moment.picture, usable_w, PICTURE_MAX_H)
        words_h = self.text_height(moment.words, usable_w) + self.line_height(self.body_pt)
        if self.get_y() + h + words_h > self.page_break_trigger:
            self.add_page()
        self.framed_picture(moment.picture, (self.w - w) / 2, self.get_y(), w, h)
        self.set_y(self.get_y() + h + 3)
        self.paragraph(moment.words)
        self.ln(self.body_pt * 0.4)


def render_summary(content: SummaryContent, out: Path, large_print: bool = False) -> int:
    """Write the summary PDF to `out` whole (temp file, then rename). Returns the page count."""
    pdf = _SummaryPDF(body_pt=18 if large_print else 14)
    pdf.alias_nb_pages()
    pdf.add_page()

    pdf.paragraph(f"{content.child} and {content.mum_word}", pdf.body_pt * 2, "B")
    visit = f"Visit {content.session}"
    if content.visit_date:
        visit += f", {long_day(content.visit_date)}"
    pdf.paragraph(visit, pdf.body_pt, color=SOFT)
    pdf.ln(3)
    pdf.paragraph(content.theme)

    if content.moments:
        pdf.heading("What we saw together")
        for moment in content.moments:
            pdf.picture_with_words(moment)

    if content.tips:
        pdf.heading("Things to try")
        for tip in content.tips:
            pdf.set_font(FONT, "", pdf.body_pt)
            pdf.cell(7, pdf.line_height(pdf.body_pt), "•")
            pdf.multi_cell(0, pdf.line_height(pdf.body_pt), tip, align="L",
                           new_x="LMARGIN", new_y="NEXT")
            pdf.ln(1)

    if content.next_visit or content.clinician:
        pdf.heading("Next time")
        if content.next_visit:
            pdf.paragraph(
                f"Our next visit is on {long_day(content.next_visit.date())} "
                f"at {_time(content.next_visit)}."
            )
        if content.clinician:
            pdf.ln(2)
            pdf.paragraph(f"See you soon,\n{content.clinician}")

    return write_pdf(pdf, out)
