"""The boxes ('atoms') of an MP4/MOV file, read without decoding anything.

Used to tell an interrupted recording (media data but no `moov` index, or a
box that runs past the end of the file) from a file that is simply not a
video, to find a copy cut short (its index points at picture data past the
end of the file) or padded with something that is not part of the recording,
and to check that a proxy has `moov` before `mdat` (so a browser can start
playing before the whole file has loaded). Only box headers and the chunk
offset tables are read, so a damaged size or count costs nothing.
"""

from __future__ import annotations

import os
import struct
from dataclasses import dataclass
from collections.abc import Iterator
from pathlib import Path

# box types that may stand at the top level of an ISO BMFF / QuickTime file
TOP_LEVEL = {
    b"ftyp", b"moov", b"mdat", b"free", b"skip", b"wide", b"uuid", b"meta",
    b"pnot", b"PICT", b"styp", b"sidx", b"moof", b"mfra", b"prfl", b"pdin", b"junk",
}


# boxes that hold only other boxes (walked into); `meta` and `udta` are left alone
CONTAINERS = {b"moov", b"trak", b"mdia", b"minf", b"stbl", b"edts", b"dinf", b"mvex",
              b"moof", b"traf"}
MAX_BOXES = 100_000
FILLER = {"free", "skip", "wide", "junk"}  # boxes that only hold space
MAX_DEPTH = 8
OFFSETS_PER_READ = 65536
MAX_INDEX_READ = 64 * 1024 * 1024  # a phone's moov is a few MB at most
PADDING_LIMIT = 16 * 1024 * 1024  # bytes after the last box before a file counts as padded


@dataclass(frozen=True)
class Box:
    type: str
    offset: int
    size: int  # as declared; may run past the end of a truncated file
    header: int = 8
    path: str = ""  # where it sits, e.g. 'moov/trak/mdia/minf/stbl/stco'

    @property
    def body(self) -> int:
        """Where the box's contents start."""
        return self.offset + self.header

    @property
    def end(self) -> int:
        return self.offset + self.size


def top_level_boxes(path: str | Path, limit: int = 10_000) -> list[Box] | None:
    """The boxes at the top of the file, or None if it does not look like MP4/MOV at all."""
    boxes: list[Box] = []
    with open(path, "rb") as f:
        end = os.fstat(f.fileno()).st_size
        offset = 0
        while offset + 8 <= end and len(boxes) < limit:
            f.seek(offset)
            size, kind = struct.unpack(">I4s", f.read(8))
            header = 8
            if size == 1:  # 64-bit size follows
                raw = f.read(8)
                if len(raw) < 8:
                    break
                size = struct.unpack(">Q", raw)[0]
                header = 16
            elif size == 0:  # runs to the end of the file
                size = end - offset
            if kind not in TOP_LEVEL or size < header:
                if not boxes:
                    return None
                break
            boxes.append(Box(kind.decode("latin-1"), offset, size, header))
            offset += size
    return boxes or None


def _read_header(f, offset: int, end: int) -> tuple[str, int, int] | None:
    """(type, size, header length) of the box at `offset`, or None if there is none."""
    f.seek(offset)
    raw = f.read(8)
    if len(raw) < 8:
        return None
    size, kind = struct.unpack(">I4s", raw)
    header = 8
    if size == 1:  # 64-bit size follows
        more = f.read(8)
        if len(more) < 8:
            return None
        size, header = struct.unpack(">Q", more)[0], 16
    elif size == 0:  # runs to the end of its parent
        size = end - offset
    if size < header:
        return None
    return kind.decode("latin-1"), size, header


def walk(path: str | Path) -> list[Box]:
    """Every box inside the file's `moov` (and fragments), with the top-level ones, in file order.

    A box whose size runs past its parent ends the walk of that parent; a
    file that does not start like MP4/MOV gives an empty list.
    """
    found: list[Box] = []
    with open(path, "rb") as f:
        end = os.fstat(f.fileno()).st_size
        top = top_level_boxes(path) or []
        for first in top:
            box = Box(first.type, first.offset, first.size, first.header, first.type)
            found.append(box)
            if box.type.encode("latin-1") in CONTAINERS:
                _walk_inside(f, found, box, min(box.end, end), 1)
    return found


def _walk_inside(f, found: list[Box], parent: Box, end: int, depth: int) -> None:
    offset = parent.body
    while offset + 8 <= end and len(found) < MAX_BOXES:
        head = _read_header(f, offset, end)
        if head is None:
            return
        kind, size, header = head
        box = Box(kind, offset, size, header, f"{parent.path}/{kind}")
        found.append(box)
        if kind.encode("latin-1") in CONTAINERS and depth < MAX_DEPTH:
            _walk_inside(f, found, box, min(box.end, end), depth + 1)
        offset += size


def chunk_offsets(path: str | Path) -> Iterator[int]:
    """Where each chunk of media data starts, for every track (from `stco` and `co64`).

    Read a block at a time, so a damaged count costs no memory.
    """
    with open(path, "rb") as f:
        end = os.fstat(f.fileno()).st_size
        for box in walk(path):
            if box.type not in ("stco", "co64"):
                continue
            width, code = (4, "I") if box.type == "stco" else (8, "Q")
            f.seek(box.body + 4)  # after version and flags
            raw = f.read(4)
            if len(raw) < 4:
                continue
            room = min(box.end, end) - box.body - 8  # a damaged size cannot make us read more
            left = min(struct.unpack(">I", raw)[0], max(0, room) // width)
            while left > 0:
                block = f.read(min(left, OFFSETS_PER_READ) * width)
                n = len(block) // width
                if n == 0:
                    break
                yield from struct.unpack(f">{n}{code}", block[: n * width])
                left -= n


def points_past_end(path: str | Path) -> bool:
    """True when the index says media data lies beyond the end of the file: a copy cut short."""
    size = os.path.getsize(path)
    return any(offset >= size for offset in chunk_offsets(path))


def cut_short(path: str | Path) -> bool:
    """True when the file ends inside its last box: the copy stopped before the end."""
    boxes = top_level_boxes(path)
    return bool(boxes) and boxes[-1].end > os.path.getsize(path)


def lists_video_track(path: str | Path) -> bool:
    """True when the index (moov) holds a video track's header, even if it cannot be read."""
    moov = next((b for b in top_level_boxes(path) or [] if b.type == "moov"), None)
    if moov is None:
        return False
    with open(path, "rb") as f:
        f.seek(moov.body)
        return b"vmhd" in f.read(min(moov.size - moov.header, MAX_INDEX_READ))


def padding_after_boxes(path: str | Path) -> int:
    """Bytes at the end of an MP4/MOV that belong to no box (0 for other files)."""
    boxes = top_level_boxes(path)
    if not boxes:
        return 0
    return max(0, os.path.getsize(path) - boxes[-1].end)


def sample_bytes(path: str | Path) -> int | None:
    """The size of all the media samples the index lists (from `stsz`), or None if it
    does not list them that way (fragmented files, compact `stz2` tables)."""
    boxes = walk(path)
    tables = [b for b in boxes if b.type in ("stsz", "stz2")]
    if not tables or any(b.type == "stz2" for b in tables):
        return None
    total = 0
    with open(path, "rb") as f:
        end = os.fstat(f.fileno()).st_size
        for box in tables:
            f.seek(box.body + 4)  # after version and flags
            head = f.read(8)
            if len(head) < 8:
                return None
            each, count = struct.unpack(">II", head)
            if each:
                total += each * count
                continue
            left = min(count, max(0, min(box.end, end) - box.body - 12) // 4)
            while left > 0:
                block = f.read(min(left, OFFSETS_PER_READ) * 4)
                n = len(block) // 4
                if n == 0:
                    break
                total += sum(struct.unpack(f">{n}I", block[: n * 4]))
                left -= n
    return total


def unused_bytes(path: str | Path) -> int:
    """Bytes of an MP4/MOV that hold no media sample, beyond its index (0 for other files)."""
    boxes = top_level_boxes(path)
    if not boxes:
        return 0
    if any(b.type == "moof" for b in boxes):  # fragments list their samples elsewhere
        return padding_after_boxes(path)
    samples = sample_bytes(path)
    if samples is None:
        return padding_after_boxes(path)
    index = sum(b.size for b in boxes if b.type not in FILLER and b.type != "mdat")
    return max(0, os.path.getsize(path) - samples - index, padding_after_boxes(path))


def looks_padded(path: str | Path) -> bool:
    """True when most of an MP4/MOV, and more than a few MB, holds nothing of the recording."""
    unused = unused_bytes(path)
    return unused > PADDING_LIMIT and unused > os.path.getsize(path) // 2


def looks_incomplete(path: str | Path) -> bool:
    """True for an MP4/MOV with media data but no usable index: the recording never finished.

    A phone writes the picture data first and the `moov` index when recording
    stops; if it is switched off or runs out of space first, the index is
    missing (or cut short) and no player can open the file.
    """
    boxes = top_level_boxes(path)
    if not boxes:
        return False
    size = os.path.getsize(path)
    types = [b.type for b in boxes]
    truncated = boxes[-1].offset + boxes[-1].size > size
    has_data = "mdat" in types or "moof" in types
    if "moov" not in types:
        return has_data or truncated
    moov = boxes[types.index("moov")]
    return moov.offset + moov.size > size


def moov_before_mdat(path: str | Path) -> bool:
    """True when the index comes before the media data ('fast start')."""
    types = [b.type for b in top_level_boxes(path) or []]
    return "moov" in types and "mdat" in types and types.index("moov") < types.index("mdat")
