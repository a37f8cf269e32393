"""Each kind of judging the tone check covers, the warm words it leaves alone, and its
suggestions in the child's own name and pronouns."""

from __future__ import annotations

import pytest

from vipp_session.manual.placeholders import Voice
from vipp_session.tone import check_sentences, check_tone


def categories(text: str) -> set[str]:
    return {f.category for f in check_tone(text)}


@pytest.mark.parametrize(("text", "category"), [
    ("You could have picked her up sooner.", "hindsight"),
    ("You should have waited for him.", "hindsight"),
    ("It would have been better to wait until she looked up.", "hindsight"),
    ("Ideally, he holds the spoon.", "hindsight"),
    ("Next time, let her choose instead of choosing for her.", "hindsight"),
    ("She turns away because you are too loud.", "blaming"),
    ("You made him cry when you took the spoon.", "blaming"),
    ("He gets cross from the way you react.", "blaming"),
    ("Well done, you finally let him lead!", "grudging"),
    ("At last you sat on the floor.", "grudging"),
    ("You actually waited.", "grudging"),
    ("This time you didn't shout.", "grudging"),
    ("Even you could see it.", "grudging"),
    ("Surprisingly, you stayed calm.", "grudging"),
    ("He's a demanding little boy.", "character"),
    ("She is so clingy.", "character"),
    ("He is needy today.", "character"),
    ("She was naughty with the cup.", "character"),
    ("He's being manipulative.", "character"),
    ("She is testing boundaries.", "character"),
    ("He's attention-seeking.", "character"),
    ("You were a bit cold with him here.", "character"),
    ("You're rough when you change her.", "character"),
    ("You are too busy to play.", "character"),
    ("You're not very good at waiting.", "character"),
    ("Here you missed his cue to stop.", "omission"),
    ("You ignored her reach.", "omission"),
    ("You didn't see him wave.", "omission"),
    ("You forgot to say goodbye.", "omission"),
    ("You let her down.", "omission"),
    ("Try not to rush her.", "commanding"),
    ("Remember to praise him.", "commanding"),
    ("Stop checking your phone.", "commanding"),
    ("Please try harder to follow her lead.", "commanding"),
    ("You need to get down on the floor.", "commanding"),
    ("Play with him for a few minutes each day.", "commanding"),
    ("Your anxiety gets in the way.", "clinical"),
    ("Your low mood shows here.", "clinical"),
    ("Given your difficulties, this is hard.", "clinical"),
    ("He is insecurely attached.", "clinical"),
    ("She was neglected.", "clinical"),
    ("Your mental health matters here.", "clinical"),
    ("Your EUPD makes this hard.", "clinical"),
    ("Your parenting has improved.", "clinical"),
    ("Why did you take the toy away?", "question"),
    ("He's a demanding little boy, isn't he?", "question"),
])
def test_each_kind_of_judging_is_found(text, category):
    assert category in categories(text)


@pytest.mark.parametrize("text", [
    "You should be proud of how you calmed her down.",
    "There's no wrong way to play together.",
    "He must have loved that game",
    "Don't you love the way he claps?",
    "You missed her while she was at nursery.",
    "You let her try instead of doing it for her.",
    "You could see she wanted the ball.",
    "I don't need words to tell you I love you.",
    "He finally fell asleep on your chest.",
    "At last the tower stayed up!",
    "You said \"stop, hot!\" and he stopped.",
    "Don't worry: she came straight back to you.",
    "He laughed because of you.",
    "You didn't rush him, and he did it himself.",
    "You don't have to do anything special.",
    "You must be so tired, and still you played.",
])
def test_warm_words_are_left_alone(text):
    assert check_tone(text) == []


def test_the_suggestion_uses_the_child_s_own_name_and_pronouns():
    leo = Voice("Leo", "Mummy", "he")
    for finding in check_tone("You could have picked her up sooner; she is clingy.", voice=leo):
        assert "She " not in finding.suggestion and " she " not in finding.suggestion
    hindsight = check_tone("You could have waited.", voice=leo)[0]
    assert "He was telling you" in hindsight.suggestion and "Leo" in hindsight.suggestion
    sam = check_tone("You could have waited.", voice=Voice("Sam", "Mama", "they"))[0]
    assert "They were telling you" in sam.suggestion


def test_without_a_voice_the_suggestion_follows_the_pronouns_in_the_text():
    finding = check_tone("You made him cry.")[0]
    assert "He was telling you" in finding.suggestion


def test_one_line_per_sentence_however_many_findings():
    text = "She smiles at you. You should look at her more; she is clingy because of your BPD."
    lines = check_sentences(text)
    assert len(lines) == 1
    line = lines[0]
    assert line.sentence == text[line.start:line.end].strip()
    assert line.sentence.startswith("You should look")
    assert {"judging", "character", "blaming", "clinical"} <= set(line.categories)
    assert len(line.findings) >= 4


def test_every_span_points_at_its_words():
    text = "Why did you take it away? You could’ve waited; he’s needy, isn’t he?"
    for f in check_tone(text):
        assert text[f.start:f.end] == f.words
        assert f.reason and f.suggestion


@pytest.mark.parametrize(("text", "category"), [
    ("Mummy missed his cue.", "omission"),
    ("Mum could have waited.", "hindsight"),
    ("Mum seems distracted here.", "character"),
])
def test_she_is_read_as_the_subject_when_named_in_the_third_person(text, category):
    assert category in categories(text)
    assert check_tone("Mummy could see he was tired.") == []
