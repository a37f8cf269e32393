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
leaving a gap. Two portrait moments in a row may share a row, each with its words
beneath. How large the pictures are, whether portraits share rows and where a page
breaks are chosen by summary/fit.py from dry runs of this layout (no pictures drawn).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from vipp_session.printing import FONT, INK, MARGIN, SOFT, PrintPDF, picture_shape, write_pdf
from vipp_session.summary.content import Section, SummaryContent, SummaryMoment
from vipp_session.summary.fit import SHRINK, Fit, choose

BODY_PT, LARGE_PT = 14, 18
WIDE_W = 140  # mm: a landscape still at 14 pt (about 79 mm tall); grows with the type
TALL_H = 105  # mm: a portrait still at 14 pt (about 59 mm wide); grows with the type
GAP = 7  # mm between a portrait picture and its words
COLUMN = 60  # mm: the narrowest column of words beside a landscape picture (about 30 letters)


@dataclass(frozen=True)
class Placed:
    """One picture with its words: the sizes it is drawn at."""

    w: float
    h: float
    beside: bool  # words beside the picture (portrait), else beneath


class _SheetPDF(PrintPDF):
    def __init__(self, body_pt: float, title: str = "Our time together",
                 picture_scale: float = 1.0, dry: bool = False,
                 shapes: dict[Path, float] | None = None):
        super().__init__(body_pt, title)
        self.shapes = {} if shapes is None else shapes  # each picture read once per sheet
        self.scale = body_pt / BODY_PT * picture_scale
        # a picture shrinks at the foot of a page only as far as SHRINK of its normal size
        self.least_fit = min(1.0, SHRINK / picture_scale)
        self.usable_w = self.w - 2 * MARGIN
        self.dry = dry  # a trial layout: pictures are measured, not embedded
        self.ink: dict[int, float] = {}  # how far down each page something is drawn (mm)
        self.ending_alone = False
        self.measuring = False

    def room(self) -> float:
        return self.page_break_trigger - self.get_y()

    # --- measuring the pages as they are laid out
    def multi_cell(self, *args, **kwargs):
        if kwargs.get("dry_run") or self.measuring:
            # fpdf2 measures by laying the words out unwritten, calling multi_cell again
            was, self.measuring = self.measuring, True
            try:
                return super().multi_cell(*args, **kwargs)
            finally:
                self.measuring = was
        page = self.page
        result = super().multi_cell(*args, **kwargs)
        for full in range(page, self.page):  # the words ran on over a page break
            self.inked(self.page_break_trigger, full)
        self.inked(self.get_y())
        return result

    def inked(self, bottom: float, page: int | None = None) -> None:
        page = page or self.page
        self.ink[page] = max(self.ink.get(page, 0.0), bottom)

    def fills(self) -> list[float]:
        """How far down each page the words and pictures reach, as a share of the room
        between the margins (1.0: a full page)."""
        room = self.h - 2 * MARGIN - 4  # the page number sits in the last 4 mm
        return [round((self.ink.get(p, MARGIN) - MARGIN) / room, 2)
                for p in range(1, self.pages_count + 1)]

    def framed_picture(self, picture: Path, x: float, y: float, w: float, h: float) -> None:
        if self.dry:
            self.rect(x, y, w, h)
        else:
            super().framed_picture(picture, x, y, w, h)
        self.inked(y + h)

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
    def shape(self, picture: Path) -> float:
        if picture not in self.shapes:
            self.shapes[picture] = picture_shape(picture)
        return self.shapes[picture]

    def plan(self, picture: Path, moment: SummaryMoment | None, fit: float = 1.0) -> Placed:
        shape = self.shape(picture)
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
        while fit >= self.least_fit:
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
        if label and label_h + self.plan(picture, moment, self.least_fit).h > self.room():
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

    def beside_words(self, picture: Path, text: str) -> bool:
        """The sheet's picture on the left, the words on its right, when the picture
        leaves a column wide enough to read easily; else nothing is drawn (False)."""
        placed = self.plan(picture, None)
        column = self.usable_w - placed.w - GAP
        if column < COLUMN or placed.h > self.room():
            return False
        top = self.get_y()
        self.framed_picture(picture, MARGIN, top, placed.w, placed.h)
        self.set_xy(MARGIN + placed.w + GAP, top)
        self.set_font(FONT, "", self.body_pt)
        self.multi_cell(column, self.line_height(self.body_pt), text, align="L",
                        new_x="LEFT", new_y="NEXT")
        self.set_y(max(top + placed.h, self.get_y()))
        self.set_x(MARGIN)
        self.ln(self.body_pt * 0.45)
        return True

    # --- two portrait moments side by side, each with its words beneath
    def pair_plan(self, pair: tuple[SummaryMoment, ...], fit: float = 1.0) -> list[Placed]:
        column = (self.usable_w - GAP) / 2
        placed = []
        for moment in pair:
            shape = self.shape(moment.picture)
            w = min(TALL_H * self.scale * fit * shape, column)
            placed.append(Placed(w, w / shape, False))
        return placed

    def pair_height(self, pair: tuple[SummaryMoment, ...], placed: list[Placed]) -> float:
        column = (self.usable_w - GAP) / 2
        label = self.line_height(self.body_pt) if any(m.label for m in pair) else 0
        return (label + max(p.h for p in placed) + 3
                + max(self.words_height(m, column) for m in pair))

    def pair_block(self, pair: tuple[SummaryMoment, ...]) -> None:
        placed = self.pair_plan(pair)
        fit = 0.96
        while self.pair_height(pair, placed) > self.room():
            if fit < self.least_fit:
                self.add_page()
                placed = self.pair_plan(pair)
                break
            placed, fit = self.pair_plan(pair, fit), fit - 0.04
        column, lh = (self.usable_w - GAP) / 2, self.line_height(self.body_pt)
        top, bottom = self.get_y(), self.get_y()
        tallest = max(p.h for p in placed)
        for i, (moment, place) in enumerate(zip(pair, placed)):
            x = MARGIN + i * (column + GAP)
            y = top
            if any(m.label for m in pair):
                if moment.label:
                    self.set_xy(x, y)
                    self.set_font(FONT, "B", self.body_pt)
                    self.set_text_color(*SOFT)
                    self.multi_cell(column, lh, moment.label, align="L")
                    self.set_text_color(*INK)
                y += lh
            # pictures of a row share a bottom edge, so the words beneath start level, and
            # stand at the column's left edge, where its words start
            self.framed_picture(moment.picture, x, y + tallest - place.h, place.w, place.h)
            self.set_y(y + tallest + 3)
            self.words_at(moment, x, column)
            bottom = max(bottom, self.get_y())
        self.set_y(bottom)
        self.set_x(MARGIN)
        self.ln(self.body_pt * 0.45)

    def row_block(self, row: tuple[SummaryMoment, ...]) -> None:
        if len(row) == 2:
            self.pair_block(row)
        else:
            self.picture_block(row[0].picture, row[0])

    def smallest_row(self, row: tuple[SummaryMoment, ...]) -> float:
        if len(row) == 2:
            return self.pair_height(row, self.pair_plan(row, self.least_fit))
        first = row[0]
        return self.block_height(first.picture, first, self.plan(first.picture, first,
                                                                 self.least_fit))

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
        inked = set(self.ink)
        if need > self.room():
            self.add_page()
        start = self.page
        self.heading(heading)
        for p in paragraphs:
            self.paragraph(p)
        self.ln(3)
        self.paragraph(sign)
        # alone on its page, or run over onto a page of its own
        self.ending_alone = self.page not in inked or self.page != start

    def section(self, section: Section) -> None:
        body = sum(self.text_height(p, self.usable_w) for p in section.paragraphs)
        self.heading_before(section.heading, body)
        for p in section.paragraphs:
            self.paragraph(p)


def moment_rows(pdf: _SheetPDF, moments: list[SummaryMoment],
                pair: bool) -> list[tuple[SummaryMoment, ...]]:
    """The moments in order, one a row; with `pair`, two portrait ones in a row share it."""
    def portrait(m: SummaryMoment) -> bool:
        return bool(m.words) and pdf.shape(m.picture) < 1

    rows: list[tuple[SummaryMoment, ...]] = []
    for moment in moments:
        if pair and rows and len(rows[-1]) == 1 and portrait(rows[-1][0]) and portrait(moment):
            rows[-1] = (rows[-1][0], moment)
        else:
            rows.append((moment,))
    return rows


def break_before(pdf: _SheetPDF, fit: Fit, row: int) -> None:
    """A new page before this row (a moment, or after the last, what follows them), so
    that it keeps the ending company on the last page."""
    if row == fit.break_before and pdf.get_y() > pdf.t_margin + 1:
        pdf.add_page()


def laid_rows(pdf: _SheetPDF, rows: list[tuple[SummaryMoment, ...]], fit: Fit) -> None:
    for i, row in enumerate(rows):
        break_before(pdf, fit, i)
        pdf.row_block(row)
    break_before(pdf, fit, len(rows))


def _moments(pdf: _SheetPDF, content: SummaryContent, fit: Fit) -> None:
    if not content.moments:
        return
    rows = moment_rows(pdf, content.moments, fit.pair)
    pdf.heading_before(content.moments_heading, pdf.smallest_row(rows[0]))
    laid_rows(pdf, rows, fit)


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
    inked = set(pdf.ink)
    if need > pdf.room():
        pdf.add_page()
    start = pdf.page
    if content.closing:
        pdf.section(content.closing)
    for line in closing:
        pdf.ln(2)
        pdf.paragraph(line)
    if content.clinician:
        pdf.ln(3)
        pdf.paragraph(sign)
    pdf.ending_alone = pdf.page not in inked or pdf.page != start


def layout_summary(content: SummaryContent, large_print: bool = False) -> _SheetPDF:
    """The laid-out sheet, not yet written anywhere: tried several ways without its
    pictures (summary/fit.py chooses), then laid out for real the chosen way."""
    shapes: dict[Path, float] = {}
    if not (content.moments or content.picture):
        return _layout(content, large_print, Fit(), shapes)
    probe = _SheetPDF(BODY_PT, dry=True, shapes=shapes)
    fit = choose(lambda f: _layout(content, large_print, f, shapes, dry=True),
                 rows=len(content.moments),
                 can_pair=len(moment_rows(probe, content.moments, True)) < len(content.moments),
                can_beside=content.picture is not None and probe.shape(content.picture) >= 1)
    return _layout(content, large_print, fit, shapes)


def _layout(content: SummaryContent, large_print: bool, fit: Fit,
            shapes: dict[Path, float], dry: bool = False) -> _SheetPDF:
    pdf = _SheetPDF(LARGE_PT if large_print else BODY_PT, picture_scale=fit.scale, dry=dry,
                    shapes=shapes)
    pdf.alias_nb_pages()
    pdf.add_page()
    pdf.paragraph(content.title or f"{content.child} and {content.mum_word}",
                  pdf.body_pt * 2, "B")
    if content.visit_line:
        pdf.paragraph(content.visit_line, pdf.body_pt, color=SOFT)
    pdf.ln(3)
    if content.picture:  # the chosen picture, when no moment is marked
        if not (fit.beside and pdf.beside_words(content.picture, content.theme)):
            pdf.picture_block(content.picture, None)
            pdf.paragraph(content.theme)
    else:
        pdf.paragraph(content.theme)
    _moments(pdf, content, fit)
    _tips(pdf, content)
    _ending(pdf, content)
    return pdf


def summary_pdf_bytes(content: SummaryContent, large_print: bool = False) -> bytes:
    """The sheet as PDF bytes (what the preview shows, and what is printed)."""
    return bytes(layout_summary(content, large_print).output())


def render_summary(content: SummaryContent, out: Path, large_print: bool = False) -> int:
    """Write the summary PDF to `out` whole (temp file, then rename). Returns the page count."""
    return write_pdf(layout_summary(content, large_print), out)
