"""Make a session's review pack PDF (the UI and the command line both call this)."""

from __future__ import annotations

from pathlib import Path

from vipp_session import audit, moments, validate
from vipp_session.paths import DataDir
from vipp_session.review.content import build_review
from vipp_session.review.pdf import render_review


def review_path(data: DataDir, family_id: str, session: int) -> Path:
    return data.review_pack(family_id, session)


def open_review_pack(data: DataDir, family_id: str, session: int) -> Path | None:
    """The review pack made earlier for a session, its opening recorded; None if not made yet."""
    path = review_path(data, family_id, session)
    if not path.is_file():
        return None
    audit.record(data, "review pack opened", family_id, session=session)
    return path


def make_review_pack(data: DataDir, family_id: str, session: int | str,
                     out: Path | None = None) -> tuple[Path, int]:
    """Write the PDF (to `out`, else the family's reviews folder). Returns (path, pages)."""
    n = validate.session_number(session)
    moments.ensure_print_copies(data, family_id, n)
    content = build_review(data, family_id, n)
    target = Path(out) if out else review_path(data, family_id, n)
    pages = render_review(content, target)
    audit.record(data, "review pack made", family_id, session=n, pages=pages,
                 moments=len(content.moments))
    return target, pages
