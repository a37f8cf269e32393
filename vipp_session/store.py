"""Per-family storage: one TinyDB file per family, crash-safe and shared safely.

- Each change is a transaction: take the family's file lock, read the file,
  change records in memory, write the whole file once (temp file, fsync,
  rename, fsync the folder), release the lock. A crash at any point leaves
  the last committed file; two writers (the UI and the CLI, two browser tabs)
  take turns and never lose each other's updates.
- After each commit a copy goes into backups/ (the last 5 are kept). If
  family.json cannot be read, the family loads from the newest good backup
  with a warning; it never silently starts empty.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

from tinydb import TinyDB
from tinydb.storages import Storage
from tinydb.table import Document

from vipp_session import erasure, schema
from vipp_session.errors import BadInput, NotFound
from vipp_session.fsutil import atomic_write_bytes, fsync_dir, plain_write_errors
from vipp_session.model import Clip, Family, Moment, Session
from vipp_session.erasure import CREATING_PREFIX, ERASING_PREFIX
from vipp_session.paths import DataDir

SCHEMA_VERSION = 1
BACKUPS_KEPT = 5
log = logging.getLogger(__name__)


class DamagedFamily(BadInput):
    """family.json and every backup are unreadable."""


class WrongShape(ValueError):
    """Valid JSON, but not a family's records (see schema.py)."""


def _parse(raw: bytes) -> dict[str, Any]:
    data = json.loads(raw.decode("utf-8"))
    version = schema.schema_version(data)
    if version is not None and version > SCHEMA_VERSION:
        return data  # a newer program's file: _open refuses it in words
    problem = schema.problem_in(data)
    if problem:
        raise WrongShape(problem)
    return data


def _problem(exc: Exception) -> str:
    """Why a family file could not be used, without its contents."""
    if isinstance(exc, WrongShape):
        return f"is not a family file of the expected shape ({exc})"
    return f"cannot be read ({exc.__class__.__name__})"


class UnitOfWorkStorage(Storage):
    """A TinyDB storage that reads the file once and writes it once, on commit."""

    def __init__(self, path: Path, backups: Path):
        self.path = path
        self.backups = backups
        self.recovered_from: Path | None = None
        self._data: dict[str, Any] | None = None
        self._dirty = False

    def load(self) -> None:
        try:
            self._data = _parse(self.path.read_bytes())
            return
        except FileNotFoundError:
            if not self._backup_files():
                self._data = None
                return
            problem = "is missing"
        except (OSError, ValueError) as exc:
            problem = _problem(exc)
        for backup in self._backup_files():
            try:
                self._data = _parse(backup.read_bytes())
            except (OSError, ValueError):
                continue
            self.recovered_from = backup
            log.warning(
                "%s %s; loaded the newest good backup, %s. Check the latest changes.",
                self.path,
                problem,
                backup.name,
            )
            return
        why = ("they are missing" if problem == "is missing" else
               "they are not in the shape this app keeps them in" if "expected shape" in problem
               else "they cannot be read")
        raise DamagedFamily(
            f"The records of family '{self.path.parent.name}' cannot be used: {why}, and no earlier copy "
            "of them could be read either. Nothing was changed; ask for help before working on "
            "this family."
        )

    def _backup_files(self) -> list[Path]:
        if not self.backups.is_dir():
            return []
        return sorted(self.backups.glob("family-*.json"), reverse=True)

    # TinyDB's interface
    def read(self) -> dict[str, Any] | None:
        return self._data

    def write(self, data: dict[str, Any]) -> None:
        self._data = data
        self._dirty = True

    def close(self) -> None:
        pass

    @property
    def dirty(self) -> bool:
        return self._dirty

    def commit(self) -> None:
        if not self._dirty:
            return
        raw = json.dumps(self._data, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")
        if self.recovered_from is not None and self.path.exists():
            # keep the damaged file for whoever investigates, out of the way
            stamp = datetime.now().strftime("%Y%m%dT%H%M%S%f")
            os.replace(self.path, self.backups / f"damaged-{stamp}.json")
        atomic_write_bytes(self.path, raw)
        self._dirty = False
        self.recovered_from = None
        try:
            self._write_backup(raw)
        except OSError as exc:  # the change is saved; only its extra copy is missing
            log.warning("%s was saved, but its backup copy could not be written (%s)",
                        self.path, exc.strerror or exc.__class__.__name__)

    def _write_backup(self, raw: bytes) -> None:
        self.backups.mkdir(mode=0o700, exist_ok=True)
        stamp = datetime.now().strftime("%Y%m%dT%H%M%S%f")
        atomic_write_bytes(self.backups / f"family-{stamp}.json", raw)
        for old in self._backup_files()[BACKUPS_KEPT:]:
            old.unlink(missing_ok=True)


class FamilyDB:
    """Typed access to one family's records inside a transaction."""

    def __init__(self, db: TinyDB, storage: UnitOfWorkStorage):
        self.db = db
        self.storage = storage

    @property
    def recovered_from(self) -> Path | None:
        return self.storage.recovered_from

    def save_now(self) -> None:
        """Write the changes so far, before the transaction ends (when a file move that
        goes with them must be undone should the write fail); the end writes only later ones."""
        self.storage.commit()

    def table(self, name: str):
        return self.db.table(name)

    # family
    def family(self) -> Family:
        return Family.from_dict(self.table("family").get(doc_id=1))

    def put_family(self, family: Family) -> None:
        self.table("family").upsert(Document(family.to_dict(), doc_id=1))

    # sessions
    def sessions(self) -> list[Session]:
        rows = [Session.from_dict(d) for d in self.table("sessions").all()]
        return sorted(rows, key=lambda s: s.number)

    def session(self, number: int) -> Session:
        doc = self.table("sessions").get(doc_id=number)
        return Session.from_dict(doc) if doc else Session(number)

    def put_session(self, session: Session) -> None:
        self.table("sessions").upsert(Document(session.to_dict(), doc_id=session.number))

    # clips and moments, keyed by their own ids
    def clips(self) -> list[Clip]:
        return sorted(
            (Clip.from_dict(d) for d in self.table("clips").all()),
            key=lambda c: (c.session, c.imported, c.id),
        )

    def clip(self, clip_id: str) -> Clip | None:
        return self._get("clips", clip_id, Clip)

    def put_clip(self, clip: Clip) -> None:
        self._put("clips", clip.to_dict())

    def remove_clip(self, clip_id: str) -> None:
        self._remove("clips", clip_id)

    def moments(self) -> list[Moment]:
        return sorted(
            (Moment.from_dict(d) for d in self.table("moments").all()),
            key=lambda m: (m.for_session, m.order, m.created, m.id),
        )

    def moment(self, moment_id: str) -> Moment | None:
        return self._get("moments", moment_id, Moment)

    def put_moment(self, moment: Moment) -> None:
        self._put("moments", moment.to_dict())

    def remove_moment(self, moment_id: str) -> None:
        self._remove("moments", moment_id)

    def _get(self, table: str, record_id: str, cls):
        for doc in self.table(table).all():
            if doc.get("id") == record_id:
                return cls.from_dict(doc)
        return None

    def _put(self, table: str, record: dict[str, Any]) -> None:
        t = self.table(table)
        for doc in t.all():
            if doc.get("id") == record["id"]:
                t.update(record, doc_ids=[doc.doc_id])
                return
        t.insert(record)

    def _remove(self, table: str, record_id: str) -> None:
        t = self.table(table)
        t.remove(doc_ids=[d.doc_id for d in t.all() if d.get("id") == record_id])


_locks: dict[Path, FileLock] = {}
_locks_guard = threading.Lock()


def _lock_for(path: Path) -> FileLock:
    """One lock object per file per process; filelock serialises threads and processes."""
    from filelock import FileLock  # imported on the first write: reading takes no lock

    with _locks_guard:
        if path not in _locks:
            _locks[path] = FileLock(str(path), timeout=60, mode=0o600)
        return _locks[path]


class Store:
    """All families in one data folder."""

    def __init__(self, data: DataDir):
        self.data = data

    def exists(self, family_id: str) -> bool:
        return self.data.family_db(family_id).exists() or self.data.backups_dir(family_id).is_dir()

    def family_ids(self) -> list[str]:
        self.finish_interrupted_erases()
        return self.data.family_ids()

    @contextmanager
    def transaction(self, family_id: str) -> Iterator[FamilyDB]:
        """Change one family's records; everything is written at once when the block ends.

        An exception inside the block writes nothing.
        """
        self.finish_interrupted_erases()
        folder = self.data.family_dir(family_id)
        if not folder.is_dir():
            raise NotFound(f"There is no family '{family_id}'.")
        with plain_write_errors(self.data.root), _lock_for(folder / ".lock"):
            fdb = self._open(family_id)
            yield fdb
            fdb.save_now()

    @contextmanager
    def reading(self, family_id: str) -> Iterator[FamilyDB]:
        """Read one family's records. No lock is needed: files are replaced whole."""
        self.finish_interrupted_erases()
        if not self.data.family_dir(family_id).is_dir():
            raise NotFound(f"There is no family '{family_id}'.")
        yield self._open(family_id)

    def check_readable(self, family_id: str) -> None:
        """NotFound when there is no such family, the plain reason when its records cannot
        be read; nothing otherwise."""
        with self.reading(family_id):
            pass

    def _open(self, family_id: str) -> FamilyDB:
        storage = UnitOfWorkStorage(
            self.data.family_db(family_id), self.data.backups_dir(family_id)
        )
        storage.load()
        if storage.read() is None:
            raise NotFound(f"There is no family '{family_id}'.")
        fdb = FamilyDB(TinyDB(storage=lambda: storage), storage)
        schema = (fdb.table("_meta").get(doc_id=1) or {}).get("schema", 0)
        if schema > SCHEMA_VERSION:
            raise BadInput(
                f"Family '{family_id}' was saved by a newer version of vipp-session "
                f"(data version {schema}); update the program to open it."
            )
        return fdb

    def create(self, family: Family, sessions: list[Session]) -> None:
        """Create a family's folder and file in one step: it appears whole, or not at all."""
        with plain_write_errors(self.data.root):
            self._create(family, sessions)

    def _create(self, family: Family, sessions: list[Session]) -> None:
        self.data.families_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        staging = self.data.families_dir / f"{CREATING_PREFIX}{family.id}-{os.getpid()}"
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir(mode=0o700)
        (staging / ".lock").touch(mode=0o600)  # present from the start, so later writes add no file
        try:
            storage = UnitOfWorkStorage(staging / "family.json", staging / "backups")
            fdb = FamilyDB(TinyDB(storage=lambda: storage), storage)
            fdb.table("_meta").insert(Document({"schema": SCHEMA_VERSION}, doc_id=1))
            fdb.put_family(family)
            for session in sessions:
                fdb.put_session(session)
            storage.commit()
            try:
                os.rename(staging, self.data.family_dir(family.id))
            except OSError:
                if self.data.family_dir(family.id).exists():
                    raise BadInput(
                        f"A family with the id '{family.id}' already exists.", field="id"
                    ) from None
                raise
            fsync_dir(self.data.families_dir)
        finally:
            shutil.rmtree(staging, ignore_errors=True)

    def erase(self, family_id: str) -> None:
        """Remove a family and everything of theirs: records, backups, clips, stills, summaries,
        uploads. An erase that was interrupted (killed, a power cut) is finished first, so
        erasing a family whose erase was cut short also works."""
        folder = self.data.family_dir(family_id)
        if not folder.is_dir() and not erasure.was_cut_short(self.data, family_id):
            raise NotFound(f"There is no family '{family_id}'.")  # and nothing is written
        with plain_write_errors(self.data.root), erasure.erasing(self.data, 60) as finished:
            if not folder.is_dir():
                if family_id in finished:
                    return
                raise NotFound(f"There is no family '{family_id}'.")
            with _lock_for(folder / ".lock"):
                # rename first so a half-finished erase never looks like a family
                doomed = self.data.families_dir / f"{ERASING_PREFIX}{family_id}-{os.getpid()}"
                os.rename(folder, doomed)
                fsync_dir(self.data.families_dir)
            erasure.remove_tree(doomed)
            erasure.remove_tree(self.data.uploads_dir(family_id))
        with _locks_guard:
            _locks.pop(folder / ".lock", None)

    def finish_interrupted_erases(self) -> list[str]:
        """Finish any erase a stopped process left half-done (see erasure.py)."""
        return erasure.finish_interrupted_erases(self.data)
