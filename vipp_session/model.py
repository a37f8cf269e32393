"""The records: plain dataclasses with conversion to and from JSON-ready dicts.

Validation of what a person types lives in `validate.py`; these classes
trust their inputs.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from datetime import date, datetime
from typing import Any

PRONOUNS = ("she", "he", "they")
SESSION_NUMBERS = range(1, 7)
# 'paused' (a crisis, a hospital stay) keeps the family off the week ahead until resumed;
# added after the others, so older files, which never hold it, read as before
SESSION_STATUSES = ("planned", "held", "cancelled", "missed", "rescheduled", "paused")
PROGRAMME_MONTHS = (6, 36)
INFANT_MONTHS = (6, 10)  # children of 6-10 months get no sensitive-discipline content


def age_in_months(born: date, on: date) -> int:
    """Whole months of age on a day (a child born on the 31st turns a month older on
    the last day of a shorter month only when the day number is reached)."""
    months = (on.year - born.year) * 12 + (on.month - born.month)
    if on.day < born.day:
        months -= 1
    return months


def age_in_words(months: int) -> str:
    """'14 months' under two years, then '2 years 3 months'."""
    if months < 24:
        return f"{months} months"
    years, rest = divmod(months, 12)
    return f"{years} years {rest} months" if rest else f"{years} years"


@dataclass
class Session:
    number: int
    date: datetime | None = None
    status: str = "planned"
    notes: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "date": self.date.isoformat(timespec="minutes") if self.date else None,
            "status": self.status,
            "notes": self.notes,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Session":
        return cls(
            number=int(d["number"]),
            date=datetime.fromisoformat(d["date"]) if d.get("date") else None,
            status=d.get("status", "planned"),
            notes=d.get("notes", ""),
        )


@dataclass
class Family:
    id: str
    child: str
    born: date
    pronouns: str = "she"
    mother: str | None = None
    mum_word: str = "Mummy"
    clinician: str | None = None
    consent_date: date | None = None
    wants_copies: bool | None = None
    # Speaking for the child in the first person ('Mummy, I like it when ...') is optional:
    # not every family likes it, so a family can turn those scripted messages off.
    child_voice: bool = True
    created: datetime = field(default_factory=lambda: datetime.now().replace(microsecond=0))

    def age_months(self, on: date) -> int:
        return age_in_months(self.born, on)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["born"] = self.born.isoformat()
        d["consent_date"] = self.consent_date.isoformat() if self.consent_date else None
        d["created"] = self.created.isoformat(timespec="seconds")
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Family":
        known = {f.name for f in fields(cls)}
        d = {k: v for k, v in d.items() if k in known}
        d["born"] = date.fromisoformat(d["born"])
        if d.get("consent_date"):
            d["consent_date"] = date.fromisoformat(d["consent_date"])
        if d.get("created"):
            d["created"] = datetime.fromisoformat(d["created"])
        return cls(**d)


def track_for_age(months: int) -> str:
    """'infant' (6-10 months: no discipline content) or 'sd' (11 months and over).

    Children outside 6-36 months are allowed; `age_note` says the programme
    was not designed for them. Under 6 months counts as infant.
    """
    return "infant" if months <= INFANT_MONTHS[1] else "sd"


def age_note(months: int) -> str | None:
    low, high = PROGRAMME_MONTHS
    if low <= months <= high:
        return None
    return (
        f"The programme is designed for children of {low} to {high} months; "
        f"this child is {months} months old."
    )


def track_date(sessions: list[Session], today: date) -> date:
    """The track is set by the child's age on the date of session 1, or today if unplanned."""
    first = next((s for s in sessions if s.number == 1), None)
    return first.date.date() if first and first.date else today


@dataclass(frozen=True)
class Track:
    name: str  # 'infant' or 'sd'
    months: int  # the child's age on the date that sets the track
    note: str | None  # set when the child is outside the programme's ages


def family_track(family: "Family", sessions: list[Session], today: date) -> Track:
    months = family.age_months(track_date(sessions, today))
    return Track(track_for_age(months), months, age_note(months))


@dataclass
class Clip:
    """A recording imported for a family, filmed at session `session`."""

    id: str
    family: str
    session: int
    file: str  # the name of the source file as the clinician chose it
    ext: str  # original.<ext> in the clip folder
    sha256: str
    size_bytes: int
    duration: float
    width: int  # upright
    height: int  # upright
    rotation: int  # degrees applied to make the pixels upright
    fps: float
    vfr: bool
    frames: int
    video_codec: str
    audio_codec: str | None
    proxy_mode: str  # 'remux' or 'transcode'
    start_time: float = 0.0  # source's first frame time; clip times count from it
    hdr: str = "none"  # the source's HDR transfer: 'hlg', 'pq' or 'none' (mapped to SDR)
    recorded_at: str | None = None
    imported: datetime = field(default_factory=lambda: datetime.now().replace(microsecond=0))

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["imported"] = self.imported.isoformat(timespec="seconds")
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Clip":
        known = {f.name for f in fields(cls)}
        d = {k: v for k, v in d.items() if k in known}
        if d.get("imported"):
            d["imported"] = datetime.fromisoformat(d["imported"])
        return cls(**d)


@dataclass
class Moment:
    """A frozen frame chosen for feedback at session `for_session`."""

    id: str
    clip: str
    at: float  # start time of the frame, seconds from the clip's first frame
    frame: int  # index in the clip's frame table
    kind: str
    for_session: int
    message_id: str | None = None
    text: str = ""  # the words as the clinician tailored them
    note: str = ""  # private: never shown to the mother, never printed
    in_summary: bool = True
    order: int = 0
    highlights: list[dict[str, Any]] = field(default_factory=list)
    created: datetime = field(default_factory=lambda: datetime.now().replace(microsecond=0))

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["created"] = self.created.isoformat(timespec="seconds")
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Moment":
        known = {f.name for f in fields(cls)}
        d = {k: v for k, v in d.items() if k in known}
        if d.get("created"):
            d["created"] = datetime.fromisoformat(d["created"])
        return cls(**d)
