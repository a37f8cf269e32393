"""The family page's 'Copies of the videos for her' card, with NiceGUI's simulated user."""

from __future__ import annotations

import av

from media_factory import make_clip
from tests.conftest import folder_snapshot
from tests.ui.conftest import open_section, sign_in_user
from vipp_session import clips, drives, families, moments


async def test_copies_from_the_family_page(user, signed_up, tmp_path):
    families.add_family(signed_up, "F1", child="Maya", born="2025-06-01")
    make_clip(tmp_path / "a.mp4", duration=2, audio="aac")
    make_clip(tmp_path / "b.mp4", duration=1)
    clips.import_clips(signed_up, "F1", 1, [tmp_path / "a.mp4"])
    clips.import_clips(signed_up, "F1", 2, [tmp_path / "b.mp4"])
    stick = tmp_path / "stick"
    stick.mkdir()

    await sign_in_user(user, "/family/F1")
    await user.should_see("Copies of the videos for her")
    await user.should_see(marker="copies-not-wanted")
    await user.should_not_see(marker="copies-all")

    open_section(user, "family-details")
    user.find(marker="family-wants-copies").click()  # her wish, recorded on the same page
    await user.should_see(marker="copies-all")
    assert families.get_family(signed_up, "F1")[0].wants_copies is True

    user.find(marker="copies-all").click()  # no folder yet
    await user.should_see("Choose the folder to copy to")
    user.find(marker="copies-folder").type(str(stick / "missing"))
    user.find(marker="copies-all").click()
    await user.should_see("is the stick plugged in?")
    assert folder_snapshot(stick) == {}

    user.find(marker="copies-folder").clear().type(str(stick))
    user.find(marker="copies-session-2").click()
    await user.should_see(marker="copies-done", retries=100)
    await user.should_see("Copied 1 video")
    await user.should_see("Maya, visit 2.mp4")
    assert list(folder_snapshot(stick)) == ["Maya, visit 2.mp4"]

    user.find(marker="copies-all").click()  # visit 2's copy is there already: never replaced
    await user.should_see("There is already a file called 'Maya, visit 2.mp4'", retries=100)
    assert list(folder_snapshot(stick)) == ["Maya, visit 2.mp4"]

    (stick / "Maya, visit 2.mp4").unlink()
    user.find(marker="copies-all").click()
    await user.should_see("Copied 2 videos", retries=100)
    assert sorted(folder_snapshot(stick)) == ["Maya, visit 1.mp4", "Maya, visit 2.mp4"]
    with av.open(str(stick / "Maya, visit 1.mp4")) as c:
        assert sum(1 for _ in c.decode(video=0)) == clips.list_clips(signed_up, "F1", 1)[0].frames


async def test_her_film_on_the_session_page_waits_for_her_wish(user, signed_up, tmp_path,
                                                               monkeypatch):
    monkeypatch.setattr(drives, "_default_partitions", lambda: [])  # no stick plugged in
    families.add_family(signed_up, "F1", child="Maya", born="2025-06-01")
    make_clip(tmp_path / "a.mp4", duration=2, audio="aac")
    [r] = clips.import_clips(signed_up, "F1", 1, [tmp_path / "a.mp4"])
    moments.add_moment(signed_up, r.clip.id, 1.0, "look", text="She looks up at you.")

    await sign_in_user(user, "/family/F1/session/2")
    await user.should_see(marker="film-not-wanted")
    await user.should_not_see(marker="film-make")

    families.edit_family(signed_up, "F1", wants_copies="yes")
    await user.open("/family/F1/session/2")
    await user.should_see(marker="film-make")
    await user.should_see("No USB stick found")  # so the folder is typed
    user.find(marker="film-folder").type(str(tmp_path / "nowhere"))
    user.find(marker="film-make").click()
    await user.should_see("is the stick plugged in?", retries=100)
    assert not (tmp_path / "nowhere").exists()
