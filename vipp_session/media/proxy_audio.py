"""The proxy's sound: AAC copied as it is, anything else decoded and encoded to AAC.

Sound keeps its place against the picture: everything moves earlier by the
time of the first video frame, which becomes 0 (the MP4 muxer writes an edit
list for sound that starts a little before it).
"""

from __future__ import annotations

from fractions import Fraction

import av

AAC_BITRATE = 128_000
AAC_RATES = {8000, 11025, 12000, 16000, 22050, 24000, 32000, 44100, 48000, 64000, 88200, 96000}


class ProxyAudio:
    """The proxy's sound: AAC copied, anything else decoded and encoded to AAC."""

    def __init__(self, oc, ia, copy: bool, offset: int):
        self.ia = ia
        self.copy = copy
        self.offset = offset  # ticks of ia.time_base to subtract
        self.oc = oc
        self.wrote = False
        if copy:
            self.oa = oc.add_stream_from_template(ia)
            self.oa.time_base = ia.time_base
            return
        cc = ia.codec_context
        rate = cc.sample_rate if cc.sample_rate in AAC_RATES else 48000
        layout = "mono" if cc.channels == 1 else "stereo"
        self.oa = oc.add_stream("aac", rate=rate)
        self.oa.layout = layout
        self.oa.bit_rate = AAC_BITRATE
        self.rate = rate
        self.resampler = av.AudioResampler(format="fltp", layout=layout, rate=rate)
        self.start = offset * ia.time_base  # seconds: the video's first frame
        self.next_pts: int | None = None

    def packet(self, packet) -> None:
        if self.copy:
            if packet.pts is None:
                return
            packet.pts -= self.offset
            if packet.dts is not None:
                packet.dts -= self.offset
            packet.stream = self.oa
            self.oc.mux(packet)
            self.wrote = True
            return
        try:
            frames = self.ia.decode(packet)
        except av.FFmpegError:
            return  # a damaged sound packet: a moment of silence, not a failed import
        for frame in frames:
            self._encode(frame)

    def _encode(self, frame) -> None:
        for out in self.resampler.resample(frame):
            self._encode_resampled(out)

    def _encode_resampled(self, out) -> None:
        # times from the file when it has them, else continuing from the last frame;
        # never backwards (a muxer refuses that)
        pts = None
        if out.pts is not None and out.time_base is not None:
            pts = round((out.pts * out.time_base - self.start) * self.rate)
        if self.next_pts is not None and (pts is None or pts < self.next_pts):
            pts = self.next_pts
        out.pts = pts if pts is not None else 0
        out.time_base = Fraction(1, self.rate)
        self.next_pts = out.pts + out.samples
        for p in self.oa.encode(out):
            self.oc.mux(p)
            self.wrote = True

    def finish(self) -> None:
        if self.copy:
            return
        for frame in self.ia.decode(None):
            self._encode(frame)
        for out in self.resampler.resample(None):
            self._encode_resampled(out)
        for p in self.oa.encode(None):
            self.oc.mux(p)
            self.wrote = True
