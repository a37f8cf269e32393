"""What the tone check found in a session's moments, one line per sentence, each with a
link to its moment: for the session page, the notice before Present and her copies.

A finding is a prompt for the clinician, never a verdict; a clean check says what
was checked (the check can miss things), not that all is well.
"""

from __future__ import annotations

import html

from nicegui import ui

from vipp_session.tone.session import MomentCheck
from vipp_session.ui import urls


def moment_links(moments) -> dict[str, str]:
    """Moment id -> the address that opens it in its clip."""
    return {m.id: urls.clip(m.clip, m.id) for m in moments}


def marked(text: str, spans: list[tuple[int, int]]) -> str:
    """The sentence with the flagged words in <mark>, everything escaped."""
    out, at = [], 0
    for start, end in sorted(spans):
        if start < at:
            continue
        out += [html.escape(text[at:start]), "<mark>", html.escape(text[start:end]), "</mark>"]
        at = end
    return "".join(out + [html.escape(text[at:])])


def finding_lines(checks: list[MomentCheck], links: dict[str, str], where: str = "Moment",
                  marker: str = "tone-finding", reading: bool = True) -> None:
    """`checks`: every moment of a session, in the order shown (a moment's place is
    counted among them). Each flagged moment: a link named by its place, then one line per sentence (the words
    highlighted, why, a kinder way), then its length or reading age when too long or hard
    (`reading=False` leaves those out)."""
    for place, check in enumerate(checks, start=1):  # in the order shown, counted from 1
        if not (check.sentences or reading and check.reading):
            continue
        with ui.column().classes("w-full gap-0 pl-2 border-l-4 border-orange-300").mark(marker):
            ui.link(f"{where} {place}: look at it", links.get(check.moment_id, "#")) \
                .classes("text-sm font-semibold").mark(f"{marker}-link")
            sentence_lines(check.text, check.sentences, check.reading if reading else [])


def sentence_lines(text: str, sentences, reading) -> None:
    """One line per flagged sentence of `text` (its words highlighted, why, a kinder way),
    then what its length or reading age asks."""
    for line in sentences:
        raw = text[line.start:line.end]
        lead = line.start + len(raw) - len(raw.lstrip())  # the sentence is stripped
        spans = [(max(0, f.start - lead), f.end - lead) for f in line.findings]
        ui.html(f"“{marked(line.sentence, spans)}”", sanitize=False).classes("text-sm")
        first = line.findings[0]
        ui.label(f"{first.reason} {first.suggestion}").classes("text-sm")
    for f in reading:
        ui.label(f"{f.reason} {f.suggestion}").classes("text-sm")
