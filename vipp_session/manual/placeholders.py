"""Placeholders in the message library, and filling them in for one family.

A message is written once and reads right for every child:

    {child}        the child's first name                      Ruby
    {mum}          what the child calls their mother           Mummy
    {they}         she / he / they                             she
    {them}         her / him / them                            her
    {their}        her / his / their                           her
    {theirs}       hers / his / theirs                         hers
    {themselves}   herself / himself / themselves              herself
    {They} ...     the same with a capital letter, for the start of a sentence

Verbs that change with 'they' are written as a pair, the she/he form first:

    {They} {looks|look} at you.   ->  She looks at you.  /  They look at you.
    {they} {is|are}, {was|were}, {has|have}, {does|do}, {doesn't|don't}

Only 'they' needs the pair: after {child} write the verb plainly ('{child} looks').
"""

from __future__ import annotations

import re
from dataclasses import dataclass

PRONOUN_SETS = ("she", "he", "they")

# placeholder name -> (she, he, they)
PRONOUN_FORMS: dict[str, tuple[str, str, str]] = {
    "they": ("she", "he", "they"),
    "them": ("her", "him", "them"),
    "their": ("her", "his", "their"),
    "theirs": ("hers", "his", "theirs"),
    "themselves": ("herself", "himself", "themselves"),
}
NAME_PLACEHOLDERS = {
    "child": "the child's first name",
    "mum": "what the child calls their mother (Mummy, Mama, Mum ...)",
}

# Everything an editor may write between braces, with what it becomes (for the docs and
# the check that programme.toml lists the same set).
PLACEHOLDER_HELP: dict[str, str] = {
    **NAME_PLACEHOLDERS,
    **{name: " / ".join(forms) for name, forms in PRONOUN_FORMS.items()},
    "They, Them, Their, Theirs, Themselves": "the same, starting with a capital letter",
    "looks|look": "a verb that changes with 'they': the she/he form, a bar, the 'they' form",
}

_BRACED = re.compile(r"\{([^{}]*)\}")
_PAIR = re.compile(r"^[A-Za-z'’ -]+\|[A-Za-z'’ -]+$")
_TOKEN = re.compile(r"\s*(\{[^{}]*\}|[A-Za-z'’-]+)")
_STARTS_SENTENCE = re.compile(r"(?:^|[.!?][\"”’')]*\s+|\n\s*)[\"“‘'(]?$")
_SENTENCE_START_PRONOUN = re.compile(
    r"(?:^|[.!?][\"”’']?\s+)[\"“‘']?\{(they|them|their|theirs|themselves)\}"
)

# After {they}, a plain word that needs no she/they pair: it does not change with 'they'.
_MODALS = {"can", "can't", "cannot", "could", "couldn't", "will", "won't", "would", "wouldn't",
           "may", "might", "shall"}
_ADVERBS = {"also", "always", "often", "never", "still", "just", "then", "now", "soon", "even",
            "really", "sometimes", "already", "almost", "quickly", "slowly", "clearly", "gently",
            "happily", "quietly", "suddenly", "only", "first", "too", "all", "both", "so"}
_JOINING = {"and", "or", "but", "with", "to", "as", "than", "if", "when"}
_IRREGULAR_PAST = {"saw", "felt", "made", "got", "came", "went", "took", "gave", "found", "knew",
                   "heard", "held", "left", "put", "ran", "sat", "said", "told", "thought",
                   "brought", "caught", "kept", "fell", "began", "chose", "did", "didn't", "had",
                   "hadn't", "let", "lost", "met", "paid", "read", "stood", "threw", "understood",
                   "won", "wore", "woke", "crept", "crawled", "hid", "bit", "drank", "ate", "sang"}


@dataclass(frozen=True)
class Voice:
    """What fills the placeholders for one family."""

    child: str
    mum: str = "Mummy"
    pronouns: str = "she"


SAMPLE_VOICES = tuple(Voice("Ruby", "Mummy", p) for p in PRONOUN_SETS)


def render(template: str, voice: Voice) -> str:
    """The template with every placeholder filled in for this family.

    Raises ValueError naming the placeholder if one is not known (check a
    template with `template_problems` first to get every problem at once).
    """
    index = PRONOUN_SETS.index(voice.pronouns)

    def fill(match: re.Match) -> str:
        name = match.group(1)
        if name in NAME_PLACEHOLDERS:
            word = voice.child if name == "child" else voice.mum
            # a name typed in lower case still starts a sentence with a capital
            if _STARTS_SENTENCE.search(template[: match.start()]):
                return word[:1].upper() + word[1:]
            return word
        if name in PRONOUN_FORMS:
            return PRONOUN_FORMS[name][index]
        lower = name[:1].lower() + name[1:]
        if name[:1].isupper() and lower in PRONOUN_FORMS:
            word = PRONOUN_FORMS[lower][index]
            return word[:1].upper() + word[1:]
        if _PAIR.match(name):
            singular, plural = name.split("|")
            return plural if voice.pronouns == "they" else singular
        raise ValueError(f"unknown placeholder {{{name}}}")

    if "{" not in template and "}" not in template:
        return template
    return _BRACED.sub(fill, template)


def placeholder_names(template: str) -> list[str]:
    return _BRACED.findall(template)


def template_problems(template: str) -> list[str]:
    """Plain reasons why a template would not read right for every child (empty if fine)."""
    problems: list[str] = []
    stray = _BRACED.sub("", template)
    if "{" in stray or "}" in stray:
        problems.append("a brace { or } is not closed; placeholders look like {child}")
    for name in placeholder_names(template):
        if not _known(name):
            problems.append(
                f"unknown placeholder {{{name}}}; use {{child}}, {{mum}}, {{they}}, {{them}}, "
                "{their}, {theirs}, {themselves} (or with a capital), or a verb pair like "
                "{looks|look}"
            )
    problems += _pair_problems(template)
    problems += _agreement_problems(template)
    problems += _capital_problems(template)
    return problems


def _known(name: str) -> bool:
    if name in NAME_PLACEHOLDERS or name in PRONOUN_FORMS:
        return True
    if name[:1].isupper() and (name[:1].lower() + name[1:]) in PRONOUN_FORMS:
        return True
    return bool(_PAIR.match(name))


def _pair_problems(template: str) -> list[str]:
    """A verb pair must belong to {they}: it decides between 'she looks' and 'they look'."""
    problems = []
    for m in _BRACED.finditer(template):
        if "|" not in m.group(1) or not _PAIR.match(m.group(1)):
            continue
        before = template[: m.start()]
        after = template[m.end():]
        # '{they} {looks|look}', '{they} really {likes|like}', '{they} {waits|wait} or
        # {shares|share}', or a question: '{is|are} {they}'
        subject_before = re.search(r"\{[Tt]hey\}(?:\s+(?:[A-Za-z'’-]+|\{[^{}]*\})){0,3}\s+$",
                                   before)
        subject_after = re.match(r"\s+\{[Tt]hey\}", after)
        if not (subject_before or subject_after):
            problems.append(
                f"the verb pair {{{m.group(1)}}} must follow {{they}} (as in '{{they}} "
                f"{{{m.group(1)}}}'); after {{child}} write the plain verb"
            )
    return problems


def _agreement_problems(template: str) -> list[str]:
    """'{they} looks' reads 'they looks': a verb straight after {they} needs a pair."""
    problems = []
    for m in re.finditer(r"\{(?:they|They)\}", template):
        if re.search(r"\|[^{}]*\}\s+$", template[: m.start()]):
            continue  # a question, '{is|are} {they} ...': the pair before it agrees
        pos = m.end()
        while token_match := _TOKEN.match(template, pos):
            token, pos = token_match.group(1), token_match.end()
            plain = token.lower().replace("’", "'")
            if plain in _ADVERBS or plain.endswith("ly"):
                continue  # '{they} really {likes|like}': look at the word after
            fine = (
                token.startswith("{")
                or plain in _MODALS
                or plain in _IRREGULAR_PAST
                or plain in _JOINING
                or plain.endswith("ed")
            )
            if not fine:
                words = template[m.start():pos].strip()
                problems.append(
                    f"'{words}' will not read right for both 'she' and 'they'; "
                    "write the verb as a pair, like {looks|look} or {is|are}"
                )
            break
    return problems


def _capital_problems(template: str) -> list[str]:
    problems = []
    for m in _SENTENCE_START_PRONOUN.finditer(template):
        name = m.group(1)
        problems.append(
            f"{{{name}}} starts a sentence here; write {{{name.capitalize()}}} for the capital"
        )
    for m in re.finditer(r"[a-z,;]\s+\{(They|Them|Their|Theirs|Themselves)\}", template):
        name = m.group(1)
        problems.append(f"{{{name}}} is in the middle of a sentence; write {{{name.lower()}}}")
    return problems
