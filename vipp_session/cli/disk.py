"""vipp-session disk [--json]"""

from __future__ import annotations

from vipp_session.cli.lazy import service
from vipp_session.cli.output import emit

disk_use, settings, words = service("disk_use"), service("settings"), service("words")



def register(sub, common) -> None:
    s = sub.add_parser("disk", parents=[common],
                       help="how much of the disk the families take, by kind, and what is free")
    s.set_defaults(handler=_disk)


def _disk(args) -> int:
    report = disk_use.disk_report(args.data)
    keep = round(settings.load_settings(args.data).min_free_gb * disk_use.GB)
    value = {**report.to_dict(), "min_free": keep}
    emit(args, value, "\n".join(_lines(report, keep)))
    return 0


def _lines(report, keep: int) -> list[str]:
    size, total = words.size, report.total
    count = len(report.families)
    lines = [f"{count} famil{'y' if count == 1 else 'ies'} take {size(total.total)}; "
             f"{size(report.free)} free on this disk (imports keep at least {size(keep)} free)."]
    width = max(len(label) for _, label in disk_use.KINDS)
    lines += [f"  {label:<{width}}  {size(getattr(total, kind)):>8}"
              for kind, label in disk_use.KINDS]
    if report.backup:
        lines.append(f"The last backup is on this disk too and takes {size(report.backup)}; "
                     "a USB disk or a network folder keeps it apart from the laptop.")
    if report.families:
        lines.append("By family, largest first:")
        for family_id, use in sorted(report.families.items(), key=lambda kv: -kv[1].total):
            lines.append(f"  {family_id:<10} {size(use.total):>8}  (originals "
                         f"{size(use.originals)}, browser copies {size(use.browser_copies)})")
    return lines
