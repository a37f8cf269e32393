"""The checks before her sheet is printed: the one home for how a moment's words are
listed for a second look (the sheet, the review pack and the film all use it).

Every moment shown to her at the session is checked, printed or not (she hears the
words in the presentation too), one line per sentence however many findings it has,
each line knowing its moment so a page can link to it. When nothing is found, the
message says what was checked, not that nothing needs a look.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from vipp_session import tone, validate
from vipp_session.briefs import family_records
from vipp_session.manual.placeholders import Voice
from vipp_session.paths import DataDir
from vipp_session.settings import load_settings
from vipp_session.tone.session import MomentCheck, check_session, summary_line


@dataclass(frozen=True)
class PrintWarning:
    """Something to look at before printing; the clinician decides."""

    where: str  # e.g. 'moment 2', 'the child's name'
    text: str  # the words checked
    finding: tone.Finding | None  # the first finding, with the span of the words
    message: str  # what to look at, in plain words
    findings: tuple[tone.Finding, ...] = ()  # every finding in this sentence
    moment_id: str | None = None
    clip_id: str | None = None

    @property
    def needs_confirming(self) -> bool:
        """Words that could hurt (not only length or reading age): printing needs a tick."""
        return self.finding is not None and self.finding.category != "reading"


def _sentence_warning(where: str, text: str, line: tone.SentenceCheck, **about) -> PrintWarning:
    first = line.findings[0]
    others = [f"'{f.words}' ({f.category})" for f in line.findings[1:]]
    more = f" Also {', '.join(others)}." if others else ""
    return PrintWarning(where, text, first, f"{first.reason} {first.suggestion}{more}",
                        tuple(line.findings), **about)


def check_moment_words(where: str, words: str, voice: Voice | None = None) -> list[PrintWarning]:
    """A moment's words, as she will read or hear them: one warning per sentence."""
    if not words:
        return [PrintWarning(where, "", None, "This picture has no words beneath it yet.")]
    return [_sentence_warning(where, words, line)
            for line in tone.check_sentences(words, voice=voice)]


@dataclass
class SheetChecks:
    moments: list[MomentCheck]  # every moment shown at the session
    words: list[PrintWarning] = field(default_factory=list)  # one per sentence, per moment
    notes: list[PrintWarning] = field(default_factory=list)  # names, picture, contact
    headline: str = ""  # how many need a look, or what was checked

    @property
    def needs_confirming(self) -> bool:
        return any(w.needs_confirming for w in self.words)


def sheet_checks(data: DataDir, family_id: str, session: int | str,
                 content=None) -> SheetChecks:
    """Every moment shown at the session through the tone check, and what the sheet lacks."""
    n = validate.session_number(session)
    records = family_records(data, family_id)
    clip_of = {m.id: m.clip for m in records.moments}
    checks = check_session(data, family_id, n)
    words: list[PrintWarning] = []
    for shown, check in enumerate(checks, start=1):
        where = f"moment {shown}" + ("" if check.in_summary else " (shown, not printed)")
        about = {"moment_id": check.moment_id, "clip_id": clip_of.get(check.moment_id)}
        if not check.text:
            words.append(PrintWarning(where, "", None, "This moment has no words yet.", **about))
        words += [_sentence_warning(where, check.text, line, **about) for line in check.sentences]
        words += [PrintWarning(where, check.text, f, f"{f.reason} {f.suggestion}", (f,), **about)
                  for f in check.reading]
    return SheetChecks(checks, words, _notes(data, records, content), summary_line(checks))


def _notes(data: DataDir, records, content) -> list[PrintWarning]:
    family = records.family
    notes = []
    for where, name in (("the child's name", family.child), ("the word for her", family.mum_word)):
        if " " in name.strip():
            notes.append(PrintWarning(where, name, None,
                                      f"'{name}' has more than one word: check it is not a surname."))
    settings = load_settings(data)
    if not settings.service_contact.strip() or not (family.clinician or settings.clinician_name):
        notes.append(PrintWarning("how to reach you", "", None,
                                  "Her sheet has no way to reach you or change a visit yet. "
                                  "Fill in your name and contact once: it goes on every family's sheet."))
    if content is not None and not content.moments and content.picture is None:
        notes.append(PrintWarning("the picture", "", None,
                                  "No moment is marked for this sheet, so it has no picture. "
                                  "A picture of her with her child means a lot: choose one of the family's stills."))
    return notes


def describe(warning: PrintWarning) -> str:
    """One plain line for a terminal: where, the sentence, every word found, and what to do."""
    if not warning.findings:
        return f"Check {warning.where}: {warning.message}"
    first = warning.findings[0]
    if first.category == "reading":
        return f"Check {warning.where}: {warning.message}"
    sentence = next((s.sentence for s in _sentences(warning)), warning.text)
    found = ", ".join(f"'{f.words}' ({f.category})" for f in warning.findings)
    return f"Check {warning.where}: \"{sentence}\" — {found}. {first.reason} {first.suggestion}"


def _sentences(warning: PrintWarning):
    return [s for s in tone.check_sentences(warning.text)
            if s.start <= warning.findings[0].start < s.end]
