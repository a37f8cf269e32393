"""/disk: what the videos and records take, by kind and by family, what is free on the
laptop, and the originals the service no longer needs (removed only when confirmed)."""

from __future__ import annotations

from fastapi import Request
from nicegui import run, ui

from vipp_session import disk_use, tidy
from vipp_session.errors import BadInput, without_folder
from vipp_session.paths import DataDir
from vipp_session.ui import urls
from vipp_session.ui.context import AppContext
from vipp_session.ui.widgets.disk_use import low_space_warning
from vipp_session.ui.widgets.frame import page_frame
from vipp_session.ui.widgets.tidy_card import TidyCard, family_link_cell
from vipp_session.words import count, size

COLUMNS = [
    {"name": "family", "label": "Family", "field": "id", "align": "left"},
    {"name": "child", "label": "Child", "field": "child", "align": "left"},
    {"name": "total", "label": "In all", "field": "total", "align": "right"},
    {"name": "originals", "label": "Originals", "field": "originals", "align": "right"},
    {"name": "copies", "label": "Browser copies", "field": "copies", "align": "right"},
]


def register(ctx: AppContext) -> None:
    @ui.page(urls.disk())
    async def disk_page(request: Request):
        with page_frame(ctx, request, "Disk space", crumbs=[("Disk space", urls.disk())]):
            ui.label("Disk space").classes("text-2xl font-semibold")
            # listing what is due reads every family's records: off the event loop
            await DiskSpace(ctx).refresh()


def read_disk(data: DataDir) -> tuple[disk_use.DiskReport, tidy.TidyPlan | None, str | None]:
    """The figures, the originals due to go, and why they could not be listed (if so)."""
    report = disk_use.disk_report(data)
    try:
        return report, tidy.plan_tidy(data), None
    except BadInput as exc:
        return report, None, without_folder(str(exc), data.root)


class DiskSpace:
    """The page's three parts, filled by `refresh` (again after anything is removed)."""

    def __init__(self, ctx: AppContext):
        self.ctx = ctx
        self.overview = ui.card().classes("vipp-card w-full p-6 gap-3").mark("disk-overview")
        self.tidy_card = TidyCard(ctx, self.refresh)
        self.by_family = ui.column().classes("w-full gap-2").mark("disk-families")

    async def refresh(self, done: str | None = None, problem: str | None = None) -> None:
        report, plan, unreadable = await run.io_bound(read_disk, self.ctx.data)
        self.show(report)
        self.tidy_card.show(plan, problem or unreadable, done)

    def show(self, report: disk_use.DiskReport) -> None:
        self.overview.clear()
        with self.overview:
            _overview(self.ctx, report)
        self.by_family.clear()
        with self.by_family:
            _by_family(report)


def _overview(ctx: AppContext, report: disk_use.DiskReport) -> None:
    total, keep = report.total, round(ctx.settings.min_free_gb * disk_use.GB)
    with ui.row().classes("w-full gap-x-16 gap-y-6 items-start"):
        with ui.column().classes("gap-1"):
            ui.label("What the videos and records take").classes("text-lg font-semibold")
            ui.label(f"{size(total.total)} for "
                     f"{count(len(report.families), 'family', 'families')}") \
                .classes("text-2xl").mark("disk-total")
            with ui.grid(columns="auto auto").classes("gap-x-8 gap-y-1 mt-1"):
                for kind, label in disk_use.KINDS:
                    ui.label(label[0].upper() + label[1:])
                    ui.label(size(getattr(total, kind))).classes("text-right") \
                        .mark(f"disk-{kind}")
        with ui.column().classes("gap-1 max-w-md"):
            ui.label("Free on this laptop").classes("text-lg font-semibold")
            ui.label(size(report.free)).classes("text-2xl").mark("disk-free")
            ui.label(f"Your service keeps at least {size(keep)} free: an import that would "
                     "leave less is refused before it starts.").classes("vipp-muted") \
                .mark("disk-minimum")
            if report.backup:
                ui.label(f"The last backup is on this laptop's own disk too and takes "
                         f"{size(report.backup)}. A USB disk or a network folder keeps it "
                         "apart from the laptop, and frees that room.") \
                    .classes("text-accent").mark("disk-backup")
            low_space_warning(ctx, report.free, tidy_where="below")


def _by_family(report: disk_use.DiskReport) -> None:
    ui.label("By family, largest first").classes("text-xl font-semibold")
    if not report.families:
        ui.label("No families yet.").classes("vipp-muted")
        return
    rows = [{"id": family_id, "child": report.children.get(family_id, ""),
             "total": size(use.total), "originals": size(use.originals),
             "copies": size(use.browser_copies)}
            for family_id, use in sorted(report.families.items(),
                                         key=lambda kv: (-kv[1].total, kv[0]))]
    table = ui.table(columns=COLUMNS, rows=rows, row_key="id", pagination=0) \
        .props("flat hide-pagination").classes("vipp-card w-full").mark("disk-family-table")
    table.add_slot("body-cell-family", family_link_cell("id"))
