"""The keepsake at the end of the programme: one picture and its words from each visit
that had moments, what she and her child did together over the visits, in her child's
name, and the programme's ending words. Large print, at most four pages, and the same
rules as her sheets: no notes, codes or labels, and her words through the tone check."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from vipp_session import audit, moments
from vipp_session.briefs import family_records
from vipp_session.errors import BadInput
from vipp_session.fsutil import atomic_write_bytes
from vipp_session.manual import load_library, render_for, voice_for
from vipp_session.model import Moment, Session
from vipp_session.paths import DataDir
from vipp_session.summary.checks import PrintWarning, check_moment_words
from vipp_session.summary.content import LAST_SESSION, SummaryMoment, clinician_name
from vipp_session.summary.fit import SCALES, Fit, choose
from vipp_session.summary.pdf import LARGE_PT, _SheetPDF, laid_rows, moment_rows
from vipp_session.summary.voice import child_says
from vipp_session.summary.wording import load_sheet_words

MAX_PAGES = 4
KEEPSAKE_FILE = "keepsake.pdf"


def keepsake_ready(sessions: list[Session]) -> bool:
    """Visit 6 is held, or the programme ended early: a visit was held and every other
    one is cancelled."""
    held = [s for s in sessions if s.status == "held"]
    if any(s.number == LAST_SESSION for s in held):
        return True
    return bool(held) and all(s.status in ("held", "cancelled") for s in sessions)


@dataclass
class KeepsakeContent:
    title: str
    intro: str
    visits_heading: str
    visits: list[str]
    moments: list[SummaryMoment] = field(default_factory=list)
    ending_heading: str = ""
    ending: str = ""
    sign_off: str = ""
    clinician: str | None = None


def _pick(prepared: list[Moment]) -> Moment | None:
    """The visit's picture: the first marked for her sheet, else the first shown."""
    ordered = sorted(prepared, key=lambda m: (not m.in_summary, m.order))
    return ordered[0] if ordered else None


def _chosen(records) -> list[Moment]:
    return [m for n in range(1, LAST_SESSION + 1)
            if (m := _pick([x for x in records.moments if x.for_session == n]))]


def build_keepsake(data: DataDir, family_id: str) -> KeepsakeContent:
    records = family_records(data, family_id)
    family = records.family
    if not keepsake_ready(records.sessions):
        raise BadInput(f"{family.child}'s keepsake can be made once visit 6 is held, or when "
                       "the visits have ended early (every visit left is cancelled).")
    manual = load_library(data)
    say = load_sheet_words(data, voice_for(family))
    held = [s.number for s in records.sessions if s.status == "held"]
    visits = [say("keepsake", "visit_line", number=n,
                  title=render_for(manual.sessions[n].title, family)
                  .replace("your child", family.child))
              for n in held if n in manual.sessions]
    chosen = _chosen(records)
    return KeepsakeContent(
        title=say("keepsake", "title"), intro=say("keepsake", "intro"),
        visits_heading=say("keepsake", "visits_heading"), visits=visits,
        moments=[SummaryMoment(Path(moments.highlighted_still(data, family_id, m)),
                               m.text.strip(), m.id, child_says(say, manual, m),
                               say("sheet", "visit", number=m.for_session))
                 for m in chosen],
        ending_heading=say("keepsake", "ending_heading"), ending=say("keepsake", "ending"),
        sign_off=say("keepsake", "sign_off"), clinician=clinician_name(family, data))


def keepsake_checks(data: DataDir, family_id: str) -> list[PrintWarning]:
    """The words of each picture she keeps, through the tone check."""
    records = family_records(data, family_id)
    voice = voice_for(records.family)
    return [w for m in _chosen(records)
            for w in check_moment_words(f"visit {m.for_session}", m.text.strip(), voice)]


def _layout(content: KeepsakeContent, fit: Fit, shapes: dict[Path, float],
            dry: bool = False) -> _SheetPDF:
    pdf = _SheetPDF(LARGE_PT, "Our moments together", fit.scale, dry=dry, shapes=shapes)
    pdf.alias_nb_pages()
    pdf.add_page()
    pdf.paragraph(content.title, pdf.body_pt * 2, "B")
    pdf.ln(2)
    pdf.paragraph(content.intro)
    pdf.ln(pdf.body_pt * 0.5)
    laid_rows(pdf, moment_rows(pdf, content.moments, fit.pair), fit)
    if content.visits:  # looking back over the visits leads into the ending words
        lines = sum(pdf.text_height(line, pdf.usable_w) for line in content.visits)
        pdf.heading_before(content.visits_heading, lines)
        for line in content.visits:
            pdf.paragraph(line)
    pdf.section_lines(content.ending_heading, [content.ending],
                      content.sign_off + (f"\n{content.clinician}" if content.clinician else ""))
    return pdf


SMALLER = (0.6, 0.5)  # only when four pages cannot hold it otherwise (very long words)


def layout_keepsake(content: KeepsakeContent) -> _SheetPDF:
    """Pictures as large as they can be on the fewest pages (at most four), the pages
    balanced and the ending words never alone on the last one (summary/fit.py chooses)."""
    shapes: dict[Path, float] = {}
    probe = _SheetPDF(LARGE_PT, dry=True, shapes=shapes)
    can_pair = len(moment_rows(probe, content.moments, True)) < len(content.moments)
    pdf = None
    for scales in (SCALES, SMALLER):
        fit = choose(lambda f: _layout(content, f, shapes, dry=True), len(content.moments),
                     can_pair, scales, max_pages=MAX_PAGES)
        pdf = _layout(content, fit, shapes)
        if pdf.pages_count <= MAX_PAGES:
            break
    return pdf


def keepsake_path(data: DataDir, family_id: str) -> Path:
    return data.summaries_dir(family_id) / KEEPSAKE_FILE


def make_keepsake(data: DataDir, family_id: str, out: Path | None = None) -> tuple[Path, int]:
    """Write the keepsake PDF whole (to `out`, else the family's summaries folder)."""
    records = family_records(data, family_id)
    for m in _chosen(records):
        if m.highlights:
            moments.ensure_print_copy(data, family_id, m)
    pdf = layout_keepsake(build_keepsake(data, family_id))
    target = Path(out) if out else keepsake_path(data, family_id)
    target.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_bytes(target, bytes(pdf.output()))
    audit.record(data, "keepsake made", family_id, pages=pdf.pages_count)
    return target, pdf.pages_count


def open_keepsake(data: DataDir, family_id: str, _session=None) -> Path | None:
    """The keepsake made earlier, its opening recorded; None if not made yet."""
    path = keepsake_path(data, family_id)
    if not path.is_file():
        return None
    audit.record(data, "keepsake opened", family_id)
    return path


__all__ = ["KeepsakeContent", "build_keepsake", "keepsake_checks", "keepsake_ready",
           "make_keepsake", "open_keepsake", "keepsake_path"]
