"""Read models for the pages and commands: what they show of a family and of a clip,
read in one place so that neither opens the store nor the media files itself.

A FamilyRecords is one consistent read of a family's file (details, sessions, clips,
moments). A ClipFrames is what a player needs of a clip: its frame times, its length,
its proxy video and its filmstrip pictures.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from vipp_session.media.frame_table import load_frame_table
from vipp_session.media.ingest import PROXY_FILE
from vipp_session.media.thumbnails import FIRST_PICTURE, POSTER_FILE, load_thumbnails
from vipp_session import audit
from vipp_session.clips import find_clip
from vipp_session.model import Clip, Family, Moment, Session
from vipp_session.paths import DataDir
from vipp_session.store import Store


@dataclass(frozen=True)
class FamilyRecords:
    family: Family
    sessions: list[Session]
    clips: list[Clip]
    moments: list[Moment]

    def session(self, number: int) -> Session:
        return next(s for s in self.sessions if s.number == number)

    def moments_for(self, session: int) -> list[Moment]:
        """The moments prepared for a session, in the order they will be shown."""
        return [m for m in self.moments if m.for_session == session]

    def moments_of_clip(self, clip_id: str) -> list[Moment]:
        return [m for m in self.moments if m.clip == clip_id]


def family_records(data: DataDir, family_id: str) -> FamilyRecords:
    """Everything saved for a family, read at once; NotFound when there is no such family."""
    with Store(data).reading(family_id) as db:
        return FamilyRecords(db.family(), db.sessions(), db.clips(), db.moments())


def open_clip(data: DataDir, clip_id: str) -> tuple[Clip, FamilyRecords]:
    """A clip and its family's records, for annotating; the opening is recorded."""
    family_id, clip = find_clip(data, clip_id)
    records = family_records(data, family_id)
    audit.record(data, "clip opened", family_id, clip=clip.id)
    return clip, records


def open_presentation(data: DataDir, family_id: str, session: int) -> FamilyRecords:
    """A family's records, to present a session's moments; the opening is recorded."""
    records = family_records(data, family_id)
    audit.record(data, "presentation opened", family_id, session=session)
    return records


@dataclass(frozen=True)
class ClipFrames:
    times: list[float]
    duration: float


def clip_frames(data: DataDir, family_id: str, clip_id: str) -> ClipFrames:
    """The time of every frame of a clip, and its length, as the player steps through it."""
    table = load_frame_table(data.clip_dir(family_id, clip_id))
    return ClipFrames(table.times, table.duration)


def proxy_file(data: DataDir, family_id: str, clip_id: str) -> Path:
    """The clip's video as the browser plays it."""
    return data.clip_dir(family_id, clip_id) / PROXY_FILE


def thumbnails(data: DataDir, family_id: str, clip_id: str) -> list[tuple[float, str]]:
    """The filmstrip: (time, file name) of each small picture of the clip."""
    return [(t.time, t.file) for t in load_thumbnails(data.thumbs_dir(family_id, clip_id))]


def filmstrip_sample(data: DataDir, family_id: str, clip_id: str, count: int) -> list[str]:
    """The names of `count` filmstrip pictures spread evenly over the clip, first to last."""
    names = [t.file for t in load_thumbnails(data.thumbs_dir(family_id, clip_id))]
    if len(names) <= count:
        return names
    return [names[round(i * (len(names) - 1) / (count - 1))] for i in range(count)]


def thumbnail_file(data: DataDir, family_id: str, clip_id: str, name: str) -> Path:
    """A filmstrip picture, or (POSTER_FILE) the one that stands for the clip: for clips
    imported before there was one, the filmstrip's first."""
    folder = data.thumbs_dir(family_id, clip_id)
    if name == POSTER_FILE and not (folder / name).is_file():
        return folder / FIRST_PICTURE
    return folder / name
