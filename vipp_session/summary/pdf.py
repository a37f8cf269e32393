"""Lay out a take-home sheet as an A4 PDF with fpdf2.

The page kit (A4, Source Sans Pro, page numbers, the crash-safe write) is
printing.py, shared with the review pack and the keepsake; every word is filled in
by summary/content.py, so this only places things.

The layout is plain on purpose: dark text on white, large type, large pictures, so
it prints well in black and white and reads easily. Text is left-aligned, never
justified: the uneven gaps of justified lines make reading harder for those who find
it hard already. Pictures grow with large print, as the words do. A landscape still
spans most of the page with its words beneath; a portrait one (most phone video)
stands beside its words, so it is as tall as a hand and no page is half empty. A
picture that would not fit at the bottom of a page shrinks a little rather than
leaving a gap.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from vipp_session.printing import FONT, INK, MARGIN, SOFT, PrintPDF, picture_shape, write_pdf
from vipp_session.summary.content import Section, SummaryContent, SummaryMoment

BODY_PT, LARGE_PT = 14, 18
WIDE_W = 140  # mm: a landscape still at 14 pt (about 79 mm tall); grows with the type
TALL_H = 105  # mm: a portrait still at 14 pt (about 59 mm wide); grows with the type
SHRINK = 0.72  # the smallest a picture may shrink to fill the end of a page
GAP = 7  # mm between a portrait picture and its words


@dataclass(frozen=True)
class Placed:
    """One picture with its words: the sizes it is drawn at."""

    w: float
    h: float
    beside: bool  # words beside the picture (portrait), else beneath


class _SheetPDF(PrintPDF):
    def __init__(self, body_pt: float, title: str = "Our time together",
                 picture_scale: float = 1.0):
        super().__init__(body_pt, title)
        self.scale = body_pt / BODY_PT * picture_scale
        self.usable_w = self.w - 2 * MARGIN

    def room(self) -> float:
        return self.page_break_trigger - self.get_y()

    # --- the child's voice: a lead ("Maya would say:") then the words, in italics
    def words_height(self, moment: SummaryMoment, width: float) -> float:
        h = self.text_height(moment.words, width, style="I" if moment.child_says else "")
        if moment.child_says:
            h += self.text_height(moment.child_says, width, style="B")
        return h

    def words_at(self, moment: SummaryMoment, x: float, width: float) -> None:
        lh = self.line_height(self.body_pt)
        if moment.child_says:
            self.set_x(x)
            self.set_font(FONT, "B", self.body_pt)
            self.set_text_color(*SOFT)
            self.multi_cell(width, lh, moment.child_says, align="L", new_x="LEFT", new_y="NEXT")
            self.set_text_color(*INK)
        self.set_x(x)
        self.set_font(FONT, "I" if moment.child_says else "", self.body_pt)
        self.multi_cell(width, lh, moment.words, align="L", new_x="LEFT", new_y="NEXT")

    # --- pictures
    def plan(self, picture: Path, moment: SummaryMoment | None, fit: float = 1.0) -> Placed:
        shape = picture_shape(picture)
        if shape >= 1:
            w = min(self.usable_w, WIDE_W * self.scale) * fit
            return Placed(w, w / shape, False)
        h = TALL_H * self.scale * fit
        return Placed(h * shape, h, moment is not None and bool(moment.words))

    def block_height(self, picture: Path, moment: SummaryMoment | None, placed: Placed) -> float:
        if moment is None or not moment.words:
            return placed.h
        if placed.beside:
            return max(placed.h, self.words_height(moment, self.usable_w - placed.w - GAP))
        return placed.h + 3 + self.words_height(moment, self.usable_w)

    def fitted(self, picture: Path, moment: SummaryMoment | None) -> Placed:
        """Full size if it fits here; else shrunk a little to fill this page; else full
        size on a new page."""
        full = self.plan(picture, moment)
        if self.block_height(picture, moment, full) <= self.room():
            return full
        fit = 0.96
        while fit >= SHRINK:
            placed = self.plan(picture, moment, fit)
            if self.block_height(picture, moment, placed) <= self.room():
                return placed
            fit -= 0.04
        self.add_page()
        return full

    def picture_block(self, picture: Path, moment: SummaryMoment | None,
                      placed: Placed | None = None) -> None:
        label = moment.label if moment is not None else None
        label_h = self.line_height(self.body_pt) if label else 0
        if label and label_h + self.plan(picture, moment, SHRINK).h > self.room():
            self.add_page()
        if label:
            self.paragraph(label, self.body_pt, "B", color=SOFT)
        placed = placed or self.fitted(picture, moment)
        top = self.get_y()
        if placed.beside:
            self.framed_picture(picture, MARGIN, top, placed.w, placed.h)
            self.set_y(top)
            self.words_at(moment, MARGIN + placed.w + GAP, self.usable_w - placed.w - GAP)
            self.set_y(max(top + placed.h, self.get_y()))
        else:
            self.framed_picture(picture, (self.w - placed.w) / 2, top, placed.w, placed.h)
            self.set_y(top + placed.h + 3)
            if moment is not None and moment.words:
                self.words_at(moment, MARGIN, self.usable_w)
        self.set_x(MARGIN)
        self.ln(self.body_pt * 0.45)

    # --- text
    def heading_before(self, text: str, first_block: float) -> None:
        """A heading kept on the same page as what follows it."""
        if self.line_height(self.body_pt * 1.3) + 3 + first_block > self.room():
            self.add_page()
        self.heading(text)

    def section_lines(self, heading: str, paragraphs: list[str], sign: str) -> None:
        """A closing heading, its words and a sign-off, kept together on one page."""
        need = (self.line_height(self.body_pt * 1.3) + 8
                + sum(self.text_height(p, self.usable_w) for p in (*paragraphs, sign)))
        if need > self.room():
            self.add_page()
        self.heading(heading)
        for p in paragraphs:
            self.paragraph(p)
        self.ln(3)
        self.paragraph(sign)

    def section(self, section: Section) -> None:
        body = sum(self.text_height(p, self.usable_w) for p in section.paragraphs)
        self.heading_before(section.heading, body)
        for p in section.paragraphs:
            self.paragraph(p)


def _moments(pdf: _SheetPDF, content: SummaryContent) -> None:
    if not content.moments:
        return
    first = content.moments[0]
    smallest = pdf.plan(first.picture, first, SHRINK)
    pdf.heading_before(content.moments_heading, pdf.block_height(first.picture, first, smallest))
    for moment in content.moments:
        pdf.picture_block(moment.picture, moment)


def _tips(pdf: _SheetPDF, content: SummaryContent) -> None:
    if not content.tips:
        return
    lh = pdf.line_height(pdf.body_pt)
    pdf.heading_before(content.tips_heading, pdf.text_height(content.tips[0], pdf.usable_w - 7))
    for tip in content.tips:
        if pdf.text_height(tip, pdf.usable_w - 7) > pdf.room():
            pdf.add_page()
        pdf.set_font(FONT, "", pdf.body_pt)
        pdf.cell(7, lh, "•")
        pdf.multi_cell(0, lh, tip, align="L", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1)


def _ending(pdf: _SheetPDF, content: SummaryContent) -> None:
    if content.video:
        pdf.section(content.video)
    closing = [content.contact] if content.contact else []
    sign = content.sign_off + (f"\n{content.clinician}" if content.clinician else "")
    # the next visit (or the ending), how to reach the clinician and the sign-off stay together
    need = sum(pdf.text_height(t, pdf.usable_w) for t in (*closing, sign)) + 8
    if content.closing:
        need += pdf.line_height(pdf.body_pt * 1.3) + 3 + sum(
            pdf.text_height(p, pdf.usable_w) for p in content.closing.paragraphs)
    if need > pdf.room():
        pdf.add_page()
    if content.closing:
        pdf.section(content.closing)
    for line in closing:
        pdf.ln(2)
        pdf.paragraph(line)
    if content.clinician:
        pdf.ln(3)
        pdf.paragraph(sign)


def layout_summary(content: SummaryContent, large_print: bool = False) -> _SheetPDF:
    """The laid-out sheet, not yet written anywhere: pictures as large as they can be
    while the sheet needs no more pages than slightly smaller ones would."""
    best = _layout(content, large_print, 1.0)
    if best.pages_count == 1 or not (content.moments or content.picture):
        return best
    for scale in PICTURE_SCALES:
        smaller = _layout(content, large_print, scale)
        if smaller.pages_count < best.pages_count:
            return smaller
    return best


PICTURE_SCALES = (0.9, 0.8, 0.7)  # a page saved is worth a smaller picture, to 70%


def _layout(content: SummaryContent, large_print: bool, picture_scale: float) -> _SheetPDF:
    pdf = _SheetPDF(LARGE_PT if large_print else BODY_PT, picture_scale=picture_scale)
    pdf.alias_nb_pages()
    pdf.add_page()
    pdf.paragraph(content.title or f"{content.child} and {content.mum_word}",
                  pdf.body_pt * 2, "B")
    if content.visit_line:
        pdf.paragraph(content.visit_line, pdf.body_pt, color=SOFT)
    pdf.ln(3)
    if content.picture:  # the chosen picture, when no moment is marked
        pdf.picture_block(content.picture, None)
    pdf.paragraph(content.theme)
    _moments(pdf, content)
    _tips(pdf, content)
    _ending(pdf, content)
    return pdf


def summary_pdf_bytes(content: SummaryContent, large_print: bool = False) -> bytes:
    """The sheet as PDF bytes (what the preview shows, and what is printed)."""
    return bytes(layout_summary(content, large_print).output())


def render_summary(content: SummaryContent, out: Path, large_print: bool = False) -> int:
    """Write the summary PDF to `out` whole (temp file, then rename). Returns the page count."""
    return write_pdf(layout_summary(content, large_print), out)
