"""The tone check in the annotator's moment card, as the clinician types, in the family's own
words: a boy's name and 'he' in the suggestions, never 'she'."""

from __future__ import annotations

from media_factory import make_clip
from tests.ui.conftest import sign_in_user
from vipp_session import clips, families, moments

JUDGING = "You should have picked him up sooner."


async def test_suggestions_use_the_childs_own_name_and_pronouns(user, signed_up, tmp_path):
    families.add_family(signed_up, "F1", child="Leo", born="2025-01-15", pronouns="he")
    make_clip(tmp_path / "a.mp4", duration=2)
    [r] = clips.import_clips(signed_up, "F1", 1, [tmp_path / "a.mp4"])
    m = moments.add_moment(signed_up, r.clip.id, 0.5, "look")
    await sign_in_user(user, f"/clip/{r.clip.id}?moment={m.id}")
    await user.should_see(marker="moment-card", retries=50)
    await user.should_not_see("Leave out what could have been")

    user.find(marker="moment-text").clear().type(JUDGING)  # no blur: checked while typing
    await user.should_see("say what Leo showed: 'He was telling you he was ready.'")
    await user.should_not_see("She was telling you")
    await user.should_not_see("your child")
    assert moments.list_moments(signed_up, "F1")[0].text == ""  # saved only on leaving

    long = " ".join(["He smiles at you and you smile back."] * 6)  # 48 words
    user.find(marker="moment-text").clear().type(long)
    await user.should_see("48 words; at most 40")
    await user.should_not_see("Leave out what could have been")
