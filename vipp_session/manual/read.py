"""Read a message library folder into records, noting every structural problem.

The files are written by people in a text editor, so this reads leniently and
reports precisely: a typo in a field name, a missing part or a wrong type
becomes a Problem naming the file, the line and the message, and reading goes
on so that one run shows everything to fix.

Long texts may be wrapped over several lines in the file: single line breaks
become spaces, and a blank line starts a new paragraph.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

from vipp_session.manual.model import (
    COMPONENTS,
    TRACKS,
    VOICES,
    Discipline,
    Kind,
    Limits,
    Manual,
    Message,
    Problem,
    SessionContent,
)
from vipp_session.manual.placeholders import PLACEHOLDER_HELP

PROGRAMME_FILE = "programme.toml"
SESSION_FILE = "session-{}.toml"
_KIND_ID = re.compile(r"^[a-z][a-z0-9-]{0,39}$")
_SESSION_NAME = re.compile(r"^session-(\d+)\.toml$")

PROGRAMME_KEYS = {"programme", "limits", "placeholders", "kind"}
SESSION_KEYS = {"session", "title", "theme", "discipline", "filming", "visit", "take_home",
                "message"}
MESSAGE_KEYS = {"id", "kind", "component", "voice", "text", "tracks"}
FIELD_LINES = {  # the session fields whose line a problem report points to
    None: ("title",),
    "theme": ("clinician", "mother"),
    "discipline": ("theme", "clinician", "mother", "look_for", "tip"),
    "filming": (*TRACKS, "look_for"),
    "visit": ("opening", "debrief"),
    "take_home": ("text", "tips"),
}


def unwrap(text: str) -> str:
    """Join wrapped lines with spaces; keep blank lines as paragraph breaks."""
    paragraphs = re.split(r"\n\s*\n", text.strip())
    return "\n\n".join(" ".join(p.split()) for p in paragraphs if p.strip())


class _File:
    """One TOML file: its text, its parsed data, and the problems found in it."""

    def __init__(self, root: Path, name: str, problems: list[Problem]):
        self.name = name
        self.problems = problems
        self.data: dict[str, Any] | None = None
        path = root / name
        try:
            self.raw = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            self.raw = ""
            self.add(f"the file is missing from {root}")
            return
        except (OSError, UnicodeDecodeError) as exc:
            self.raw = ""
            self.add(f"the file cannot be read ({exc.__class__.__name__}: {exc})")
            return
        try:
            self.data = tomllib.loads(self.raw)
        except tomllib.TOMLDecodeError as exc:
            detail = str(exc)
            at = re.search(r"\(at line (\d+), column (\d+)\)", detail)
            line = int(at.group(1)) if at else None
            detail = re.sub(r"\s*\(at line \d+, column \d+\)", "", detail) or "syntax error"
            self.add(f"this is not valid TOML ({detail}); check the quotes, brackets and = "
                     "signs on this line and the one before", line=line)

    def add(self, text: str, line: int | None = None, message: str | None = None,
            field: str | None = None) -> None:
        self.problems.append(Problem(self.name, text, line, message, field))

    def line_of_header(self, table: str) -> int | None:
        """The line of the `[table]` header, 1-based."""
        header = re.compile(rf"^\s*\[{re.escape(table)}\]\s*(#.*)?$")
        return next((i + 1 for i, line in enumerate(self.raw.splitlines()) if header.match(line)),
                    None)

    def line_of_key(self, table: str | None, key: str, after: int | None = None) -> int | None:
        """The line on which `key = ...` is set: in [table], at the top of the file (table
        None), or in the part that begins after line index `after`. 1-based."""
        lines = self.raw.splitlines()
        if after is not None:
            start = after
        elif table:
            header = self.line_of_header(table)
            if header is None:
                return None
            start = header
        else:
            start = 0
        pattern = re.compile(rf"^\s*\"?{re.escape(key)}\"?\s*=")
        for i in range(start, len(lines)):
            if re.match(r"^\s*\[", lines[i]):
                return None  # the next part begins
            if pattern.match(lines[i]):
                return i + 1
        return None

    def line_of_message(self, message_id: str, nth: int = 0) -> int | None:
        pattern = re.compile(rf"^\s*id\s*=\s*[\"']{re.escape(message_id)}[\"']")
        hits = [i + 1 for i, line in enumerate(self.raw.splitlines()) if pattern.match(line)]
        return hits[nth] if nth < len(hits) else (hits[-1] if hits else None)


def _text(f: _File, table: dict, key: str, where: str, required: bool = True) -> str:
    value = table.get(key)
    section = where.rsplit(".", 1)[0] if "." in where else None
    if value is None:
        if required:
            f.add(f"'{key}' is missing", f.line_of_header(section) if section else None,
                  field=where)
        return ""
    if not isinstance(value, str) or not value.strip():
        f.add(f"'{key}' must be some text in quotes", f.line_of_key(section, key), field=where)
        return ""
    return unwrap(value)


def _texts(f: _File, table: dict, key: str, where: str) -> tuple[str, ...]:
    value = table.get(key)
    section = where.rsplit(".", 1)[0] if "." in where else None
    if value is None:
        f.add(f"'{key}' is missing: a list of texts in [ ]",
              f.line_of_header(section) if section else None, field=where)
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        f.add(f"'{key}' must be a list of texts in quotes, inside [ ]",
              f.line_of_key(section, key), field=where)
        return ()
    return tuple(unwrap(v) for v in value)


def _table(f: _File, data: dict, key: str, known: set[str], required: bool = True) -> dict:
    value = data.get(key)
    if value is None:
        if required:
            f.add(f"the [{key}] part is missing", field=key)
        return {}
    if not isinstance(value, dict):
        f.add(f"'{key}' must be a [{key}] part", f.line_of_key(None, key), field=key)
        return {}
    for extra in sorted(set(value) - known):
        f.add(f"unknown field '{extra}' in [{key}] (known: {', '.join(sorted(known))})",
              f.line_of_key(key, extra), field=f"{key}.{extra}")
    return value


def _int(f: _File, table: dict, key: str, section: str, default: int, low: int = 0) -> int:
    value = table.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int) or value < low:
        f.add(f"'{key}' must be a whole number of at least {low}", f.line_of_key(section, key),
              field=f"{section}.{key}")
        return default
    return value


def read_library(root: Path) -> tuple[Manual | None, list[Problem]]:
    """Every record in the folder and every structural problem found on the way.

    The records are as complete as the files allow (None only when programme.toml
    cannot be read), so later checks can look at the rest in the same run.
    """
    problems: list[Problem] = []
    prog = _File(root, PROGRAMME_FILE, problems)
    if prog.data is None:
        return None, problems
    data = prog.data
    for extra in sorted(set(data) - PROGRAMME_KEYS):
        prog.add(f"unknown part '{extra}' (known: {', '.join(sorted(PROGRAMME_KEYS))})",
                 prog.line_of_key(None, extra) or prog.line_of_header(extra), field=extra)
    programme = _table(prog, data, "programme",
                       {"name", "title", "sessions", "discipline_sessions"})
    name = _text(prog, programme, "name", "programme.name")
    title = _text(prog, programme, "title", "programme.title")
    n_sessions = _int(prog, programme, "sessions", "programme", 6, low=1)
    discipline_sessions = programme.get("discipline_sessions", [])
    if not isinstance(discipline_sessions, list) or not all(
        isinstance(n, int) and 1 <= n <= n_sessions for n in discipline_sessions
    ):
        prog.add(f"'discipline_sessions' must be a list of session numbers from 1 to {n_sessions}",
                 prog.line_of_key("programme", "discipline_sessions"),
                 field="programme.discipline_sessions")
        discipline_sessions = []
    limits_table = _table(prog, data, "limits", set(Limits.__dataclass_fields__), required=False)
    limits = Limits(**{k: _int(prog, limits_table, k, "limits", getattr(Limits(), k), low=1)
                       for k in Limits.__dataclass_fields__})
    placeholders = _table(prog, data, "placeholders", set(PLACEHOLDER_HELP), required=False)
    del placeholders  # documentation for editors; _table has reported unknown names
    kinds = _read_kinds(prog, data)

    sessions = {}
    for n in range(1, n_sessions + 1):
        content = _read_session(root, n, {k.id for k in kinds}, n in discipline_sessions, problems)
        if content is not None:
            sessions[n] = content
    for path in sorted(root.glob("session-*.toml")):
        m = _SESSION_NAME.match(path.name)
        if m and not 1 <= int(m.group(1)) <= n_sessions:
            problems.append(Problem(path.name, f"this file is not read: programme.toml says there "
                                    f"are {n_sessions} sessions"))
    _check_unique_ids(sessions, problems)
    return Manual(root, name, title, tuple(kinds), sessions, tuple(discipline_sessions),
                  limits), problems


def _read_kinds(prog: _File, data: dict) -> list[Kind]:
    raw = data.get("kind")
    if not isinstance(raw, list) or not raw:
        prog.add("no moment kinds: add [[kind]] parts with an id, label, about and minimum",
                 field="kind")
        return []
    kinds, seen = [], set()
    for i, item in enumerate(raw):
        if not isinstance(item, dict):
            continue
        kid = item.get("id")
        line = prog.line_of_key(None, "id", after=_nth_header(prog.raw, "[[kind]]", i))
        if not isinstance(kid, str) or not _KIND_ID.match(kid):
            prog.add("a kind's id must be short, lower-case letters, digits and hyphens "
                     f"(found {kid!r})", line, field="kind")
            continue
        if kid in seen:
            prog.add(f"the kind '{kid}' is listed twice", line, field=f"kind {kid}")
            continue
        seen.add(kid)
        for extra in sorted(set(item) - {"id", "label", "about", "minimum"}):
            prog.add(f"unknown field '{extra}' in kind '{kid}'", line, field=f"kind {kid}")
        minimum = item.get("minimum", 1)
        if isinstance(minimum, bool) or not isinstance(minimum, int) or minimum < 0:
            prog.add(f"kind '{kid}': 'minimum' must be a whole number", line, field=f"kind {kid}")
            minimum = 1
        label = item.get("label") if isinstance(item.get("label"), str) else kid
        about = item.get("about") if isinstance(item.get("about"), str) else ""
        kinds.append(Kind(kid, unwrap(label), unwrap(about), minimum))
    return kinds


def _nth_header(raw: str, header: str, n: int) -> int:
    """The 0-based index of the line after the n-th `header` line (0 if there is none)."""
    hits = [i for i, line in enumerate(raw.splitlines()) if line.strip().startswith(header)]
    return hits[n] + 1 if n < len(hits) else 0


def _read_session(root: Path, n: int, kind_ids: set[str], has_discipline: bool,
                  problems: list[Problem]) -> SessionContent | None:
    f = _File(root, SESSION_FILE.format(n), problems)
    if f.data is None:
        return None
    data = f.data
    for extra in sorted(set(data) - SESSION_KEYS):
        f.add(f"unknown part '{extra}' (known: {', '.join(sorted(SESSION_KEYS))})",
              f.line_of_key(None, extra) or f.line_of_header(extra), field=extra)
    if data.get("session") != n:
        f.add(f"'session' must be {n} in this file (found {data.get('session')!r})",
              f.line_of_key(None, "session"), field="session")
    title = _text(f, data, "title", "title")
    theme = _table(f, data, "theme", {"clinician", "mother"})
    filming = _table(f, data, "filming", {*TRACKS, "look_for"})
    visit = _table(f, data, "visit", {"opening", "debrief"})
    take_home = _table(f, data, "take_home", {"text", "tips"})
    discipline = None
    if has_discipline:
        d = _table(f, data, "discipline", {"theme", "clinician", "mother", "look_for", "tip"})
        discipline = Discipline(
            _text(f, d, "theme", "discipline.theme"),
            _text(f, d, "clinician", "discipline.clinician"),
            _text(f, d, "mother", "discipline.mother"),
            _texts(f, d, "look_for", "discipline.look_for"),
            _text(f, d, "tip", "discipline.tip"),
        )
    elif "discipline" in data:
        f.add(f"there is a [discipline] part, but programme.toml does not list session {n} in "
              "discipline_sessions", f.line_of_key(None, "discipline"), field="discipline")
    messages = _read_messages(f, n, data.get("message"), kind_ids, has_discipline)
    lines = {}
    for table, keys in FIELD_LINES.items():
        for key in keys:
            line = f.line_of_key(table, key)
            if line:
                lines[f"{table}.{key}" if table else key] = line
    return SessionContent(
        number=n,
        title=title,
        theme_clinician=_text(f, theme, "clinician", "theme.clinician"),
        theme_mother=_text(f, theme, "mother", "theme.mother"),
        discipline=discipline,
        filming={t: _texts(f, filming, t, f"filming.{t}") for t in TRACKS},
        look_for=_texts(f, filming, "look_for", "filming.look_for"),
        opening=_text(f, visit, "opening", "visit.opening"),
        debrief=_text(f, visit, "debrief", "visit.debrief"),
        take_home=_text(f, take_home, "text", "take_home.text"),
        tips=_texts(f, take_home, "tips", "take_home.tips"),
        messages=tuple(messages),
        file=f.name,
        lines=lines,
    )


def _read_messages(f: _File, n: int, raw: Any, kind_ids: set[str],
                   has_discipline: bool) -> list[Message]:
    if raw is None:
        f.add("there are no messages: add [[message]] parts", field="message")
        return []
    if not isinstance(raw, list):
        f.add("messages must each start with [[message]]", f.line_of_key(None, "message"))
        return []
    messages, seen = [], {}
    for i, item in enumerate(raw):
        header_line = _nth_header(f.raw, "[[message]]", i)
        if not isinstance(item, dict):
            f.add("messages must each start with [[message]]", header_line or None)
            continue
        mid = item.get("id")
        if not isinstance(mid, str) or not mid.strip():
            f.add("a message has no id", header_line or None, field=f"message {i + 1}")
            continue
        seen[mid] = seen.get(mid, -1) + 1
        line = f.line_of_message(mid, seen[mid])
        where = {"line": line, "message": mid}
        if not re.match(rf"^s{n}-[a-z0-9-]+$", mid):
            f.add(f"a message id here starts with 's{n}-' and has only lower-case letters, "
                  "digits and hyphens, so anyone can find it", **where)
        for extra in sorted(set(item) - MESSAGE_KEYS):
            f.add(f"unknown field '{extra}' (known: {', '.join(sorted(MESSAGE_KEYS))})", **where)
        kind = item.get("kind")
        if kind not in kind_ids:
            f.add(f"unknown kind {kind!r}; the kinds are in programme.toml: "
                  f"{', '.join(sorted(kind_ids))}", **where)
        component = item.get("component", "sensitivity")
        if component not in COMPONENTS:
            f.add(f"component must be one of {', '.join(COMPONENTS)} (found {component!r})",
                  **where)
        elif component == "discipline" and not has_discipline:
            f.add(f"a discipline message, but session {n} has no discipline part", **where)
        voice = item.get("voice", "clinician")
        if voice not in VOICES:
            f.add(f"voice must be one of {', '.join(VOICES)} (found {voice!r})", **where)
        tracks = _tracks(f, item["tracks"], component, where) if "tracks" in item else (
            ("sd",) if component == "discipline" else TRACKS)
        text = item.get("text")
        if not isinstance(text, str) or not text.strip():
            f.add("the message has no text", **where)
            continue
        messages.append(Message(mid, n, str(kind), str(component), str(voice), unwrap(text),
                                f.name, line, tracks))
    return messages


def _tracks(f, raw, component, where) -> tuple[str, ...]:
    """The tracks a message is offered on: a list of 'infant' and 'sd' (by default both,
    and the sd track only for a discipline message)."""
    if not isinstance(raw, list) or not raw or any(t not in TRACKS for t in raw):
        f.add(f"tracks must be a list of {' and '.join(TRACKS)}, e.g. tracks = [\"sd\"] "
              f"(found {raw!r})", **where)
        return TRACKS
    if component == "discipline" and "infant" in raw:
        f.add("a discipline message is for the sd track only; the infant track never shows "
              "discipline messages", **where)
    return tuple(t for t in TRACKS if t in raw)


def _check_unique_ids(sessions: dict[int, SessionContent], problems: list[Problem]) -> None:
    first: dict[str, Message] = {}
    for n in sorted(sessions):
        for m in sessions[n].messages:
            if m.id in first:
                other = first[m.id]
                problems.append(Problem(m.file, f"the id is used twice (also {other.file} line "
                                        f"{other.line}); each message needs its own id",
                                        m.line, m.id))
            else:
                first[m.id] = m
