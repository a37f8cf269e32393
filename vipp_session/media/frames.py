"""The exact frame at a time, upright, at full resolution, from the original recording.

A still must be the very frame the browser showed. The browser's time is
seconds from the clip's first displayed frame, and the frame it shows at t is
`FrameTable.frame_at(t)`. That frame is found in the original by its
presentation time (`FrameTable.source_pts`), never by counting frames or by
index / fps: B-frames, variable frame rate, edit lists and start times all
make counting wrong, and `frame.index` is unreliable with threaded decoding.

Speed comes from keeping decoders warm. Each recording gets a `FrameReader`
(an open container and decoder), kept in a small cache shared by every thread.
A request seeks to the keyframe at or before the target, when it must, and
decodes forward; while decoding it skips the pictures no later picture needs.
The next frame after a still is one more decode; a frame just seen (the
previous one, or the same one again) comes from a short memory of the last
pictures decoded, and anything further back re-seeks in the open container.

AVI stores no presentation times; there frames are counted from the start,
as the import does when it builds the frame table.
"""

from __future__ import annotations

import bisect
import logging
import os
import threading
from collections import OrderedDict, deque
from fractions import Fraction
from pathlib import Path

import av
import cv2
import numpy as np

from vipp_session.media import geometry, hdr, problems
from vipp_session.media.frame_table import FrameTable

log = logging.getLogger(__name__)

READERS_KEPT = 4  # open recordings; the annotator works on one or two at a time
RECENT_KEPT = 8  # decoded pictures remembered per recording, for 'previous frame'
# Continuing to decode beats seeking when the keyframe the target needs is at most
# this many frames past where the decoder is (a seek costs about as much as a few frames).
CONTINUE_SLACK = 3
# Codecs in which a 'non-reference' picture is never needed to decode another, so the
# decoder may skip those before the target (FFmpeg's skip_frame = NONREF). HEVC only
# qualifies with a single temporal layer (see can_skip_nonref).
SKIPPABLE_CODECS = {"h264", "mpeg4", "mpeg2video", "mpeg1video"}


class FrameNotDecoded(Exception):
    """The recording did not give up the frame asked for (a damaged file)."""


def upright(image: np.ndarray, rotation: int) -> np.ndarray:
    """Turn stored pixels upright: `rotation` is the clockwise turn a player applies."""
    rotation %= 360
    if rotation == 90:
        return cv2.rotate(image, cv2.ROTATE_90_CLOCKWISE)
    if rotation == 180:
        return cv2.rotate(image, cv2.ROTATE_180)
    if rotation == 270:
        return cv2.rotate(image, cv2.ROTATE_90_COUNTERCLOCKWISE)
    return image


def picture(frame: av.VideoFrame, sample_aspect: Fraction | None = None) -> np.ndarray:
    """A decoded frame as an upright BGR array, square pixels, at full resolution."""
    options = {}
    if frame.color_range and not frame.format.is_rgb:  # full-range video says so; unspecified means limited range
        options["src_color_range"] = frame.color_range
    width = frame.width
    if sample_aspect and sample_aspect > 0 and sample_aspect != 1:
        width, _ = geometry.upright_size(frame.width, frame.height, 0, sample_aspect)
    image = frame.to_ndarray(format="bgr24", width=width, interpolation="BICUBIC", **options)
    return upright(image, geometry.rotation_from_display(frame.rotation))


def can_skip_nonref(cc) -> bool:
    """True when no picture the decoder calls non-reference is ever needed by another.

    In HEVC a 'sub-layer non-reference' picture may still be used by a picture of a
    higher temporal layer, so it is only safe when the stream has one temporal layer
    (byte 21 of the MP4 'hvcC' record; unknown means no).
    """
    name = cc.codec.canonical_name
    if name in SKIPPABLE_CODECS:
        return True
    if name == "hevc":
        extra = cc.extradata or b""
        return len(extra) > 22 and extra[0] == 1 and (extra[21] >> 3) & 7 == 1
    return False


class FrameReader:
    """One recording opened for random access by presentation time. Thread-safe."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.lock = threading.RLock()
        self.container = None
        self._open()

    # ------------------------------------------------------------------ state

    def _open(self) -> None:
        self.close()
        self.container = av.open(str(self.path), metadata_errors="ignore")
        video = [s for s in self.container.streams.video
                 if not s.disposition & av.stream.Disposition.attached_pic]
        if not video:
            self.close()
            raise av.InvalidDataError(0, "no video stream")
        self.stream = video[0]
        self.stream.thread_type = "AUTO"  # frame and slice threads, as the ffmpeg command line
        cc = self.stream.codec_context
        self.sample_aspect = Fraction(cc.sample_aspect_ratio or 1)
        self.skippable = can_skip_nonref(cc)
        self.by_count = self.container.format.name.startswith("avi")
        self.packets = None  # demuxer position after the last seek
        self.pending: deque = deque()  # decoded, not yet looked at
        self.recent: OrderedDict[int, av.VideoFrame] = OrderedDict()
        self.newest: int | None = None  # pts of the newest decoded frame
        self.ended = False
        self.counted = 0  # frames decoded since the start (AVI only)
        self.after_seek = False  # packets before the first keyframe are not decodable
        self.mapper = hdr.Mapper()

    def close(self) -> None:
        if self.container is not None:
            try:
                self.container.close()
            except Exception:  # closing a broken file must not hide the real problem
                pass
            self.container = None

    def _remember(self, pts: int, frame: av.VideoFrame) -> None:
        self.recent[pts] = frame
        self.recent.move_to_end(pts)
        while len(self.recent) > RECENT_KEPT:
            self.recent.popitem(last=False)
        self.newest = pts

    # ------------------------------------------------------------------ public

    def frame(self, table: FrameTable, index: int) -> av.VideoFrame:
        """Frame `index` of the clip whose frame table is `table`; an HDR frame comes
        mapped to SDR R'G'B' exactly as the proxy maps it (hdr.py)."""
        decoded = self._decoded(table, index)
        kind = hdr.kind_of(decoded.color_trc)
        if kind == hdr.NONE:
            return decoded
        with self.lock:
            return self.mapper(decoded, kind)

    def _decoded(self, table: FrameTable, index: int) -> av.VideoFrame:
        if not 0 <= index < len(table):
            raise IndexError(f"frame {index} of {len(table)}")
        target = table.source_pts(index)
        with self.lock:
            cached = self.recent.get(target)
            if cached is not None:
                self.recent.move_to_end(target)
                return cached
            if self.by_count:
                return self._by_count(table, index, target)
            if self._can_continue(table, index, target):
                found = self._decode_to(target)
                if found is not None:
                    return found
            return self._seek_and_decode(table, index, target)

    def picture(self, table: FrameTable, index: int) -> np.ndarray:
        """Frame `index` as an upright BGR array at full resolution."""
        return picture(self.frame(table, index), self.sample_aspect)

    # ------------------------------------------------------------------ decoding

    def _position(self, table: FrameTable) -> int | None:
        if self.newest is None:
            return None
        return bisect.bisect_right(table.pts, self.newest - table.source_start_pts) - 1

    def _can_continue(self, table: FrameTable, index: int, target: int) -> bool:
        if self.packets is None or self.newest is None or self.newest >= target:
            return False
        if self.ended and not self.pending:
            return False  # drained: only a seek starts the decoder again
        return table.keyframe_before(index) <= self._position(table) + CONTINUE_SLACK

    def _seek_and_decode(self, table: FrameTable, index: int, target: int) -> av.VideoFrame:
        """Seek to the keyframe at or before the target and decode forward.

        A demuxer may land after the frame wanted (MOV seeks by decoding time,
        some formats only roughly); then try the keyframe before, and in the
        end read from the very start.
        """
        keyframes = [k for k in table.keyframes if k <= index] or [0]
        for k in reversed(keyframes[-3:]):
            self._seek(table.source_pts(k))
            found = self._decode_to(target)
            if found is not None:
                return found
        self._open()
        self.packets = self.container.demux(self.stream)
        found = self._decode_to(target, exact_only=False)
        if found is None:
            raise FrameNotDecoded(f"frame at pts {target} could not be decoded from {self.path.name}")
        return found

    def _seek(self, pts: int) -> None:
        self.container.seek(pts, backward=True, stream=self.stream)  # also flushes the decoder
        self.packets = self.container.demux(self.stream)
        self.pending.clear()
        self.newest = None
        self.ended = False
        self.after_seek = True

    def _packet(self):
        """The next packet to decode, or None at the end."""
        for packet in self.packets:
            if packet.size == 0:
                continue  # the end-of-stream marker, or an AVI's empty 'same again' chunk
            if self.after_seek:
                if not packet.is_keyframe:
                    continue  # a rough seek: decoding must start at a keyframe
                self.after_seek = False
            return packet
        return None

    def _decode_to(self, target: int, exact_only: bool = True) -> av.VideoFrame | None:
        """Decode on until the frame at `target` comes out.

        Returns None when the decoder passes the target without showing it
        (the seek landed too late) and `exact_only`; otherwise the latest
        frame at or before the target.
        """
        cc = self.stream.codec_context
        before: av.VideoFrame | None = None
        while True:
            while self.pending:
                frame = self.pending.popleft()
                pts = frame.pts
                if pts is None:
                    continue
                self._remember(pts, frame)
                if pts == target:
                    return frame
                if pts > target:
                    if exact_only or before is None:
                        return None
                    log.warning("%s: no frame at pts %s; showing the one before", self.path.name, target)
                    return before
                before = frame
            if self.ended:
                return None if exact_only else before
            packet = self._packet()
            if packet is None:
                self.ended = True
                self.pending.extend(self._decode(None))
                continue
            if self.skippable:
                # a picture shown before the target and needed by no other is never decoded
                skip = packet.pts is not None and packet.pts < target and not packet.is_keyframe
                cc.skip_frame = "NONREF" if skip else "DEFAULT"
            self.pending.extend(self._decode(packet))

    def _decode(self, packet):
        try:
            return self.stream.decode(packet)
        except av.InvalidDataError as exc:  # one damaged packet: carry on with the next
            log.info("%s: %s", self.path.name, exc)
            return []

    def _by_count(self, table: FrameTable, index: int, target: int) -> av.VideoFrame:
        """AVI: frames come out in display order with no times; the n-th is table entry n."""
        if self.packets is None or self.ended or self.counted > index:
            self._open()
            self.packets = self.container.demux(self.stream)
        while True:
            while self.pending:
                frame = self.pending.popleft()
                n = self.counted
                self.counted += 1
                if n < len(table):
                    self._remember(table.source_pts(n), frame)
                if n == index:
                    return frame
            if self.ended:
                raise FrameNotDecoded(f"frame {index} could not be decoded from {self.path.name}")
            packet = self._packet()
            if packet is None:
                self.ended = True
                self.pending.extend(self._decode(None))
            else:
                self.pending.extend(self._decode(packet))


# ---------------------------------------------------------------------- the shared cache

_readers: OrderedDict[tuple, FrameReader] = OrderedDict()
_readers_guard = threading.Lock()


def _key(path: Path) -> tuple:
    st = path.stat()  # FileNotFoundError when the recording has gone
    return (str(path.resolve()), st.st_ino, st.st_size, st.st_mtime_ns)


def reader_for(path: str | Path) -> FrameReader:
    """The warm reader of a recording, opened on first use (a changed file is reopened)."""
    path = Path(path)
    key = _key(path)
    with _readers_guard:
        reader = _readers.get(key)
        if reader is not None:
            _readers.move_to_end(key)
            return reader
    reader = FrameReader(path)  # opened outside the guard: other clips need not wait
    with _readers_guard:
        existing = _readers.get(key)
        if existing is not None:
            reader.close()
            return existing
        for old in [k for k in _readers if k[0] == key[0]]:
            _close_later(_readers.pop(old))
        _readers[key] = reader
        while len(_readers) > READERS_KEPT:
            _close_later(_readers.popitem(last=False)[1])
    return reader


def _close_later(reader: FrameReader) -> None:
    """Close a reader once any thread using it is done (taking its lock waits for that)."""
    def close():
        with reader.lock:
            reader.close()
    if reader.lock.acquire(blocking=False):
        try:
            reader.close()
        finally:
            reader.lock.release()
    else:
        threading.Thread(target=close, daemon=True).start()


def forget(path: str | Path) -> None:
    """Close the reader of a recording (before its file is removed)."""
    name = str(Path(path).resolve())
    with _readers_guard:
        for key in [k for k in _readers if k[0] == name]:
            _close_later(_readers.pop(key))


def forget_under(folder: str | Path) -> None:
    """Close the readers of every recording in a folder (a clip's or a family's, being erased):
    an open file stays on disk, taking space and keeping the pictures, until it is closed."""
    root = Path(folder).resolve()
    with _readers_guard:
        for key in [k for k in _readers if Path(k[0]).is_relative_to(root)]:
            _close_later(_readers.pop(key))


def forget_gone() -> int:
    """Close the readers of recordings that are no longer where they were opened (erased, or
    renamed away by an erase in another process); returns how many were closed."""
    with _readers_guard:
        gone = [key for key in _readers if not _still_there(key)]
        for key in gone:
            _close_later(_readers.pop(key))
    return len(gone)


def _still_there(key: tuple) -> bool:
    try:
        return os.stat(key[0]).st_ino == key[1]
    except OSError:
        return False


def close_all() -> None:
    with _readers_guard:
        while _readers:
            _close_later(_readers.popitem(last=False)[1])


def picture_at_index(path: str | Path, table: FrameTable, index: int) -> np.ndarray:
    """Frame `index` of a recording as an upright BGR array at full resolution.

    Raises FileNotFoundError when the recording has gone, FrameNotDecoded or
    av.FFmpegError when it cannot be decoded.
    """
    reader = reader_for(path)
    with reader.lock:
        if reader.container is None:  # closed by the cache meanwhile: open afresh
            reader = FrameReader(path)
        return reader.picture(table, index)


def browser_copy_table(proxy: str | Path, table: FrameTable) -> FrameTable:
    """The clip's frame table as its browser copy numbers the same frames: for a still from
    the browser copy once the original has gone. The proxy keeps every frame of the table
    at the same time (its pts are the table's, in its own time base, from its own start)."""
    with av.open(str(proxy), metadata_errors="ignore") as container:
        stream = container.streams.video[0]
        time_base, start = Fraction(stream.time_base), stream.start_time or 0
    scale = table.time_base / time_base
    return FrameTable(time_base, tuple(round(p * scale) for p in table.pts),
                      max(1, round(table.last_duration * scale)), source_start_pts=start,
                      keyframes=table.proxy_keyframes or (0,))


def still_picture(path: str | Path, table: FrameTable, index: int, name: str) -> np.ndarray:
    """Like `picture_at_index`, with a plain reason (BadInput) when the recording has gone
    or cannot be decoded; `name` is how the clinician knows the recording."""
    path = Path(path)
    try:
        return picture_at_index(path, table, index)
    except FileNotFoundError:
        raise problems.original_gone(name, str(path.parent)) from None
    except (av.FFmpegError, FrameNotDecoded, OSError) as exc:
        log.info("no still from %s: %s", path, exc)
        forget(path)
        raise problems.damaged(name) from None
