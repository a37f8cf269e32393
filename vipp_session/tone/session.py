"""The tone check over a session's moments: every moment shown to her, printed or not.

What the session page, the notice before Present and the summary page ask:
which moments' words need a second look, one line per sentence (however many
findings it has), each with the moment's id so a page can link to it; and the
length and reading age of every tailored message. When nothing is found, the
message says what was checked rather than that nothing needs a look.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from vipp_session.manual.placeholders import Voice
from vipp_session.tone.check import SentenceCheck, check_sentences
from vipp_session.tone.finding import Finding
from vipp_session.tone.reading import READING_AGE, reading_findings

MESSAGE_WORDS = 40  # a message is read aloud over a paused video (the library's usual limit)
WHAT_IS_CHECKED = ("judging, blame, hindsight, grudging praise, labels of her or the child, "
                   "what she missed, orders and homework, clinical words and questions that "
                   "press, and each message's length and reading age")


@dataclass(frozen=True)
class MomentCheck:
    """What the tone check found in one moment's words."""

    moment_id: str
    position: int  # the order it is shown in
    in_summary: bool
    text: str
    sentences: list[SentenceCheck] = field(default_factory=list)
    reading: list[Finding] = field(default_factory=list)  # length and reading age

    @property
    def needs_a_look(self) -> bool:
        return bool(self.sentences or self.reading)

    def to_dict(self) -> dict:
        return {"moment": self.moment_id, "position": self.position,
                "in_summary": self.in_summary, "text": self.text,
                "sentences": [s.to_dict() for s in self.sentences],
                "reading": [f.to_dict() for f in self.reading]}


def check_message(text: str, voice: Voice | None = None, *, max_words: int = MESSAGE_WORDS,
                  reading_age: int = READING_AGE) -> tuple[list[SentenceCheck], list[Finding]]:
    """A tailored message: its sentences that need a look, and its length and reading age."""
    return check_sentences(text, voice=voice), message_reading(text, max_words, reading_age)


def message_reading(text: str, max_words: int = MESSAGE_WORDS,
                    reading_age: int = READING_AGE) -> list[Finding]:
    """Length and reading age of a message read to her (nothing for an empty one)."""
    return reading_findings(text, max_words, reading_age) if text.strip() else []


def check_moments(moments, voice: Voice | None = None, *, max_words: int = MESSAGE_WORDS,
                  reading_age: int = READING_AGE) -> list[MomentCheck]:
    """Every moment given (shown or printed), in the order shown, with what was found."""
    checks = []
    for moment in sorted(moments, key=lambda m: (m.for_session, m.order)):
        words = moment.text.strip()
        lines, reading = check_message(words, voice, max_words=max_words,
                                       reading_age=reading_age)
        checks.append(MomentCheck(moment.id, moment.order, moment.in_summary, words, lines,
                                  reading))
    return checks


def check_session(data, family_id: str, session) -> list[MomentCheck]:
    """Every moment shown at a family's session, printed or not, through the tone check."""
    from vipp_session import manual, validate
    from vipp_session.store import Store

    number = validate.session_number(session)
    with Store(data).reading(family_id) as db:
        family, moments = db.family(), db.moments()
    limits = manual.load_library(data).limits
    return check_moments([m for m in moments if m.for_session == number],
                         manual.voice_for(family), max_words=limits.message_words,
                         reading_age=limits.reading_age)


def summary_line(checks: list[MomentCheck]) -> str:
    """One plain line for a page: how many moments need a look, or what was checked."""
    flagged = [c for c in checks if c.needs_a_look]
    n = len(checks)
    if not n:
        return "No moments yet: there are no words to check."
    if flagged:
        return (f"{len(flagged)} of {n} moment{'s' if n != 1 else ''} "
                f"{'has' if len(flagged) == 1 else 'have'} words to look at again.")
    return (f"Checked the words of {n} moment{'s' if n != 1 else ''} for {WHAT_IS_CHECKED}: "
            "nothing was found. The check is a prompt, not a guarantee; read them as she "
            "will hear them.")


def check_one_moment(data, family_id: str, moment) -> MomentCheck:
    """One moment's words through the check, in its family's names and pronouns."""
    from vipp_session import manual
    from vipp_session.store import Store

    with Store(data).reading(family_id) as db:
        family = db.family()
    limits = manual.load_library(data).limits
    return check_moments([moment], manual.voice_for(family), max_words=limits.message_words,
                         reading_age=limits.reading_age)[0]


def describe(check: MomentCheck) -> list[str]:
    """Plain lines for a terminal: one per sentence, then length and reading age."""
    lines = []
    for line in check.sentences:
        words = ", ".join(f"'{f.words}' ({f.category})" for f in line.findings)
        lines.append(f"Moment {check.moment_id}: \"{line.sentence}\" — {words}. "
                     f"{line.findings[0].reason} {line.findings[0].suggestion}")
    for f in check.reading:
        lines.append(f"Moment {check.moment_id}: {f.reason} {f.suggestion}")
    return lines
