"""A film of her moments: lead-ins with their sound, each moment's frame held with its words.

For each scene the film plays the clip's lead-in (from the frame shown
`preroll` seconds before the moment, up to the frame before it), decoded
from the clip's own copy of the recording, with its sound; then it holds the
moment's frame, taken by the very code that makes the moment's still
(`frames.still_picture`: the same frame, turned upright the same way) with the
highlights burned in as for print (`burn_highlights`), and the words drawn
beneath. Cards (a title, an end) are held pictures without sound.

The film is MP4, H.264 (x264, the proxy's preset and quality) and AAC,
upright, the index first (`+faststart`) so it plays on any phone. Its only
metadata is a title with the child's name. Time runs in ticks of 1/30 s:
lead-ins show a picture every tick; a held picture, which does not change,
is repeated only every `HOLD_STEP` ticks (as a phone's own recordings vary
their frame rate), so the seconds of stillness cost the encoder little.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

import av
import numpy as np

from vipp_session.media import frames, geometry, hdr, problems
from vipp_session.media.film_pictures import (Caption, draw_caption, draw_card, fade,
                                              fit_on_canvas, soft_background)
from vipp_session.media.frame_table import FrameTable
from vipp_session.media.highlights import burn_highlights
from vipp_session.errors import Cancelled
from vipp_session.media.proxy import MP4_OPTIONS, X264_CRF, X264_PRESET

FPS = Fraction(30)
MAX_LONG, MAX_SHORT = 1920, 1080  # at most 1080p, either way up
RATE = 48000  # sound samples a second
AAC_FRAME = 1024
EDGE_FADE = 0.015  # seconds of fade at each end of a lead-in's sound, so a cut never clicks
CARD_FADE = 0.5  # seconds a card takes to come up from black
HOLD_STEP = 6  # ticks between repeats of a held picture: 5 a second
# the proxy's preset and quality; no B-frames, so each picture keeps its own duration (x264
# reorders B-frames, and the durations came out on the wrong pictures)
X264_OPTIONS = {"preset": X264_PRESET, "crf": str(X264_CRF), "g": "60", "bf": "0"}

_INTERPOLATION = av.video.reformatter.Interpolation
ACCURATE = _INTERPOLATION.BILINEAR | _INTERPOLATION.ACCURATE_RND

Progress = Callable[[float], None]


@dataclass(frozen=True)
class Scene:
    """One moment: its lead-in, then its frame held with its words."""

    original: Path  # the clip's own copy of the recording
    name: str  # the recording's name as the clinician knows it, for plain reasons
    table: FrameTable
    first: int  # the lead-in's first frame
    frame: int  # the moment's frame
    hold: float  # seconds the frame is held
    highlights: list = field(default_factory=list)
    caption: Caption | None = None

    @property
    def lead_in_frames(self) -> int:
        seconds = float(self.table.exact_time_of(self.frame) - self.table.exact_time_of(self.first))
        return max(0, math.ceil(seconds * FPS - 1e-6))


@dataclass(frozen=True)
class Card:
    """A few words on a soft picture: the title or the end."""

    lines: list[tuple[str, str]]  # (text, 'title' | 'line' | 'small')
    seconds: float
    behind: Scene | None = None  # whose frame, blurred, lies behind the words


@dataclass(frozen=True)
class FilmPlan:
    items: list[Scene | Card]
    size: tuple[int, int]  # upright width, height
    title: str  # the file's title: names only

    @property
    def ticks(self) -> int:
        """The film's length in ticks of 1/FPS seconds."""
        return sum(_hold_ticks(i.seconds) if isinstance(i, Card)
                   else i.lead_in_frames + _hold_ticks(i.hold) for i in self.items)


@dataclass(frozen=True)
class FilmWritten:
    frames: int  # pictures encoded
    duration: float  # seconds
    size: tuple[int, int]


def film_size(width: int, height: int) -> tuple[int, int]:
    """The film's size for an upright picture: at most 1920 x 1080 either way up, never larger."""
    long_max, short_max = (MAX_LONG, MAX_SHORT) if width >= height else (MAX_SHORT, MAX_LONG)
    scale = min(1.0, long_max / width, short_max / height)
    return max(2, round(width * scale / 2) * 2), max(2, round(height * scale / 2) * 2)


def _hold_ticks(seconds: float) -> int:
    return max(1, round(seconds * FPS))


def held_picture(scene: Scene, size: tuple[int, int], captions: bool = True) -> np.ndarray:
    """The moment's frame as the film holds it: the still, highlights burned in, fitted, words."""
    image = frames.still_picture(scene.original, scene.table, scene.frame, scene.name)
    image = fit_on_canvas(burn_highlights(image, scene.highlights), *size)
    if captions and scene.caption is not None and scene.caption.words:
        image = draw_caption(image, scene.caption)
    return image


def write_film(plan: FilmPlan, out: Path, progress: Progress | None = None,
               cancel: threading.Event | None = None, captions: bool = True) -> FilmWritten:
    """Encode the film into `out` (an MP4 file the caller later renames into place)."""
    return _FilmWriter(plan, Path(out), progress, cancel, captions).run()


class _FilmWriter:
    def __init__(self, plan, out, progress, cancel, captions):
        self.plan, self.out, self.captions = plan, out, captions
        self.progress, self.cancel = progress, cancel
        self.total = max(1, plan.ticks)
        self.done = 0  # ticks of film written
        self.pictures = 0
        self._reported = -1.0

    def run(self) -> FilmWritten:
        width, height = self.plan.size
        with av.open(str(self.out), "w", format="mp4", options=MP4_OPTIONS) as oc:
            oc.metadata["title"] = self.plan.title
            ov = oc.add_stream("libx264", rate=FPS, options=X264_OPTIONS)
            ov.width, ov.height, ov.pix_fmt = width, height, "yuv420p"
            _tag_colours(ov.codec_context)
            ov.codec_context.thread_type = "FRAME"  # as the proxy: whole pictures per thread
            ov.codec_context.thread_count = 0
            ov.codec_context.time_base = 1 / FPS
            ov.time_base = 1 / FPS
            self.oc, self.ov = oc, ov
            self.sound = FilmSound(oc)
            for item in self.plan.items:
                if isinstance(item, Card):
                    self._card(item)
                else:
                    self._lead_in(item)
                    picture = held_picture(item, self.plan.size, self.captions)
                    self._hold(_video_frame(picture), _hold_ticks(item.hold))
            for packet in ov.encode(None):
                oc.mux(packet)
            self.sound.finish(self.done)
        if self.progress:
            self.progress(1.0)
        return FilmWritten(self.pictures, float(self.done / FPS), self.plan.size)

    # ------------------------------------------------------------ pictures

    def _encode(self, frame: av.VideoFrame, ticks: int = 1) -> None:
        """Show `frame` from now for `ticks` ticks."""
        if self.cancel is not None and self.cancel.is_set():
            raise Cancelled()
        frame.pts = self.done
        frame.duration = ticks
        frame.time_base = 1 / FPS
        frame.pict_type = av.video.frame.PictureType.NONE
        for packet in self.ov.encode(frame):
            self.oc.mux(packet)
        self.done += ticks
        self.pictures += 1
        if self.progress is not None and self.done / self.total - self._reported >= 0.01:
            self._reported = self.done / self.total
            self.progress(min(self._reported, 0.999))

    def _hold(self, frame: av.VideoFrame, ticks: int) -> None:
        self.sound.silence_until(self.done + ticks)
        while ticks > 1:
            step = min(HOLD_STEP, ticks - 1)
            self._encode(frame, step)
            ticks -= step
        # the last picture lasts one tick: the file's last duration is that of a tick
        self._encode(frame, 1)

    def _card(self, card: Card) -> None:
        background = None
        if card.behind is not None:
            still = frames.still_picture(card.behind.original, card.behind.table,
                                         card.behind.frame, card.behind.name)
            background = fit_on_canvas(still, *self.plan.size)
        picture = draw_card(soft_background(background, *self.plan.size), card.lines)
        count = _hold_ticks(card.seconds)
        rising = min(count, round(CARD_FADE * FPS))
        self.sound.silence_until(self.done + count)
        for n in range(rising):
            self._encode(_video_frame(fade(picture, (n + 1) / (rising + 1))))
        self._hold(_video_frame(picture), count - rising)

    def _lead_in(self, scene: Scene) -> None:
        count = scene.lead_in_frames
        if count == 0:
            return
        table = scene.table
        start = table.exact_time_of(scene.first)
        source_start = start + table.source_start_pts * table.time_base
        self.sound.add(lead_in_sound(scene.original, source_start, self._samples(count)))
        reader = _decoding(scene, lambda: frames.reader_for(scene.original))
        with reader.lock:
            if reader.container is None:  # closed by the cache meanwhile: open afresh
                reader = _decoding(scene, lambda: frames.FrameReader(scene.original))
            graph = None
            for k in range(count):
                index = min(table.frame_at(float(start + k / FPS)), scene.frame - 1)
                index = max(index, scene.first)
                decoded = _decoding(scene, lambda: reader.frame(table, index))
                if graph is None:
                    graph = _fitting_graph(decoded, reader.sample_aspect, self.plan.size)
                graph.push(decoded)
                self._encode(graph.pull())

    def _samples(self, frame_count: int) -> int:
        return _samples_at(self.done + frame_count) - _samples_at(self.done)


def _decoding(scene: Scene, step):
    """Run a decoding step; a recording gone or damaged gets a plain reason naming it."""
    try:
        return step()
    except FileNotFoundError:
        raise problems.original_gone(scene.name, str(scene.original.parent)) from None
    except (frames.FrameNotDecoded, av.FFmpegError):
        frames.forget(scene.original)
        raise problems.damaged(scene.name) from None


def _samples_at(frame_count: int) -> int:
    return round(frame_count / FPS * RATE)


BT601_MATRIX = 6  # FFmpeg's AVColorSpace SMPTE170M: BT.601's Y'CbCr coefficients


def _tag_colours(codec_context) -> None:
    """Say what the film's pixels are: BT.709 primaries and transfer (the colours of the stills
    and of phone video), BT.601's Y'CbCr matrix (swscale's own, which every picture of the film
    goes through) and limited range. Untagged, a phone or television takes a 1080p film for
    BT.709 throughout and shifts its reds and greens."""
    codec_context.color_primaries = hdr.BT709
    codec_context.color_trc = hdr.BT709
    codec_context.colorspace = BT601_MATRIX
    codec_context.color_range = hdr.LIMITED


def _video_frame(bgr: np.ndarray) -> av.VideoFrame:
    # accurate rounding: without it a grey picture comes back a few levels green
    return av.VideoFrame.from_ndarray(bgr, format="bgr24").reformat(format="yuv420p",
                                                                   interpolation=ACCURATE)


def _fitting_graph(frame: av.VideoFrame, sample_aspect: Fraction, size: tuple[int, int]):
    """Decoded pictures turned upright, scaled to fit the film, centred on black (one graph
    a scene)."""
    rotation = geometry.rotation_from_display(frame.rotation)
    upright = geometry.upright_size(frame.width, frame.height, rotation, sample_aspect)
    scale = min(size[0] / upright[0], size[1] / upright[1])  # as fit_on_canvas does for a still
    fitted = (min(size[0], max(2, round(upright[0] * scale / 2) * 2)),
              min(size[1], max(2, round(upright[1] * scale / 2) * 2)))
    g = av.filter.Graph()
    g.threads = 0
    src = g.add_buffer(width=frame.width, height=frame.height, format=frame.format,
                       time_base=frame.time_base or Fraction(1, 90000))
    chain = [g.add(name, args) for name, args in geometry.proxy_filters(rotation, fitted)]
    if fitted != size:
        chain.append(g.add("pad", f"{size[0]}:{size[1]}:(ow-iw)/2:(oh-ih)/2:black"))
    g.link_nodes(src, *chain, g.add("buffersink")).configure()
    return g


# ---------------------------------------------------------------------- sound


def lead_in_sound(original: Path, start: Fraction, samples: int) -> np.ndarray:
    """`samples` of the recording's sound from `start` (seconds in the file), stereo at 48 kHz;
    silence where it has none. The ends fade in and out over a few milliseconds."""
    out = np.zeros((2, samples), np.float32)
    if samples == 0:
        return out
    try:
        with av.open(str(original), metadata_errors="ignore") as c:
            if not c.streams.audio:
                return out
            a = c.streams.audio[0]
            before = max(0, math.floor((start - Fraction(1, 2)) / a.time_base))
            c.seek(before, stream=a, backward=True)
            resampler = av.AudioResampler(format="fltp", layout="stereo", rate=RATE)
            for frame in _decoded(c, a):
                for part in resampler.resample(frame):
                    if part.pts is None:
                        continue
                    at = round((part.pts * part.time_base - start) * RATE)
                    if at >= samples:
                        return _faded(out)
                    data = part.to_ndarray()
                    lo, hi = max(0, -at), min(data.shape[1], samples - at)
                    if hi > lo:
                        out[:, at + lo:at + hi] = data[:2, lo:hi]
    except av.FFmpegError:
        pass  # damaged sound: the lead-in plays in silence rather than failing the film
    return _faded(out)


def _decoded(container, stream):
    for packet in container.demux(stream):
        try:
            yield from stream.decode(packet)
        except av.InvalidDataError:
            continue


def _faded(sound: np.ndarray) -> np.ndarray:
    n = min(sound.shape[1] // 2, round(EDGE_FADE * RATE))
    if n:
        ramp = np.linspace(0.0, 1.0, n, dtype=np.float32)
        sound[:, :n] *= ramp
        sound[:, -n:] *= ramp[::-1]
    return sound


class FilmSound:
    """The film's sound as one AAC stream at 48 kHz, kept in step with the pictures."""

    def __init__(self, oc):
        self.oc = oc
        self.stream = oc.add_stream("aac", rate=RATE)
        self.stream.layout = "stereo"
        self.stream.bit_rate = 128_000
        self.pending = np.zeros((2, 0), np.float32)
        self.written = 0  # samples handed to the encoder, plus those pending

    def add(self, samples: np.ndarray) -> None:
        self.pending = np.concatenate([self.pending, samples], axis=1)
        self.written += samples.shape[1]
        self._encode_whole_frames()

    def silence_until(self, frame_count: int) -> None:
        missing = _samples_at(frame_count) - self.written
        if missing > 0:
            self.add(np.zeros((2, missing), np.float32))

    def _encode_whole_frames(self, final: bool = False) -> None:
        sent = self.written - self.pending.shape[1]
        while self.pending.shape[1] >= AAC_FRAME or (final and self.pending.shape[1]):
            chunk = self.pending[:, :AAC_FRAME]
            self.pending = self.pending[:, chunk.shape[1]:]
            frame = av.AudioFrame.from_ndarray(np.ascontiguousarray(chunk), format="fltp",
                                               layout="stereo")
            frame.sample_rate = RATE
            frame.pts, frame.time_base = sent, Fraction(1, RATE)
            sent += chunk.shape[1]
            for packet in self.stream.encode(frame):
                self.oc.mux(packet)

    def finish(self, frame_count: int) -> None:
        self.silence_until(frame_count)
        self._encode_whole_frames(final=True)
        for packet in self.stream.encode(None):
            self.oc.mux(packet)
