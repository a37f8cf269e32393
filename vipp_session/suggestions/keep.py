"""Suggested moments kept with each clip: scan once, show them, use or dismiss each one.

The candidates of a scan are saved in the clip folder (suggestions.json,
written whole); which ones the clinician dismissed is recorded in the
family's store, so a dismissed suggestion stays dismissed after a new scan
of the same clip.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from dataclasses import dataclass

from vipp_session import moments
from vipp_session.clips import find_clip, proxy_path
from vipp_session.errors import BadInput
from vipp_session.fsutil import atomic_write_text
from vipp_session.model import Moment
from vipp_session.paths import DataDir
from vipp_session.store import Store
from vipp_session.suggestions.rank import Candidate, suggest_moments

FILE = "suggestions.json"
DISMISSED = "dismissed_suggestions"


@dataclass(frozen=True)
class Suggestion:
    candidate: Candidate
    dismissed: bool

    def to_dict(self) -> dict:
        return {**self.candidate.to_dict(), "dismissed": self.dismissed}


def scan_for_suggestions(data: DataDir, clip_id: str,
                         progress: Callable[[float], None] | None = None,
                         cancel: threading.Event | None = None) -> list[Suggestion]:
    """Scan a clip's browser copy and keep the candidates with the clip."""
    family_id, clip = find_clip(data, clip_id)
    found = suggest_moments(proxy_path(data, clip), progress, cancel)
    atomic_write_text(data.clip_dir(family_id, clip.id) / FILE,
                      json.dumps({"version": 1, "candidates": [c.to_dict() for c in found]}))
    return load_suggestions(data, clip_id)


def has_been_scanned(data: DataDir, family_id: str, clip_id: str) -> bool:
    return (data.clip_dir(family_id, clip_id) / FILE).is_file()


def load_suggestions(data: DataDir, clip_id: str) -> list[Suggestion]:
    """The clip's saved candidates (best first), each marked dismissed or not; [] before a scan."""
    family_id, clip = find_clip(data, clip_id)
    path = data.clip_dir(family_id, clip.id) / FILE
    if not path.is_file():
        return []
    candidates = [Candidate(**c) for c in json.loads(path.read_text(encoding="utf-8"))["candidates"]]
    with Store(data).reading(family_id) as db:
        dismissed = {d["at"] for d in db.table(DISMISSED).all() if d["clip"] == clip.id}
    return [Suggestion(c, c.at in dismissed) for c in candidates]


def _find(data: DataDir, clip_id: str, at: float) -> Candidate:
    for s in load_suggestions(data, clip_id):
        if abs(s.candidate.at - float(at)) < 0.0005:
            return s.candidate
    raise BadInput(f"Clip {clip_id} has no suggestion at {at} s.")


def dismiss_suggestion(data: DataDir, clip_id: str, at: float) -> None:
    candidate = _find(data, clip_id, at)
    family_id, clip = find_clip(data, clip_id)
    with Store(data).transaction(family_id) as db:
        table = db.table(DISMISSED)
        if not any(d["clip"] == clip.id and d["at"] == candidate.at for d in table.all()):
            table.insert({"clip": clip.id, "at": candidate.at})


def use_suggestion(data: DataDir, clip_id: str, at: float, for_session: int | None = None) -> Moment:
    """Make a moment of a suggestion, with the kind it suggests; it then leaves the list."""
    candidate = _find(data, clip_id, at)
    moment = moments.add_moment(data, clip_id, candidate.at, candidate.suggested_moment_kind,
                                for_session=for_session)
    dismiss_suggestion(data, clip_id, candidate.at)
    return moment
