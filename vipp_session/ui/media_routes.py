"""Media for signed-in eyes only: clip proxies (with HTTP Range), frame times, thumbnails, stills,
and the PDFs (the take-home summary, the review pack for supervision).

Every path here starts with /media/ or /download/, which the sign-in middleware refuses
without a valid sign-in (NiceGUI's own auto-served media routes are public,
so they are never used for anything of a family's). Responses are marked
no-store so no copy of a family's video stays in the browser's cache.
"""

from __future__ import annotations

import re
from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import FileResponse, JSONResponse, PlainTextResponse

from vipp_session.clips import find_clip
from vipp_session.errors import BadInput
from vipp_session.media.frame_table import load_frame_table
from vipp_session.media.ingest import PROXY_FILE
from vipp_session.media.thumbnails import load_thumbnails
from vipp_session.moments import find_moment, highlighted_still, still_path
from vipp_session import audit
from vipp_session.paths import DataDir, is_safe_id
from vipp_session.review.service import review_path
from vipp_session.summary.service import summary_path

PRIVATE = {"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"}
THUMB_NAME = re.compile(r"^\d{4}\.jpg$")


def _missing(reason: str = "Not found.") -> PlainTextResponse:
    return PlainTextResponse(reason, status_code=404, headers=PRIVATE)


def clip_folder(data: DataDir, clip_id: str) -> Path | None:
    try:
        family_id, clip = find_clip(data, clip_id)
    except BadInput:
        return None
    return data.clip_dir(family_id, clip.id)


def register(app: FastAPI, data: DataDir) -> None:
    @app.get("/media/clip/{clip_id}/proxy.mp4")
    def clip_proxy(clip_id: str):
        folder = clip_folder(data, clip_id)
        if folder is None or not (folder / PROXY_FILE).is_file():
            return _missing("There is no such clip.")
        # FileResponse answers Range requests with 206 Partial Content
        return FileResponse(folder / PROXY_FILE, media_type="video/mp4", headers=PRIVATE)

    @app.get("/media/clip/{clip_id}/frames.json")
    def clip_frames(clip_id: str):
        folder = clip_folder(data, clip_id)
        if folder is None:
            return _missing("There is no such clip.")
        table = load_frame_table(folder)
        return JSONResponse({"times": table.times, "duration": table.duration}, headers=PRIVATE)

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

    def session_pdf(family_id: str, session: int, where, what: str, filename: str,
                    download: bool):
        """A PDF made earlier for a family's session, if it is there; its opening is logged."""
        if not is_safe_id(family_id) or session not in range(1, 7):
            return _missing()
        path = where(data, family_id, session)
        if not path.is_file():
            return _missing(f"Make the {what} first.")
        audit.record(data, f"{what} opened", family_id, session=session)
        return FileResponse(path, media_type="application/pdf", headers=PRIVATE,
                            filename=filename,
                            content_disposition_type="attachment" if download else "inline")

    @app.get("/download/summary/{family_id}/{session}.pdf")
    def summary_pdf(family_id: str, session: int, download: bool = False):
        return session_pdf(family_id, session, summary_path, "summary",
                           f"session-{session}.pdf", download)

    @app.get("/download/review/{family_id}/{session}.pdf")
    def review_pdf(family_id: str, session: int):
        return session_pdf(family_id, session, review_path, "review pack",
                           f"review-{family_id}-session-{session}.pdf", download=True)

    @app.get("/media/thumb/{clip_id}/{name}")
    def clip_thumbnail(clip_id: str, name: str):
        folder = clip_folder(data, clip_id)
        if folder is None or not THUMB_NAME.match(name) or not (folder / "thumbs" / name).is_file():
            return _missing()
        return FileResponse(folder / "thumbs" / name, media_type="image/jpeg", headers=PRIVATE)


def thumbnail_urls(data: DataDir, family_id: str, clip_id: str) -> list[dict]:
    return [{"at": t.time, "url": f"/media/thumb/{clip_id}/{t.file}"}
            for t in load_thumbnails(data.clip_dir(family_id, clip_id))]
