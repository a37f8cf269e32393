"""The words around her moments on the take-home sheet and the keepsake.

They live in the message library (`sheet.toml`, beside the sessions) so that a service
can word them its own way; a library without one uses the shipped words. They go
through the same tone check as every message before anything is printed, so an
unkind or clinical edit never reaches a family.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from vipp_session import tone
from vipp_session.errors import BadInput
from vipp_session.manual import library_dir, shipped_dir
from vipp_session.manual.placeholders import Voice, render
from vipp_session.paths import DataDir

SHEET_FILE = "sheet.toml"
# every text the sheet and the keepsake need, by part
NEEDED = {
    "sheet": ("title", "visit", "moments_heading", "tips_heading", "no_name", "child_says"),
    "next_visit": ("heading", "planned", "unplanned", "sign_off"),
    "contact": ("line", "after_last"),
    "video": ("heading", "who", "kept_until", "kept", "yours"),
    "ending": ("heading", "text", "sign_off"),
    "keepsake": ("title", "intro", "visits_heading", "visit_line", "ending_heading", "ending",
                 "sign_off"),
}
# the sheet's own placeholders, besides the child's name, {mum} and the pronouns
_OWN = re.compile(r"\{(clinician|contact|date|time|until|number|title)\}")
_SAMPLE = {"clinician": "Jo", "contact": "call 07700 900123", "date": "Tuesday 5 January 2027",
           "time": "10:30am", "until": "March 2028", "number": "2", "title": "Sharing feelings"}


@dataclass(frozen=True)
class SheetWords:
    texts: dict[str, dict[str, str]]
    voice: Voice

    def __call__(self, part: str, key: str, **fields: object) -> str:
        """One text, filled in for this family and these fields."""
        return fill(self.texts[part][key], self.voice, **fields)


def fill(template: str, voice: Voice, **fields: object) -> str:
    """A template with the sheet's own fields and then the family's names and pronouns."""
    def own(match: re.Match) -> str:
        value = fields.get(match.group(1))
        # braces in a typed value would read as placeholders
        return match.group(0) if value is None else re.sub(r"[{}]", "", str(value))

    return " ".join(render(_OWN.sub(own, template.strip()), voice).split())


def sheet_file(data: DataDir | None) -> Path:
    """The library's own sheet.toml, else the shipped one."""
    own = library_dir(data) / SHEET_FILE
    return own if own.is_file() else shipped_dir() / SHEET_FILE


def read_texts(path: Path) -> dict[str, dict[str, str]]:
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise BadInput(f"The sheet's words in {path.name} cannot be read ({exc}).") from None
    return {part: {k: v for k, v in (raw.get(part) or {}).items() if isinstance(v, str)}
            for part in NEEDED}


def problems(texts: dict[str, dict[str, str]]) -> list[str]:
    """What is missing or would not read kindly, one plain line each (empty when fine)."""
    found = []
    voice = Voice("Ruby", "Mummy", "she")
    for part, keys in NEEDED.items():
        for key in keys:
            where = f"[{part}] {key}"
            if key not in texts[part]:
                found.append(f"{where} is missing")
                continue
            try:
                text = fill(texts[part][key], voice, **_SAMPLE)
            except ValueError as exc:
                found.append(f"{where}: {exc}")
                continue
            for line in tone.check_sentences(text, voice=voice):
                first = line.findings[0]
                found.append(f"{where}: '{first.words}' ({first.category}): {first.reason}")
    return found


def load_sheet_words(data: DataDir | None, voice: Voice) -> SheetWords:
    """The sheet's words for this family, only if they pass the check."""
    path = sheet_file(data)
    texts = read_texts(path)
    wrong = problems(texts)
    if wrong:
        more = f" (and {len(wrong) - 1} more)" if len(wrong) > 1 else ""
        raise BadInput(f"The sheet's words in {path.name} cannot be printed until they are "
                       f"fixed: {wrong[0]}{more}.")
    return SheetWords(texts, voice)
