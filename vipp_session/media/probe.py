"""What a file is: container, codecs, size, display rotation, and every frame's exact time.

One pass over the file's packets (no picture is decoded except the first, to
learn the display rotation and prove the pictures can be decoded). Frame times
come from each packet's presentation timestamp (PTS), sorted into display
order, so variable frame rate and B-frames are handled exactly.

A file that cannot become a clip raises an UnusableFile with a plain reason
(see problems.py); damage.py holds the checks that tell a damaged file: its
boxes, and its frame times against its stated length, its sound and its size.
"""

from __future__ import annotations

import logging
import statistics
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

import av

from vipp_session.errors import Cancelled
from vipp_session.media import damage, geometry, hdr, mp4boxes, problems

log = logging.getLogger(__name__)

IMAGE_FORMATS = {"image2", "gif", "apng", "ico", "tiff", "webp"}
IMAGE_CODECS = {"png", "mjpeg", "bmp", "gif", "webp", "tiff", "jpegxl", "apng", "heic"}
MAX_PACKETS_FOR_FIRST_FRAME = 200
KEYFRAME_SLACK = 0.05  # seconds: a 1 s phone GOP counts as 'every second'

Progress = Callable[[float], None]


@dataclass
class AudioInfo:
    codec: str
    sample_rate: int
    channels: int
    decodable: bool
    stream_index: int


@dataclass
class MediaInfo:
    """What probe() found. Times are relative to the first displayed frame."""

    path: Path
    container: str  # FFmpeg's demuxer name, e.g. 'mov,mp4,m4a,3gp,3g2,mj2'
    video_codec: str  # canonical codec name: h264, hevc, vp9, av1, mpeg4, ...
    profile: str | None
    pix_fmt: str
    bit_depth: int
    width: int  # stored size
    height: int
    sample_aspect: Fraction
    rotation: int  # clockwise degrees that make the picture upright
    time_base: Fraction
    start_pts: int  # pts of the first displayed frame
    pts: list[int]  # every displayed frame, relative to the first, ascending
    keyframes: list[int]  # indices (into pts) of keyframes
    last_duration: int  # ticks the last frame is shown
    video_stream_index: int
    timestamps_complete: bool  # every packet had a pts (AVI and raw streams may not)
    discarded_packets: int  # packets an edit list hides
    avcc: bool  # H.264 parameter sets stored the MP4 way (needed to copy into MP4)
    interlaced: bool  # pictures coded as two fields (camcorders); browsers show combs
    reordered: bool  # frames stored out of display order (B-frames)
    audio: AudioInfo | None
    recorded_at: str | None
    hdr: str  # 'hlg', 'pq' or 'none': the transfer, from the first picture (hdr.py)
    notes: list[str] = field(default_factory=list)

    @property
    def upright_size(self) -> tuple[int, int]:
        return geometry.upright_size(self.width, self.height, self.rotation, self.sample_aspect)

    @property
    def frames(self) -> int:
        return len(self.pts)

    @property
    def start_time(self) -> float:
        return float(self.start_pts * self.time_base)

    @property
    def duration(self) -> float:
        return float((self.pts[-1] + self.last_duration) * self.time_base)

    @property
    def fps(self) -> float:
        return self.frames / self.duration if self.duration > 0 else 0.0

    @property
    def vfr(self) -> bool:
        return is_variable_rate(self.pts, self.time_base)

    @property
    def max_keyframe_gap(self) -> float:
        """Longest stretch, in seconds, a player must decode to seek (to the end included)."""
        if not self.keyframes or self.keyframes[0] != 0:
            return float("inf")
        marks = [self.pts[k] for k in self.keyframes] + [self.pts[-1] + self.last_duration]
        return float(max(b - a for a, b in zip(marks, marks[1:])) * self.time_base)

    @property
    def keyframes_every_second(self) -> bool:
        return self.max_keyframe_gap <= 1.0 + KEYFRAME_SLACK


def is_variable_rate(pts: list[int], time_base: Fraction) -> bool:
    """True when frame spacing really varies (not just timestamp rounding)."""
    if len(pts) < 3:
        return False
    gaps = [b - a for a, b in zip(pts, pts[1:])]
    median = statistics.median(gaps)
    tolerance = max(0.1 * median, 2)  # 10 %, and at least two ticks of rounding
    return any(abs(g - median) > tolerance for g in gaps)


def _pick_video(container) -> av.video.stream.VideoStream | None:
    for stream in container.streams.video:
        if stream.disposition & av.stream.Disposition.attached_pic:
            continue  # cover art in a music file is not a video
        return stream
    return None


def _pick_audio(container) -> av.audio.stream.AudioStream | None:
    """The sound to use: the default track among those that can be decoded (a phone may put
    spatial audio, which nothing here decodes, or a commentary beside it), else the first
    that can; an undecodable only track is returned, so the import can say it has no sound."""
    usable = [s for s in container.streams.audio if s.codec_context is not None]
    default = [s for s in usable if s.disposition & av.stream.Disposition.default]
    if default or usable:
        return (default or usable)[0]
    return container.streams.audio[0] if container.streams.audio else None


def _reordered(packets: list[tuple[int | None, bool, int]]) -> bool:
    """True when a packet shows before the one stored ahead of it: there are B-frames."""
    times = [p[0] for p in packets if p[0] is not None]
    return any(b < a for a, b in zip(times, times[1:]))


def _recorded_at(container, video) -> str | None:
    for meta in (container.metadata, video.metadata):
        for key in ("com.apple.quicktime.creationdate", "creation_time", "date"):
            value = (meta or {}).get(key)
            if value and not value.startswith(("1970", "1904", "0000")):
                return value.strip()
    return None


def _bit_depth(pix_fmt: str | None) -> int:
    try:
        return max(c.bits for c in av.VideoFormat(pix_fmt).components)
    except Exception:  # unknown or hardware format: assume the common case
        return 8


def _open(path: Path, name: str):
    try:
        return av.open(str(path), metadata_errors="ignore")
    except PermissionError as exc:
        raise problems.unreadable(name, exc.strerror or "permission denied") from None
    except (av.FFmpegError, OSError, ValueError, UnicodeDecodeError):
        raise damage.not_video(path, name) from None


def _streams(container, path: Path, name: str):
    """The video stream to use and the sound (or None), or UnusableFile saying why there is none."""
    fmt = container.format.name
    video = _pick_video(container)
    if video is None:
        if mp4boxes.lists_video_track(path):
            raise problems.damaged_index(name)  # there is one, but it cannot be read
        if container.streams.audio:
            raise problems.no_video(name)
        if fmt in IMAGE_FORMATS or fmt.endswith("_pipe"):
            raise problems.picture(name)
        if len(container.streams):
            raise problems.no_video_track(name)
        raise damage.not_video(path, name)
    if fmt in IMAGE_FORMATS or fmt.endswith("_pipe"):
        raise problems.picture(name)
    if video.codec_context is None:
        raise problems.undecodable(name, None)
    _check_size(name, video.codec_context.width, video.codec_context.height)
    return video, _pick_audio(container)


def _declared_duration(container, video) -> float | None:
    """How long the file says it lasts (its index, not its frames), when it says."""
    if video.duration and video.time_base:
        return float(video.duration * video.time_base)
    if container.duration and container.duration > 0:
        return container.duration / av.time_base
    return None


def check_in_place(path: str | Path, name: str | None = None) -> None:
    """The quick look at a file before it is copied: its boxes and headers only.

    Refuses (UnusableFile) what can be known to be unusable without reading
    the whole file: unfinished, cut short or padded, not a video, a photo,
    sound only, no video track, a format nothing decodes, an impossible size
    or length. Costs a few reads, whatever the file's size.
    """
    path = Path(path)
    name = name or problems.file_name(path)
    damage.check_structure(path, name)
    with _open(path, name) as container:
        video, _ = _streams(container, path, name)
        declared = _declared_duration(container, video)
        if declared is not None and declared > problems.MAX_HOURS * 3600:
            raise problems.absurd_duration(name, declared)


def probe(
    path: str | Path,
    name: str | None = None,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
) -> MediaInfo:
    """Read a video file's facts and frame times, or raise UnusableFile with the reason.

    `name` is how to call the file in messages (default: its file name).
    """
    path = Path(path)
    name = name or problems.file_name(path)
    size = max(1, path.stat().st_size)
    damage.check_structure(path, name)
    with _open(path, name) as container:
        fmt = container.format.name
        video, audio = _streams(container, path, name)
        cc = video.codec_context
        codec = cc.codec.canonical_name
        tb = video.time_base or Fraction(1, 90000)
        audio_info = None
        if audio is not None:
            ac = audio.codec_context
            audio_info = AudioInfo(
                codec=ac.codec.canonical_name if ac else "unknown",
                sample_rate=ac.sample_rate if ac else 0,
                channels=ac.channels if ac else 0,
                decodable=ac is not None,
                stream_index=audio.index,
            )
        declared = _declared_duration(container, video)
        sound = damage.SoundSpan(audio.time_base if audio is not None else None)

        packets: list[tuple[int | None, bool, int]] = []  # (pts, keyframe, duration)
        discarded = 0
        first_frame = None
        decode_error: Exception | None = None
        tried = 0
        last_report = -1.0
        first_pts = None
        limit = problems.MAX_HOURS * 3600 / tb
        for packet in container.demux(*(s for s in (video, audio) if s is not None)):
            if cancel is not None and cancel.is_set():
                raise Cancelled()
            if packet.size == 0:
                continue
            if packet.stream is not video:
                sound.add(packet)
                continue
            if packet.is_discard:
                discarded += 1
            else:
                pts = packet.pts
                packets.append((pts, packet.is_keyframe, packet.duration or 0))
                if pts is not None:
                    first_pts = pts if first_pts is None else min(first_pts, pts)
                    if pts - first_pts > limit:
                        raise problems.absurd_duration(name, float((pts - first_pts) * tb))
            if first_frame is None and tried < MAX_PACKETS_FOR_FIRST_FRAME:
                tried += 1
                try:
                    frames = video.decode(packet)
                except av.FFmpegError as exc:
                    decode_error = exc
                    frames = []
                if frames:
                    first_frame = frames[0]
            if progress is not None and packet.pos and packet.pos > 0:
                done = packet.pos / size
                if done - last_report >= 0.01:
                    progress(min(done, 1.0))
                    last_report = done
        if first_frame is None and packets:
            try:
                frames = video.decode(None)
                first_frame = frames[0] if frames else None
            except av.FFmpegError as exc:
                decode_error = exc
        if not packets:
            raise problems.no_frames(name)
        listed = video.frames  # what the index says (0 when it does not say)
        found = len(packets) + discarded
        if listed > 1 and listed - found > max(1, listed * problems.MAX_MISSING_SHARE):
            raise problems.missing_pictures(name, found, listed)
        if first_frame is None:
            log.info("no picture decoded from %s: %s", name, decode_error)
            if mp4boxes.looks_incomplete(path):
                raise problems.incomplete(name)
            raise problems.damaged(name)

        width, height = first_frame.width, first_frame.height
        _check_size(name, width, height)
        pix_fmt = first_frame.format.name
        rotation = geometry.rotation_from_display(first_frame.rotation)
        sar = cc.sample_aspect_ratio or Fraction(1)
        if codec in IMAGE_CODECS and len(packets) == 1:
            raise problems.picture(name)

        timestamps_complete = all(p[0] is not None for p in packets)
        pts, keyframes, last_duration, notes = _timeline(packets, tb, video, timestamps_complete)
        if len(pts) == 1:
            if len(packets) == 1 and not discarded and listed <= 1:
                raise problems.single_picture(name)
            raise problems.damaged_times(name, f"its {len(packets)} frames all have the same time")
        info = MediaInfo(
            path=path,
            container=fmt,
            video_codec=codec,
            profile=video.profile,
            pix_fmt=pix_fmt,
            bit_depth=_bit_depth(pix_fmt),
            width=width,
            height=height,
            sample_aspect=Fraction(sar) if sar else Fraction(1),
            rotation=rotation,
            time_base=tb,
            start_pts=pts[0],
            pts=[p - pts[0] for p in pts],
            keyframes=keyframes,
            last_duration=last_duration,
            video_stream_index=video.index,
            timestamps_complete=timestamps_complete,
            discarded_packets=discarded,
            avcc=bool(cc.extradata) and cc.extradata[0] == 1,
            interlaced=bool(first_frame.interlaced_frame),
            reordered=_reordered(packets),
            audio=audio_info,
            recorded_at=_recorded_at(container, video),
            hdr=hdr.kind_of(first_frame.color_trc),
            notes=notes,
        )
    damage.check_timing(name, info.duration, info.frames, declared, sound.length, size)
    if progress is not None:
        progress(1.0)
    return info


def _check_size(name: str, width: int, height: int) -> None:
    if width == 0 and height == 0:
        return  # not known until a picture is decoded
    if not (problems.MIN_SIDE <= width <= problems.MAX_SIDE
            and problems.MIN_SIDE <= height <= problems.MAX_SIDE):
        raise problems.absurd_size(name, width, height)


def _timeline(packets, tb: Fraction, video, complete: bool):
    """Display-ordered pts (absolute), keyframe indices, last frame's duration, notes."""
    notes: list[str] = []
    if complete:
        order = sorted(range(len(packets)), key=lambda i: packets[i][0])
        pts = [packets[i][0] for i in order]
        # two packets with one time (a broken muxer) show as one frame
        dedup = [pts[0]]
        keep = [order[0]]
        for i, p in zip(order[1:], pts[1:]):
            if p != dedup[-1]:
                dedup.append(p)
                keep.append(i)
        if len(dedup) < len(pts):
            notes.append(f"{len(pts) - len(dedup)} frames shared a time with another and were left out")
        pts = dedup
        keyframes = [n for n, i in enumerate(keep) if packets[i][1]]
        last_duration = packets[keep[-1]][2]
    else:
        # No timestamps in the file (raw streams): the frame rate is all there is.
        rate = video.average_rate or video.guessed_rate or Fraction(30)
        step = max(1, round(1 / (rate * tb)))
        pts = [i * step for i in range(len(packets))]
        keyframes = [i for i, p in enumerate(packets) if p[1]]
        last_duration = step
        notes.append("the file has no frame times; they were taken from its frame rate")
    if last_duration <= 0:
        gaps = [b - a for a, b in zip(pts, pts[1:])]
        last_duration = int(statistics.median(gaps)) if gaps else max(1, round(1 / (30 * tb)))
    return pts, keyframes, last_duration, notes
