"""Length and reading age of what goes home with a mother.

Readability: Flesch-Kincaid grade level from words per sentence and
syllables per word (syllables from syllapy's table of common English words,
which needs nothing from the internet), read as a reading age of grade + 5.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass

import syllapy

from vipp_session.tone.finding import Finding

READING_AGE = 9  # what a take-home text aims at
TAKE_HOME_WORDS = 80
LONG_SENTENCE_WORDS = 20

# --- reading level ---------------------------------------------------------------

_WORDS = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’-]*")
_SENTENCE = re.compile(r"[^.!?]+(?:[.!?]+[\"”’')]*|$)")


@dataclass(frozen=True)
class Reading:
    words: int
    sentences: int
    syllables: int
    flesch_reading_ease: float
    grade: float  # Flesch-Kincaid grade level
    reading_age: float  # grade + 5: the age of a child for whom this is a usual read

    def to_dict(self) -> dict:
        return asdict(self)


def word_count(text: str) -> int:
    return len(_WORDS.findall(text))


def syllables(word: str) -> int:
    word = word.replace("’", "'")
    if "-" in word:
        return sum(syllables(part) for part in word.split("-") if part)
    return max(1, syllapy.count(word))


def sentences(text: str) -> list[tuple[int, int]]:
    """Character spans of the sentences in the text."""
    spans = []
    for m in _SENTENCE.finditer(text):
        if _WORDS.search(m.group(0)):
            lead = len(m.group(0)) - len(m.group(0).lstrip())
            spans.append((m.start() + lead, m.end()))
    return spans


def reading_level(text: str) -> Reading:
    words = _WORDS.findall(text)
    n_sentences = max(1, len(sentences(text)))
    n_words = max(1, len(words))
    n_syllables = sum(syllables(w) for w in words)
    per_sentence = n_words / n_sentences
    per_word = n_syllables / n_words
    ease = 206.835 - 1.015 * per_sentence - 84.6 * per_word
    grade = 0.39 * per_sentence + 11.8 * per_word - 15.59
    return Reading(len(words), n_sentences, n_syllables, round(ease, 1), round(grade, 1),
                   round(grade + 5, 1))


def too_hard(level: Reading, reading_age: int = READING_AGE) -> bool:
    """Harder than `reading_age` once rounded: the formula is a guide, not a measure to
    a decimal place, so 'about age 9' meets an age-9 aim."""
    return level.reading_age >= reading_age + 0.5


def reading_findings(text: str, max_words: int = TAKE_HOME_WORDS,
                     reading_age: int = READING_AGE) -> list[Finding]:
    """Length and reading age of a text that goes home with the mother."""
    findings = []
    whole = (0, len(text))
    n = word_count(text)
    if n > max_words:
        findings.append(Finding("reading", *whole, text,
                                f"{n} words; at most {max_words} keeps it easy to take in.",
                                "Keep one idea; cut the rest."))
    level = reading_level(text)
    if too_hard(level, reading_age):
        findings.append(Finding(
            "reading", *whole, text,
            f"Reads at about age {_age(level.reading_age)}; aim for age {reading_age} or under.",
            "Use shorter sentences and everyday words.",
        ))
    for start, end in sentences(text):
        if word_count(text[start:end]) > LONG_SENTENCE_WORDS:
            findings.append(Finding("reading", start, end, text[start:end],
                                    f"A long sentence (over {LONG_SENTENCE_WORDS} words).",
                                    "Split it in two."))
    return findings


def _age(reading_age: float) -> str:
    return "18 or over" if reading_age >= 18 else f"{reading_age:.0f}"
