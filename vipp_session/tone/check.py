"""Running the rules over a text: findings with spans, one sentence at a time."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from vipp_session.manual.placeholders import Voice, render
from vipp_session.tone.finding import Finding
from vipp_session.tone.reading import TAKE_HOME_WORDS, READING_AGE, reading_findings, sentences
from vipp_session.tone.rules import RULES, TAG_QUESTION, Rule
from vipp_session.tone.wording import REASONS, SUGGESTIONS

AUDIENCES = ("mother", "clinician")
CATEGORIES = tuple(REASONS) + ("reading",)

_CLAUSE_START = re.compile(r"(?:^|[.!?;:,—–(]|\band\b|\bbut\b|\bso\b|\bthen\b)[\s\"“‘']*$",
                           re.IGNORECASE)
_CLAUSE_BREAK = re.compile(r"[,;:—–()]|\b(?:and|but|so|while|when|because|as|until|then|"
                           r"before|after|once|if)\b", re.IGNORECASE)
_QUOTED = re.compile(r"\"[^\"]*\"|“[^”]*”")
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")
# who a clause is about: 'you' (or 'Mum') is her; these are someone or something else
_YOU = {"you", "your", "you're", "you've", "you'd", "mum", "mummy", "mama", "mom", "mommy"}
_OTHER_SUBJECTS = {"he", "she", "they", "it", "i", "we", "the", "a", "an", "this", "his", "their",
                   "my", "its", "he's", "she's", "they're", "it's", "i'm", "there", "daddy"}
_MARKERS = {"finally", "at", "last", "long", "actually", "for", "once", "a", "change",
            "surprisingly", "amazingly", "well", "done", "wow", "oh", "and", "so"}
# 'you' as the subject of a verb also reads 'Mum' or 'Mummy' ('Mum could have waited',
# 'Mummy missed his cue'): a caption may speak of her in the third person.
_YOU_BEFORE_A_VERB = re.compile(r"(?<![\w'])you(?= (?:\{ADV\}|\(\?:|[a-z]))")
_SHE = "(?:you|mum|mummy|mam|mammy|mama|mom|mommy|mother)"
_PRONOUNS = {
    "she": re.compile(r"\b(?:she|her|hers|herself)\b", re.IGNORECASE),
    "he": re.compile(r"\b(?:he|him|his|himself)\b", re.IGNORECASE),
    "they": re.compile(r"\b(?:they|them|their|theirs|themselves)\b", re.IGNORECASE),
}


@dataclass(frozen=True)
class SentenceCheck:
    """One sentence with everything found in it: one line on a page, however many findings."""

    start: int
    end: int
    sentence: str
    findings: list[Finding] = field(default_factory=list)

    @property
    def categories(self) -> list[str]:
        return list(dict.fromkeys(f.category for f in self.findings))

    def to_dict(self) -> dict:
        return {"start": self.start, "end": self.end, "sentence": self.sentence,
                "categories": self.categories, "findings": [f.to_dict() for f in self.findings]}


@lru_cache(maxsize=1)
def _compiled() -> tuple[tuple[Rule, re.Pattern, re.Pattern | None, re.Pattern | None], ...]:
    def whole(pattern: str) -> re.Pattern:
        pattern = _YOU_BEFORE_A_VERB.sub(_SHE, pattern)
        return re.compile(rf"(?<![\w'-])(?:{pattern})(?![\w'-])", re.IGNORECASE)
    return tuple(
        (rule, whole(rule.pattern), whole(rule.unless) if rule.unless else None,
         re.compile(rule.needs, re.IGNORECASE) if rule.needs else None)
        for rule in RULES
    )


def _plain(text: str) -> str:
    """Curly apostrophes as straight ones, and quoted speech blanked (same length)."""
    text = text.replace("’", "'").replace("‘", "'")
    return _QUOTED.sub(lambda m: m.group(0)[0] + " " * (len(m.group(0)) - 2) + m.group(0)[-1],
                       text)


def _covered(unless: re.Pattern | None, sentence: str, start: int, end: int) -> bool:
    return bool(unless) and any(u.start() <= start and u.end() >= end
                                for u in unless.finditer(sentence))


def _clause(sentence: str, start: int, end: int) -> tuple[str, str]:
    """The words of the clause before and after a match."""
    before = sentence[:start]
    cut = [m.end() for m in _CLAUSE_BREAK.finditer(before)]
    head = before[cut[-1]:] if cut else before
    after = sentence[end:]
    stop = _CLAUSE_BREAK.search(after)
    return head, after[: stop.start()] if stop else after


def _about_her(sentence: str, start: int, end: int) -> bool:
    """Is the clause around this match about something she did ('you finally ...')?"""
    head, tail = _clause(sentence, start, end)
    words = [w.lower() for w in _WORD.findall(head) if w.lower() not in _MARKERS]
    if not words and not [w for w in _WORD.findall(tail) if w.lower() not in _MARKERS]:
        # the word stands alone ('Surprisingly, you ...'): read the next clause
        rest = sentence[end:]
        stop = _CLAUSE_BREAK.search(rest)
        tail = rest[stop.end():] if stop else rest
        nxt = _CLAUSE_BREAK.search(tail)
        tail = tail[: nxt.start()] if nxt else tail
    if re.search(r"\b(?:from|by|of) you\b", head + " " + tail, re.IGNORECASE):
        return True
    # the nearest subject before the word ('that you're finally ...'), else the first after it
    for word in [*reversed(words), *(w.lower() for w in _WORD.findall(tail))]:
        if word in _YOU:
            return True
        if word in _OTHER_SUBJECTS:
            return False
    return False


def _rule_applies(rule: Rule, needs: re.Pattern | None, sentence: str, m: re.Match) -> bool:
    if needs and not needs.search(sentence):
        return False
    if rule.where == "clause-start" and not _CLAUSE_START.search(sentence[: m.start()]):
        return False
    if rule.where == "her-act" and not _about_her(sentence, m.start(), m.end()):
        return False
    return True


def guess_pronouns(text: str) -> str:
    """she, he or they: whichever the text uses most for someone other than her."""
    counts = {p: len(rx.findall(text)) for p, rx in _PRONOUNS.items()}
    best = max(counts, key=lambda p: counts[p])
    return best if counts[best] else "they"


def _suggestion(rule: Rule, voice: Voice) -> str:
    return render(rule.suggestion or SUGGESTIONS[rule.category], voice)


def _sentence_findings(text: str, start: int, end: int, audience: str,
                       voice: Voice) -> list[Finding]:
    raw = text[start:end]
    plain = _plain(raw)
    candidates = []
    for order, (rule, pattern, unless, needs) in enumerate(_compiled()):
        if audience == "clinician" and not rule.clinician:
            continue
        haystack = raw.replace("’", "'") if rule.category == "clinical" else plain
        for m in pattern.finditer(haystack):
            if _covered(unless, haystack, m.start(), m.end()):
                continue
            if not _rule_applies(rule, needs, haystack, m):
                continue
            candidates.append((m.start(), -(m.end() - m.start()), order, m, rule))
    found: list[Finding] = []
    taken_until = {True: -1, False: -1}
    # the longest words win where two rules overlap ('you should have', not 'should'); a
    # clinical word is always named, even inside a longer finding
    for s, _, _, m, rule in sorted(candidates, key=lambda c: c[:3]):
        clinical = rule.category == "clinical"
        if s < taken_until[clinical]:
            continue
        taken_until[clinical] = m.end()
        found.append(Finding(rule.category, start + m.start(), start + m.end(),
                             text[start + m.start():start + m.end()],
                             rule.reason or REASONS[rule.category], _suggestion(rule, voice)))
    found.sort(key=lambda f: (f.start, f.end))
    if found and audience == "mother":
        tag = re.search(TAG_QUESTION, plain, re.IGNORECASE)
        if tag and not any(f.start <= start + tag.start() < f.end for f in found):
            s = start + tag.start() + 1 + (len(tag.group(0)) - len(tag.group(0)[1:].lstrip()) - 1)
            found.append(Finding("question", s, start + tag.end(), text[s:start + tag.end()],
                                 REASONS["question"], render(SUGGESTIONS["question"], voice)))
    return found


def check_tone(
    text: str,
    audience: str = "mother",
    *,
    take_home: bool = False,
    max_words: int | None = None,
    reading_age: int = READING_AGE,
    voice: Voice | None = None,
) -> list[Finding]:
    """Everything in `text` that a person should look at again, in order of position.

    audience='mother': everything she may read or hear (all categories).
    audience='clinician': notes for the clinician (diagnoses and labels only).
    take_home=True: also the length (at most `max_words`, default 80) and reading age.
    voice: the child's name and pronouns for the suggestions (default: 'your child',
    with the pronouns the text itself uses).
    """
    if audience not in AUDIENCES:
        raise ValueError(f"audience must be one of {AUDIENCES}")
    voice = voice or Voice("your child", "Mummy", guess_pronouns(text))
    findings: list[Finding] = []
    for start, end in sentences(text):
        findings += _sentence_findings(text, start, end, audience, voice)
    if take_home or max_words is not None:
        findings += reading_findings(text, max_words or TAKE_HOME_WORDS, reading_age)
    return sorted(findings, key=lambda f: (f.start, f.end))


def check_sentences(text: str, audience: str = "mother", *,
                    voice: Voice | None = None) -> list[SentenceCheck]:
    """The sentences that need a look, each once with all its findings."""
    findings = [f for f in check_tone(text, audience, voice=voice) if f.category != "reading"]
    checks = []
    for start, end in sentences(text):
        mine = [f for f in findings if start <= f.start < end]
        if mine:
            checks.append(SentenceCheck(start, end, text[start:end].strip(), mine))
    return checks
