"""What goes into a review pack: everything prepared for one session, for the supervisor.

A supervisor reviews the prepared feedback before every visit. So, unlike the
take-home summary, the pack holds what only the clinician and supervisor see:
the family code, the session's theme as the manual gives it to clinicians,
every moment prepared (in the summary or not), the scripted message beside the
words as the clinician tailored them, the private note, and what the tone
check found in the words the mother will hear.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from vipp_session import validate
from vipp_session.briefs import family_records
from vipp_session.manual import find_message, load_library, render_for, session_brief
from vipp_session.model import Session, family_track
from vipp_session.moments import highlighted_still, still_path
from vipp_session.paths import DataDir
from vipp_session.summary.content import PrintWarning, check_moment_words
from vipp_session.words import frame_number


@dataclass(frozen=True)
class ReviewMoment:
    number: int  # its place in the session, from 1
    moment_id: str
    picture: Path  # the still with its highlights drawn in
    clip_file: str
    at: float  # seconds from the clip's first frame
    frame: int  # as the annotator shows it, counting from 1
    kind: str  # the kind's label, e.g. 'Looking at each other'
    message_id: str | None
    scripted: str | None  # the scripted words in this family's words; None without a message
    words: str  # the words as tailored, which she hears and reads
    in_summary: bool
    note: str
    checks: list[PrintWarning] = field(default_factory=list)
    message_missing: bool = False  # the message id is no longer in the library in use

    @property
    def tailored(self) -> bool:
        """True when the words differ from the scripted ones (spacing aside)."""
        return self.scripted is None or _plain(self.scripted) != _plain(self.words)

    def changes(self) -> list[tuple[str, bool]]:
        """The tailored words in runs, each marked True where it is not in the scripted words."""
        return changed_runs(self.scripted or "", self.words)


@dataclass
class ReviewContent:
    family_id: str
    child: str
    age_months: int  # on the session's date, or on the day the pack is made
    age_on: date
    track: str  # 'infant' or 'sd'
    track_note: str | None
    clinician: str | None
    session: int
    title: str
    theme: str  # for the clinician, from the manual
    discipline_theme: str | None
    planned: datetime | None
    status: str
    made: date
    moments: list[ReviewMoment] = field(default_factory=list)

    @property
    def findings(self) -> int:
        """How many things the tone check found, across every moment."""
        return sum(1 for m in self.moments for c in m.checks if c.finding)


def _plain(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def changed_runs(scripted: str, tailored: str) -> list[tuple[str, bool]]:
    """`tailored` cut into runs of words, each marked True if the clinician added or changed
    it, so a supervisor sees at a glance what differs from the script. Words compare without
    regard to capitals or the punctuation around them."""
    old, new = scripted.split(), tailored.split()
    key = [re.sub(r"^\W+|\W+$", "", w).lower() for w in old]
    matcher = difflib.SequenceMatcher(a=key, b=[re.sub(r"^\W+|\W+$", "", w).lower()
                                                for w in new], autojunk=False)
    return [(" ".join(new[j1:j2]), tag != "equal")
            for tag, _, _, j1, j2 in matcher.get_opcodes() if j2 > j1]


def build_review(data: DataDir, family_id: str, session: int | str,
                 today: date | None = None, burn_highlights: bool = True) -> ReviewContent:
    """The pack's content; it only reads. burn_highlights=False names the plain stills."""
    n = validate.session_number(session)
    today = today or date.today()
    records = family_records(data, family_id)
    family, sessions, clips = records.family, records.sessions, records.clips
    prepared = records.moments_for(n)
    library = load_library(data)
    track = family_track(family, sessions, today)
    view = session_brief(library, n, family, track.name)
    this = next((s for s in sessions if s.number == n), Session(n))
    age_on = this.date.date() if this.date else today
    clip_files = {c.id: c.file for c in clips}
    kind_labels = {k.id: k.label for k in library.kinds}

    moments = []
    for number, m in enumerate(prepared, start=1):
        message = find_message(library, m.message_id) if m.message_id else None
        picture = (highlighted_still(data, family_id, m) if burn_highlights
                   else still_path(data, family_id, m))
        moments.append(ReviewMoment(
            number=number, moment_id=m.id, picture=Path(picture),
            clip_file=clip_files.get(m.clip, m.clip), at=m.at, frame=frame_number(m.frame),
            kind=kind_labels.get(m.kind, m.kind), message_id=m.message_id,
            scripted=render_for(message.text, family) if message else None,
            words=m.text.strip(), in_summary=m.in_summary, note=m.note.strip(),
            checks=check_moment_words(f"moment {number}", m.text.strip()),
            message_missing=bool(m.message_id) and message is None,
        ))
    discipline = view.discipline
    return ReviewContent(
        family_id=family.id, child=family.child, age_months=family.age_months(age_on),
        age_on=age_on, track=track.name, track_note=track.note, clinician=family.clinician,
        session=n, title=view.title, theme=view.theme_clinician,
        discipline_theme=(f"{discipline.theme}: {discipline.clinician}"
                          if discipline else None),
        planned=this.date, status=this.status, made=today, moments=moments,
    )
