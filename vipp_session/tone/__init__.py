"""The tone check: words a mother should never read from us, and text too hard to read.

Used on the message library (`manual check`), on clinicians' own words for
each moment, and by the `tone` command. Each finding carries the character
span of the words in the text it was given (so a screen can highlight them),
the category, a plain reason and a kinder way to say it, in the child's own
name and pronouns. A finding is a prompt for a person, not a verdict: the
clinician reads it and decides.

The rules (rules.py) are patterns over the shape of a sentence, not lists of
sentences: 'you' + a modal + 'have' is hindsight, 'because you' + a hurt
child is blame, 'finally' next to what she did is grudging praise, and so on;
each rule names the warm sentences it must leave alone ('you should be proud',
'she must have loved', 'you missed her while she was at nursery').
"""

from vipp_session.tone.check import (
    AUDIENCES,
    CATEGORIES,
    Finding,
    SentenceCheck,
    check_sentences,
    check_tone,
)
from vipp_session.tone.reading import (
    LONG_SENTENCE_WORDS,
    READING_AGE,
    TAKE_HOME_WORDS,
    Reading,
    reading_findings,
    reading_level,
    sentences,
    syllables,
    too_hard,
    word_count,
)

__all__ = [
    "AUDIENCES", "CATEGORIES", "LONG_SENTENCE_WORDS", "READING_AGE", "TAKE_HOME_WORDS",
    "Finding", "Reading", "SentenceCheck", "check_sentences", "check_tone", "reading_findings",
    "reading_level", "sentences", "syllables", "too_hard", "word_count",
]
