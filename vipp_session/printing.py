"""The page kit of the printed documents (the take-home summary and the review pack for
supervision): A4 in Source Sans Pro, generous line spacing, pictures framed, page
numbers when there are several, and a crash-safe write.

fpdf2 is pure Python (it runs on the Windows laptops clinicians carry) and embeds the
font subset it uses. Source Sans Pro (SIL Open Font Licence, from the
font-source-sans-pro package) covers names such as Zoë, Łucja, Siobhán, Ngozi and Nguyễn.
"""

from __future__ import annotations

import os
from pathlib import Path

import font_source_sans_pro
from fpdf import FPDF
from PIL import Image

from vipp_session.fsutil import atomic_write_bytes

FONT = "SourceSans"
INK = (34, 34, 34)
SOFT = (90, 90, 90)
RULE = (200, 200, 200)
MARGIN = 18  # mm


def _font_path(style: str) -> str:
    name = {"": "SourceSansPro-Regular.ttf", "B": "SourceSansPro-Semibold.ttf",
            "I": "SourceSansPro-It.ttf"}[style]
    return os.path.join(font_source_sans_pro.font_directory, name)


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
        self.add_font(FONT, "I", _font_path("I"))  # the child's voice on her sheet
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


def picture_shape(picture: Path) -> float:
    """Width over height of a picture (above 1: landscape)."""
    with Image.open(picture) as im:
        return im.size[0] / im.size[1]


def write_pdf(pdf: FPDF, out: Path) -> int:
    """Write the PDF to `out` whole (temp file, then rename). Returns the page count."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_bytes(out, bytes(pdf.output()))
    return pdf.pages_count
