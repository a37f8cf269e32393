"""The removable drives that are plugged in and mounted (her USB stick), to choose from.

Clinicians do not know that a stick appears as `/media/sam/MAYA` or `E:\\`; the
Copies card lists the drives a person would call 'the stick', with their names
and free space, and the typed folder stays possible for anything else.

A drive counts as removable when the system says so: on Linux the block device
is marked removable or sits on USB (`/sys/block/<disk>/removable`, the device's
path), or the desktop mounted it for the user (under /media or /run/media); on
macOS it is a volume under /Volumes other than the start-up disk; on Windows
psutil marks it removable. The mount table comes from psutil, and can be given
(tests pass a made-up one).
"""

from __future__ import annotations

import os
import re
import shutil
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SYS_BLOCK = Path("/sys/block")
USER_MOUNTS = ("/media/", "/run/media/")  # where desktops mount what is plugged in
PSEUDO_FS = {"squashfs", "tmpfs", "devtmpfs", "overlay", "proc", "sysfs", "autofs"}
# /dev/sdb1 -> sdb, /dev/mmcblk0p1 -> mmcblk0, /dev/nvme0n1p2 -> nvme0n1
_NUMBERED_DISK = re.compile(r"^((?:mmcblk|nvme\d+n|loop)\d+)(?:p\d+)?$")
_LETTERED_DISK = re.compile(r"^([a-z]+)\d*$")


@dataclass(frozen=True)
class Drive:
    path: Path  # where it is mounted: the folder to copy into
    name: str  # what a person calls it: its label (the folder's name)
    free: int  # bytes free
    total: int  # bytes in all


def _disk_of(device: str) -> str:
    name = os.path.basename(device)
    match = _NUMBERED_DISK.match(name) or _LETTERED_DISK.match(name)
    return match.group(1) if match else name


def _linux_removable(device: str, mountpoint: str, sys_block: Path) -> bool:
    if mountpoint.startswith(USER_MOUNTS):
        return True
    if not device.startswith("/dev/"):
        return False
    disk = sys_block / _disk_of(device)
    try:
        if (disk / "removable").read_text().strip() == "1":
            return True
        # many USB sticks and disks say 'not removable'; their device sits on the USB bus
        return "/usb" in os.path.realpath(disk)
    except OSError:
        return False


def _is_removable(part: Any, platform: str, sys_block: Path) -> bool:
    if part.fstype in PSEUDO_FS or part.mountpoint in ("/", ""):
        return False
    if platform == "darwin":
        return part.mountpoint.startswith("/Volumes/")
    if platform == "win32":
        return "removable" in part.opts.split(",")
    return _linux_removable(part.device, part.mountpoint, sys_block)


def _default_partitions() -> Iterable[Any]:
    import psutil  # only when the list is asked for

    return psutil.disk_partitions(all=False)


def removable_drives(partitions: Callable[[], Iterable[Any]] | None = None,
                     sys_block: Path | None = None, platform: str = sys.platform) -> list[Drive]:
    """The mounted removable drives, by name; a drive that cannot be read is left out.
    `partitions` gives the mount table (default: psutil's), `sys_block` stands for /sys/block."""
    sys_block = sys_block or SYS_BLOCK
    found: dict[str, Drive] = {}
    for part in (partitions or _default_partitions)():
        if part.mountpoint in found or not _is_removable(part, platform, sys_block):
            continue
        try:
            usage = shutil.disk_usage(part.mountpoint)
        except OSError:  # pulled out while we looked
            continue
        path = Path(part.mountpoint)
        found[part.mountpoint] = Drive(path, path.name or part.mountpoint, usage.free,
                                       usage.total)
    return sorted(found.values(), key=lambda d: (d.name.lower(), str(d.path)))
