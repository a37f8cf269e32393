"""How much of the disk the families take, by kind, and how much is left.

A year's caseload of phone recordings runs to hundreds of gigabytes on a laptop's disk,
so the caseload, each family's page and `vipp-session disk` say what takes the room:
the clips' own copies of the recordings (originals), the browser copies (with their
frame times and filmstrips), the stills, the PDFs (summaries and review packs) and the
records (family.json and its last good copies). Sizes are the files' own sizes. A backup
made to a folder on the same disk counts too: it takes room new clips may need.

A family's figures are measured by walking its folder; the caseload index keeps them
(caseload_index.py), so the caseload does not walk every family's folder each time.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

from vipp_session.paths import DataDir

GB = 1024**3
# the kinds of file, in the words the command line and the app use for them
KINDS = (("originals", "originals (the clips' own copies of the recordings)"),
         ("browser_copies", "browser copies"), ("stills", "stills"),
         ("pdfs", "PDFs (summaries and review packs)"), ("records", "records and their backups"))
# what each folder of a family holds (anything else counts with the records)
_CLIPS, _STILLS, _PDFS = "clips", "stills", ("summaries", "reviews")
ORIGINAL_PREFIX = "original."


@dataclass(frozen=True)
class DiskUse:
    originals: int = 0
    browser_copies: int = 0
    stills: int = 0
    pdfs: int = 0
    records: int = 0

    @property
    def total(self) -> int:
        return sum(getattr(self, f.name) for f in fields(self))

    def __add__(self, other: "DiskUse") -> "DiskUse":
        return DiskUse(**{f.name: getattr(self, f.name) + getattr(other, f.name)
                          for f in fields(self)})

    def to_dict(self) -> dict[str, int]:
        return {**asdict(self), "total": self.total}

    @classmethod
    def from_dict(cls, d: dict) -> "DiskUse":
        return cls(**{f.name: int(d.get(f.name, 0)) for f in fields(cls)})


def _tree_size(folder: Path) -> int:
    total = 0
    try:
        entries = list(os.scandir(folder))
    except OSError:  # not there (yet), or going: nothing to count
        return 0
    for entry in entries:
        try:
            if entry.is_dir(follow_symlinks=False):
                total += _tree_size(Path(entry.path))
            elif entry.is_file(follow_symlinks=False):
                total += entry.stat(follow_symlinks=False).st_size
        except OSError:
            continue
    return total


def _clips_use(folder: Path) -> tuple[int, int]:
    """(originals, browser copies and what goes with them) of a family's clips/ folder."""
    originals = copies = 0
    try:
        clip_dirs = [e for e in os.scandir(folder) if e.is_dir(follow_symlinks=False)]
    except OSError:
        return 0, 0
    for clip_dir in clip_dirs:
        try:
            entries = list(os.scandir(clip_dir.path))
        except OSError:
            continue
        for entry in entries:
            try:
                if entry.is_dir(follow_symlinks=False):
                    copies += _tree_size(Path(entry.path))
                elif entry.name.startswith(ORIGINAL_PREFIX):
                    originals += entry.stat(follow_symlinks=False).st_size
                else:
                    copies += entry.stat(follow_symlinks=False).st_size
            except OSError:
                continue
    return originals, copies


def family_disk_use(data: DataDir, family_id: str) -> DiskUse:
    """What one family's folder takes on the disk, by kind."""
    folder = data.family_dir(family_id)
    originals, copies = _clips_use(folder / _CLIPS)
    counted = (_CLIPS, _STILLS, *_PDFS)
    records = 0
    try:
        entries = list(os.scandir(folder))
    except OSError:
        entries = []
    for entry in entries:
        if entry.name in counted:
            continue
        try:
            records += (_tree_size(Path(entry.path)) if entry.is_dir(follow_symlinks=False)
                        else entry.stat(follow_symlinks=False).st_size)
        except OSError:
            continue
    return DiskUse(originals=originals, browser_copies=copies,
                   stills=_tree_size(folder / _STILLS),
                   pdfs=sum(_tree_size(folder / name) for name in _PDFS), records=records)


def free_bytes(data: DataDir) -> int:
    """Free space on the disk that holds the data folder (or the folder it will be made in)."""
    where = data.root
    while not where.exists() and where.parent != where:
        where = where.parent
    return shutil.disk_usage(where).free


@dataclass(frozen=True)
class DiskReport:
    families: dict[str, DiskUse]  # by family code
    free: int  # bytes free on the data folder's disk
    backup: int = 0  # the last backup's folder, when it is on the data folder's disk
    # each family's child's first name, from the caseload index (the page's rows name them)
    children: dict[str, str] = field(default_factory=dict)

    @property
    def total(self) -> DiskUse:
        return sum(self.families.values(), DiskUse())

    def to_dict(self) -> dict:
        return {"total": self.total.to_dict(), "free": self.free,
                "backup_on_this_disk": self.backup,
                "families": {fid: use.to_dict() for fid, use in self.families.items()}}


def disk_report(data: DataDir) -> DiskReport:
    """Every family's disk use (from the caseload index), the last backup if it is on the same
    disk (its size as measured when it was made), and the space left."""
    from vipp_session import caseload_index

    return report_from(data, caseload_index.entries(data))


def report_from(data: DataDir, entries) -> DiskReport:
    """The report from the caseload index's entries, already read."""
    from vipp_session.backup.service import local_backup_bytes

    return DiskReport({e.id: e.disk for e in entries}, free_bytes(data), local_backup_bytes(data),
                      {e.id: e.family.child for e in entries if e.family is not None})


def family_report(data: DataDir, family_id: str) -> tuple[DiskUse, int]:
    """One family's disk use and the space left on the disk. Walking the family's own folder
    (tens of files) is quicker than reading the whole caseload index for one entry."""
    return family_disk_use(data, family_id), free_bytes(data)
