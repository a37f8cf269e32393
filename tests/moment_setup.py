"""A data folder with families and imported clips, made once and copied for each test."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from media_factory import MadeClip, make_clip
from vipp_session import clips, families
from vipp_session.paths import DataDir


@dataclass
class Prepared:
    root: Path  # the data folder to copy
    made: MadeClip  # the recording behind F1's clips
    s1: str  # F1 (toddler, 'sd' track): filmed at session 1
    s6: str  # F1: filmed at session 6, the last
    infant: str  # F2 (8 months, 'infant' track): filmed at session 1
    width: int
    height: int


def prepare(folder: Path) -> Prepared:
    data = DataDir(folder / "data")
    families.add_family(data, "F1", child="Ada", born="2025-01-15", pronouns="she", mum_word="Mama")
    infant_born = (date.today() - timedelta(days=245)).isoformat()
    families.add_family(data, "F2", child="Sam", born=infant_born, pronouns="he")
    made = make_clip(folder / "play.mp4", duration=2.0, bframes=2, rotation=90, width=320, height=240)
    other = make_clip(folder / "bath.mp4", duration=1.0, width=320, height=240)
    book = make_clip(folder / "book.mp4", duration=1.0, width=256, height=160)
    [r1] = clips.import_clips(data, "F1", 1, [made.path])
    [r6] = clips.import_clips(data, "F1", 6, [other.path])
    [r2] = clips.import_clips(data, "F2", 1, [book.path])
    assert {r.status for r in (r1, r6, r2)} == {"imported"}
    return Prepared(data.root, made, r1.clip.id, r6.clip.id, r2.clip.id,
                    r1.clip.width, r1.clip.height)


def copy_of(prepared: Prepared, to: Path) -> DataDir:
    shutil.copytree(prepared.root, to)
    return DataDir(to)
