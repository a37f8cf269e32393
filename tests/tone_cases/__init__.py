"""Captions for measuring the tone check: judging ones with their category, and warm ones.

dev.tsv is what the rules were written against, and tuning.tsv what they were widened
with afterwards; held_out.tsv was written first and is only ever scored, never read
while writing rules; fresh.tsv was written after the first rules and scored once, untuned.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
PARTS = ("dev", "tuning", "held_out", "fresh")


@dataclass(frozen=True)
class Case:
    expected: str  # 'warm', or the category a judging caption should get
    text: str


@dataclass(frozen=True)
class Score:
    judging: int
    caught: int
    right_category: int
    warm: int
    false_alarms: int

    @property
    def recall(self) -> float:
        return self.caught / self.judging if self.judging else 0.0

    @property
    def false_alarm_rate(self) -> float:
        return self.false_alarms / self.warm if self.warm else 0.0

    @property
    def category_agreement(self) -> float:
        return self.right_category / self.caught if self.caught else 0.0


def load(part: str) -> list[Case]:
    cases = []
    for line in (HERE / f"{part}.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            expected, text = line.split("\t", 1)
            cases.append(Case(expected.strip(), text.strip()))
    return cases


def score(cases: list[Case], check) -> tuple[Score, list[Case], list[Case]]:
    """check(text) -> findings. The score, the judging captions missed, the warm ones flagged."""
    missed, alarms = [], []
    judging = caught = right = warm = 0
    for case in cases:
        categories = {f.category for f in check(case.text) if f.category != "reading"}
        if case.expected == "warm":
            warm += 1
            if categories:
                alarms.append(case)
        else:
            judging += 1
            if categories:
                caught += 1
                right += case.expected in categories
            else:
                missed.append(case)
    return Score(judging, caught, right, warm, len(alarms)), missed, alarms
