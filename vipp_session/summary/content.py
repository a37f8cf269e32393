"""What goes into a mother's take-home sheet, every word filled in before it is laid out.

Only what is meant for her: the child's and her names as the child says them, the
session's theme and tips in her words, the moments marked for the sheet (pictures
with highlights drawn in, and the words beneath), then either the next visit or, at
the last visit, an ending; how to reach the clinician; and on the first sheet, what
happens to her videos. Never a private note, a session note, a family code, or a
clinical label. The words around her moments come from the library (wording.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from vipp_session import retention, validate, words
from vipp_session.briefs import family_records
from vipp_session.manual import load_library, session_brief, voice_for
from vipp_session.model import Family, Moment, Session, family_track
from vipp_session.moments import highlighted_still, still_path
from vipp_session.paths import DataDir
from vipp_session.settings import load_settings
from vipp_session.summary.picture import chosen_picture
from vipp_session.summary.voice import child_says
from vipp_session.summary.wording import SheetWords, load_sheet_words

# re-exported: the film and the review pack check words the same way
from vipp_session.summary.checks import PrintWarning, check_moment_words  # noqa: F401

LAST_SESSION = 6


@dataclass
class SummaryMoment:
    picture: Path  # upright still with its highlights drawn in
    words: str
    moment_id: str | None = None
    child_says: str | None = None  # "Maya would say:" when the words are in the child's voice
    label: str | None = None  # above the picture, e.g. "Visit 2" in the keepsake


@dataclass
class Section:
    heading: str
    paragraphs: list[str]


@dataclass
class SummaryContent:
    child: str
    mum_word: str
    session: int
    visit_date: date | None
    theme: str  # the session's theme in the mother's words
    title: str = ""  # "Maya and Mummy"
    visit_line: str = ""  # "Visit 2, Tuesday 5 January 2027"
    moments_heading: str = "What we saw together"
    tips_heading: str = "Things to try"
    moments: list[SummaryMoment] = field(default_factory=list)
    picture: Path | None = None  # the sheet's picture when no moment is marked
    tips: list[str] = field(default_factory=list)
    video: Section | None = None  # her videos, in writing: the first sheet only
    closing: Section | None = None  # the next visit, or the ending at the last one
    contact: str | None = None  # how to reach the clinician or change a visit
    sign_off: str = "See you soon,"
    clinician: str | None = None
    next_visit: datetime | None = None
    last_visit: bool = False


def is_last_visit(sessions: list[Session], n: int) -> bool:
    """The last visit of the programme: visit 6, or one after which every visit is cancelled
    (the programme ended early)."""
    later = [s for s in sessions if s.number > n]
    return n >= LAST_SESSION or (bool(later) and all(s.status == "cancelled" for s in later))


def next_visit_of(sessions: list[Session], n: int) -> datetime | None:
    following = next((s for s in sessions if s.number == n + 1), None)
    return (following.date if following and following.date
            and following.status in ("planned", "rescheduled") else None)


def clinician_name(family: Family, data: DataDir) -> str | None:
    """The name she knows the clinician by: the family's own, else the one in settings."""
    return (family.clinician or load_settings(data).clinician_name or "").strip() or None


def build_summary(data: DataDir, family_id: str, session: int | str,
                  today: date | None = None, burn_highlights: bool = True) -> SummaryContent:
    """The summary's content; it only reads. burn_highlights=False names the plain stills
    (enough for checking the words), True the print copies with highlights."""
    n = validate.session_number(session)
    records = family_records(data, family_id)
    family, sessions = records.family, records.sessions
    manual = load_library(data)
    view = session_brief(manual, n, family, family_track(family, sessions, today or date.today()).name)
    say = load_sheet_words(data, voice_for(family))
    settings = load_settings(data)
    clinician = clinician_name(family, data)
    who = clinician or say("sheet", "no_name")
    this = next(s for s in sessions if s.number == n)

    def picture(m: Moment) -> Path:
        return Path(highlighted_still(data, family_id, m) if burn_highlights
                    else still_path(data, family_id, m))

    picked = [m for m in records.moments if m.for_session == n and m.in_summary]
    chosen = None if picked else chosen_picture(data, family_id, n, records.moments)
    last = is_last_visit(sessions, n)
    next_visit = None if last else next_visit_of(sessions, n)
    visit_line = say("sheet", "visit", number=n)
    if this.date:
        visit_line += f", {words.long_day(this.date.date())}"
    return SummaryContent(
        child=family.child,
        mum_word=family.mum_word,
        session=n,
        visit_date=this.date.date() if this.date else None,
        theme=view.take_home,
        title=say("sheet", "title"),
        visit_line=visit_line,
        moments_heading=say("sheet", "moments_heading"),
        tips_heading=say("sheet", "tips_heading"),
        moments=[SummaryMoment(picture(m), m.text.strip(), m.id,
                               child_says(say, manual, m)) for m in picked],
        picture=picture(chosen) if chosen else None,
        tips=view.tips,
        video=_video_section(say, who, family, sessions, settings.retention_days) if n == 1 else None,
        closing=_closing(say, last, next_visit),
        contact=(say("contact", "after_last" if last else "line", clinician=who, contact=settings.service_contact.strip())
                 if settings.service_contact.strip() else None),
        sign_off=say("ending" if last else "next_visit", "sign_off"),
        clinician=clinician,
        next_visit=next_visit,
        last_visit=last,
    )


def _video_section(say: SheetWords, who: str, family: Family, sessions: list[Session],
                   retention_days: int | None) -> Section:
    until = retention.kept_until(family, sessions, retention_days)
    kept = (say("video", "kept_until", until=words.month_year(until)) if until
            else say("video", "kept"))
    return Section(say("video", "heading"),
                   [" ".join((say("video", "who", clinician=who), kept, say("video", "yours")))])


def _closing(say: SheetWords, last: bool, next_visit: datetime | None) -> Section:
    if last:
        return Section(say("ending", "heading"), [say("ending", "text")])
    if next_visit:
        return Section(say("next_visit", "heading"),
                       [say("next_visit", "planned", date=words.long_day(next_visit.date()),
                            time=words.printed_clock(next_visit))])
    return Section(say("next_visit", "heading"), [say("next_visit", "unplanned")])
