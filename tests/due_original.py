"""A recording whose original the service's policy may let go: F017's clip from session 1,
with a still made from it, and session 2 (which shows it) held."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from media_factory import make_clip
from vipp_session import clips, families, moments
from vipp_session.model import Clip
from vipp_session.paths import DataDir
from vipp_session.settings import load_settings, save_settings


def policy(data: DataDir, **settings) -> None:
    save_settings(data, replace(load_settings(data), **settings))


def due_original(data: DataDir, folder: Path) -> Clip:
    families.add_family(data, "F017", child="Maya", born="2025-06-01")
    policy(data, proxy_max_side=320, remux_max_side=160)  # so the two copies differ in size
    made = make_clip(folder / "IMG_0420.mp4", width=640, height=360, duration=2.0, audio="aac")
    [result] = clips.import_clips(data, "F017", 1, [made.path])
    moments.add_moment(data, result.clip.id, 0.5, "look")
    families.set_session_status(data, "F017", 1, "held")
    families.set_session_status(data, "F017", 2, "held")
    return result.clip
