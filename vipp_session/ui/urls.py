"""Every address the pages link to, built in one place (the routes that answer them are
in pages/ and media_routes.py), and the prefixes the sign-in check guards (signin.py).
Ids are safe in a path: they are checked where made."""

from __future__ import annotations

MEDIA, DOWNLOAD, UPLOAD = "/media/", "/download/", "/upload/"
POSTER = "poster.jpg"  # the picture that stands for a clip (see media/poster.py)


def caseload() -> str:
    return "/"


def backups() -> str:
    return "/backups"


def disk() -> str:
    return "/disk"


def family(family_id: str) -> str:
    return f"/family/{family_id}"


def session(family_id: str, number: int) -> str:
    return f"{family(family_id)}/session/{number}"


def present(family_id: str, number: int) -> str:
    return f"{session(family_id, number)}/present"


def summary(family_id: str, number: int) -> str:
    return f"{session(family_id, number)}/summary"


def clip(clip_id: str, moment_id: str | None = None) -> str:
    return f"/clip/{clip_id}" + (f"?moment={moment_id}" if moment_id else "")


def clip_video(clip_id: str) -> str:
    return f"{MEDIA}clip/{clip_id}/proxy.mp4"


def upload(family_id: str, session: int) -> str:
    return f"{UPLOAD}{family_id}/{session}"


def thumbnail(clip_id: str, name: str = POSTER) -> str:
    return f"{MEDIA}thumb/{clip_id}/{name}"


def still(moment_id: str, highlighted: bool = False, version: int | None = None) -> str:
    query = "?highlighted=1" if highlighted else (f"?v={version}" if version is not None else "")
    return f"{MEDIA}still/{moment_id}.png{query}"


def summary_pdf(family_id: str, number: int) -> str:
    return f"{DOWNLOAD}summary/{family_id}/{number}.pdf"


def review_pdf(family_id: str, number: int) -> str:
    return f"{DOWNLOAD}review/{family_id}/{number}.pdf"


def week() -> str:
    return "/week"


def calendar_file() -> str:
    return f"{DOWNLOAD}calendar/visits.ics"


def week_cards(start: str) -> str:
    """Appointment cards for the week from `start` (YYYY-MM-DD), four to an A4 page."""
    return f"{DOWNLOAD}cards/week-{start}.pdf"


def visit_card(family_id: str, number: int) -> str:
    """One appointment card, on an A6 page."""
    return f"{DOWNLOAD}cards/{family_id}/{number}.pdf"
def keepsake_pdf(family_id: str) -> str:
    return f"{DOWNLOAD}keepsake/{family_id}.pdf"
