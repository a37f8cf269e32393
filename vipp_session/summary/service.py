"""Make a session's take-home sheet (the UI and the command line both call this), and
its preview: the same PDF's pages as pictures."""

from __future__ import annotations

from pathlib import Path

from PIL import Image

from vipp_session import audit, moments, validate
from vipp_session.briefs import family_records
from vipp_session.fsutil import atomic_write_bytes
from vipp_session.paths import DataDir
from vipp_session.summary.content import SummaryContent, build_summary
from vipp_session.summary.pdf import layout_summary
from vipp_session.summary.picture import chosen_picture
from vipp_session.summary.preview import pdf_pages


def summary_path(data: DataDir, family_id: str, session: int) -> Path:
    return data.summaries_dir(family_id) / f"session-{session}.pdf"


def open_summary(data: DataDir, family_id: str, session: int) -> Path | None:
    """The summary made earlier for a session, its opening recorded; None if not made yet."""
    path = summary_path(data, family_id, session)
    if not path.is_file():
        return None
    audit.record(data, "summary opened", family_id, session=session)
    return path


def sheet_content(data: DataDir, family_id: str, n: int) -> SummaryContent:
    """The content with every picture's highlights drawn in (print copies made first)."""
    moments.ensure_print_copies(data, family_id, n)
    chosen = chosen_picture(data, family_id, n, family_records(data, family_id).moments)
    if chosen and chosen.highlights:
        moments.ensure_print_copy(data, family_id, chosen)
    return build_summary(data, family_id, n)


def sheet_pdf(data: DataDir, family_id: str, session: int | str,
              large_print: bool = False) -> tuple[bytes, int]:
    """The sheet as PDF bytes and its page count; nothing is written."""
    pdf = layout_summary(sheet_content(data, family_id, validate.session_number(session)),
                         large_print)
    return bytes(pdf.output()), pdf.pages_count


def preview_summary(data: DataDir, family_id: str, session: int | str,
                    large_print: bool = False) -> list[Image.Image]:
    """The pages she will take home, as pictures for the summary page."""
    return pdf_pages(sheet_pdf(data, family_id, session, large_print)[0])


def make_summary(data: DataDir, family_id: str, session: int | str, out: Path | None = None,
                 large_print: bool = False) -> tuple[Path, int]:
    """Write the PDF (to `out`, else the family's summaries folder). Returns (path, pages)."""
    n = validate.session_number(session)
    pdf, pages = sheet_pdf(data, family_id, n, large_print)
    target = Path(out) if out else summary_path(data, family_id, n)
    target.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_bytes(target, pdf)
    audit.record(data, "summary made", family_id, session=n, pages=pages)
    return target, pages
