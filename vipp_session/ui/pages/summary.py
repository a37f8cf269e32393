"""/family/<id>/session/<n>/summary: preview, check and print the take-home summary.

The preview is the PDF's own pages (made by the summary service), so what the
clinician checks is exactly what prints. The checks list every moment shown at the
session, one line per sentence, each a link to its moment in the annotator.
"""

from __future__ import annotations


from fastapi import Request
from nicegui import run, ui

from vipp_session import briefs, settings as app_settings, validate
from vipp_session.errors import BadInput
from vipp_session.summary.checks import sheet_checks
from vipp_session.summary.picture import choose_picture, picture_choices
from vipp_session.summary.service import make_summary, preview_summary, sheet_content
from vipp_session.ui.context import AppContext
from vipp_session.ui.widgets.tone_findings import marked
from vipp_session.ui.widgets.frame import page_frame
from vipp_session.ui.routes.not_found import not_found
from vipp_session.ui import urls

PICTURE_CHOICES = 8  # stills offered as the sheet's picture


def register(ctx: AppContext) -> None:
    @ui.page("/family/{family_id}/session/{number}/summary")
    def summary_page(request: Request, family_id: str, number: str):
        try:
            n = validate.session_number(number)
            family = briefs.family_records(ctx.data, family_id).family
            content = sheet_content(ctx.data, family_id, n)
            checks = sheet_checks(ctx.data, family_id, n, content)
        except BadInput as exc:
            return not_found(ctx, request, str(exc))
        crumbs = [(f"{family.child} ({family.id})", urls.family(family.id)),
                  (f"Session {n}", urls.session(family.id, n)),
                  ("Take-home summary", request.url.path)]
        with page_frame(ctx, request, f"Summary · {family.child}", crumbs):
            with ui.row().classes("w-full gap-6 items-start no-wrap"):
                preview = ui.column().classes("grow min-w-0 items-center gap-4") \
                    .mark("summary-preview")
                with ui.column().classes("w-[26rem] shrink-0 gap-3"):
                    _SummaryPanel(ctx, family_id, n, content, checks, preview)


class _SummaryPanel:
    def __init__(self, ctx: AppContext, family_id: str, n: int, content, checks, preview):
        self.ctx, self.family_id, self.n, self.preview = ctx, family_id, n, preview
        self.checks_box = ui.column().classes("w-full gap-3")
        self.content, self.checks = content, checks
        self.large = ui.switch("Large print (bigger words and pictures)", value=False,
                               on_change=lambda: self.refresh_preview()).mark("large-print")
        self.confirm = ui.checkbox("I have read these and want to print it as it is") \
            .mark("print-anyway")
        self.result = ui.column().classes("w-full gap-1")
        ui.button("Make the PDF", icon="picture_as_pdf", on_click=self.make) \
            .props("unelevated size=lg").classes("w-full").mark("make-summary")
        self.show_checks()
        ui.timer(0.05, self.refresh_preview, once=True)

    # --- what needs a look
    def show_checks(self) -> None:
        self.checks_box.clear()
        checks = self.checks
        self.confirm.visible = checks.needs_confirming
        with self.checks_box:
            with ui.card().classes("vipp-card w-full p-4 gap-2").mark("summary-checks"):
                if checks.needs_confirming or checks.words:
                    ui.label("Before you print, look at:").classes("font-semibold")
                ui.label(checks.headline).classes("text-sm").mark("summary-headline")
                for w in checks.words:
                    self.warning_line(w)
            if checks.notes:
                with ui.card().classes("vipp-card w-full p-4 gap-2").mark("summary-notes"):
                    for w in checks.notes:
                        ui.label(w.message).classes("text-sm").mark("summary-note")
            if any(w.where == "how to reach you" for w in checks.notes):
                self.contact_form()
            if not self.content.moments:
                self.picture_chooser()

    def warning_line(self, w) -> None:
        with ui.column().classes("gap-0").mark("summary-warning"):
            if w.moment_id and w.clip_id:
                ui.link(w.where.capitalize(), urls.clip(w.clip_id, w.moment_id)) \
                    .classes("text-sm font-semibold").mark("summary-warning-link")
            else:
                ui.label(w.where.capitalize()).classes("text-sm font-semibold")
            if w.finding and w.finding.category != "reading":
                sentence = next((s for s in _sentences(w.text) if s[0] <= w.finding.start < s[1]),
                                (0, len(w.text)))
                spans = [(f.start - sentence[0], f.end - sentence[0]) for f in w.findings]
                ui.html(marked(w.text[sentence[0]:sentence[1]].strip(), spans), sanitize=False) \
                    .classes("text-sm")
            ui.label(w.message).classes("text-sm text-accent")

    def contact_form(self) -> None:
        current = self.ctx.settings
        with ui.card().classes("vipp-card w-full p-4 gap-2").mark("contact-form"):
            ui.label("Printed on every sheet; fill it in once.").classes("text-sm vipp-muted")
            name = ui.input("Your name, as she knows you", value=current.clinician_name) \
                .props("outlined dense").classes("w-full").mark("clinician-name")
            contact = ui.input("How to reach you or change a visit",
                               value=current.service_contact,
                               placeholder="call or text 07700 900123") \
                .props("outlined dense").classes("w-full").mark("service-contact")

            async def save() -> None:
                try:
                    await run.io_bound(app_settings.change_settings, self.ctx.data,
                                       clinician_name=name.value or "",
                                       service_contact=contact.value or "")
                except BadInput as exc:
                    ui.notify(str(exc), type="negative")
                    return
                ui.notify("Saved for every family's sheet", type="positive", timeout=1500)
                await self.reload()

            ui.button("Save", on_click=save).props("unelevated").mark("save-contact")

    def picture_chooser(self) -> None:
        choices = picture_choices(self.ctx.data, self.family_id, self.n)[:PICTURE_CHOICES]
        with ui.card().classes("vipp-card w-full p-4 gap-2").mark("picture-chooser"):
            if not choices:
                ui.label("Freeze a moment from this visit's filming, and it can be her "
                         "sheet's picture.").classes("text-sm")
                return
            ui.label("Choose her sheet's picture:").classes("text-sm font-semibold")
            with ui.row().classes("gap-2"):
                for m in choices:
                    chosen = self.content.picture is not None and m.id in str(self.content.picture)
                    ui.image(urls.still(m.id)).classes(
                        "w-28 h-20 rounded cursor-pointer" + (" ring-4 ring-primary" if chosen else "")
                    ).props('no-spinner fit=cover alt="A still to choose as her picture"').on("click", lambda _, i=m.id: self.choose(i)) \
                        .mark(f"choose-picture-{m.id}")

    async def choose(self, moment_id: str) -> None:
        await run.io_bound(choose_picture, self.ctx.data, self.family_id, self.n, moment_id)
        await self.reload()

    async def reload(self) -> None:
        self.content = await run.io_bound(sheet_content, self.ctx.data, self.family_id, self.n)
        self.checks = await run.io_bound(sheet_checks, self.ctx.data, self.family_id, self.n,
                                         self.content)
        self.show_checks()
        await self.refresh_preview()

    # --- the preview: the PDF's own pages
    async def refresh_preview(self) -> None:
        self.preview.clear()
        with self.preview:
            ui.spinner(size="lg")
        try:
            pages = await run.io_bound(preview_summary, self.ctx.data, self.family_id, self.n,
                                       self.large.value)
        except BadInput as exc:
            self.preview.clear()
            with self.preview:
                ui.label(str(exc)).classes("text-negative")
            return
        self.preview.clear()
        with self.preview:
            for i, page in enumerate(pages, start=1):
                ui.image(page).classes("w-full max-w-3xl shadow-md bg-white") \
                    .props(f'no-spinner alt="Page {i} of {len(pages)} of her sheet"') \
                    .mark("summary-page")

    async def make(self) -> None:
        if self.checks.needs_confirming and not self.confirm.value:
            ui.notify("Tick the box to print it as it is, or change the words first.",
                      type="warning")
            return
        self.result.clear()
        with self.result:
            ui.spinner()
        try:
            path, pages = await run.io_bound(make_summary, self.ctx.data, self.family_id, self.n,
                                             None, self.large.value)
        except BadInput as exc:
            self.result.clear()
            with self.result:
                ui.label(str(exc)).classes("text-negative")
            return
        self.result.clear()
        with self.result:
            ui.label(f"Ready: {pages} page{'s' if pages != 1 else ''}.").mark("summary-ready")
            url = urls.summary_pdf(self.family_id, self.n)
            ui.button("Open to print", icon="print").props(
                f"href={url} target=_blank tag=a unelevated").mark("summary-open")
            ui.button("Download", icon="download").props(
                f"href={url}?download=1 tag=a outline").mark("summary-download")


def _sentences(text: str) -> list[tuple[int, int]]:
    from vipp_session.tone.reading import sentences

    return sentences(text)
