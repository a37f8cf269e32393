"""The top-level boxes ('atoms') of an MP4/MOV file, read without decoding anything.

Used to tell an interrupted recording (media data but no `moov` index, or a
box that runs past the end of the file) from a file that is simply not a
video, and to check that a proxy has `moov` before `mdat` (so a browser can
start playing before the whole file has loaded).
"""

from __future__ import annotations

import os
import struct
from dataclasses import dataclass
from pathlib import Path

# box types that may stand at the top level of an ISO BMFF / QuickTime file
TOP_LEVEL = {
    b"ftyp", b"moov", b"mdat", b"free", b"skip", b"wide", b"uuid", b"meta",
    b"pnot", b"PICT", b"styp", b"sidx", b"moof", b"mfra", b"prfl", b"pdin", b"junk",
}


@dataclass(frozen=True)
class Box:
    type: str
    offset: int
    size: int  # as declared; may run past the end of a truncated file


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
            boxes.append(Box(kind.decode("latin-1"), offset, size))
            offset += size
    return boxes or None


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
