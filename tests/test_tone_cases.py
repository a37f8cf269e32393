"""The tone check against the evaluation captions in tests/tone_cases (see bench/tone.py)."""

from __future__ import annotations

import pytest

from tests.tone_cases import load, score
from vipp_session.tone import check_tone

# (part, least recall, most false alarms). The held-out and fresh parts were never tuned
# on, so they get slightly looser bounds than the part the rules were written against.
THRESHOLDS = [("dev", 0.95, 0.05), ("tuning", 0.95, 0.05), ("held_out", 0.88, 0.10),
              ("fresh", 0.85, 0.10)]


@pytest.mark.parametrize(("part", "least_recall", "most_false_alarms"), THRESHOLDS)
def test_recall_and_false_alarms_meet_their_bounds(part, least_recall, most_false_alarms):
    result, missed, alarms = score(load(part), check_tone)
    assert result.recall >= least_recall, [c.text for c in missed]
    assert result.false_alarm_rate <= most_false_alarms, [c.text for c in alarms]


def test_the_evaluation_set_is_large_and_varied_enough():
    cases = load("dev") + load("held_out")  # the set written before any rule
    judging = [c for c in cases if c.expected != "warm"]
    warm = [c for c in cases if c.expected == "warm"]
    assert len(judging) >= 150 and len(warm) >= 150
    assert len(load("held_out")) * 3 >= len(cases)  # at least a third held out
    cases += load("tuning") + load("fresh")
    categories = {c.expected for c in judging}
    assert {"hindsight", "blaming", "grudging", "character", "omission", "commanding",
            "clinical", "question"} <= categories
    words = " ".join(c.text.lower() for c in cases)
    for topic in (" look", "smile", "laugh", "touch", "comfort", " no", " she ", " he ",
                  " they ", "mummy, i"):
        assert topic in words, topic


def test_most_findings_name_the_category_the_caption_was_written_for():
    result, _, _ = score(load("dev"), check_tone)
    assert result.category_agreement >= 0.9
