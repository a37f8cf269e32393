"""Appointment cards she can keep on the fridge: the visit's day and time, who is coming and
how to change it, large and plain. One card to an A6 page, or four to an A4 sheet to cut.

The words come from reminders.card_for (no code, note or label); the fonts and the crash-safe
write are the printed documents' own (printing.py).
"""

from __future__ import annotations

from pathlib import Path

from fpdf import FPDF

from vipp_session.fsutil import atomic_write_bytes
# the printed documents' fonts and colours (the font path is printing's own helper)
from vipp_session.printing import FONT, INK, RULE, SOFT, _font_path
from vipp_session.reminders import Card

A6 = (105.0, 148.0)  # mm
A4 = (210.0, 297.0)
PAD = 9.0
WARM = (244, 236, 224)  # the soft band behind the day and time


class _CardPDF(FPDF):
    def __init__(self, page: tuple[float, float]):
        super().__init__(orientation="P", unit="mm", format=page)  # a (w, h) in mm
        self.set_auto_page_break(False)
        self.add_font(FONT, "", _font_path(""))
        self.add_font(FONT, "B", _font_path("B"))
        self.set_title("Your next visit")
        self.set_creator("vipp-session")
        self.set_lang("en")


def _text(pdf: FPDF, x: float, w: float, text: str, pt: float, style: str = "",
          color=INK, align: str = "C") -> None:
    pdf.set_font(FONT, style, pt)
    pdf.set_text_color(*color)
    pdf.set_x(x)
    pdf.multi_cell(w, pt * 0.3528 * 1.3, text, align=align, new_x="LMARGIN", new_y="NEXT")


def draw_card(pdf: FPDF, card: Card, x: float, y: float) -> None:
    """One card in the A6 area whose top left corner is (x, y)."""
    w = A6[0] - 2 * PAD
    left = x + PAD
    pdf.set_y(y + PAD + 8)
    _text(pdf, left, w, "Our next visit", 22, "B")
    _text(pdf, left, w, f"for you and {card.child}", 15, color=SOFT)
    band_top = pdf.get_y() + 6
    pdf.set_fill_color(*WARM)
    pdf.rect(left, band_top, w, 50, style="F", round_corners=True, corner_radius=4)
    pdf.set_y(band_top + 4)
    weekday, _, rest = card.day.partition(" ")  # the weekday on a line of its own
    _text(pdf, left, w, weekday, 20, "B")
    _text(pdf, left, w, rest, 20, "B")
    pdf.ln(1)
    _text(pdf, left, w, card.time, 30, "B")
    pdf.set_y(band_top + 58)
    if card.clinician:
        _text(pdf, left, w, f"With {card.clinician}", 16)
        pdf.ln(4)
    if card.contact:
        _text(pdf, left, w, "If you need to change it:", 13, color=SOFT)
        _text(pdf, left, w, card.contact, 15)
    else:
        _text(pdf, left, w, "If you need to change it, just let me know.", 13, color=SOFT)


def cards_pdf(cards: list[Card], per_a4: bool = False) -> bytes:
    """The cards as a PDF: one to an A6 page, or four to an A4 page with lines to cut along."""
    if not cards:
        raise ValueError("no cards to print")
    pdf = _CardPDF(A4 if per_a4 else A6)
    places = [(0.0, 0.0), (A6[0], 0.0), (0.0, A4[1] / 2), (A6[0], A4[1] / 2)] if per_a4 \
        else [(0.0, 0.0)]
    for i, card in enumerate(cards):
        if i % len(places) == 0:
            pdf.add_page()
            if per_a4:
                _cut_lines(pdf)
        draw_card(pdf, card, *places[i % len(places)])
    return bytes(pdf.output())


def write_cards(cards: list[Card], out: Path, per_a4: bool = False) -> None:
    """The same PDF written whole to `out` (temp file, then rename)."""
    atomic_write_bytes(Path(out), cards_pdf(cards, per_a4))


def _cut_lines(pdf: FPDF) -> None:
    pdf.set_draw_color(*RULE)
    pdf.set_dash_pattern(dash=2, gap=2)
    pdf.line(A4[0] / 2, 0, A4[0] / 2, A4[1])
    pdf.line(0, A4[1] / 2, A4[0], A4[1] / 2)
    pdf.set_dash_pattern()
