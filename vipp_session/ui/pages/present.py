"""/family/<id>/session/<n>/present: the prepared moments, full screen, in the family's home.

Only what the mother may see: the clips, the highlights, the words for her
and a small '3 of 5'. No notes, no other families, nothing fetched from
outside this machine.
"""

from __future__ import annotations

from fastapi import Request
from nicegui import ui

from vipp_session import briefs, validate
from vipp_session.errors import BadInput
from vipp_session.ui.components.presenter import Presenter
from vipp_session.summary.voice import child_says_for
from vipp_session.ui.context import AppContext
from vipp_session.ui.widgets.frame import apply_theme, keep_signed_in
from vipp_session.ui.routes.not_found import not_found
from vipp_session.ui import urls


def register(ctx: AppContext) -> None:
    @ui.page("/family/{family_id}/session/{number}/present")
    def present_page(request: Request, family_id: str, number: str):
        try:
            n = validate.session_number(number)
            records = briefs.open_presentation(ctx.data, family_id, n)
            family, chosen = records.family, records.moments_for(n)
        except BadInput as exc:
            return not_found(ctx, request, str(exc))
        apply_theme()
        ui.page_title(f"{family.child} and {family.mum_word}")
        keep_signed_in(ctx, request)
        clips = {}
        for clip_id in dict.fromkeys(m.clip for m in chosen):
            table = briefs.clip_frames(ctx.data, family_id, clip_id)
            clips[clip_id] = {"src": urls.clip_video(clip_id),
                              "times": table.times, "duration": table.duration}
        says = child_says_for(ctx.data, family, chosen)  # "Maya would say:", as on her sheet
        shown = [{"clip": m.clip, "at": m.at, "frame": m.frame, "text": m.text,
                  "says": says.get(m.id, ""), "highlights": m.highlights} for m in chosen]
        presenter = Presenter(clips, shown, ctx.settings.preroll_seconds,
                              title=f"{family.child} and {family.mum_word}",
                              end_words="That is all for today. Thank you for watching with me.")
        presenter.on("leave", lambda: ui.navigate.to(urls.session(family_id, n)))
