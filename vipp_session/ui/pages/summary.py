"""/family/<id>/session/<n>/summary: preview, check and print the take-home summary."""

from __future__ import annotations

import html

from fastapi import Request
from nicegui import run, ui

from vipp_session import briefs, validate
from vipp_session.errors import BadInput
from vipp_session.summary.content import build_summary, check_before_printing
from vipp_session.summary.service import make_summary
from vipp_session.ui.context import AppContext
from vipp_session.ui.widgets.frame import page_frame
from vipp_session.ui.routes.not_found import not_found
from vipp_session.ui import urls


def register(ctx: AppContext) -> None:
    @ui.page("/family/{family_id}/session/{number}/summary")
    def summary_page(request: Request, family_id: str, number: str):
        try:
            n = validate.session_number(number)
            family = briefs.family_records(ctx.data, family_id).family
            content = build_summary(ctx.data, family_id, n, burn_highlights=False)
        except BadInput as exc:
            return not_found(ctx, request, str(exc))
        warnings = check_before_printing(content)
        crumbs = [(f"{family.child} ({family.id})", urls.family(family.id)),
                  (f"Session {n}", urls.session(family.id, n)),
                  ("Take-home summary", request.url.path)]
        with page_frame(ctx, request, f"Summary · {family.child}", crumbs):
            with ui.row().classes("w-full gap-6 items-start no-wrap"):
                with ui.column().classes("grow min-w-0"):
                    _preview(content)
                with ui.column().classes("w-[24rem] shrink-0 gap-3"):
                    _print_panel(ctx, family_id, n, warnings)


def _preview(content) -> None:
    with ui.card().classes("vipp-card w-full p-8 gap-3").mark("summary-preview"):
        ui.label(f"{content.child} and {content.mum_word}").classes("text-3xl font-semibold")
        ui.label(content.theme).classes("text-lg")
        if content.moments:
            ui.label("What we saw together").classes("text-xl font-semibold mt-2")
        for shown in content.moments:
            ui.image(urls.still(shown.moment_id, highlighted=True)) \
                .classes("w-full max-w-xl rounded self-center") \
                .props('no-spinner alt="A moment we saw together"')
            ui.label(shown.words or "(no words yet)").classes("text-lg")
        if content.tips:
            ui.label("Things to try").classes("text-xl font-semibold mt-2")
            for tip in content.tips:
                ui.label(f"• {tip}").classes("text-lg")
        if content.next_visit:
            ui.label(f"Next visit: {content.next_visit:%A %d %B, %H:%M}").classes("text-lg mt-2")


def _marked(text: str, start: int, end: int) -> str:
    return (html.escape(text[:start]) + "<mark>" + html.escape(text[start:end]) + "</mark>"
            + html.escape(text[end:]))


def _print_panel(ctx: AppContext, family_id: str, n: int, warnings) -> None:
    with ui.card().classes("vipp-card w-full p-4 gap-2").mark("summary-checks"):
        if not warnings:
            ui.label("Words checked: nothing in them needs a second look.").classes("text-positive")
        else:
            ui.label("Before you print, look at:").classes("font-semibold")
        for w in warnings:
            with ui.column().classes("gap-0").mark("summary-warning"):
                ui.label(w.where.capitalize()).classes("text-sm font-semibold")
                if w.finding:
                    ui.html(_marked(w.text, w.finding.start, w.finding.end), sanitize=False) \
                        .classes("text-sm")
                ui.label(w.message).classes("text-sm text-accent")
    needs_ok = any(w.finding for w in warnings)
    large = ui.switch("Large print (18 pt)").mark("large-print")
    confirm = ui.checkbox("I have read these and want to print it as it is").mark("print-anyway")
    confirm.visible = needs_ok
    result = ui.column().classes("w-full gap-1")

    async def make() -> None:
        if needs_ok and not confirm.value:
            ui.notify("Tick the box to print it as it is, or change the words first.",
                      type="warning")
            return
        result.clear()
        with result:
            ui.spinner()
        try:
            path, pages = await run.io_bound(make_summary, ctx.data, family_id, n, None, large.value)
        except BadInput as exc:
            result.clear()
            with result:
                ui.label(str(exc)).classes("text-negative")
            return
        result.clear()
        with result:
            ui.label(f"Ready: {pages} page{'s' if pages != 1 else ''}.").mark("summary-ready")
            url = urls.summary_pdf(family_id, n)
            ui.button("Open to print", icon="print").props(
                f"href={url} target=_blank tag=a unelevated").mark("summary-open")
            ui.button("Download", icon="download").props(
                f"href={url}?download=1 tag=a outline").mark("summary-download")

    ui.button("Make the PDF", icon="picture_as_pdf", on_click=make).props("unelevated size=lg") \
        .classes("w-full").mark("make-summary")
