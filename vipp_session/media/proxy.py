"""The proxy: a copy of the clip that every browser plays and seeks well.

Always MP4 with H.264 (8-bit 4:2:0) and AAC sound (or none), the index
(`moov`) before the data so playback starts at once, upright pixels with no
rotation left in the metadata, every frame of the original at its own time
(the first at 0), and a keyframe at least every second so seeking is quick.

- **remux** when the original is already like that (H.264 yuv420p, AAC or no
  sound, unrotated, keyframes at most about a second apart, long side at most
  `remux_max_side`): the packets are copied, nothing is re-encoded, so it is
  fast and loses nothing.
- **transcode** otherwise: decode, turn upright, scale so the long side is at
  most `max_side`, encode with x264 (settings below, the same ones the
  benchmark gives the ffmpeg command line). AAC sound is copied; any other
  sound is re-encoded to AAC.

Either way the sound ends with the pictures: a proxy lasts exactly as long as
its frame table says, so the browser's timeline is the clip's.

Both stream the file: memory use does not grow with the clip's length.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import av

from vipp_session.media import frames, geometry, hdr
from vipp_session.media.frame_table import FrameTable
from vipp_session.media.probe import MediaInfo
from vipp_session.errors import Cancelled
from vipp_session.media.proxy_audio import ProxyAudio
from vipp_session.media.thumbnails import Filmstrip, Thumbnail

# Encoder settings (also used by bench/import.py for the ffmpeg reference).
X264_PRESET = "veryfast"
X264_CRF = 21
KEYFRAME_EVERY = 1.0  # seconds: force a keyframe at the first frame at or after each second
MAX_FPS = 30  # a 60 fps phone clip gives a proxy of every other frame
# a frame is kept when it comes at least this long after the last one kept: every frame of
# a (jittery) 30 fps clip, every other one of 60 fps (or 59.94), 25 of 50 fps
MIN_GAP = 1 / MAX_FPS - 1 / (8 * MAX_FPS)
QUEUE_FRAMES = 8  # filtered pictures waiting for the encoder (a few MB)
MP4_OPTIONS = {"movflags": "+faststart"}
SOUND_BEFORE_PICTURES = 1.0  # seconds of sound kept before the first frame (hidden by an edit list)
SOUND_AFTER_PICTURES = 0.1  # seconds the last sound packet may run past the last frame

Progress = Callable[[float], None]


def x264_options() -> dict[str, str]:
    # forced-idr: a forced keyframe is an IDR frame, which every decoder can start from.
    # bf=0, no B-frames: Chromium (FFmpeg's MP4 reader) seeks by decoding time, shifted by
    # the delay B-frames add at the start. When the frame rate varies, that shift is wrong
    # elsewhere, and a seek into the frame just before a keyframe landed on the keyframe
    # and showed the next frame.
    return {"preset": X264_PRESET, "crf": str(X264_CRF), "forced-idr": "1", "bf": "0"}


def kept_frames(pts: list[int], min_gap: int) -> set[int]:
    """The frames (times from the first) a proxy keeps: each at least `min_gap` after the last
    kept (the rule the transcoder applies as frames come, worked out ahead from the probe)."""
    kept: set[int] = set()
    last = None
    for p in pts:
        if last is None or p - last >= min_gap:
            kept.add(p)
            last = p
    return kept


@dataclass(frozen=True)
class ProxyPlan:
    mode: str  # 'remux' or 'transcode'
    why: tuple[str, ...]  # what rules out remuxing (empty for remux)
    size: tuple[int, int]  # the proxy's upright size
    copy_audio: bool  # AAC in the original: copied as it is


@dataclass(frozen=True)
class ProxyResult:
    mode: str
    table: FrameTable
    thumbnails: list[Thumbnail]
    size: tuple[int, int]
    audio: bool


def plan_proxy(info: MediaInfo, max_side: int = 1280, remux_max_side: int = 1920) -> ProxyPlan:
    """Decide how to make the proxy and at what size."""
    why: list[str] = []
    if info.video_codec != "h264":
        why.append(f"video is {info.video_codec}, not H.264")
    if info.pix_fmt not in ("yuv420p", "yuvj420p"):
        why.append(f"pixels are {info.pix_fmt}, not 8-bit 4:2:0")
    if info.rotation:
        why.append(f"needs turning {info.rotation} degrees")
    if info.hdr != hdr.NONE:
        why.append(f"HDR ({info.hdr.upper()}) to map to SDR")
    if info.interlaced:
        why.append("interlaced pictures")
    if info.fps > MAX_FPS + 0.5:
        why.append(f"{info.fps:.0f} frames a second, more than {MAX_FPS}")
    if info.sample_aspect not in (0, 1):
        why.append("pixels are not square")
    if info.audio is not None and info.audio.decodable and info.audio.codec != "aac":
        why.append(f"sound is {info.audio.codec}, not AAC")
    if not info.keyframes_every_second:
        why.append(f"keyframes up to {info.max_keyframe_gap:.1f} s apart")
    if max(info.width, info.height) > remux_max_side:
        why.append(f"larger than {remux_max_side} pixels")
    if not info.timestamps_complete or info.discarded_packets:
        why.append("frame times need rebuilding")
    if info.reordered and info.vfr:
        # Chromium seeks such a file by decoding time and lands a frame late
        why.append("B-frames with a variable frame rate")
    if info.video_codec == "h264" and not info.avcc:
        why.append("H.264 stored as a raw stream")
    if why:
        size = geometry.fit_within(*info.upright_size, max_side)
        copy_audio = info.audio is not None and info.audio.decodable and info.audio.codec == "aac"
        return ProxyPlan("transcode", tuple(why), size, copy_audio)
    return ProxyPlan("remux", (), (info.width, info.height),
                     info.audio is not None and info.audio.decodable)


def make_proxy(
    info: MediaInfo,
    plan: ProxyPlan,
    out_path: Path,
    thumbs_dir: Path,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
) -> ProxyResult:
    """Write proxy.mp4 and the filmstrip; return the frame table of what the proxy shows."""
    job = _Remux if plan.mode == "remux" else _Transcode
    return job(info, plan, Path(out_path), Filmstrip(thumbs_dir), progress, cancel).run()


class _Job:
    def __init__(self, info, plan, out_path, filmstrip, progress, cancel):
        self.info: MediaInfo = info
        self.plan: ProxyPlan = plan
        self.out_path: Path = out_path
        self.filmstrip: Filmstrip = filmstrip
        self.progress = progress
        self.cancel = cancel
        self.tb: Fraction = info.time_base
        self.duration = max(info.duration, 1e-6)
        self._reported = -1.0

    def check_cancel(self) -> None:
        if self.cancel is not None and self.cancel.is_set():
            raise Cancelled()

    def report(self, seconds: float) -> None:
        if self.progress is None:
            return
        done = min(max(seconds / self.duration, 0.0), 1.0)
        if done - self._reported >= 0.005:
            self._reported = done
            self.progress(done)

    def open_streams(self):
        ic = av.open(str(self.info.path), metadata_errors="ignore")
        iv = ic.streams[self.info.video_stream_index]
        ia = ic.streams[self.info.audio.stream_index] if self.info.audio and self.info.audio.decodable else None
        return ic, iv, ia

    def audio_offset(self, ia) -> int:
        """The video's first frame time in the sound's time base: the sound moves with it."""
        return round(self.info.start_pts * self.info.time_base / ia.time_base)

    def keeps_sound(self, packet, ia) -> bool:
        """Sound that starts while there are pictures (or just before the first), cut to end
        with them: the proxy lasts as long as its pictures, even when a damaged file's
        sound runs on (or one packet of it claims to last for minutes)."""
        if packet.pts is None:
            return True
        t = float(packet.pts * ia.time_base) - self.info.start_time
        if not -SOUND_BEFORE_PICTURES <= t < self.info.duration:
            return False
        if packet.duration and t + float(packet.duration * ia.time_base) > (
                self.info.duration + SOUND_AFTER_PICTURES):
            packet.duration = max(1, int((self.info.duration - t) / ia.time_base))
        return True


class _Remux(_Job):
    def run(self) -> ProxyResult:
        info = self.info
        ic, iv, ia = self.open_streams()
        with ic, av.open(str(self.out_path), "w", format="mp4", options=MP4_OPTIONS) as oc:
            ov = oc.add_stream_from_template(iv)
            ov.time_base = iv.time_base
            oa = None
            if ia is not None:
                oa = oc.add_stream_from_template(ia)
                oa.time_base = ia.time_base
            a_off = self.audio_offset(ia) if ia is not None else 0
            index_of = self.index_of = {p: i for i, p in enumerate(info.pts)}
            # The filmstrip decodes only the keyframes it keeps. Keyframes decode on
            # their own, so one frame-threaded decoder fed nothing else decodes
            # several at once, on every core.
            iv.thread_type = "AUTO"
            for packet in ic.demux(*(s for s in (iv, ia) if s is not None)):
                self.check_cancel()
                if packet.size == 0 or packet.pts is None and packet.dts is None:
                    continue
                if packet.stream is iv:
                    rel = packet.pts - info.start_pts
                    t = float(rel * self.tb)
                    if packet.is_keyframe and rel in index_of and self.filmstrip.take(t):
                        self._thumbnails(iv, packet)
                    packet.pts = rel
                    if packet.dts is not None:
                        packet.dts -= info.start_pts
                    packet.stream = ov
                    self.report(t)
                else:
                    if not self.keeps_sound(packet, ia):
                        continue
                    if packet.pts is not None:
                        packet.pts -= a_off
                    if packet.dts is not None:
                        packet.dts -= a_off
                    packet.stream = oa
                oc.mux(packet)
            self._thumbnails(iv, None)
        table = FrameTable(
            time_base=self.tb, pts=tuple(info.pts), last_duration=info.last_duration,
            source_start_pts=info.start_pts, keyframes=tuple(info.keyframes),
            proxy_keyframes=tuple(info.keyframes),
        )
        return ProxyResult("remux", table, self.filmstrip.finish(), self.plan.size, oa is not None)

    def _thumbnails(self, iv, packet) -> None:
        try:
            frames = iv.decode(packet)
        except av.FFmpegError:
            return  # a damaged keyframe costs a filmstrip picture, not the import
        for frame in frames:
            rel = None if frame.pts is None else frame.pts - self.info.start_pts
            if rel in self.index_of:
                self.filmstrip.add(frame, self.index_of[rel], float(rel * self.tb))


class _Transcode(_Job):
    """Decode, filter and encode, as two threads joined by a short queue.

    The reader thread demuxes, decodes and filters (upright, scaled); this
    thread encodes and writes. Each side keeps its codec's own threads busy
    while the other waits, as the stages of a pipeline (PyAV lets go of the
    GIL inside FFmpeg). Sound packets travel in the same queue, in file order.
    """

    def run(self) -> ProxyResult:
        info = self.info
        ic, iv, ia = self.open_streams()
        iv.thread_type = "AUTO"  # frame and slice threads, as the ffmpeg command line
        with ic, av.open(str(self.out_path), "w", format="mp4", options=MP4_OPTIONS) as oc:
            rate = Fraction(info.frames, 1) / Fraction(self.duration).limit_denominator(1_000_000)
            rate = min(rate, Fraction(MAX_FPS))
            self.min_gap = round(MIN_GAP / self.tb) if info.fps > MAX_FPS + 0.5 else 0
            self.kept = kept_frames(info.pts, self.min_gap)
            self.skippable = (bool(self.min_gap) and frames.can_skip_nonref(iv.codec_context)
                              and not info.container.startswith("avi"))
            ov = oc.add_stream("libx264", rate=rate.limit_denominator(1001), options=x264_options())
            ov.width, ov.height = self.plan.size
            ov.pix_fmt = "yuv420p"
            # frame threads, as the ffmpeg command line: PyAV's default (slice threads)
            # makes x264 split every picture, slower and a little less sharp
            ov.codec_context.thread_type = "FRAME"
            ov.codec_context.thread_count = 0
            ov.codec_context.time_base = self.tb
            if info.hdr != hdr.NONE:
                hdr.tag_bt709(ov.codec_context)  # mapped to SDR: say so to every player
            ov.time_base = self.tb
            self.ov, self.oc = ov, oc
            self.audio = (ProxyAudio(oc, ia, self.plan.copy_audio, self.audio_offset(ia))
                          if ia is not None else None)
            self.graph = None
            self.pts: list[int] = []  # written by the reader only
            self.index_of: dict[int, int] = {}
            self.keyframes_at: set[int] = set()
            self.forced = 0
            work: queue.Queue = queue.Queue(maxsize=QUEUE_FRAMES)
            stop = threading.Event()
            reader = threading.Thread(target=self._read, args=(ic, iv, ia, work, stop),
                                      name="proxy-reader", daemon=True)
            reader.start()
            try:
                while True:
                    kind, item = work.get()
                    if kind == "video":
                        self._encode(item)
                    elif kind == "audio":
                        self.audio.packet(item)
                    elif kind == "error":
                        raise item
                    else:
                        break
                    self.check_cancel()
            finally:
                stop.set()
                while reader.is_alive():  # unblock a reader waiting to put
                    try:
                        work.get(timeout=0.05)
                    except queue.Empty:
                        pass
                reader.join()
            for packet in ov.encode(None):
                self._mux_video(packet)
            if self.audio is not None:
                self.audio.finish()
        if not self.pts:
            raise av.InvalidDataError(0, "no picture could be decoded")
        if self.pts[0] != 0:  # the clip's first frames are lost: times and sound would not agree
            raise av.InvalidDataError(0, "the first picture could not be decoded")
        index_of = self.index_of
        gaps = [b - a for a, b in zip(self.pts, self.pts[1:])]
        last = info.last_duration if self.pts[-1] == info.pts[-1] else (gaps[-1] if gaps else info.last_duration)
        table = FrameTable(
            time_base=self.tb, pts=tuple(self.pts), last_duration=last,
            source_start_pts=info.start_pts,
            keyframes=tuple(index_of[info.pts[k]] for k in info.keyframes if info.pts[k] in index_of),
            proxy_keyframes=tuple(sorted(index_of[p] for p in self.keyframes_at if p in index_of)),
        )
        audio = self.audio is not None and self.audio.wrote
        return ProxyResult("transcode", table, self.filmstrip.finish(), self.plan.size, audio)

    # ------------------------------------------------------------ reader thread

    def _read(self, ic, iv, ia, work: queue.Queue, stop: threading.Event) -> None:
        try:
            for packet in ic.demux(*(s for s in (iv, ia) if s is not None)):
                if stop.is_set():
                    return
                if packet.size == 0:
                    continue  # the demuxer's end-of-stream marker; flushed below
                if packet.stream is iv:
                    if self.skippable:
                        # a frame left out of a 60 fps clip's proxy that no other frame
                        # needs is never decoded
                        skip = (not packet.is_keyframe and packet.pts is not None
                                and packet.pts - self.info.start_pts not in self.kept)
                        iv.codec_context.skip_frame = "NONREF" if skip else "DEFAULT"
                    for frame in iv.decode(packet):
                        self._picture(frame, work)
                elif self.keeps_sound(packet, ia):
                    work.put(("audio", packet))
            for frame in iv.decode(None):
                self._picture(frame, work)
            self._filter(None, work)
            work.put(("end", None))
        except BaseException as exc:  # handed to the writing thread, which raises it
            work.put(("error", exc))

    def _picture(self, frame, work: queue.Queue) -> None:
        """A decoded frame: give it its time from the clip's start, then filter it."""
        info = self.info
        counted = info.container.startswith("avi") or frame.pts is None
        if counted:
            # AVI stores no presentation times; frames come out in display order,
            # so the n-th frame takes the n-th time of the probe's table.
            n = len(self.pts)
            rel = info.pts[n] if n < len(info.pts) else self.pts[-1] + info.last_duration
        else:
            rel = frame.pts - info.start_pts
        if self.pts and rel <= self.pts[-1]:
            return  # a frame at an earlier time than one already shown can never be seen
        if rel < 0:
            return  # before the first frame an edit list shows
        if self.pts and not counted and rel - self.pts[-1] < self.min_gap:
            return  # over 30 frames a second: this one is not in the proxy (nor its table)
        self.index_of[rel] = len(self.pts)
        self.pts.append(rel)
        frame.pts = rel
        frame.time_base = self.tb
        self._filter(frame, work)

    def _filter(self, frame, work: queue.Queue) -> None:
        if self.graph is None:
            if frame is None:
                return
            self.graph = self._build_graph(frame)
        self.graph.push(frame)
        while True:
            try:
                out = self.graph.pull()
            except (av.BlockingIOError, av.EOFError):
                break
            if out.time_base is not None and out.time_base != self.tb:
                # a deinterlacer counts in half ticks (room for field rate): back to ours
                out.pts = round(out.pts * out.time_base / self.tb)
                out.time_base = self.tb
            work.put(("video", out))

    def _build_graph(self, frame):
        g = av.filter.Graph()
        g.threads = 0  # filters may use every core, as with the ffmpeg command line
        src = hdr.buffer_source(g, frame, self.tb)
        filters = geometry.proxy_filters(self.info.rotation, self.plan.size,
                                         deinterlace=self.info.interlaced)
        if self.info.hdr != hdr.NONE:
            filters = hdr.mapped(filters, self.info.hdr)
        chain = [g.add(name, args) for name, args in filters]
        g.link_nodes(src, *chain, g.add("buffersink")).configure()
        return g

    # ------------------------------------------------------------ writing thread

    def _encode(self, frame) -> None:
        rel = frame.pts
        t = float(rel * self.tb)
        index = self.index_of[rel]
        if t >= self.forced * KEYFRAME_EVERY:  # same rule as ffmpeg's expr:gte(t,n_forced*1)
            frame.pict_type = av.video.frame.PictureType.I
            self.forced += 1
        else:
            frame.pict_type = av.video.frame.PictureType.NONE
        if self.filmstrip.take(t):
            self.filmstrip.add(frame, index, t)
        for packet in self.ov.encode(frame):
            self._mux_video(packet)
        self.report(t)

    def _mux_video(self, packet) -> None:
        if packet.is_keyframe and packet.pts is not None:
            self.keyframes_at.add(packet.pts)
        self.oc.mux(packet)
