"""Placeholders: one message reads right for a she, a he and a they child."""

from __future__ import annotations

import pytest

from vipp_session.manual.placeholders import Voice, render, template_problems

SHE = Voice("Ruby", "Mama", "she")
HE = Voice("Sam", "Mummy", "he")
THEY = Voice("Alex", "Mum", "they")


@pytest.mark.parametrize(
    ("voice", "expected"),
    [
        (SHE, "She looks at Mama. She is happy with her toy; it is hers. Ruby did it herself."),
        (HE, "He looks at Mummy. He is happy with his toy; it is his. Sam did it himself."),
        (THEY, "They look at Mum. They are happy with their toy; it is theirs. "
               "Alex did it themselves."),
    ],
)
def test_pronouns_and_verbs_agree_for_she_he_and_they(voice, expected):
    template = ("{They} {looks|look} at {mum}. {They} {is|are} happy with {their} toy; it is "
                "{theirs}. {child} did it {themselves}.")
    assert template_problems(template) == []
    assert render(template, voice) == expected


def test_object_and_capitalised_forms():
    template = "{Their} smile says: hold {them}. {Them}? Yes."
    assert render(template, SHE) == "Her smile says: hold her. Her? Yes."
    assert render(template, HE) == "His smile says: hold him. Him? Yes."
    assert render(template, THEY) == "Their smile says: hold them. Them? Yes."


def test_a_question_puts_the_verb_pair_before_they():
    template = "What {is|are} {they} telling you?"
    assert template_problems(template) == []
    assert render(template, HE) == "What is he telling you?"
    assert render(template, THEY) == "What are they telling you?"


def test_pairs_may_follow_they_across_a_few_words():
    template = "{They} {knows|know} you and {trusts|trust} you; {they} really {likes|like} it."
    assert template_problems(template) == []
    assert render(template, THEY) == "They know you and trust you; they really like it."
    assert render(template, SHE) == "She knows you and trusts you; she really likes it."


def test_text_without_placeholders_is_unchanged():
    assert render("Look at that smile.", THEY) == "Look at that smile."


def test_an_unknown_placeholder_is_named():
    problems = template_problems("Look at {name} here.")
    assert len(problems) == 1 and "{name}" in problems[0]
    with pytest.raises(ValueError, match="name"):
        render("Look at {name} here.", SHE)


def test_an_unclosed_brace_is_caught():
    assert any("not closed" in p for p in template_problems("Look at {child here."))


def test_a_verb_pair_after_the_childs_name_is_caught():
    # '{child} {looks|look}' would read 'Alex look' for a 'they' child
    problems = template_problems("{child} {looks|look} at you.")
    assert len(problems) == 1 and "after {child}" in problems[0]


@pytest.mark.parametrize("template", [
    "Here {they} looks at you.",
    "Now {they} is happy.",
    "And {they} really wants it.",
    "So {they}'re happy.",
])
def test_a_plain_verb_after_they_is_caught(template):
    problems = template_problems(template)
    assert len(problems) == 1 and "pair" in problems[0], problems


@pytest.mark.parametrize("template", [
    "Here {they} can do it.",
    "Then {they} smiled at you.",
    "Then {they} went back to play.",
    "Now {they} will try again.",
    "You and {they} both laughed.",
])
def test_verbs_that_do_not_change_need_no_pair(template):
    assert template_problems(template) == []


def test_capitals_at_the_start_of_a_sentence_and_not_in_the_middle():
    assert any("{They}" in p for p in template_problems("{they} {is|are} here."))
    assert any("{Their}" in p for p in template_problems("Look. {their} hands move."))
    assert any("write {they}" in p for p in template_problems("and {They} {is|are} here."))
    assert template_problems("Look! {Their} hands move, and {they} {is|are} here.") == []


@pytest.mark.parametrize(("template", "expected"), [
    ("{mum}, I looked up at you.", "Mummy, I looked up at you."),
    ("{child} shows you the ball.", "Ruby shows you the ball."),
    ("Look! {child} laughs, and {child} looks at {mum}.", "Look! Ruby laughs, and ruby looks at mummy."),
    ("'{mum}, again!' {child} says.", "'Mummy, again!' Ruby says."),
    ("You smiled.\n{child} smiled back.", "You smiled.\nRuby smiled back."),
])
def test_a_name_typed_in_lower_case_starts_a_sentence_with_a_capital(template, expected):
    assert render(template, Voice("ruby", "mummy", "she")) == expected
