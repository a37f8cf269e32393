"""Render a review pack as an A4 PDF, on the same page style as the take-home summary.

Every page carries a dark band saying it is for supervision and not for the
family, with the family code, so a loose page found on a desk is never taken
for the mother's summary. Two or three moments fit on a page: a smaller still
with its facts beside it, then the words, the note and the tone check.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from vipp_session.model import age_in_words
from vipp_session.review.content import ReviewContent, ReviewMoment
from vipp_session.words import TRACK_LABELS, clip_time, long_day
from vipp_session.printing import (
    FONT,
    INK,
    MARGIN,
    RULE,
    SOFT,
    PrintPDF,
    fit_picture,
    write_pdf,
)

MARKING = "For supervision: not for the family"
BAND = (45, 45, 45)  # dark enough to stand out in black-and-white print
PAPER = (255, 255, 255)
FLAG = (150, 40, 20)  # tone-check findings: dark red, still legible in grey
BODY_PT = 11
PICTURE_MAX_W = 70  # mm
PICTURE_MAX_H = 48  # mm
LABEL_W = 42  # mm, the label column on the first page


def _when(d: datetime) -> str:
    return f"{long_day(d.date())} at {d.hour}:{d.minute:02d}"


class _ReviewPDF(PrintPDF):
    def __init__(self, content: ReviewContent):
        super().__init__(BODY_PT, f"Review pack: {content.family_id}, session {content.session}")
        self.content = content
        self.set_top_margin(MARGIN + 8)

    def header(self) -> None:
        self.set_fill_color(*BAND)
        self.rect(0, 8, self.w, 11, style="F")
        self.set_xy(MARGIN, 8)
        self.set_text_color(*PAPER)
        self.set_font(FONT, "B", 13)
        self.cell(0, 11, MARKING)
        self.set_xy(MARGIN, 8)
        self.set_font(FONT, "", 11)
        self.cell(0, 11, f"{self.content.family_id} · session {self.content.session}", align="R")
        self.set_text_color(*INK)
        self.set_xy(MARGIN, MARGIN + 8)

    def footer(self) -> None:
        self.set_y(-MARGIN)
        self.set_font(FONT, "", 9)
        self.set_text_color(*SOFT)
        usable_w = self.w - 2 * MARGIN
        self.cell(usable_w - 30, 6, f"Review pack made {long_day(self.content.made)}, for the "
                                    "clinician and supervisor only", align="L")
        self.cell(30, 6, f"page {self.page_no()} of {{nb}}", align="R")
        self.set_text_color(*INK)

    def fact(self, label: str, value: str) -> None:
        y = self.get_y()
        self.set_font(FONT, "B", BODY_PT)
        self.set_text_color(*SOFT)
        self.cell(LABEL_W, self.line_height(BODY_PT), label)
        self.set_text_color(*INK)
        self.set_font(FONT, "", BODY_PT)
        self.set_xy(MARGIN + LABEL_W, y)
        self.multi_cell(0, self.line_height(BODY_PT), value, align="L", new_x="LMARGIN",
                        new_y="NEXT")

    def part(self, label: str, text: str, color=INK) -> None:
        """A labelled part of a moment: a small grey label, then the text."""
        if self.get_y() + self.line_height(BODY_PT) * 2 > self.page_break_trigger:
            self.add_page()
        self.paragraph(label, BODY_PT - 1, "B", SOFT)
        self.paragraph(text, color=color)
        self.ln(1)

    def marked_part(self, label: str, runs: list[tuple[str, bool]]) -> None:
        """Like `part`, with the runs marked True in bold and underlined."""
        if self.get_y() + self.line_height(BODY_PT) * 2 > self.page_break_trigger:
            self.add_page()
        self.paragraph(label, BODY_PT - 1, "B", SOFT)
        for i, (words, changed) in enumerate(runs):
            self.set_font(FONT, "BU" if changed else "", BODY_PT)
            self.write(self.line_height(BODY_PT), words)
            if i < len(runs) - 1:
                self.set_font(FONT, "", BODY_PT)
                self.write(self.line_height(BODY_PT), " ")
        self.set_font(FONT, "", BODY_PT)
        self.ln(self.line_height(BODY_PT))
        self.ln(1)

    def moment(self, m: ReviewMoment) -> None:
        w, h = fit_picture(m.picture, PICTURE_MAX_W, PICTURE_MAX_H)
        title_h = self.line_height(BODY_PT * 1.2) + 2
        if self.get_y() + title_h + h + self.line_height(BODY_PT) * 3 > self.page_break_trigger:
            self.add_page()
        self.set_draw_color(*RULE)
        self.line(MARGIN, self.get_y(), self.w - MARGIN, self.get_y())
        self.ln(2)
        self.paragraph(f"Moment {m.number} · {m.kind}", BODY_PT * 1.2, "B")
        top = self.get_y() + 1
        self.framed_picture(m.picture, MARGIN, top, w, h)

        facts_x = MARGIN + PICTURE_MAX_W + 6
        self.set_left_margin(facts_x)
        self.set_xy(facts_x, top)
        message = m.message_id or "none: the clinician's own words"
        if m.message_missing:
            message += " (no longer in the message library in use)"
        for line in (f"Clip: {m.clip_file}",
                     f"Time: {clip_time(m.at)} · frame {m.frame}",
                     f"Scripted message: {message}",
                     "In the take-home summary: " + ("yes" if m.in_summary else "no"),
                     f"Moment id: {m.moment_id}"):
            self.paragraph(line)
        self.set_left_margin(MARGIN)
        self.set_xy(MARGIN, max(self.get_y(), top + h) + 3)

        if m.scripted is not None:
            self.part(f"Scripted words ({m.message_id})", m.scripted)
        if m.scripted is None:
            self.part("Words (the clinician's own)", m.words or "(none yet)")
        elif m.tailored and m.words:
            self.marked_part("Tailored words (what changed is in bold and underlined)",
                             m.changes())
        elif m.tailored:
            self.part("Tailored words (changed from the scripted ones)", "(none yet)")
        else:
            self.part("Tailored words", "The same as the scripted words.", SOFT)
        self.part("Private note", m.note or "(none)", INK if m.note else SOFT)
        if m.checks:
            lines = [f"‘{c.finding.words}’: {c.message}" if c.finding else c.message
                     for c in m.checks]
            self.part("Tone check on the words she will hear", "\n".join(lines), FLAG)
        else:
            self.part("Tone check on the words she will hear", "Nothing to look at.", SOFT)
        self.ln(2)


def render_review(content: ReviewContent, out: Path) -> int:
    """Write the review pack PDF to `out` whole (temp file, then rename). Returns the page count."""
    pdf = _ReviewPDF(content)
    pdf.alias_nb_pages()
    pdf.add_page()

    pdf.paragraph(f"{content.child} ({content.family_id}) · session {content.session}: "
                  f"{content.title}", BODY_PT * 1.6, "B")
    pdf.ln(2)
    pdf.fact("Child", f"{content.child}, {age_in_words(content.age_months)} on {long_day(content.age_on)}")
    pdf.fact("Track", TRACK_LABELS.get(content.track, content.track))
    if content.track_note:
        pdf.fact("", content.track_note)
    planned = _when(content.planned) if content.planned else "no date yet"
    pdf.fact("Session date", f"{planned} ({content.status})")
    if content.clinician:
        pdf.fact("Clinician", content.clinician)
    in_summary = sum(1 for m in content.moments if m.in_summary)
    pdf.fact("Moments prepared", f"{len(content.moments)} ({in_summary} in the take-home summary)")
    findings = content.findings
    pdf.fact("Tone check", "nothing to look at" if not findings else
             f"{findings} thing{'s' if findings != 1 else ''} to look at (in red below)")

    pdf.heading("The session's theme")
    pdf.paragraph(content.theme)
    if content.discipline_theme:
        pdf.ln(1)
        pdf.paragraph(f"Discipline. {content.discipline_theme}")

    pdf.heading(f"Moments prepared for session {content.session}")
    if not content.moments:
        pdf.paragraph(f"No moments are prepared for session {content.session} yet.")
    for moment in content.moments:
        pdf.moment(moment)
    return write_pdf(pdf, out)
