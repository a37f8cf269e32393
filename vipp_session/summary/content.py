"""What goes into a mother's take-home summary, and the checks before it is printed.

Only what is meant for her: the child's and her names as the child says
them, the session's theme and tips in her words, the moments marked for the
summary (pictures with highlights drawn in, and the words beneath), the next
visit and the clinician's name. Never a private note, a session note, a
family code, or a clinical label.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from vipp_session import tone, validate
from vipp_session.briefs import family_records
from vipp_session.manual import load_library, session_brief
from vipp_session.model import family_track
from vipp_session.moments import highlighted_still, still_path
from vipp_session.paths import DataDir


@dataclass
class SummaryMoment:
    picture: Path  # upright still with its highlights drawn in
    words: str
    moment_id: str | None = None


@dataclass
class SummaryContent:
    child: str
    mum_word: str
    session: int
    visit_date: date | None
    theme: str  # the session's theme in the mother's words
    moments: list[SummaryMoment] = field(default_factory=list)
    tips: list[str] = field(default_factory=list)
    next_visit: datetime | None = None
    clinician: str | None = None


@dataclass(frozen=True)
class PrintWarning:
    """Something to look at before printing; the clinician decides."""

    where: str  # e.g. 'moment 2', 'the child's name'
    text: str  # the words checked
    finding: tone.Finding | None  # a tone finding, with the span of the words
    message: str  # what to look at, in plain words


def build_summary(data: DataDir, family_id: str, session: int | str,
                  today: date | None = None, burn_highlights: bool = True) -> SummaryContent:
    """The summary's content; it only reads. burn_highlights=False names the plain stills
    (enough for checking the words), True the print copies with highlights."""
    n = validate.session_number(session)
    records = family_records(data, family_id)
    family, sessions, chosen = records.family, records.sessions, records.moments
    track = family_track(family, sessions, today or date.today())
    view = session_brief(load_library(data), n, family, track.name)
    this = next(s for s in sessions if s.number == n)
    following = next((s for s in sessions if s.number == n + 1), None)
    next_visit = (following.date if following and following.date
                  and following.status in ("planned", "rescheduled") else None)
    picked = [m for m in chosen if m.for_session == n and m.in_summary]
    return SummaryContent(
        child=family.child,
        mum_word=family.mum_word,
        session=n,
        visit_date=this.date.date() if this.date else None,
        theme=view.take_home,
        moments=[SummaryMoment(Path(highlighted_still(data, family_id, m) if burn_highlights
                                    else still_path(data, family_id, m)), m.text.strip(), m.id)
                 for m in picked],
        tips=view.tips,
        next_visit=next_visit,
        clinician=family.clinician,
    )


def check_moment_words(where: str, words: str) -> list[PrintWarning]:
    """A moment's words, as she will read or hear them, through the tone check."""
    warnings: list[PrintWarning] = []
    if not words:
        warnings.append(PrintWarning(where, "", None, "This picture has no words beneath it yet."))
    for finding in tone.check_tone(words, audience="mother"):
        warnings.append(PrintWarning(where, words, finding,
                                     f"{finding.reason} {finding.suggestion}"))
    return warnings


def check_before_printing(content: SummaryContent) -> list[PrintWarning]:
    """The clinician's own words through the tone check, and other things worth a look."""
    warnings: list[PrintWarning] = []
    for i, moment in enumerate(content.moments, start=1):
        warnings += check_moment_words(f"moment {i}", moment.words)
    for where, name in (("the child's name", content.child), ("the word for her", content.mum_word)):
        if " " in name.strip():
            warnings.append(PrintWarning(where, name, None,
                                    f"'{name}' has more than one word: check it is not a surname."))
    if content.clinician and len(content.clinician.split()) > 1:
        warnings.append(PrintWarning("your name", content.clinician, None,
                                "Only a first name is usual on what she keeps; check this is "
                                "how you want to sign it."))
    if not content.moments:
        warnings.append(PrintWarning("moments", "", None,
                                "No moments are marked for the summary: it will have no pictures."))
    return warnings
