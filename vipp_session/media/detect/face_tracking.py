"""Following faces through a clip's samples, cheaply enough to keep up with decoding.

A search of a whole frame with one cascade costs as much as following a few faces
for a second, so whole-frame searches take turns across samples (faces towards
the camera every other search, faces turned either way every fourth), while every
face already found is followed in every sample inside a small window around it.
A face first found by a search is looked for again in the samples before it, so
its first appearance is dated to the sample, not to the search that happened to
find it. Beside a face turned to one side, a closer look finds the smaller face
(often the child's) it may be turned to.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field

import numpy as np

from vipp_session.media.detect.faces import FACINGS, PARTNER_REACH, Box, Face, FaceFinder

SEARCH_ORDER = ("camera", "left", "camera", "right")
STRONG_NEIGHBOURS = 6  # cascade agreement at which a sighting counts as certain
FACING_MEMORY = 5  # samples over which a face's turn is decided


@dataclass
class _Track:
    id: int
    box: Box
    facing: str
    strength: float
    missed: int = 0
    follows: int = 0
    turns: deque = field(default_factory=lambda: deque(maxlen=FACING_MEMORY))

    def next_facings(self) -> tuple[str, ...]:
        """The cascades to follow this face with in the next sample: its own turn and, in
        turn, its neighbours (a face turns from one side to the other through the front).
        Two cascades instead of three cost a third less, and turns take a few samples."""
        self.follows += 1
        if self.facing != "camera":
            return (self.facing, "camera")
        return ("camera", "left" if self.follows % 2 else "right")

    def seen(self, box: Box, facing: str, agreement: int) -> None:
        """A new sighting. Small faces can fool the cascades about which way they turn for
        a sample or two, so the turn is the one with the most agreement over the last few."""
        self.turns.append((facing, agreement))
        totals = {f: 0 for f in FACINGS}
        for f, n in self.turns:
            totals[f] += n
        self.facing = max(FACINGS, key=lambda f: (totals[f], f == facing))
        self.box, self.strength, self.missed = box, _strength(agreement), 0


@dataclass
class _Sample:
    index: int
    gray: np.ndarray
    faces: list[Face] = field(default_factory=list)


class FaceTracker:
    """Follows faces through a stream of samples.

    `add(gray)` takes the next sample's detection frame; samples come back from
    `add` (and at the end from `flush`) as (index, faces) once no later search
    can add a face to them any more, `lookback` samples later.
    """

    def __init__(
        self, finder: FaceFinder, search_every: int = 2, lookback: int = 8, patience: int = 2
    ):
        self.finder = finder
        self.search_every = search_every
        self.lookback = lookback
        self.patience = patience
        self._tracks: list[_Track] = []
        self._recent: deque[_Sample] = deque()
        self._count = 0
        self._next_id = 0
        self._turn = 0

    def add(self, gray: np.ndarray) -> list[tuple[int, list[Face]]]:
        sample = _Sample(self._count, gray)
        self._count += 1
        self._follow(sample)
        if sample.index % self.search_every == 0:
            facing = SEARCH_ORDER[self._turn % len(SEARCH_ORDER)]
            self._turn += 1
            for box, _ in self.finder.detect(gray, facing):
                if not any(box.overlap(f.box) > 0.3 for f in sample.faces):
                    self._start_track(sample, box)
            self._look_for_partners(sample)
        self._recent.append(sample)
        done = []
        while len(self._recent) > self.lookback:
            old = self._recent.popleft()
            done.append((old.index, old.faces))
        return done

    def flush(self) -> list[tuple[int, list[Face]]]:
        done = [(s.index, s.faces) for s in self._recent]
        self._recent.clear()
        return done

    def _follow(self, sample: _Sample) -> None:
        alive = []
        for track in self._tracks:
            seen = self.finder.follow(sample.gray, track.box, track.next_facings())
            if seen is None:
                # a face the cascades miss for a moment is still there: keep it where it
                # was, with less certainty, for a few samples
                track.missed += 1
                if track.missed <= self.patience:
                    alive.append(track)
                    sample.faces.append(Face(track.box, track.facing, track.strength / 2, track.id))
                continue
            box, facing, agreement = seen
            if any(box.overlap(f.box) > 0.5 for f in sample.faces):
                continue  # two tracks on one face: keep the first
            track.seen(box, facing, agreement)
            sample.faces.append(Face(box, track.facing, track.strength, track.id))
            alive.append(track)
        self._tracks = alive

    def _look_for_partners(self, sample: _Sample) -> None:
        """Beside each face turned to one side with no face there yet, look closer for one."""
        for face in list(sample.faces):
            if face.facing == "camera":
                continue
            side = face.facing
            beside = [
                f
                for f in sample.faces
                if (f.box.cx < face.box.cx) == (side == "left") and f is not face
            ]
            if any(abs(f.box.cx - face.box.cx) < PARTNER_REACH * face.box.w for f in beside):
                continue
            for box, _, _ in self.finder.partner(sample.gray, face.box, side):
                if not any(box.overlap(f.box) > 0.3 for f in sample.faces):
                    self._start_track(sample, box)
                    break

    def _start_track(self, sample: _Sample, box: Box) -> None:
        """A face the full search found: follow it from here, and look back for where it began."""
        seen = self.finder.follow(sample.gray, box)
        if seen is None:
            return  # the search's finding did not hold up under a closer look
        track = _Track(self._next_id, seen[0], seen[1], _strength(seen[2]))
        track.seen(*seen)
        self._next_id += 1
        self._tracks.append(track)
        sample.faces.append(Face(seen[0], seen[1], _strength(seen[2]), track.id))
        near, misses = seen[0], 0
        for earlier in reversed(self._recent):
            if any(f.box.overlap(near) > 0.3 for f in earlier.faces):
                break  # another track already had it there
            found = self.finder.follow(earlier.gray, near)
            if found is None:
                misses += 1
                if misses > self.patience:
                    break
                continue
            misses = 0
            near = found[0]
            earlier.faces.append(Face(found[0], found[1], _strength(found[2]), track.id))


def _strength(agreement: int) -> float:
    return min(1.0, agreement / STRONG_NEIGHBOURS)
