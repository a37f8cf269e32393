"""The tone check: words a mother should never read from us, and text too hard to read.

Used on the message library (`manual check`) and on clinicians' own words
before anything is printed. Each finding carries the character span of the
words in the text it was given, so a screen can highlight them, and a plain
suggestion of what to say instead. A finding is a prompt for a person, not a
verdict: the clinician reads it and decides.

Categories:
    judging     judges her or her child ('should', 'wrong', 'naughty')
    blaming     puts the blame on her ('your fault', 'you never')
    commanding  tells her what to do ('Don't ...', 'you need to', 'make sure')
    label       a diagnosis or clinical label; never in anything a mother reads
    jargon      a professional word with an everyday one to use instead
    reading     too long, or harder to read than a nine-year-old reads easily

Readability: Flesch-Kincaid grade level from words per sentence and
syllables per word (syllables from syllapy's table of common English words,
which needs nothing from the internet), read as a reading age of grade + 5.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from functools import lru_cache

import syllapy

AUDIENCES = ("mother", "clinician")
READING_AGE = 9  # what a take-home text aims at
TAKE_HOME_WORDS = 80
LONG_SENTENCE_WORDS = 20

_APOS = "['’]"


@dataclass(frozen=True)
class Finding:
    category: str
    start: int  # character span of the words in the checked text
    end: int
    words: str
    reason: str
    suggestion: str

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class _Rule:
    category: str
    pattern: str
    suggestion: str
    where: str = "anywhere"  # or 'clause-start': only where a sentence or clause begins


REASONS = {
    "judging": "This can sound like a judgement of her or her child.",
    "blaming": "This can sound like blame.",
    "commanding": "This can sound like an order.",
    "label": "A diagnosis or clinical label: these never go in anything a mother reads.",
    "jargon": "A professional word; she may not know it.",
}

_TRY = "Say what she could try: 'You could ...' or 'It can help to ...'."
_CHILD = "Say what the child showed or felt: 'She was telling you ...'."
_LEAVE = "Leave it out, and describe what you saw the child do."

# Words and phrases, each a regular expression matched whole-word and case-insensitively.
# Left out on purpose, because kind sentences use them too: 'never' and 'always' alone
# ('he never took his eyes off you'), 'stop' mid-sentence ('she stopped to look at
# you'), 'poorly' (unwell), 'patient' ('you were so patient'), 'judge' ('this is not
# about judging you'), "doesn't" and "I don't" (the child's voice), 'too much', 'cold',
# 'unstable' (a tower of blocks), 'demanding' (a demanding week), 'because of you' and
# 'you made him' ('he laughed because of you', 'you made him laugh').
RULES: tuple[_Rule, ...] = (
    # judging her
    _Rule("judging", rf"should(?:n{_APOS}t| not| have)?|ought(?:n{_APOS}t)?(?: to)?",
          "'You could ...' or 'You might like to ...'."),
    _Rule("judging", rf"must(?:n{_APOS}t| not)?", "'It can help to ...'."),
    _Rule("judging", r"wrong(?:ly)?", "Say what helped, or what the child was showing."),
    _Rule("judging", r"bad(?:ly)?|worse|worst", "Say what went well, or that it was a hard "
          "moment for the child."),
    _Rule("judging", r"fail(?:s|ed|ing|ure|ures)?", _LEAVE),
    _Rule("judging", r"mistakes?|mistaken", "Leave it out; name what went well."),
    _Rule("judging", r"poor(?= (?:parenting|parent|mother|mum|bond|bonding|attachment|"
          r"attention|eye contact|play|job|care))", _LEAVE),
    _Rule("judging", r"not good enough|not enough", "Name what is there: 'you are noticing more "
          "and more'."),
    _Rule("judging", r"improve(?:s|d|ment)?|do better|try harder",
          "Name what is going well: 'you noticed that straight away'."),
    _Rule("judging", r"properly|the right way|the wrong way|(?:in)?correct(?:ly)?",
          "Describe what happened, without right or wrong."),
    _Rule("judging", r"intrusive|insensitive|unresponsive|harsh|hostile|chaotic|volatile|"
          r"erratic|over-?protective|over-?bearing|careless|irresponsible|selfish|lazy",
          _LEAVE),
    # judging the child
    _Rule("judging", r"naughty|spoil(?:t|ed)|manipulat(?:ive|ing|es?)|attention[- ]seeking|"
          r"clingy|whin(?:y|ey|ing|ger)|whing(?:y|ey|ing|e)|stubborn|defiant|"
          r"disobedien(?:t|ce)|bad-tempered|difficult (?:child|baby|toddler)|terrible twos|"
          r"misbehav(?:e|es|ed|ing|iour|ior)|acting up|playing up", _CHILD),
    _Rule("judging", r"tantrums?|meltdowns?", "'Big feelings' or 'a hard moment'."),
    _Rule("judging", r"punish(?:es|ed|ing|ment)?|smack(?:s|ed|ing)?",
          "Describe the calm pause or the limit, not a punishment."),
    # blaming
    _Rule("blaming", r"(?:your|her) fault|to blame|blam(?:e|es|ed|ing)",
          "Leave blame out; say what the child was feeling."),
    _Rule("blaming", r"you caused|you let (?:him|her|them) down",
          "Say what the child showed, not what she did to them."),
    _Rule("blaming", r"you never|you forgot|you ignored?|ignoring (?:him|her|them)",
          "Name a moment that went well instead."),
    _Rule("blaming", rf"you (?:didn{_APOS}t|did not|don{_APOS}t|do not) (?:notice|see|look|respond|"
          r"answer|listen|hear|play|help|comfort|pick|talk|smile|praise)",
          "Name a moment when she did, and what the child showed."),
    # commanding
    _Rule("commanding", rf"(?:please |just )?(?:don{_APOS}t|do not|dont|never|always|stop)",
          _TRY, where="clause-start"),
    _Rule("commanding", rf"you (?:don{_APOS}t|do not)", "Say it the positive way round: "
          "'You could ...'."),
    _Rule("commanding", rf"you (?:need|have|ought|got) to|you{_APOS}ve got to|you{_APOS}d better|"
          r"make sure|it is important that you|it's important that you|remember to|"
          r"i want you to|you will need to|you are to", _TRY),
    # labels and diagnoses
    _Rule("label", r"personality disorders?|(?:emotionally unstable|borderline)(?: personality)?|"
          r"bpd|eupd|pd|diagnos(?:is|es|ed|e|ing)|disorders?|disordered|"
          r"(?:reactive )?attachment disorders?", _LEAVE),
    _Rule("label", r"(?:insecure|insecurely|disorgani[sz]ed|avoidant|ambivalent|resistant|"
          r"anxious|anxiously) attach(?:ment|ed)|"
          r"attachment (?:style|type|classification|problems?)", _LEAVE),
    _Rule("label", r"safeguarding|child protection|social services|social workers?|"
          r"care proceedings|into care|at risk|high risk|risk of harm|risk assessment|"
          r"neglect(?:ed|ful|ing)?|abus(?:e|ed|ive)|maltreat(?:ment|ed)", _LEAVE),
    _Rule("label", r"mental(?:ly)? ill(?:ness)?|mental health (?:condition|problem|issue)s?|"
          r"psychiatric|psychos[ie]s|psychotic|depress(?:ion|ive|ed)|bipolar|schizo\w*|ptsd|"
          r"trauma(?:tic|tised|tized)?|self[- ]harm(?:ing)?|suicid\w*|overdos\w*|"
          r"autis(?:m|tic)|adhd|developmental delay|learning disabilit(?:y|ies)|"
          r"symptoms?|patholog\w*|dysfunction(?:al)?|deficits?|dysregulat\w*", _LEAVE),
    # professional words, with an everyday one
    _Rule("jargon", r"interventions?|vipp(?:-sd|-pmh)?|pmh", "'these visits'."),
    _Rule("jargon", r"sensitivity|sensitive discipline", "'noticing and answering your child'."),
    _Rule("jargon", r"(?:positive )?reinforce(?:ment|s|d)?", "'praise'."),
    _Rule("jargon", r"attune(?:d|ment)|contingen(?:t|cy|tly)", "'noticing and answering'."),
    _Rule("jargon", r"mentali[sz]\w*|reflective function\w*",
          "'wondering what your child is thinking or feeling'."),
    _Rule("jargon", r"attachment(?: behaviou?r| figure| system| theory)?|secure base|safe haven|"
          r"proximity", "'wanting to be close to you', 'your child's safe place'."),
    _Rule("jargon", r"(?:emotion(?:al)?|self|co)[- ]regulation|regulat(?:e|ing) (?:emotions?|"
          r"feelings?)", "'calming down together'."),
    _Rule("jargon", r"inductive discipline|non-?compliance|complian(?:t|ce)|comply",
          "'giving reasons', 'going along with'."),
    _Rule("jargon", r"exploration", "'exploring'."),
)

_CLAUSE_START = re.compile(r"(?:^|[.!?;:,—–(]|\band\b|\bbut\b|\bso\b)[\s\"“‘']*$", re.IGNORECASE)


@lru_cache(maxsize=1)
def _compiled() -> tuple[tuple[_Rule, re.Pattern], ...]:
    return tuple(
        (rule, re.compile(rf"(?<![\w'’-])(?:{rule.pattern})(?![\w'’-])", re.IGNORECASE))
        for rule in RULES
    )


def check_tone(
    text: str,
    audience: str = "mother",
    *,
    take_home: bool = False,
    max_words: int | None = None,
    reading_age: int = READING_AGE,
) -> list[Finding]:
    """Everything in `text` that a person should look at again, in order of position.

    audience='mother': everything she may read or hear (all categories).
    audience='clinician': notes for the clinician (labels only).
    take_home=True: also the length (at most `max_words`, default 80) and reading age.
    """
    if audience not in AUDIENCES:
        raise ValueError(f"audience must be one of {AUDIENCES}")
    candidates = []
    for order, (rule, pattern) in enumerate(_compiled()):
        if audience == "clinician" and rule.category != "label":
            continue
        for m in pattern.finditer(text):
            if rule.where == "clause-start" and not _CLAUSE_START.search(text[: m.start()]):
                continue
            candidates.append((m.start(), -(m.end() - m.start()), order, m, rule))
    findings: list[Finding] = []
    taken_until = -1
    # the longest words win where two rules overlap ('attachment disorder', not 'disorder')
    for start, _, _, m, rule in sorted(candidates, key=lambda c: c[:3]):
        if start < taken_until:
            continue
        taken_until = m.end()
        findings.append(Finding(rule.category, m.start(), m.end(), m.group(0),
                                REASONS[rule.category], rule.suggestion))
    if take_home or max_words is not None:
        findings += reading_findings(text, max_words or TAKE_HOME_WORDS, reading_age)
    return sorted(findings, key=lambda f: (f.start, f.end))


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
                                f"{n} words; at most {max_words} go home.",
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
