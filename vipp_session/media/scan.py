"""The scan: one pass over a clip's proxy, looking a few times a second, listening throughout.

Video is decoded with PyAV's frame threading, skipping the frames no other frame
depends on (H.264 non-reference frames): the frames that remain still come
several times a second, far more often than the scan samples, so the sampling
rate is kept while a good part of the decoding is saved. Only the sampled frames
are looked at: their brightness plane is taken as it is and handed to a second
thread that shrinks it and searches it for faces, so looking at one sample
overlaps with decoding the next (decoding alone leaves part of the processor
idle). Audio packets from the same pass go to the sound listener.

Times are clip times: seconds from the first displayed video frame.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import av
import cv2
import numpy as np

from vipp_session.errors import BadInput, Cancelled
from vipp_session.media.detect.face_tracking import FaceTracker
from vipp_session.media.detect.faces import Face, FaceFinder, faces_together
from vipp_session.media.detect.smiles import SmileFinder
from vipp_session.media.detect.sound import SoundBurst, SoundListener
from vipp_session.media.priority import Either, at_lowest_priority

log = logging.getLogger(__name__)

SAMPLES_PER_SECOND = 4.0
DETECT_SHORT_SIDE = 270  # pixels: faces are looked for in frames this size (never enlarged)
QUEUE_SAMPLES = 6  # sampled frames waiting to be looked at, at most
SEARCHES_PER_SECOND = 2.0  # whole-frame searches, one cascade each (see face_tracking.py)
LOOKBACK = 2.5  # seconds: how far back a newly found face is looked for

Progress = Callable[[float], None]


@dataclass(frozen=True)
class SeenFace:
    """A face in a sample; the box in fractions (0..1) of the upright frame."""

    x: float
    y: float
    w: float
    h: float
    facing: str  # 'camera', 'left' or 'right': where the nose points in the picture
    strength: float  # 0..1
    track: int  # the same number for the same face from sample to sample
    smile: float | None  # 0..1 for a face seen from the front, else None


@dataclass(frozen=True)
class SampleLook:
    at: float
    faces: tuple[SeenFace, ...]
    together: float  # 0 when no two faces are close and turned towards each other, else 0..1
    mutual: bool  # both turned towards each other (not just one towards the other)


@dataclass
class ClipScan:
    duration: float
    samples: list[SampleLook] = field(default_factory=list)
    bursts: list[SoundBurst] = field(default_factory=list)
    has_audio: bool = False


def scan_clip(
    path: Path | str,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
    samples_per_second: float = SAMPLES_PER_SECOND,
) -> ClipScan:
    """Look and listen through the video at `path`; raises Cancelled when `cancel` is set.
    It runs at the lowest CPU priority (priority.py), as it follows an import in the app."""
    interrupted = threading.Event()
    return at_lowest_priority(_scan, path, progress, Either(cancel, interrupted),
                              samples_per_second, stop=interrupted)


def _scan(
    path: Path | str,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
    samples_per_second: float = SAMPLES_PER_SECOND,
) -> ClipScan:
    path = Path(path)
    try:
        container = av.open(str(path))
    except (av.error.FFmpegError, OSError) as exc:
        raise BadInput(
            f"{path.name} could not be read as a video ({exc.__class__.__name__})."
        ) from exc
    with container:
        if not container.streams.video:
            raise BadInput(f"{path.name} has no video in it.")
        video = container.streams.video[0]
        video.thread_type = "AUTO"
        video.codec_context.skip_frame = "NONREF"
        audio = container.streams.audio[0] if container.streams.audio else None
        listener = SoundListener() if audio is not None else None
        duration = _duration(container, video)
        origin = _start(video)
        half_frame = 0.5 / float(video.average_rate or 30)
        next_at = 0.0
        last_at, skipping = 0.0, True
        looking = _LookingThread(_Looker(samples_per_second))
        try:
            for packet in container.demux(*([video] + ([audio] if audio is not None else []))):
                if cancel is not None and cancel.is_set():
                    raise Cancelled()
                try:
                    frames = packet.decode()
                except av.error.InvalidDataError:
                    log.warning("skipped a damaged packet in %s", path.name)
                    continue
                if packet.stream is audio:
                    for frame in frames:
                        listener.feed(frame)
                    continue
                for frame in frames:
                    if frame.time is None:
                        continue
                    if origin is None:
                        origin = float(frame.time)
                    at = float(frame.time) - origin
                    if at - last_at > 1.5 / samples_per_second and skipping:
                        # an encoder that marks most frames as unused for reference would
                        # leave too few: decode everything from here on
                        video.codec_context.skip_frame = "DEFAULT"
                        skipping = False
                    last_at = at
                    if at + half_frame < next_at:
                        continue
                    looking.put(at, _brightness(frame))
                    next_at = (
                        np.floor((at + half_frame) * samples_per_second) + 1
                    ) / samples_per_second
                    if progress is not None and duration > 0:
                        progress(min(0.99, at / duration))
            samples = looking.close()
        finally:
            looking.stop()
        bursts: list[SoundBurst] = []
        if listener is not None:
            listener.feed(None)
            bursts = listener.bursts(origin or 0.0)
    if progress is not None:
        progress(1.0)
    return ClipScan(duration, samples, bursts, audio is not None)


def _start(video: av.VideoStream) -> float | None:
    if video.start_time is None or video.time_base is None:
        return None
    return float(video.start_time * video.time_base)


def _duration(container: av.container.InputContainer, video: av.VideoStream) -> float:
    if video.duration is not None and video.time_base is not None:
        return float(video.duration * video.time_base)
    if container.duration is not None:
        return container.duration / av.time_base
    return 0.0


def _brightness(frame: av.VideoFrame) -> np.ndarray:
    """The frame's brightness as a grey picture: the Y plane as it is when there is one.

    The array shares the frame's memory and keeps it alive, so it stays valid after
    the decoder has moved on."""
    if frame.format.name in (
        "yuv420p",
        "yuvj420p",
        "yuv422p",
        "yuvj422p",
        "yuv444p",
        "yuvj444p",
        "nv12",
    ):
        plane = frame.planes[0]
        rows = np.frombuffer(plane, np.uint8).reshape(plane.height, plane.line_size)
        return rows[:, : plane.width]
    return frame.to_ndarray(format="gray")


def _shrink(gray: np.ndarray, width: int, height: int) -> np.ndarray:
    """Averaging pixels (no aliasing); halving first takes OpenCV's much faster exact-2x path."""
    while gray.shape[1] >= 2 * width and gray.shape[0] >= 2 * height:
        gray = cv2.resize(
            gray, (gray.shape[1] // 2, gray.shape[0] // 2), interpolation=cv2.INTER_AREA
        )
    if gray.shape[1] == width and gray.shape[0] == height:
        return np.ascontiguousarray(gray)
    return cv2.resize(gray, (width, height), interpolation=cv2.INTER_AREA)


class _LookingThread:
    """Runs a _Looker on its own thread, fed through a short queue."""

    _END = None

    def __init__(self, looker: "_Looker") -> None:
        self.looker = looker
        self.queue: queue.Queue = queue.Queue(maxsize=QUEUE_SAMPLES)
        self.error: BaseException | None = None
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._run, name="scan-looking", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        try:
            while (item := self.queue.get()) is not self._END:
                if not self.stopping.is_set():
                    self.looker.add(*item)
            if not self.stopping.is_set():
                self.looker.finish()
        except BaseException as exc:  # handed to the decoding thread, which raises it
            self.error = exc
            self.stopping.set()
            while self.queue.get() is not self._END:  # let the producer finish putting
                pass

    def put(self, at: float, gray: np.ndarray) -> None:
        self._put((at, gray))

    def _put(self, item) -> None:
        while True:
            if self.error is not None:
                raise self.error
            try:
                self.queue.put(item, timeout=0.5)
                return
            except queue.Full:
                continue

    def close(self) -> list[SampleLook]:
        """Wait until every sample has been looked at, and return them in order."""
        self._put(self._END)
        self.thread.join()
        if self.error is not None:
            raise self.error
        return self.looker.done

    def stop(self) -> None:
        """Stop early (cancelled, or an error while decoding); a no-op after close()."""
        if not self.thread.is_alive():
            return
        self.stopping.set()
        try:
            self.queue.put(self._END, timeout=5)
        except queue.Full:
            pass
        self.thread.join(timeout=10)


class _Looker:
    """Faces, pairs and smiles in the sampled frames."""

    def __init__(self, samples_per_second: float) -> None:
        search_every = max(1, round(samples_per_second / SEARCHES_PER_SECOND))
        lookback = round(LOOKBACK * samples_per_second)
        self.tracker = FaceTracker(FaceFinder(), search_every=search_every, lookback=lookback)
        self.smiles = SmileFinder()
        self._pending: dict[int, tuple[float, np.ndarray, float]] = {}
        self.done: list[SampleLook] = []
        self._count = 0

    def add(self, at: float, full: np.ndarray) -> None:
        height, width = full.shape
        scale = min(1.0, DETECT_SHORT_SIDE / min(height, width))
        small = _shrink(full, round(width * scale), round(height * scale))
        self._pending[self._count] = (at, full, scale)
        self._count += 1
        for index, faces in self.tracker.add(small):
            self._finish(index, faces)

    def finish(self) -> None:
        for index, faces in self.tracker.flush():
            self._finish(index, faces)

    def _finish(self, index: int, faces: list[Face]) -> None:
        at, full, scale = self._pending.pop(index)
        height, width = full.shape
        seen = []
        for face in faces:
            b = face.box
            smile = None
            if face.facing == "camera":
                smile = self.smiles.strength(
                    full, b.x / scale, b.y / scale, b.w / scale, b.h / scale
                )
            seen.append(
                SeenFace(
                    x=round(b.x / scale / width, 4),
                    y=round(b.y / scale / height, 4),
                    w=round(b.w / scale / width, 4),
                    h=round(b.h / scale / height, 4),
                    facing=face.facing,
                    strength=round(face.strength, 3),
                    track=face.track,
                    smile=None if smile is None else round(smile, 3),
                )
            )
        pair = faces_together(faces)
        self.done.append(
            SampleLook(
                at=round(at, 4),
                faces=tuple(seen),
                together=round(pair.strength, 3) if pair else 0.0,
                mutual=bool(pair and pair.mutual),
            )
        )
