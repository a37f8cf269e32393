"""The removable drives to choose for her copies, from a made-up mount table and /sys/block."""

from __future__ import annotations

import os
import shutil
from collections import namedtuple
from pathlib import Path

from vipp_session.drives import removable_drives

Part = namedtuple("Part", "device mountpoint fstype opts")


def _sys_block(root: Path, disks: dict[str, str], usb: set[str] = frozenset()) -> Path:
    """A /sys/block with each disk's 'removable' flag; disks on USB link to a USB device path."""
    block = root / "sys-block"
    block.mkdir()
    for disk, flag in disks.items():
        bus = "usb1/1-2/1-2:1.0/host3" if disk in usb else "pci0000:00/0000:00:1f.2/ata1"
        target = root / "devices" / bus / disk
        target.mkdir(parents=True)
        (target / "removable").write_text(flag + "\n")
        os.symlink(target, block / disk)
    return block


def _mounts(tmp_path: Path, *names: str) -> list[Path]:
    made = []
    for name in names:
        (tmp_path / "mnt" / name).mkdir(parents=True)
        made.append(tmp_path / "mnt" / name)
    return made


def test_linux_lists_removable_and_usb_disks_with_names_and_free_space(tmp_path):
    stick, usb_disk, internal, card = _mounts(tmp_path, "MAYA", "Backup", "data", "SD CARD")
    block = _sys_block(tmp_path, {"sdb": "1", "sdc": "0", "sda": "0", "mmcblk0": "1"},
                       usb={"sdc"})
    table = [Part("/dev/sda1", "/", "ext4", "rw"),
             Part("/dev/sda2", str(internal), "ext4", "rw"),  # the laptop's own disk
             Part("/dev/sdb1", str(stick), "vfat", "rw"),  # marked removable
             Part("/dev/sdc1", str(usb_disk), "exfat", "rw"),  # on USB, 'not removable'
             Part("/dev/mmcblk0p1", str(card), "vfat", "rw"),
             Part("tmpfs", "/run/media/sam/ram", "tmpfs", "rw")]
    drives = removable_drives(lambda: table, block, "linux")
    assert [d.name for d in drives] == ["Backup", "MAYA", "SD CARD"]
    assert [d.path for d in drives] == [usb_disk, stick, card]
    free = shutil.disk_usage(stick).free
    assert abs(drives[1].free - free) < 64 * 2**20 and drives[1].total >= drives[1].free > 0


def test_a_drive_pulled_out_while_listing_is_left_out(tmp_path):
    [stick] = _mounts(tmp_path, "MAYA")
    block = _sys_block(tmp_path, {"sdb": "1", "sdd": "1"})
    # mounted by the desktop for the user, but gone before its free space could be read
    table = [Part("/dev/sdd1", "/media/nobody-here/KEEPSAKE", "vfat", "rw"),
             Part("/dev/sdb1", str(stick), "vfat", "rw")]
    assert [d.name for d in removable_drives(lambda: table, block, "linux")] == ["MAYA"]


def test_macos_volumes_and_windows_removable(tmp_path):
    [stick] = _mounts(tmp_path, "MAYA")
    table = [Part("/dev/disk1s1", "/", "apfs", "rw"), Part("/dev/disk4s1", str(stick), "msdos", "rw")]
    # on macOS only /Volumes/... counts; our made-up mount point is elsewhere
    assert removable_drives(lambda: table, tmp_path, "darwin") == []
    windows = [Part("C:\\", str(tmp_path), "NTFS", "rw,fixed"),
               Part("E:\\", str(stick), "FAT32", "rw,removable")]
    assert [d.path for d in removable_drives(lambda: windows, tmp_path, "win32")] == [stick]


def test_the_same_drive_mounted_twice_is_listed_once(tmp_path):
    [stick] = _mounts(tmp_path, "MAYA")
    block = _sys_block(tmp_path, {"sdb": "1"})
    table = [Part("/dev/sdb1", str(stick), "vfat", "rw"), Part("/dev/sdb1", str(stick), "vfat", "ro")]
    assert len(removable_drives(lambda: table, block, "linux")) == 1
