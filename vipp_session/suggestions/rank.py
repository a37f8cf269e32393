"""Suggested moments: places in a clip worth a look when preparing feedback.

The scan (media/scan.py) looks at a few frames a second for faces, two faces close
together and turned towards each other, and smiles, and listens for short bursts of
voice well above the room's usual sound. Here those findings become a short,
ranked list of candidates, at least MIN_GAP seconds apart, each with a one-line
reason in plain words. The clinician decides; the list only saves searching.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

from vipp_session.errors import BadInput
from vipp_session.media.scan import ClipScan, SampleLook, scan_clip
from vipp_session.media.detect.sound import SoundBurst

__all__ = [
    "NOT_A_JUDGEMENT",
    "Candidate",
    "suggest_moments",
    "candidates_from_scan",
    "rank",
]

NOT_A_JUDGEMENT = (
    "These suggestions come from a computer spotting faces, smiles and bursts of sound. "
    "They do not replace your eye: watch the clip and choose the moments yourself."
)

MIN_GAP = 2.0  # seconds between two candidates
MIN_RUN = 2  # samples a look or a smile must be seen in (half a second at four a second)
GAP_ALLOWED = 1.0  # seconds a look or a smile may drop out and still count as one
SMILE_AT = 0.5  # a face's smile strength from which it counts as smiling
FULL_LENGTH = 2.0  # seconds after which a longer look or smile scores no higher


@dataclass(frozen=True)
class Candidate:
    at: float  # seconds from the clip's first displayed frame
    kind: str  # 'faces-together', 'smile' or 'sound'
    score: float  # 0..1, higher is more likely worth a look
    reason: str  # one line for the clinician
    suggested_moment_kind: str  # the moment kind 'Use' would give it, e.g. 'look', 'smile'

    def __post_init__(self) -> None:
        # plain floats, whatever arithmetic produced them, so the candidate is JSON as it is
        object.__setattr__(self, "at", round(float(self.at), 3))
        object.__setattr__(self, "score", round(float(self.score), 3))

    def to_dict(self) -> dict:
        return asdict(self)


Progress = Callable[[float], None]


def suggest_moments(
    video_path: Path | str,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
) -> list[Candidate]:
    """Ranked candidates (best first, at least MIN_GAP s apart) in the video at `video_path`.

    Raises BadInput for a file that is missing or is not a video, and Cancelled
    when `cancel` is set during the scan. Writes nothing.
    """
    path = Path(video_path)
    if not path.is_file():
        raise BadInput(f"There is no video file at {path}.")
    scan = scan_clip(path, progress=progress, cancel=cancel)
    return rank(candidates_from_scan(scan))


def candidates_from_scan(scan: ClipScan) -> list[Candidate]:
    """Every candidate the scan's findings support, unranked and not yet spaced apart."""
    found = _looks_together(scan.samples) + _smiles(scan.samples)
    found += [_from_burst(b) for b in scan.bursts]
    return found


def rank(candidates: list[Candidate], min_gap: float = MIN_GAP) -> list[Candidate]:
    """Best first; a candidate closer than `min_gap` s to a better one is left out."""
    kept: list[Candidate] = []
    for c in sorted(candidates, key=lambda c: (-c.score, c.at)):
        if all(abs(c.at - k.at) >= min_gap for k in kept):
            kept.append(c)
    return kept


# --- looks: two faces close together, turned towards each other -------------------------


def _looks_together(samples: list[SampleLook]) -> list[Candidate]:
    out = []
    for run in _runs(samples, lambda s: s.together > 0):
        strength = sum(s.together for s in run) / len(run)
        mutual = sum(s.mutual for s in run) * 2 >= len(run)
        reason = (
            "Two faces close together, turned towards each other"
            if mutual
            else "Two faces close together, one turned towards the other"
        )
        out.append(Candidate(run[0].at, "faces-together", _score(strength, run), reason, "look"))
    return out


# --- smiles ------------------------------------------------------------------------------


def _smiles(samples: list[SampleLook]) -> list[Candidate]:
    tracks = {f.track for s in samples for f in s.faces if f.smile is not None}
    out = []
    for track in sorted(tracks):

        def smile_of(s: SampleLook, track=track) -> float:
            return max((f.smile or 0.0 for f in s.faces if f.track == track), default=0.0)

        for run in _runs(samples, lambda s: smile_of(s) >= SMILE_AT):
            strength = sum(smile_of(s) for s in run) / len(run)
            out.append(
                Candidate(
                    run[0].at,
                    "smile",
                    _score(strength, run),
                    "A smiling face, turned to the camera",
                    "smile",
                )
            )
    return out


# --- sound -------------------------------------------------------------------------------


def _from_burst(burst: SoundBurst) -> Candidate:
    loudness = min(1.0, max(0.0, (burst.rise_db - 12.0) / 15.0))
    score = 0.35 + 0.3 * loudness + 0.15 * burst.voiced + (0.2 if burst.rhythmic else 0.0)
    if burst.rhythmic:
        reason = "A burst of voice well above the room's usual sound, in pulses like laughter"
        kind = "laughter"
    else:
        reason = (
            "A short burst of voice well above the room's usual sound, like babbling or calling out"
        )
        kind = "child-signal"
    return Candidate(round(burst.at, 3), "sound", round(min(1.0, score), 3), reason, kind)


# --- shared ------------------------------------------------------------------------------


def _runs(samples: list[SampleLook], holds: Callable[[SampleLook], bool]) -> list[list[SampleLook]]:
    """Stretches of samples where `holds` is true, bridging dropouts of up to GAP_ALLOWED s,
    each with at least MIN_RUN samples in which it holds (only those are listed)."""
    runs: list[list[SampleLook]] = []
    for sample in samples:
        if not holds(sample):
            continue
        if runs and sample.at - runs[-1][-1].at <= GAP_ALLOWED + 1e-6:
            runs[-1].append(sample)
        else:
            runs.append([sample])
    return [r for r in runs if len(r) >= MIN_RUN]


def _score(strength: float, run: list[SampleLook]) -> float:
    """The detectors' strength, counting for more the longer it lasts (up to FULL_LENGTH s)."""
    lasting = min(1.0, (run[-1].at - run[0].at) / FULL_LENGTH)
    return round(min(1.0, strength) * (0.6 + 0.4 * lasting), 3)
