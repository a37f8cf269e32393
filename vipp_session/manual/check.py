"""The whole check of a message library: what `vipp-session manual check` runs.

On top of the structure (manual.read): every text's placeholders and grammar,
each text filled in for a she, a he and a they child without error, the tone of
everything a mother hears or reads, the length and reading age of what goes
home, the opening words of the first sessions, and enough messages of each kind
for every session and track.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from vipp_session import tone
from vipp_session.manual.model import TRACKS, Manual, Problem, SessionContent
from vipp_session.manual.read import read_library
from vipp_session.manual.placeholders import SAMPLE_VOICES, render, template_problems

# The opening words of these sessions must say plainly that the filming is about
# the child, not a judgement of her, and who will watch the video.
REASSURING_SESSIONS = (1, 2)
TIP_WORDS = 25


def check_library(root: Path) -> tuple[Manual | None, list[Problem]]:
    """The library's records (None if programme.toml is unreadable) and all its problems."""
    manual, problems = read_library(root)
    if manual is None:
        return None, problems
    for content in manual.sessions.values():
        problems += _session_problems(manual, content)
    return manual, problems


def _texts(content: SessionContent) -> Iterator[tuple[str, str, str, str | None]]:
    """(field, template, audience, message id) for every text in a session."""
    yield "title", content.title, "mother", None
    yield "theme.clinician", content.theme_clinician, "clinician", None
    yield "theme.mother", content.theme_mother, "mother", None
    d = content.discipline
    if d:
        yield "discipline.theme", d.theme, "clinician", None
        yield "discipline.clinician", d.clinician, "clinician", None
        yield "discipline.mother", d.mother, "mother", None
        yield "discipline.tip", d.tip, "mother", None
        for item in d.look_for:
            yield "discipline.look_for", item, "clinician", None
    for track, tasks in content.filming.items():
        for task in tasks:
            yield f"filming.{track}", task, "clinician", None
    for item in content.look_for:
        yield "filming.look_for", item, "clinician", None
    yield "visit.opening", content.opening, "mother", None
    yield "visit.debrief", content.debrief, "mother", None
    yield "take_home.text", content.take_home, "mother", None
    for tip in content.tips:
        yield "take_home.tips", tip, "mother", None
    for m in content.messages:
        yield "text", m.text, "mother", m.id


def _session_problems(manual: Manual, content: SessionContent) -> list[Problem]:
    problems: list[Problem] = []
    lines = {m.id: m.line for m in content.messages}

    def add(text: str, field: str, message: str | None) -> None:
        line = lines.get(message) if message else content.lines.get(field)
        problems.append(Problem(content.file, text, line, message,
                                None if message else field))

    for field, template, audience, message in _texts(content):
        if not template:
            continue  # already reported as missing
        grammar = template_problems(template)
        for text in grammar:
            add(text, field, message)
        if grammar:
            continue
        seen: set[tuple[str, str]] = set()
        for voice in SAMPLE_VOICES:
            words = render(template, voice)
            for f in tone.check_tone(words, audience, voice=voice):
                key = (f.category, f.words.lower())
                if key not in seen:
                    seen.add(key)
                    add(_describe(f), field, message)
        if message and tone.word_count(render(template, SAMPLE_VOICES[0])) > \
                manual.limits.message_words:
            add(f"over {manual.limits.message_words} words; a message is read aloud over a "
                "paused video, so keep it short", field, message)
    _take_home_problems(manual, content, add)
    _opening_problems(content, add)
    problems += _coverage_problems(manual, content)
    return problems


def _describe(f: tone.Finding) -> str:
    return f"'{f.words}' ({f.category}): {f.reason} {f.suggestion}"


def _take_home_problems(manual: Manual, content: SessionContent, add) -> None:
    limits = manual.limits
    if content.take_home and not template_problems(content.take_home):
        text = render(content.take_home, SAMPLE_VOICES[0])
        for f in tone.reading_findings(text, limits.take_home_words, limits.reading_age):
            add(f"{f.reason} {f.suggestion}", "take_home.text", None)
    tips = list(content.tips)
    for tip in tips:
        if tone.word_count(tip) > TIP_WORDS:
            add(f"a tip of over {TIP_WORDS} words: '{tip[:40]}...'; keep each tip to one "
                "short line", "take_home.tips", None)
    # what she reads: the theme in her words and the tips, on each track
    readable = {"theme.mother": [content.theme_mother], "take_home.tips": tips}
    if content.discipline:
        readable["discipline.mother"] = [content.discipline.mother]
        readable["discipline.tip"] = [*tips, content.discipline.tip]
    for field, texts in readable.items():
        if not texts or any(not t or template_problems(t) for t in texts):
            continue
        level = tone.reading_level(" ".join(render(t, SAMPLE_VOICES[0]) for t in texts))
        if tone.too_hard(level, limits.reading_age):
            add(f"reads at about age {level.reading_age:.0f}; aim for age {limits.reading_age} "
                "or under: shorter sentences and everyday words", field, None)
    counts = {"infant": len(tips)}
    if content.discipline:
        counts["sd"] = len(tips) + 1  # the discipline tip goes home on the sd track
    for track, n in counts.items():
        if tips and not limits.tips_min <= n <= limits.tips_max:
            add(f"{n} things to try on the {track} track; give {limits.tips_min} to "
                f"{limits.tips_max} (the sd track adds the discipline tip)", "take_home.tips", None)


def _opening_problems(content: SessionContent, add) -> None:
    if content.number not in REASSURING_SESSIONS or not content.opening:
        return
    words = content.opening.lower()
    if "judg" not in words:
        add("the opening words of this session must say plainly that the filming is about "
            "learning what the child is telling her, not about judging her", "visit.opening", None)
    if not any(w in words for w in ("watch", "see the video", "sees the video", "will see")):
        add("the opening words of this session must say who will watch the video",
            "visit.opening", None)


def _coverage_problems(manual: Manual, content: SessionContent) -> list[Problem]:
    problems = []
    n = content.number
    for kind in manual.kinds:
        for track in TRACKS:
            mine = [m for m in content.messages
                    if m.kind == kind.id and m.component == "sensitivity" and track in m.tracks]
            if len(mine) < kind.minimum:
                problems.append(Problem(
                    content.file,
                    f"{len(mine)} '{kind.id}' message(s) for session {n} on the {track} track; "
                    f"at least {kind.minimum} needed (discipline messages do not count: the "
                    "infant track never shows them)",
                    field=f"messages of kind {kind.id}",
                ))
            elif kind.minimum and not any(m.voice == "clinician" for m in mine):
                problems.append(Problem(
                    content.file,
                    f"every '{kind.id}' message for session {n} on the {track} track speaks for "
                    "the child; add one in the clinician's voice for families who prefer it",
                    field=f"messages of kind {kind.id}",
                ))
    if n in manual.discipline_sessions:
        discipline = [m for m in content.messages if m.component == "discipline"]
        need = manual.limits.discipline_messages
        if len(discipline) < need:
            problems.append(Problem(
                content.file,
                f"{len(discipline)} discipline message(s) for session {n}; at least {need} needed",
                field="discipline messages",
            ))
    return problems
