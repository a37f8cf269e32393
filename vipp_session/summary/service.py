"""Make a session's take-home summary PDF (the UI and the command line both call this)."""

from __future__ import annotations

from pathlib import Path

from vipp_session import audit, moments, validate
from vipp_session.paths import DataDir
from vipp_session.summary.content import build_summary
from vipp_session.summary.pdf import render_summary


def summary_path(data: DataDir, family_id: str, session: int) -> Path:
    return data.summaries_dir(family_id) / f"session-{session}.pdf"


def open_summary(data: DataDir, family_id: str, session: int) -> Path | None:
    """The summary made earlier for a session, its opening recorded; None if not made yet."""
    path = summary_path(data, family_id, session)
    if not path.is_file():
        return None
    audit.record(data, "summary opened", family_id, session=session)
    return path


def make_summary(data: DataDir, family_id: str, session: int | str, out: Path | None = None,
                 large_print: bool = False) -> tuple[Path, int]:
    """Write the PDF (to `out`, else the family's summaries folder). Returns (path, pages)."""
    n = validate.session_number(session)
    moments.ensure_print_copies(data, family_id, n)
    content = build_summary(data, family_id, n)
    target = Path(out) if out else summary_path(data, family_id, n)
    pages = render_summary(content, target, large_print=large_print)
    audit.record(data, "summary made", family_id, session=n, pages=pages)
    return target, pages
