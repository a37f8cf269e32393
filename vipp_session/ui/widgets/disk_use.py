"""One line of disk use: for the whole caseload (its page's header) or for one family.

The figures come from the caseload index (disk_use.py), so a page does not walk every
family's folder. When less than the service's minimum is free, the line says that
imports will be refused, and what can free room, before a clinician finds out mid-import.
"""

from __future__ import annotations

from nicegui import ui

from vipp_session import disk_use
from vipp_session.words import size
from vipp_session.ui import urls
from vipp_session.ui.context import AppContext


def caseload_disk_use(ctx: AppContext, report: disk_use.DiskReport) -> None:
    """'Videos and records: 180 GB · 76 GB free on this laptop'."""
    total = report.total
    with ui.row().classes("items-baseline gap-2 text-sm vipp-muted").mark("disk-use"):
        backup = f" · their backup on this laptop: {size(report.backup)}" if report.backup else ""
        ui.label(f"Videos and records: {size(total.total)}{backup} · {size(report.free)} free "
                 "on this laptop").tooltip(
            f"Originals {size(total.originals)}, browser copies {size(total.browser_copies)}, "
            f"stills {size(total.stills)}, PDFs {size(total.pdfs)}, records {size(total.records)}")
        disk_page_link()
        low_space_warning(ctx, report.free)


def family_disk_use(ctx: AppContext, family_id: str) -> None:
    """'Videos and records: 1.2 GB (originals 800 MB, browser copies 350 MB, ...)'."""
    use, free = disk_use.family_report(ctx.data, family_id)
    with ui.row().classes("items-baseline gap-2 text-sm vipp-muted").mark("disk-use"):
        ui.label(f"Videos and records: {size(use.total)} (originals {size(use.originals)}, "
                 f"browser copies {size(use.browser_copies)}, stills {size(use.stills)}, "
                 f"PDFs {size(use.pdfs)})")
        disk_page_link()
        low_space_warning(ctx, free)


def disk_page_link() -> None:
    """Where the breakdown is, and where originals no longer needed can be removed."""
    ui.link("Disk space", urls.disk()).mark("disk-page-link")


def low_space_warning(ctx: AppContext, free: int, tidy_where: str = "under Disk space") -> None:
    keep = round(ctx.settings.min_free_gb * disk_use.GB)
    if free < keep:
        ui.label(f"Less than {size(keep)} free: new clips cannot be imported until some "
                 f"space is freed (originals your service no longer needs, {tidy_where}, "
                 "or families past their retention).") \
            .classes("text-negative").mark("disk-low")
