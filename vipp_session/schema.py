"""The shape of a family's file, checked every time it is read.

A file can be valid JSON and still not be a family's records (`{"_meta": {}}`,
a session that is a string, a number where a date belongs). The store treats
such a file like a damaged one: it opens the newest good backup, with a
warning. `problem_in` names the first thing wrong by its place in the file,
never by its value, so the reason can be logged without anyone's name.

Each record's fields are listed with the kind of value they hold; a field
the record's class gives no default is required.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import MISSING, dataclass, fields
from datetime import date, datetime
from typing import Any

from vipp_session.model import (
    PRONOUNS,
    SESSION_NUMBERS,
    SESSION_STATUSES,
    Clip,
    Family,
    Moment,
    Session,
)


@dataclass(frozen=True)
class Kind:
    says: str  # what the value should be, in words
    fits: Callable[[Any], bool]
    may_be_empty: bool = False

    def accepts(self, value: Any) -> bool:
        return (value is None and self.may_be_empty) or self.fits(value)


def _parses(parse: Callable[[str], Any], value: Any) -> bool:
    try:
        parse(value)
    except (TypeError, ValueError):
        return False
    return isinstance(value, str)


def optional(kind: Kind) -> Kind:
    return Kind(kind.says + " or nothing", kind.fits, may_be_empty=True)


def one_of(values) -> Kind:
    return Kind("one of " + ", ".join(map(str, values)), lambda v: v in values)


TEXT = Kind("text", lambda v: isinstance(v, str))
WHOLE = Kind("a whole number", lambda v: isinstance(v, int) and not isinstance(v, bool))
NUMBER = Kind("a number", lambda v: isinstance(v, (int, float)) and not isinstance(v, bool)
              and math.isfinite(v))
YES_NO = Kind("true or false", lambda v: isinstance(v, bool))
DATE = Kind("a date (YYYY-MM-DD)", lambda v: _parses(date.fromisoformat, v))
DATETIME = Kind("a date and time", lambda v: _parses(datetime.fromisoformat, v))
OBJECTS = Kind("a list of objects", lambda v: isinstance(v, list)
               and all(isinstance(x, dict) for x in v))

RECORDS: dict[str, tuple[type, dict[str, Kind]]] = {
    "family": (Family, {
        "id": TEXT, "child": TEXT, "born": DATE, "pronouns": one_of(PRONOUNS),
        "mother": optional(TEXT), "mum_word": TEXT, "clinician": optional(TEXT),
        "consent_date": optional(DATE), "wants_copies": optional(YES_NO),
        "child_voice": YES_NO, "created": optional(DATETIME),
    }),
    "sessions": (Session, {
        "number": one_of(SESSION_NUMBERS), "date": optional(DATETIME),
        "status": one_of(SESSION_STATUSES), "notes": TEXT,
    }),
    "clips": (Clip, {
        "id": TEXT, "family": TEXT, "session": one_of(SESSION_NUMBERS), "file": TEXT, "ext": TEXT,
        "sha256": TEXT, "size_bytes": WHOLE, "duration": NUMBER, "width": WHOLE, "height": WHOLE,
        "rotation": WHOLE, "fps": NUMBER, "vfr": YES_NO, "frames": WHOLE, "video_codec": TEXT,
        "audio_codec": optional(TEXT), "proxy_mode": TEXT, "start_time": NUMBER,
        "hdr": one_of(("hlg", "pq", "none")),
        "recorded_at": optional(TEXT), "imported": optional(DATETIME),
    }),
    "moments": (Moment, {
        "id": TEXT, "clip": TEXT, "at": NUMBER, "frame": WHOLE, "kind": TEXT,
        "for_session": one_of(SESSION_NUMBERS), "message_id": optional(TEXT), "text": TEXT,
        "note": TEXT, "in_summary": YES_NO, "order": NUMBER, "highlights": OBJECTS,
        "created": optional(DATETIME),
    }),
}


def schema_version(data: Any) -> int | None:
    """The data version a family file says it has, or None when it says none."""
    try:
        version = data["_meta"]["1"]["schema"]
    except (KeyError, TypeError):
        return None
    return version if WHOLE.fits(version) else None


def problem_in(data: Any) -> str | None:
    """The first thing wrong with a family file's shape, in words; None when it is sound."""
    if not isinstance(data, dict):
        return "it is not a set of tables"
    if schema_version(data) is None:
        return "it has no data version"
    for table, docs in data.items():
        if not isinstance(docs, dict):
            return f"the table '{table}' is not a set of records"
        for doc_id, doc in docs.items():
            if not doc_id.isdigit() or not isinstance(doc, dict):
                return f"record {doc_id!r} of the table '{table}' is not a record"
    if set(data.get("family", {})) != {"1"}:
        return "it does not hold exactly one family record"
    for table, checks in _CHECKS.items():
        for doc_id, doc in data.get(table, {}).items():
            problem = _record_problem(checks, doc)
            if problem:
                return f"in record {doc_id} of the table '{table}', {problem}"
    return None


def _checks(cls: type, kinds: dict[str, Kind]) -> list[tuple[str, Kind | None, bool]]:
    """(field, kind, required) for each field of a record's class, worked out once."""
    return [(f.name, kinds.get(f.name),
             f.default is MISSING and f.default_factory is MISSING) for f in fields(cls)]


_CHECKS = {table: _checks(cls, kinds) for table, (cls, kinds) in RECORDS.items()}


def _record_problem(checks: list[tuple[str, Kind | None, bool]], doc: dict[str, Any]) -> str | None:
    for name, kind, required in checks:
        if name not in doc:
            if required:
                return f"'{name}' is missing"
            continue
        value = doc[name]
        if kind is not None and not kind.accepts(value):
            return f"'{name}' is not {kind.says}"
    return None
