"""What a message library holds, as plain frozen records.

`manual.read` builds these from the TOML files; the `manual` package is the public way in.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

TRACKS = ("infant", "sd")
COMPONENTS = ("sensitivity", "discipline")
VOICES = ("clinician", "child")


@dataclass(frozen=True)
class Problem:
    """Something in the library that needs another look, and where it is."""

    file: str  # e.g. 'session-3.toml'
    text: str
    line: int | None = None
    message: str | None = None  # a message id, e.g. 's3-look-2'
    field: str | None = None  # a part of the session, e.g. 'take_home.text'

    def __str__(self) -> str:
        place = self.file + (f" line {self.line}" if self.line else "")
        if self.message:
            place += f", message {self.message}"
        elif self.field:
            place += f", {self.field}"
        return f"{place}: {self.text}"

    def to_dict(self) -> dict:
        return {"file": self.file, "line": self.line, "message": self.message,
                "field": self.field, "problem": self.text}


@dataclass(frozen=True)
class Kind:
    id: str
    label: str
    about: str
    minimum: int


@dataclass(frozen=True)
class Message:
    id: str
    session: int
    kind: str
    component: str  # 'sensitivity' or 'discipline'
    voice: str  # 'clinician' or 'child'
    text: str  # with placeholders
    file: str = ""
    line: int | None = None
    # the tracks it is offered on: a message about a child who walks or talks is for the sd
    # track only, and the infant track has its own words for a baby who cannot yet crawl
    tracks: tuple[str, ...] = TRACKS

    def for_track(self, track: str) -> bool:
        return track in self.tracks and (track == "sd" or self.component == "sensitivity")

    def to_dict(self, text: str | None = None) -> dict:
        return {"id": self.id, "kind": self.kind, "component": self.component,
                "voice": self.voice, "text": self.text if text is None else text}


@dataclass(frozen=True)
class Discipline:
    """A session's sensitive-discipline part: shown on the sd track only."""

    theme: str
    clinician: str
    mother: str
    look_for: tuple[str, ...]
    tip: str


@dataclass(frozen=True)
class SessionContent:
    number: int
    title: str
    theme_clinician: str
    theme_mother: str
    discipline: Discipline | None
    filming: dict[str, tuple[str, ...]]  # track -> tasks
    look_for: tuple[str, ...]
    opening: str
    debrief: str
    take_home: str
    tips: tuple[str, ...]
    messages: tuple[Message, ...]
    file: str = ""
    lines: dict[str, int] = field(default_factory=dict)  # 'take_home.text' -> its line


@dataclass(frozen=True)
class Limits:
    take_home_words: int = 80
    reading_age: int = 9
    message_words: int = 40
    tips_min: int = 2
    tips_max: int = 4
    discipline_messages: int = 3


@dataclass(frozen=True)
class Manual:
    root: Path
    name: str
    title: str
    kinds: tuple[Kind, ...]
    sessions: dict[int, SessionContent]
    discipline_sessions: tuple[int, ...]
    limits: Limits = field(default_factory=Limits)

    def session(self, number: int) -> SessionContent:
        return self.sessions[number]

    def messages(self) -> list[Message]:
        return [m for n in sorted(self.sessions) for m in self.sessions[n].messages]
