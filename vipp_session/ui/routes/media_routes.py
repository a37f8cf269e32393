"""Media for signed-in eyes only: clip proxies (with HTTP Range), frame times, thumbnails, stills,
and the PDFs (the take-home summary, the review pack for supervision).

Every path here starts with /media/ or /download/, which the sign-in middleware refuses
without a valid sign-in (NiceGUI's own auto-served media routes are public,
so they are never used for anything of a family's). Responses are marked
no-store so no copy of a family's video stays in the browser's cache.
"""

from __future__ import annotations

import re

from fastapi import FastAPI
from fastapi.responses import FileResponse, JSONResponse, PlainTextResponse

from vipp_session.clips import find_clip
from vipp_session.errors import BadInput
from vipp_session import briefs
from vipp_session.moments import find_moment, highlighted_still, still_path
from vipp_session.paths import DataDir, is_safe_id
from vipp_session.review.service import open_review_pack
from vipp_session.words import SESSION_NUMBERS
from vipp_session.summary.keepsake import open_keepsake
from vipp_session.summary.service import open_summary
from vipp_session.ui import urls

PRIVATE = {"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"}
THUMB_NAME = re.compile(r"^(\d{4}|poster)\.jpg$")


def _missing(reason: str = "Not found.") -> PlainTextResponse:
    return PlainTextResponse(reason, status_code=404, headers=PRIVATE)


def clip_family(data: DataDir, clip_id: str) -> str | None:
    """The id of the family a clip belongs to, or None when there is no such clip."""
    try:
        family_id, clip = find_clip(data, clip_id)
    except BadInput:
        return None
    return family_id


def register(app: FastAPI, data: DataDir) -> None:
    @app.get("/media/clip/{clip_id}/proxy.mp4")
    def clip_proxy(clip_id: str):
        family_id = clip_family(data, clip_id)
        proxy = family_id and briefs.proxy_file(data, family_id, clip_id)
        if not proxy or not proxy.is_file():
            return _missing("There is no such clip.")
        # FileResponse answers Range requests with 206 Partial Content
        return FileResponse(proxy, media_type="video/mp4", headers=PRIVATE)

    @app.get("/media/clip/{clip_id}/frames.json")
    def clip_frames(clip_id: str):
        family_id = clip_family(data, clip_id)
        if family_id is None:
            return _missing("There is no such clip.")
        frames = briefs.clip_frames(data, family_id, clip_id)
        return JSONResponse({"times": frames.times, "duration": frames.duration}, headers=PRIVATE)

    @app.get("/media/still/{moment_id}.png")
    def moment_still(moment_id: str, highlighted: bool = False):
        try:
            family_id, moment = find_moment(data, moment_id)
        except BadInput:
            return _missing("There is no such moment.")
        path = (highlighted_still(data, family_id, moment) if highlighted
                else still_path(data, family_id, moment))
        if not path.is_file():
            return _missing("The still is missing.")
        return FileResponse(path, media_type="image/png", headers=PRIVATE)

    def session_pdf(family_id: str, session: int, opener, what: str, filename: str,
                    download: bool):
        """A PDF made earlier for a family's session, if it is there (the service logs it)."""
        if not is_safe_id(family_id) or session not in SESSION_NUMBERS:
            return _missing()
        path = opener(data, family_id, session)
        if path is None:
            return _missing(f"Make the {what} first.")
        return FileResponse(path, media_type="application/pdf", headers=PRIVATE,
                            filename=filename,
                            content_disposition_type="attachment" if download else "inline")

    @app.get("/download/summary/{family_id}/{session}.pdf")
    def summary_pdf(family_id: str, session: int, download: bool = False):
        return session_pdf(family_id, session, open_summary, "summary",
                           f"session-{session}.pdf", download)

    @app.get("/download/keepsake/{family_id}.pdf")
    def keepsake_pdf(family_id: str, download: bool = False):
        path = open_keepsake(data, family_id) if is_safe_id(family_id) else None
        if path is None:
            return _missing("Make the keepsake first.")
        return FileResponse(path, media_type="application/pdf", headers=PRIVATE,
                            filename="keepsake.pdf",
                            content_disposition_type="attachment" if download else "inline")

    @app.get("/download/review/{family_id}/{session}.pdf")
    def review_pdf(family_id: str, session: int):
        return session_pdf(family_id, session, open_review_pack, "review pack",
                           f"review-{family_id}-session-{session}.pdf", download=True)

    @app.get("/media/thumb/{clip_id}/{name}")
    def clip_thumbnail(clip_id: str, name: str):
        family_id = clip_family(data, clip_id)
        if family_id is None or not THUMB_NAME.match(name):
            return _missing()
        picture = briefs.thumbnail_file(data, family_id, clip_id, name)
        if not picture.is_file():
            return _missing()
        return FileResponse(picture, media_type="image/jpeg", headers=PRIVATE)


def thumbnail_urls(data: DataDir, family_id: str, clip_id: str) -> list[dict]:
    return [{"at": at, "url": urls.thumbnail(clip_id, name)}
            for at, name in briefs.thumbnails(data, family_id, clip_id)]
