"""Damaged copies of an MP4, made by editing its boxes where mp4boxes finds them.

Each edit takes the file's bytes and one box (from `vipp_session.media.mp4boxes.walk`)
and returns new bytes; nothing is decoded. `faststart_copy` remuxes a recording with its
index first, as phones that stream their recordings write it. Used by the tests of
damaged imports and by the fuzz test.
"""

from __future__ import annotations

import struct
from pathlib import Path

import av

from vipp_session.media import mp4boxes

# where a box's table starts, after version/flags (4) and entry count (4)
TABLE = 8


def box(path: Path, kind: str, nth: int = 0) -> mp4boxes.Box:
    """The nth box of this type (0: the first, which is the video track's for our clips)."""
    found = [b for b in mp4boxes.walk(path) if b.type == kind]
    return found[nth]


def count_of(raw: bytes, b: mp4boxes.Box) -> int:
    return struct.unpack(">I", raw[b.body + 4:b.body + 8])[0]


def zero_body(raw: bytes, b: mp4boxes.Box) -> bytes:
    """Everything inside the box becomes zeros; its header stays."""
    return raw[:b.body] + bytes(b.end - b.body) + raw[b.end:]


def put_u32(raw: bytes, at: int, value: int) -> bytes:
    return raw[:at] + struct.pack(">I", value & 0xFFFFFFFF) + raw[at + 4:]


def set_size(raw: bytes, b: mp4boxes.Box, size: int) -> bytes:
    """The box's declared size, as if its length field were damaged."""
    return put_u32(raw, b.offset, size)


def map_table(raw: bytes, b: mp4boxes.Box, change, width: int = 4, start: int = 0,
              step: int = 1) -> bytes:
    """Apply change(value) to each 32-bit field of a table box from entry `start`."""
    out = bytearray(raw)
    n = count_of(raw, b)
    for i in range(start, n, step):
        at = b.body + TABLE + i * width
        (value,) = struct.unpack(">I", out[at:at + 4])
        out[at:at + 4] = struct.pack(">I", change(value) & 0xFFFFFFFF)
    return bytes(out)


def shift_chunk_offsets(raw: bytes, b: mp4boxes.Box, by: int, start: int = 0) -> bytes:
    """stco entries from `start` moved `by` bytes: past the end of the file for a big `by`."""
    return map_table(raw, b, lambda v: v + by, start=start)


def zero_stts_deltas(raw: bytes, b: mp4boxes.Box) -> bytes:
    """Every frame's duration in the timing table (stts) becomes 0."""
    out = raw
    for i in range(count_of(raw, b)):
        out = put_u32(out, b.body + TABLE + i * 8 + 4, 0)
    return out


def mdhd_duration_at(b: mp4boxes.Box) -> int:
    """Where a version-0 mdhd keeps its duration (after times and timescale)."""
    return b.body + 4 + 4 + 4 + 4


def mvhd_duration_at(b: mp4boxes.Box) -> int:
    return b.body + 4 + 4 + 4 + 4


def timescale(raw: bytes, b: mp4boxes.Box) -> int:
    """The timescale of a version-0 mdhd or mvhd."""
    return struct.unpack(">I", raw[b.body + 12:b.body + 16])[0]


def flip_bytes(raw: bytes, positions: list[int]) -> bytes:
    out = bytearray(raw)
    for at in positions:
        out[at] ^= 0xFF
    return bytes(out)


def faststart_copy(source: Path, target: Path, movflags: str = "+faststart") -> Path:
    """The same recording, packets copied as they are, with its index (moov) first
    (or written as `movflags` say: 'frag_keyframe+empty_moov' for a fragmented file)."""
    with av.open(str(source)) as ic, av.open(str(target), "w", format="mp4",
                                             options={"movflags": movflags}) as oc:
        streams = {s.index: oc.add_stream_from_template(s) for s in ic.streams}
        for packet in ic.demux():
            if packet.dts is None:
                continue
            packet.stream = streams[packet.stream.index]
            oc.mux(packet)
    return target


def stretch_sound(source: Path, target: Path, factor: float) -> Path:
    """A copy whose second track (the sound) has each packet lasting `factor` times as long,
    and no edit list to cut it back to the track's stated length."""
    raw = source.read_bytes()
    stts, edts = box(source, "stts", nth=1), box(source, "edts", nth=1)
    assert count_of(raw, stts) == 1, "one run of equal durations expected"
    delta_at = stts.body + TABLE + 4
    (delta,) = struct.unpack(">I", raw[delta_at:delta_at + 4])
    raw = put_u32(raw, delta_at, round(delta * factor))
    target.write_bytes(raw[:edts.offset + 4] + b"free" + raw[edts.offset + 8:])
    return target
