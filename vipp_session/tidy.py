"""Originals the service no longer needs: listed, then removed only when confirmed.

A clip keeps the clip's own copy of the recording (original.<ext>, often hundreds of
megabytes) and a browser copy (proxy.mp4, much smaller). Stills are taken from the
original at full size; once the visit that shows a clip's moments has been held, a
service may choose not to keep it any longer (settings):

- `keep_originals: "until-shown"`: until every session the clip's moments are for is held
  (a clip with no moments: the session after the one it was filmed at);
- `keep_originals_days: N`: N days after the clip was imported.

Both are off by default; nothing is ever removed by itself. `plan_tidy` only lists what
would go and what it frees; `tidy` removes those originals, each under its family's lock
and only while it is still due and its browser copy is there. The browser copy, the frame
times, the filmstrip and every still already made stay exactly as they are; later stills
and films come from the browser copy (stills.picture_source). audit.log records each
removal by family code and clip id only.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from vipp_session import audit, caseload_index, clips
from vipp_session.errors import BadInput, NotFound
from vipp_session.fsutil import fsync_dir, plain_write_errors
from vipp_session.media import frames
from vipp_session.model import Clip, Moment, Session
from vipp_session.paths import DataDir
from vipp_session.settings import Settings, change_settings, load_settings
from vipp_session.store import Store
from vipp_session.words import day


@dataclass(frozen=True)
class Original:
    """A clip's original that the service's policy no longer keeps."""

    family: str
    clip: str
    file: str  # the recording's name as the clinician knows it
    session: int  # filmed at
    bytes: int
    why: str  # in words

    def to_dict(self) -> dict[str, Any]:
        return {"family": self.family, "clip": self.clip, "file": self.file,
                "session": self.session, "bytes": self.bytes, "why": self.why}


@dataclass(frozen=True)
class TidyPlan:
    items: list[Original] = field(default_factory=list)
    policy: str = ""  # the settings in words; empty when tidying is off

    @property
    def bytes(self) -> int:
        return sum(item.bytes for item in self.items)

    @property
    def families(self) -> list[str]:
        return sorted({item.family for item in self.items})

    def to_dict(self) -> dict[str, Any]:
        return {"policy": self.policy, "bytes": self.bytes, "families": self.families,
                "originals": [item.to_dict() for item in self.items]}


def policy_words(settings: Settings) -> str:
    """The service's policy in words; '' when originals are always kept."""
    rules = []
    if settings.keep_originals == "until-shown":
        rules.append("until the visit that shows their moments is held")
    if settings.keep_originals_days:
        rules.append(f"for {settings.keep_originals_days} days after they are imported")
    return ("Originals are kept " + ", or ".join(rules) + ".") if rules else ""


# the choices a service has, one rule each (settings.json may hold both rules at once)
POLICIES = ("always", "until-shown", "days")


def set_policy(data: DataDir, keep: str, days: int | float | str | None = None) -> Settings:
    """Set the service's policy for originals: keep them always ("always"), until the visit
    that shows their moments is held ("until-shown"), or `days` days after the import
    ("days"). Removes nothing: tidying is always asked for and confirmed."""
    if keep not in POLICIES:
        raise BadInput(f"Choose how long originals are kept: {', '.join(POLICIES)}.")
    if keep != "days":
        return change_settings(data, keep_originals=keep, keep_originals_days=None)
    try:
        whole = int(str(days).strip()) if isinstance(days, str) else days
    except ValueError:
        whole = None
    if isinstance(whole, float) and whole.is_integer():
        whole = int(whole)
    if isinstance(whole, bool) or not isinstance(whole, int) or whole < 1:
        shown = "nothing" if days in (None, "") else f"'{days}'"
        raise BadInput("Say how many days after the import originals are kept: a whole "
                       f"number, 1 or more (not {shown}).", field="days")
    return change_settings(data, keep_originals="always", keep_originals_days=whole)


def _why_due(clip: Clip, moments: list[Moment], sessions: list[Session], settings: Settings,
             today: date) -> str | None:
    """Why the clip's original is no longer kept under the policy, or None if it is."""
    if settings.keep_originals == "until-shown":
        shown_at = sorted({m.for_session for m in moments if m.clip == clip.id}
                          or {min(clip.session + 1, 6)})
        held = {s.number: s for s in sessions if s.status == "held"}
        if all(n in held for n in shown_at):
            last = max(shown_at)
            when = f" on {day(held[last].date.date())}" if held[last].date else ""
            return f"shown at session {last}, held{when}"
    if settings.keep_originals_days:
        since = clip.imported.date() + timedelta(days=settings.keep_originals_days)
        if since <= today:
            return f"imported {(today - clip.imported.date()).days} days ago"
    return None


def _due_in(data: DataDir, family_id: str, settings: Settings, today: date) -> list[Original]:
    with Store(data).reading(family_id) as db:
        sessions, all_clips, moments = db.sessions(), db.clips(), db.moments()
    due = []
    for clip in all_clips:
        original = clips.original_path(data, clip)
        if not original.is_file() or not clips.proxy_path(data, clip).is_file():
            continue  # already gone, or no browser copy to take its place
        why = _why_due(clip, moments, sessions, settings, today)
        if why:
            due.append(Original(family_id, clip.id, clip.file, clip.session,
                                original.stat().st_size, why))
    return due


def plan_tidy(data: DataDir, today: date | None = None) -> TidyPlan:
    """The originals the service's policy no longer keeps, and what removing them frees.
    Reads every family (tidying is occasional); changes nothing."""
    settings, today = load_settings(data), today or date.today()
    policy = policy_words(settings)
    if not policy:
        return TidyPlan([], "")
    items = []
    for family_id in Store(data).family_ids():
        try:
            items += _due_in(data, family_id, settings, today)
        except (NotFound, BadInput):
            continue  # erased meanwhile, or its records cannot be read: nothing is removed
    return TidyPlan(items, policy)


def tidy(data: DataDir, plan: TidyPlan, today: date | None = None) -> TidyPlan:
    """Remove the originals in `plan` that are still due (checked again under each family's
    lock); returns what was removed. The browser copies and stills are left as they are."""
    settings, today = load_settings(data), today or date.today()
    if not plan.items:
        return TidyPlan([], plan.policy)
    audit.check_writable(data)  # a removal is always recorded
    removed = []
    for family_id in plan.families:
        wanted = {item.clip for item in plan.items if item.family == family_id}
        try:
            removed += _remove_in(data, family_id, wanted, settings, today)
        except NotFound:
            continue  # erased meanwhile
        caseload_index.refresh(data, family_id)  # its disk use changed inside clip folders
    return TidyPlan(removed, plan.policy)


def _remove_in(data: DataDir, family_id: str, wanted: set[str], settings: Settings,
               today: date) -> list[Original]:
    removed = []
    with plain_write_errors(data.root), Store(data).transaction(family_id) as db:
        sessions, moments = db.sessions(), db.moments()
        for clip in db.clips():
            if clip.id not in wanted:
                continue
            original = clips.original_path(data, clip)
            why = _why_due(clip, moments, sessions, settings, today)
            if not why or not original.is_file() or not clips.proxy_path(data, clip).is_file():
                continue
            size = original.stat().st_size
            frames.forget(original)  # an open reader would keep its space taken
            os.unlink(original)
            fsync_dir(original.parent)
            audit.record(data, "original removed", family_id, clip=clip.id, bytes=size)
            removed.append(Original(family_id, clip.id, clip.file, clip.session, size, why))
    return removed
