"""A demo family to try vipp-session on, made from the bundled sample clips.

Nothing in it is real: the child, the clips and the moments are made up.
It lives in its own data folder, so it never mixes with real families.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path

import platformdirs

from vipp_session import clips, families, moments
from vipp_session.manual import load_library, messages_for
from vipp_session.paths import APP_NAME, DataDir, bundled_dir
from vipp_session.store import Store

DEMO_FAMILY = "DEMO"
SAMPLE_CLIPS = ["play-with-toys.mp4", "picture-book-portrait.mp4", "no-toys-vfr.mp4"]


def default_demo_dir() -> Path:
    return Path(platformdirs.user_data_dir(f"{APP_NAME}-demo", appauthor=False))


def _months_before(today: date, months: int) -> date:
    y, m = divmod(today.year * 12 + today.month - 1 - months, 12)
    return date(y, m + 1, min(today.day, 28))


def make_demo(data: DataDir, say: Callable[[str], None] = lambda s: None) -> str:
    """Create the demo family with its clips (once); returns its id."""
    if Store(data).exists(DEMO_FAMILY):
        return DEMO_FAMILY
    today = date.today()
    families.add_family(data, DEMO_FAMILY, child="Maya", born=_months_before(today, 14).isoformat(),
                        pronouns="she", mum_word="Mummy", clinician="Sam")
    first = datetime.combine(today - timedelta(days=14), datetime.min.time()).replace(hour=10)
    families.plan_session(data, DEMO_FAMILY, 1, first.isoformat())
    families.set_session_status(data, DEMO_FAMILY, 1, "held")
    families.plan_session(data, DEMO_FAMILY, 2, (first + timedelta(days=16)).isoformat())
    say("Making the demo family's clips ready for the browser...")
    paths = [bundled_dir("sample_media") / name for name in SAMPLE_CLIPS]
    imported = [r.clip for r in clips.import_clips(data, DEMO_FAMILY, 1, paths) if r.clip]
    _prepare_moments(data, imported)
    return DEMO_FAMILY


# (clip number, time, kind, highlight): a few moments ready for session 2
DEMO_MOMENTS = [
    (0, 3.0, "look", {"shape": "ellipse", "cx": 0.58, "cy": 0.6, "rx": 0.06, "ry": 0.11}),
    (0, 9.0, "smile", None),
    (1, 5.0, "touch", {"shape": "arrow", "x1": 0.88, "y1": 0.42, "x2": 0.62, "y2": 0.56}),
]


def _prepare_moments(data: DataDir, imported: list) -> None:
    library = load_library(data)
    for number, at, kind, highlight in DEMO_MOMENTS:
        if number >= len(imported):
            continue
        message = messages_for(library, 2, "sd", kind)[0]
        moment = moments.add_moment(data, imported[number].id, at, kind, message_id=message.id)
        if highlight:
            moments.set_highlights(data, moment.id, [highlight])
