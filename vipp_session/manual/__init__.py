"""The scripted message library: which one is in use, loading it, and what it offers.

The library is data (TOML) in a folder: the shipped one in `manuals/vipp-pmh`,
or a service's own copy named by the `manual_dir` setting or `--manual DIR`.
A library is only used when it passes every check (`manual.check`), so a
broken or hurtful edit can never reach a family; `vipp-session manual check`
lists what to fix.

    manual = load_library(data)                       # the one in use, checked
    moment_kinds(manual)                              # ['look', 'smile', ...]
    messages_for(manual, 2, "infant", kind="look")    # what a clinician can pick
    render_for(message.text, family)                  # in this family's words
    session_view(manual, 2, family, track)            # a session, ready to show
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from vipp_session.errors import BadInput
from vipp_session.manual.check import check_library
from vipp_session.manual.model import (
    COMPONENTS,
    TRACKS,
    VOICES,
    Discipline,
    Kind,
    Manual,
    Message,
    Problem,
    SessionContent,
)
from vipp_session.model import Family
from vipp_session.paths import DataDir, bundled_dir
from vipp_session.manual.placeholders import Voice, render
from vipp_session.settings import load_settings

__all__ = [
    "COMPONENTS", "TRACKS", "VOICES", "Discipline", "Kind", "Manual", "Message", "Problem",
    "SessionContent", "DEFAULT_PROGRAMME", "shipped_dir", "library_dir", "load_manual",
    "load_library", "check_library", "moment_kinds", "messages_for", "find_message",
    "voice_for", "voices_for", "render_for", "session_view",
]

DEFAULT_PROGRAMME = "vipp-pmh"

_cache: dict[Path, tuple[tuple, Manual]] = {}


def shipped_dir() -> Path:
    """The library that comes with the program."""
    return bundled_dir("manuals") / DEFAULT_PROGRAMME


def library_dir(data: DataDir | None = None, explicit: str | os.PathLike | None = None) -> Path:
    """The library in use: `explicit` (--manual), else the manual_dir setting, else the shipped one.

    Raises BadInput if the folder named is not there.
    """
    chosen, source = None, ""
    if explicit:
        chosen, source = Path(explicit), "--manual"
    elif data is not None and (setting := load_settings(data).manual_dir):
        chosen, source = Path(setting), "the manual_dir setting"
    if chosen is None:
        return shipped_dir()
    chosen = chosen.expanduser().resolve()
    if not chosen.is_dir():
        raise BadInput(f"The message library {chosen} (from {source}) is not a folder.")
    return chosen


def _fingerprint(root: Path) -> tuple:
    return tuple(
        (p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in sorted(root.glob("*.toml"))
    )


def load_manual(root: str | os.PathLike | None = None) -> Manual:
    """The library in `root` (default: the shipped one), only if it passes every check.

    Raises BadInput naming the first problem and how many there are. A library is read
    again only when one of its files changes.
    """
    root = Path(root).expanduser().resolve() if root else shipped_dir()
    if not (root / "programme.toml").is_file():
        raise BadInput(f"{root} is not a message library: it has no programme.toml.")
    stamp = _fingerprint(root)
    cached = _cache.get(root)
    if cached and cached[0] == stamp:
        return cached[1]
    manual, problems = check_library(root)
    if problems or manual is None:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise BadInput(
            f"The message library in {root} cannot be used until it is fixed: "
            f"{problems[0]}{more}. Run 'vipp-session manual check {root}' to see every problem."
        )
    _cache[root] = (stamp, manual)
    return manual


def load_library(data: DataDir | None = None,
                 explicit: str | os.PathLike | None = None) -> Manual:
    """The library in use for this data folder (see `library_dir`), checked."""
    return load_manual(library_dir(data, explicit))


def moment_kinds(manual: Manual) -> list[str]:
    """The ids of the kinds of moment, in the library's order ('look', 'smile', ...)."""
    return [k.id for k in manual.kinds]


def _session(manual: Manual, session: int) -> SessionContent:
    if session not in manual.sessions:
        raise BadInput(f"There is no session {session} in the message library "
                       f"(sessions 1 to {max(manual.sessions)}).")
    return manual.sessions[session]


def messages_for(manual: Manual, session: int, track: str = "sd", kind: str | None = None,
                 voices: tuple[str, ...] = VOICES) -> list[Message]:
    """The messages a clinician can choose from: the infant track never gets discipline ones,
    nor those about a child who walks or talks."""
    if track not in TRACKS:
        raise BadInput(f"The track must be one of {', '.join(TRACKS)}, not '{track}'.")
    if kind is not None and kind not in moment_kinds(manual):
        raise BadInput(f"'{kind}' is not a kind of moment; the kinds are "
                       f"{', '.join(moment_kinds(manual))}.")
    return [
        m for m in _session(manual, session).messages
        if m.for_track(track)
        and (kind is None or m.kind == kind)
        and m.voice in voices
    ]


def find_message(manual: Manual, message_id: str) -> Message | None:
    return next((m for m in manual.messages() if m.id == message_id), None)


def voices_for(family: Family | None) -> tuple[str, ...]:
    """The message voices this family is offered: some would rather not hear the child's."""
    return VOICES if family is None or family.child_voice else ("clinician",)


def voice_for(family: Family) -> Voice:
    return Voice(child=family.child, mum=family.mum_word or "Mummy", pronouns=family.pronouns)


def render_for(template: str, family: Family) -> str:
    """A library text in this family's words (names, pronouns, verbs that agree)."""
    return render(template, voice_for(family))


@dataclass(frozen=True)
class DisciplineTheme:
    theme: str
    clinician: str
    mother: str


@dataclass(frozen=True)
class SessionBrief:
    """What a session is about, for one track and (with a family) in that family's words."""

    session: int
    title: str
    track: str
    family: str | None
    theme_clinician: str
    theme_mother: str
    discipline: DisciplineTheme | None  # the toddler track's discipline theme
    filming_tasks: list[str]
    look_for: list[str]
    opening: str
    debrief: str
    take_home: str
    tips: list[str]
    messages: list[dict[str, Any]]


def session_view(manual: Manual, session: int, family: Family | None = None,
                 track: str | None = None) -> dict[str, Any]:
    """A session's brief as JSON-ready values (the command line's --json)."""
    b = session_brief(manual, session, family, track)
    d = b.discipline
    return {
        "session": b.session, "title": b.title, "track": b.track, "family": b.family,
        "theme": {"clinician": b.theme_clinician, "mother": b.theme_mother},
        "discipline_theme": {"theme": d.theme, "clinician": d.clinician,
                             "mother": d.mother} if d else None,
        "filming_tasks": b.filming_tasks, "look_for": b.look_for, "opening": b.opening,
        "debrief": b.debrief, "take_home": {"text": b.take_home, "tips": b.tips},
        "messages": b.messages,
    }


def session_brief(manual: Manual, session: int, family: Family | None = None,
                  track: str | None = None) -> SessionBrief:
    """A session's content for one track.

    With a family, every text is in that family's words; without one, the texts keep
    their placeholders (what an editor sees). The infant track has no discipline content.
    """
    track = track or "sd"
    if track not in TRACKS:
        raise BadInput(f"The track must be one of {', '.join(TRACKS)}, not '{track}'.")
    content = _session(manual, session)

    def words(template: str) -> str:
        return render_for(template, family) if family else template

    d = content.discipline if track == "sd" else None
    tips = [*content.tips, *([d.tip] if d else [])]
    return SessionBrief(
        session=content.number,
        title=words(content.title),
        track=track,
        family=family.id if family else None,
        theme_clinician=words(content.theme_clinician),
        theme_mother=words(content.theme_mother),
        discipline=DisciplineTheme(words(d.theme), words(d.clinician), words(d.mother))
        if d else None,
        filming_tasks=[words(t) for t in content.filming[track]],
        look_for=[words(t) for t in (*content.look_for, *(d.look_for if d else ()))],
        opening=words(content.opening),
        debrief=words(content.debrief),
        take_home=words(content.take_home),
        tips=[words(t) for t in tips],
        messages=[m.to_dict(words(m.text))
                  for m in messages_for(manual, session, track, voices=voices_for(family))],
    )
