"""Sound: short bursts of voice that rise well above the clip's own background level.

Laughter and babbling stand out from a room's usual sound in three ways that are
cheap to measure: they are louder than the room for a second or two, they are
voiced (the wave repeats at the pitch of the voice), and they come in syllables,
a few pulses a second. The audio is decoded with PyAV, mixed to mono at 16 kHz
and reduced, 50 times a second, to a level and a voicing measure; the whole
clip's audio is never held in memory.
"""

from __future__ import annotations

from dataclasses import dataclass

import av
import numpy as np

RATE = 16_000
HOP = 320  # 20 ms
WINDOW = 640  # 40 ms
_PITCH_LAGS = (RATE // 1000, RATE // 150)  # voices from 150 Hz (a deep voice) to 1 kHz (a squeal)

BACKGROUND_PERCENTILE = 25  # the room's usual level: what a quarter of the clip is quieter than
RISE_DB = 12.0  # a burst is at least this far above the background
BRIDGE = 0.3  # seconds: quieter gaps between syllables this short belong to the burst
MIN_BURST, MAX_BURST = 0.25, 4.0  # seconds: shorter is a knock or click, longer is not a burst
VOICED = 0.45  # periodicity (0..1) above which a moment of sound counts as voiced
MIN_VOICED_SHARE = 0.3  # of a burst's loud moments, for it to count as a voice
SYLLABLE_RATE = (2.5, 9.0)  # pulses per second in laughter and babbling
SYLLABLE_DIP_DB = 6.0  # a pulse stands this far above the dips around it


@dataclass(frozen=True)
class SoundBurst:
    at: float  # seconds (stream time until `SoundListener.bursts` shifts it to clip time)
    duration: float
    rise_db: float  # the burst's loud part above the clip's background level
    voiced: float  # share of its loud moments that are voiced, 0..1
    syllables: int  # pulses counted
    rhythmic: bool  # pulses at the pace of laughter or babbling


class SoundListener:
    """Fed decoded audio frames one by one; finds the bursts at the end."""

    def __init__(self) -> None:
        self._resampler = av.AudioResampler(format="flt", layout="mono", rate=RATE)
        self._pending = np.zeros(0, np.float32)
        self._chunks: list[np.ndarray] = []
        self._chunk_samples = 0
        self._start: float | None = None
        self._levels: list[np.ndarray] = []
        self._voicing: list[np.ndarray] = []

    def feed(self, frame: av.AudioFrame | None) -> None:
        """One decoded frame; None flushes the resampler at the end of the stream."""
        if self._start is None and frame is not None and frame.time is not None:
            self._start = float(frame.time)
        for out in self._resampler.resample(frame):
            self._chunks.append(out.to_ndarray().reshape(-1))
            self._chunk_samples += out.samples
        # analysed a second at a time: per-call overhead would cost more than the sums
        if self._chunk_samples >= RATE or frame is None:
            self._pending = np.concatenate([self._pending, *self._chunks])
            self._chunks, self._chunk_samples = [], 0
            self._analyse()

    def _analyse(self) -> None:
        count = (len(self._pending) - WINDOW) // HOP + 1
        if count <= 0:
            return
        windows = np.lib.stride_tricks.sliding_window_view(self._pending, WINDOW)[
            : count * HOP : HOP
        ]
        windows = windows.astype(np.float64)
        power = np.mean(windows**2, axis=1)
        self._levels.append(10 * np.log10(power + 1e-12))
        self._voicing.append(_periodicity(windows))
        self._pending = self._pending[count * HOP :]

    def bursts(self, origin: float = 0.0) -> list[SoundBurst]:
        """The bursts, with times in seconds from `origin` (the first video frame's time)."""
        if not self._levels:
            return []
        levels = np.concatenate(self._levels)
        voicing = np.concatenate(self._voicing)
        start = (self._start or 0.0) - origin + WINDOW / 2 / RATE
        return find_bursts(levels, voicing, start)


_TAPER = np.hanning(WINDOW)
# the taper shortens long lags; dividing by its own autocorrelation undoes that, so a
# steady tone scores near 1 at any pitch
_TAPER_OVERLAP = np.correlate(_TAPER, _TAPER, mode="full")[WINDOW - 1 :]
_LAG_CORRECTION = _TAPER_OVERLAP[0] / _TAPER_OVERLAP[_PITCH_LAGS[0] : _PITCH_LAGS[1]]


def _periodicity(windows: np.ndarray) -> np.ndarray:
    """How strongly each window repeats at a voice's pitch (normalised autocorrelation peak)."""
    tapered = (windows - windows.mean(axis=1, keepdims=True)) * _TAPER
    spectrum = np.fft.rfft(tapered, n=2 * WINDOW, axis=1)
    auto = np.fft.irfft(np.abs(spectrum) ** 2, axis=1)
    peaks = auto[:, _PITCH_LAGS[0] : _PITCH_LAGS[1]] * _LAG_CORRECTION
    return np.clip(peaks.max(axis=1) / np.maximum(auto[:, 0], 1e-20), 0.0, 1.0)


def find_bursts(levels: np.ndarray, voicing: np.ndarray, start: float) -> list[SoundBurst]:
    """Bursts in a series of levels (dB, one per hop) and voicing (0..1), the first at `start` s."""
    hop = HOP / RATE
    background = float(np.percentile(levels, BACKGROUND_PERCENTILE))
    loud = levels > background + RISE_DB
    bursts = []
    for a, b in _segments(loud, bridge=round(BRIDGE / hop)):
        duration = (b - a) * hop
        if not MIN_BURST <= duration <= MAX_BURST:
            continue
        span = levels[a:b]
        loud_part = loud[a:b]
        voiced = float(np.mean(voicing[a:b][loud_part] > VOICED))
        if voiced < MIN_VOICED_SHARE:
            continue  # a bang, a knock, a rustle: loud but not a voice
        pulses = _syllables(span)
        rate = pulses / duration
        bursts.append(
            SoundBurst(
                at=round(float(start + a * hop), 3),
                duration=round(float(duration), 3),
                rise_db=round(float(np.percentile(span, 90)) - background, 1),
                voiced=round(voiced, 2),
                syllables=int(pulses),
                rhythmic=bool(pulses >= 2 and SYLLABLE_RATE[0] <= rate <= SYLLABLE_RATE[1]),
            )
        )
    return bursts


def _segments(mask: np.ndarray, bridge: int) -> list[tuple[int, int]]:
    """Runs of True as (start, end) indices, joining runs separated by at most `bridge` False."""
    runs: list[list[int]] = []
    for i in np.flatnonzero(mask):
        if runs and i - runs[-1][1] <= bridge:
            runs[-1][1] = i + 1
        else:
            runs.append([i, i + 1])
    return [(a, b) for a, b in runs]


def _syllables(levels: np.ndarray) -> int:
    """Pulses in a level curve: peaks standing SYLLABLE_DIP_DB above the dips on both sides."""
    smooth = np.convolve(levels, np.ones(3) / 3, mode="same")
    count, low_before, peak = 0, smooth[0], None
    for value in smooth[1:]:
        if peak is None:
            low_before = min(low_before, value)
            if value - low_before >= SYLLABLE_DIP_DB:
                peak = value
        elif value > peak:
            peak = value
        elif peak - value >= SYLLABLE_DIP_DB:
            count += 1
            peak, low_before = None, value
    if peak is not None:
        count += 1  # the last pulse fades out at the burst's end
    return count
