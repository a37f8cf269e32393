"""Render a take-home summary as an A4 PDF with fpdf2.

The page kit (A4, Source Sans Pro, page numbers, the crash-safe write) is
printing.py, shared with the review pack; the content is summary/content.py.

The layout is plain on purpose: dark text on white, large type, one picture
at a time with its words beneath, so it prints well in black and white and
reads easily. Text is left-aligned, never justified: the uneven gaps of
justified lines make reading harder for those who find it hard already.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from vipp_session.printing import FONT, MARGIN, SOFT, PrintPDF, fit_picture, write_pdf
from vipp_session.summary.content import SummaryContent, SummaryMoment
from vipp_session.words import long_day

PICTURE_MAX_H = 66  # mm: big enough to see faces, small enough for two per page


def _time(d: datetime) -> str:
    hour = d.hour % 12 or 12
    suffix = "am" if d.hour < 12 else "pm"
    return f"{hour}:{d.minute:02d}{suffix}" if d.minute else f"{hour}{suffix}"


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
