"""The caseload index: what the caseload, the week ahead and disk use need of each family,
kept in one small file so those views do not read every family's records each time.

It is never the source of truth. Each family's entry remembers the size, modification
time (ns) and inode of its family.json and the modification times of the folders its files live in
(clips, stills, summaries, review packs); a reading looks at those (a few stat calls per
family), reads again only the families whose files changed, and writes the index back
when anything changed. A missing or unreadable index is built again from the families.
Entries of families no longer there are dropped on every reading, and an erase rewrites
the index without the erased family (erasure.forget_ids), so no erased family's name
lingers in it. The file is written whole (temp file, rename) and, as every file the
app writes, is readable by its user only.

Something that changes a family's files without touching those folders (tidy removing
an original inside a clip's folder) calls `refresh`.
"""

from __future__ import annotations

import json
import logging
import os
import threading
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from vipp_session import families
from vipp_session.disk_use import DiskUse, family_disk_use
from vipp_session.errors import BadInput, NotFound
from vipp_session.fsutil import atomic_write_text
from vipp_session.model import Family, Session
from vipp_session.paths import DataDir
from vipp_session.store import Store

VERSION = 1
log = logging.getLogger(__name__)
_saving = threading.RLock()
# the folders whose changes a family's entry follows, besides family.json itself
_WATCHED = ("", "clips", "stills", "summaries", "reviews")


@dataclass(frozen=True)
class FamilyEntry:
    """What the caseload and disk use show of one family."""

    id: str
    family: Family | None
    sessions: list[Session] = field(default_factory=list)
    clips_per_session: dict[int, int] = field(default_factory=dict)  # filmed at session n
    moments_per_session: dict[int, int] = field(default_factory=dict)  # for session n
    review_packs: tuple[int, ...] = ()  # sessions with a review pack made
    disk: DiskUse = DiskUse()
    problem: str | None = None  # the family's records could not be read, in words

    def to_dict(self) -> dict:
        return {
            "family": self.family.to_dict() if self.family else None,
            "sessions": [s.to_dict() for s in self.sessions],
            "clips": {str(k): v for k, v in self.clips_per_session.items()},
            "moments": {str(k): v for k, v in self.moments_per_session.items()},
            "review_packs": list(self.review_packs),
            "disk": self.disk.to_dict(),
            "problem": self.problem,
        }

    @classmethod
    def from_dict(cls, family_id: str, d: dict) -> "FamilyEntry":
        return cls(
            id=family_id,
            family=Family.from_dict(d["family"]) if d.get("family") else None,
            sessions=[Session.from_dict(s) for s in d.get("sessions", [])],
            clips_per_session={int(k): int(v) for k, v in d.get("clips", {}).items()},
            moments_per_session={int(k): int(v) for k, v in d.get("moments", {}).items()},
            review_packs=tuple(int(n) for n in d.get("review_packs", [])),
            disk=DiskUse.from_dict(d.get("disk", {})),
            problem=d.get("problem"),
        )


def _signature(data: DataDir, family_id: str) -> list[int] | None:
    """What changes when anything the entry holds may have changed; None when the family
    has no records file (being added or erased). Plain os.stat on strings: this runs for
    every family on every caseload."""
    folder = os.path.join(data.families_dir, family_id)
    try:
        st = os.stat(os.path.join(folder, "family.json"))
    except OSError:
        return None
    marks = [st.st_mtime_ns, st.st_size, st.st_ino]  # a rewrite is a new file: a new inode
    for name in _WATCHED:
        try:
            marks.append(os.stat(os.path.join(folder, name)).st_mtime_ns)
        except OSError:
            marks.append(0)
    return marks


def read_family(data: DataDir, family_id: str) -> FamilyEntry:
    """A family's entry from its own records and files (what the index keeps)."""
    try:
        with Store(data).reading(family_id) as db:
            family, sessions, clips, moments = db.family(), db.sessions(), db.clips(), db.moments()
    except NotFound:
        raise
    except BadInput as exc:  # its files still take room on the disk
        return FamilyEntry(family_id, None, problem=str(exc),
                           disk=family_disk_use(data, family_id))
    except Exception as exc:  # noqa: BLE001 - one family's fault never hides the others
        log.warning("family %s could not be read (%s)", family_id, exc.__class__.__name__)
        return FamilyEntry(family_id, None, problem=families.UNREADABLE,
                           disk=family_disk_use(data, family_id))
    reviews = data.family_dir(family_id) / "reviews"
    return FamilyEntry(
        id=family_id,
        family=family,
        sessions=sessions,
        clips_per_session=dict(Counter(c.session for c in clips)),
        moments_per_session=dict(Counter(m.for_session for m in moments)),
        review_packs=tuple(s.number for s in sessions
                           if (reviews / f"session-{s.number}.pdf").is_file()),
        disk=family_disk_use(data, family_id),
    )


# the index as last read by this process, and the entries made from it: the caseload's
# page reads it twice (its rows and the disk use line), and every page load reads it again
_memo: dict[str, Any] = {"key": None, "kept": {}, "entries": {}}


def _load(path: Path) -> dict:
    """The families' entries as the index file holds them (the same dict again while the
    file has not changed: do not change it in place)."""
    try:
        st = os.stat(path)
        key = (str(path), st.st_mtime_ns, st.st_size, st.st_ino)
        if key == _memo["key"]:
            return _memo["kept"]
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    kept = raw.get("families") if isinstance(raw, dict) and raw.get("version") == VERSION else None
    kept = kept if isinstance(kept, dict) else {}
    _memo.update(key=key, kept=kept, entries={})
    return kept


def _entry_from(data: DataDir, family_id: str, kept: dict, mark: list[int]) -> FamilyEntry | None:
    """The entry the index holds for a family, if it is still right."""
    held = kept.get(family_id)
    if not isinstance(held, dict) or held.get("signature") != mark:
        return None
    made = _memo["entries"].get(family_id) if kept is _memo["kept"] else None
    if made is not None and made[0] is held:
        return made[1]
    try:
        entry = FamilyEntry.from_dict(family_id, held)
    except (KeyError, TypeError, ValueError):  # an index written wrong: read the family again
        return None
    if kept is _memo["kept"]:
        _memo["entries"][family_id] = (held, entry)
    return entry


def entries(data: DataDir) -> list[FamilyEntry]:
    """Every family's entry, in the order of their codes: from the index where it is still
    right, from the family's own files where not (and the index is brought up to date)."""
    kept = _load(data.caseload_index)
    out, fresh, changed = [], {}, False
    for family_id in Store(data).family_ids():
        mark = _signature(data, family_id)
        if mark is None:
            continue
        entry = _entry_from(data, family_id, kept, mark)
        if entry is not None:
            fresh[family_id] = kept[family_id]
        else:
            try:
                entry = read_family(data, family_id)
            except NotFound:
                continue  # erased meanwhile
            if _signature(data, family_id) == mark:  # else it changed while it was read
                fresh[family_id] = {**entry.to_dict(), "signature": mark}
            changed = True
        out.append(entry)
    if changed or set(fresh) != set(kept):
        _save(data, fresh)
    return out


def entry(data: DataDir, family_id: str) -> FamilyEntry:
    """One family's entry (NotFound when there is no such family); only its own files are
    looked at, and read again when they changed."""
    mark = _signature(data, family_id)
    if mark is None:
        Store(data).check_readable(family_id)  # NotFound, or the reason it cannot be read
        return read_family(data, family_id)
    kept = _load(data.caseload_index)
    found = _entry_from(data, family_id, kept, mark)
    if found is not None:
        return found
    found = read_family(data, family_id)
    if _signature(data, family_id) == mark:
        _update(data, family_id, {**found.to_dict(), "signature": mark})
    return found


def refresh(data: DataDir, family_id: str) -> None:
    """Forget a family's entry after a change its marks do not show; read again when needed."""
    _update(data, family_id, None)


def _update(data: DataDir, family_id: str, held: dict | None) -> None:
    with _saving:
        kept = dict(_load(data.caseload_index))
        if held is None:
            if kept.pop(family_id, None) is None:
                return
        else:
            kept[family_id] = held
        _save(data, kept)


def _save(data: DataDir, kept: dict) -> None:
    """Write the index whole, holding the data folder's erase lock so an erase under way is
    never undone by a reader saving what it read before; skipped while an erase runs."""
    from filelock import FileLock, Timeout

    if not data.families_dir.is_dir():
        return
    try:
        with _saving, FileLock(str(data.families_dir / ".erase.lock"), timeout=0, mode=0o600):
            present = {fid: held for fid, held in kept.items() if data.family_dir(fid).is_dir()}
            atomic_write_text(data.caseload_index, json.dumps(
                {"version": VERSION, "families": present}, ensure_ascii=False, sort_keys=True))
    except Timeout:
        return  # an erase is under way: the next reading writes the index
    except OSError as exc:  # a read-only or full disk: the views read the families instead
        log.warning("the caseload index could not be saved (%s)", exc.strerror or exc)


def forget_erased(data: DataDir) -> None:
    """Drop the entries of families no longer there; called by an erase, holding its lock
    (so the index is written directly). Removed altogether when it cannot be rewritten."""
    if not data.caseload_index.exists():
        return
    kept = _load(data.caseload_index)
    present = {fid: held for fid, held in kept.items() if data.family_dir(fid).is_dir()}
    if len(present) == len(kept):
        return
    try:
        atomic_write_text(data.caseload_index, json.dumps(
            {"version": VERSION, "families": present}, ensure_ascii=False, sort_keys=True))
    except OSError:
        try:
            os.unlink(data.caseload_index)
        except FileNotFoundError:
            pass
