"""Words spoken for the child ("Mummy, when I pull your sleeve I'm saying: come and see!")
are set apart wherever she sees them, the sheet, its preview and the presentation, by
a lead such as "Maya would say:", so she knows who is 'speaking'."""

from __future__ import annotations

import re

from vipp_session.manual import Manual, find_message, load_library, voice_for
from vipp_session.model import Moment
from vipp_session.paths import DataDir

_FIRST_PERSON = re.compile(r"\b(?:I|I'm|I've|I'll|me|my|myself)\b")


def in_childs_voice(text: str, mum_word: str, message_voice: str | None = None) -> bool:
    """Words addressed to her as the child ('Mummy, I ...'), or a child's-voice message
    whose tailored words still speak as the child."""
    opening = re.match(r"\s*([^\W\d_]+)\s*,", text)
    if opening and opening.group(1).lower() == mum_word.strip().lower() \
            and _FIRST_PERSON.search(text):
        return True
    return message_voice == "child" and bool(_FIRST_PERSON.search(text))


def child_says(say, manual: Manual, moment: Moment) -> str | None:
    """The lead before a moment's words when they are in the child's voice, else None."""
    message = find_message(manual, moment.message_id) if moment.message_id else None
    mum = say.voice.mum
    if in_childs_voice(moment.text, mum, message.voice if message else None):
        return say("sheet", "child_says")
    return None


def child_says_for(data: DataDir, family, moments: list[Moment]) -> dict[str, str]:
    """For the presentation: each moment in the child's voice, with its lead."""
    from vipp_session.summary.wording import load_sheet_words

    say = load_sheet_words(data, voice_for(family))
    manual = load_library(data)
    leads = {m.id: child_says(say, manual, m) for m in moments}
    return {k: v for k, v in leads.items() if v}
