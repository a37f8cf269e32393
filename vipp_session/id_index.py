"""Which family a clip or a moment belongs to, found by its id without reading every family.

A small file (DataDir.id_index) maps each clip and moment id to its family's code. It is
never the source of truth: a lookup reads the family it names and checks the id is
there. When the file is missing, unreadable or wrong (an id it does not know, a family
since erased), it is built again from the families' own records, once, and the lookup
retried. New clips and moments are added to it as they are saved; an erase removes
the file, so no code of an erased family is left in it.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable
from typing import TypeVar

from vipp_session.errors import NotFound
from vipp_session.fsutil import atomic_write_text
from vipp_session.paths import DataDir
from vipp_session.store import FamilyDB, Store

T = TypeVar("T")
log = logging.getLogger(__name__)
_writing = threading.Lock()


def find(data: DataDir, item_id: str, read: Callable[[FamilyDB], T | None]) -> tuple[str, T] | None:
    """(family code, what `read` found) for the family holding `item_id`, or None."""
    family_id = _load(data).get(item_id)
    found = _read_one(data, family_id, read) if family_id else None
    if found is None:
        family_id = rebuild(data).get(item_id)
        found = _read_one(data, family_id, read) if family_id else None
    return None if found is None else (family_id, found)


def remember(data: DataDir, item_id: str, family_id: str) -> None:
    """Add a newly saved clip or moment; a failure only means a rebuild later."""
    with _writing:
        ids = _load(data)
        if ids.get(item_id) == family_id:
            return
        ids[item_id] = family_id
        _save(data, ids)


def rebuild(data: DataDir) -> dict[str, str]:
    """Read every family once and write the index again; returns it."""
    store, ids = Store(data), {}
    for family_id in store.family_ids():
        try:
            with store.reading(family_id) as db:
                for item in [*db.clips(), *db.moments()]:
                    ids[item.id] = family_id
        except NotFound:
            continue  # erased while the index was built
    with _writing:
        _save(data, ids)
    return ids


def _read_one(data: DataDir, family_id: str, read: Callable[[FamilyDB], T | None]) -> T | None:
    try:
        with Store(data).reading(family_id) as db:
            return read(db)
    except NotFound:
        return None


def _load(data: DataDir) -> dict[str, str]:
    try:
        ids = json.loads(data.id_index.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return ids if isinstance(ids, dict) else {}


def _save(data: DataDir, ids: dict[str, str]) -> None:
    try:
        atomic_write_text(data.id_index, json.dumps(ids, sort_keys=True))
    except OSError as exc:  # a read-only or full disk: lookups fall back to reading families
        log.warning("the id index could not be saved (%s)", exc.strerror or exc)
