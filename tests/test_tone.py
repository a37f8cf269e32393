"""The tone check: flagged words with spans and kinder suggestions, and reading age."""

from __future__ import annotations

import pytest

from vipp_session import tone
from vipp_session.tone import check_tone, reading_level


def flagged(text: str, **kw) -> list[tuple[str, str]]:
    return [(f.category, f.words) for f in check_tone(text, **kw)]


@pytest.mark.parametrize(("text", "category", "words"), [
    ("You should pick him up sooner.", "judging", "should"),
    ("You must keep calm.", "commanding", "You must"),
    ("That was the wrong toy.", "judging", "wrong"),
    ("It was a bad moment.", "judging", "bad"),
    ("You failed to notice.", "omission", "You failed to"),
    ("That was a mistake.", "judging", "mistake"),
    ("He was so naughty.", "character", "naughty"),
    ("She had a tantrum.", "character", "tantrum"),
    ("It was not your fault.", "blaming", "your fault"),
    ("You never play on the floor.", "omission", "You never play"),
    ("You didn't notice her reach.", "omission", "You didn't notice"),
    ("Don't rush him.", "commanding", "Don't"),
    ("Please do not rush him.", "commanding", "Please do not"),
    ("He wants you, so never leave him.", "commanding", "never"),
    ("You need to slow down.", "commanding", "You need to"),
    ("Make sure he can see you.", "commanding", "Make sure"),
    ("Given your personality disorder, this helps.", "clinical", "personality disorder"),
    ("Your BPD can make this hard.", "clinical", "BPD"),
    ("The EUPD pathway.", "clinical", "EUPD"),
    ("Borderline traits.", "clinical", "Borderline"),
    ("Since the diagnosis, things changed.", "clinical", "diagnosis"),
    ("We ruled out an attachment disorder.", "clinical", "attachment disorder"),
    ("A safeguarding concern.", "clinical", "safeguarding"),
    ("Positive reinforcement works.", "jargon", "Positive reinforcement"),
])
def test_judging_commanding_and_clinical_words_are_flagged(text, category, words):
    findings = check_tone(text)
    assert (category, words) in [(f.category, f.words) for f in findings]
    for f in findings:
        assert text[f.start:f.end] == f.words  # the span points at the words
        assert f.reason and f.suggestion


@pytest.mark.parametrize("text", [
    "He never took his eyes off you.",          # 'never' describing, not ordering
    "She stopped to look at you.",              # 'stop' mid-sentence
    "I don't want the toy, I want you.",        # the child's voice
    "He doesn't need words to tell you.",
    "She rests her head on your shoulder.",     # 'should' inside a word
    "He found the badge and the mustard pot.",  # 'bad', 'must' inside words
    "He was poorly last week.",                 # 'poor' meaning unwell
    "You were so patient with her.",
    "This is not about judging you.",
    "The tower was unstable and fell.",
    "He laughed because of you, and you made him laugh.",
    "You are always there for her.",
])
def test_kind_sentences_are_not_flagged(text):
    assert check_tone(text) == []


def test_clinician_notes_are_checked_for_labels_only():
    text = "Mum should try more floor play; no sign of attachment disorder. Positive reinforcement."
    assert flagged(text, audience="clinician") == [("clinical", "attachment disorder")]
    assert ("judging", "should") in flagged(text)
    assert ("jargon", "Positive reinforcement") in flagged(text)


def test_findings_come_in_order_of_position_and_do_not_overlap():
    text = "Don't rush: it is not your fault, and nothing you did was wrong."
    findings = check_tone(text)
    starts = [f.start for f in findings]
    assert starts == sorted(starts)
    assert all(a.end <= b.start for a, b in zip(findings, findings[1:], strict=False))
    assert [f.category for f in findings] == ["commanding", "blaming", "judging"]


def test_curly_apostrophes_are_caught_too():
    assert flagged("Don’t rush him.") == [("commanding", "Don’t")]


def test_unknown_audience_is_refused():
    with pytest.raises(ValueError):
        check_tone("hello", audience="supervisor")


def test_easy_text_scores_as_easy_and_hard_text_as_hard():
    easy = reading_level("Ruby looks at you. You smile. She smiles back. You play.")
    hard = reading_level(
        "Contemporaneous observational documentation facilitates comprehensive "
        "understanding of intergenerational relational communication patterns."
    )
    assert easy.reading_age <= tone.READING_AGE < hard.reading_age
    assert easy.flesch_reading_ease > hard.flesch_reading_ease
    assert easy.sentences == 4 and easy.words == 11


def test_reading_level_counts_syllables_of_common_words():
    assert [tone.syllables(w) for w in ("baby", "about", "idea", "everything", "cuddle")] \
        == [2, 2, 3, 3, 2]
    assert tone.syllables("peek-a-boo") == 3


def test_take_home_text_over_80_words_is_flagged():
    text = " ".join(["Ruby looks at you and smiles."] * 14)  # 84 words, easy words
    findings = check_tone(text, take_home=True)
    assert any(f.category == "reading" and "84 words" in f.reason for f in findings)
    assert not any("age" in f.reason for f in findings)


def test_hard_take_home_text_is_flagged_with_its_long_sentence():
    long_sentence = ("When your child is experiencing considerable emotional dysregulation in "
                     "unfamiliar environments, consistent predictable responsiveness facilitates "
                     "the gradual development of resilience and confidence over the months.")
    assert tone.word_count(long_sentence) > tone.LONG_SENTENCE_WORDS
    text = "Ruby smiles. " + long_sentence
    findings = [f for f in check_tone(text, take_home=True) if f.category == "reading"]
    reasons = " ".join(f.reason for f in findings)
    assert "Reads at about age" in reasons
    long = [f for f in findings if "long sentence" in f.reason]
    assert len(long) == 1 and text[long[0].start:long[0].end] == long_sentence
    # the label inside it is flagged as well
    assert ("clinical", "dysregulation") in flagged(text)


def test_short_easy_take_home_text_passes():
    text = ("Children need two things. They need to explore. And they need to come back to "
            "you. When Ruby looks back at you, she is checking you are there.")
    assert check_tone(text, take_home=True) == []


def test_findings_convert_to_plain_dicts_for_a_screen():
    d = check_tone("You should rest.")[0].to_dict()
    assert set(d) == {"category", "start", "end", "words", "reason", "suggestion"}
