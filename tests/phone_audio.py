"""Phone clips with awkward sound: spatial audio (which nothing here decodes) beside AAC, or
as the only sound. The undecodable track is made by renaming an AAC track's sample entry to
Apple's spatial audio ('apac') and hiding its decoder configuration."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import av

from media_factory import _audio_frames, _patch_in_moov, draw_frame


def _undecodable_first_sound(raw: bytes) -> bytes:
    return _patch_in_moov(_patch_in_moov(raw, b"mp4a", b"apac"), b"esds", b"zzzz")


def make_spatial_beside_aac(path, seconds: float = 1.0, fps: int = 10) -> Path:
    """Video, then an undecodable 'spatial audio' track, then an AAC track."""
    path = Path(path)
    with av.open(str(path), "w", format="mp4") as oc:
        video = oc.add_stream("libx264", rate=fps, options={"preset": "ultrafast"})
        video.width, video.height, video.pix_fmt = 320, 240, "yuv420p"
        sounds = [oc.add_stream("aac", rate=48000) for _ in range(2)]
        for s in sounds:
            s.layout = "stereo"
        for i in range(round(seconds * fps)):
            frame = av.VideoFrame.from_ndarray(draw_frame(i, 320, 240), format="gray")
            frame = frame.reformat(format="yuv420p")
            frame.pts, frame.time_base = i, Fraction(1, fps)
            for packet in video.encode(frame):
                oc.mux(packet)
        for s in sounds:
            for frame in _audio_frames(s, 0.0, seconds):
                for packet in s.encode(frame):
                    oc.mux(packet)
        for s in (video, *sounds):
            for packet in s.encode(None):
                oc.mux(packet)
    path.write_bytes(_undecodable_first_sound(path.read_bytes()))
    return path


def make_only_spatial_sound(made_with_aac: Path) -> Path:
    """A clip (made with AAC sound) whose only sound becomes undecodable."""
    made_with_aac.write_bytes(_undecodable_first_sound(made_with_aac.read_bytes()))
    return made_with_aac
