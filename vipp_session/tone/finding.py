"""One thing the tone check found: where it is, why, and a kinder way to say it."""

from __future__ import annotations

from dataclasses import asdict, dataclass


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
