"""The preparation pages with NiceGUI's simulated user: fast checks of what they show and save."""

from __future__ import annotations

import asyncio
import json

from nicegui.testing import User

from media_factory import make_clip
from vipp_session import clips, families, moments
from vipp_session.errors import BadInput
from tests.ui.conftest import open_section, sign_in_user


async def test_caseload_shows_each_family_with_its_next_session(user, signed_up):
    families.add_family(signed_up, "F1", child="Zoë", born="2025-09-01")
    families.add_family(signed_up, "F2", child="Ngozi", born="2023-01-01")  # over 36 months
    families.plan_session(signed_up, "F1", 1, "2026-12-01T10:30")
    await sign_in_user(user)
    await user.should_see("Zoë")
    await user.should_see("Ngozi")
    await user.should_see("Next: session 1")
    await user.should_see("Tue 1 Dec 2026, 10:30")
    await user.should_see("Outside 6-36 months")


async def test_families_past_the_retention_period_are_pointed_out(user, signed_up):
    from datetime import date, timedelta

    from vipp_session.settings import load_settings, save_settings

    for fid, days_ago in (("F-OLD", 60), ("F-NEW", 0)):
        families.add_family(signed_up, fid, child="Zoë", born="2025-09-01")
        when = date.today() - timedelta(days=days_ago)
        families.plan_session(signed_up, fid, 1, f"{when.isoformat()}T10:00")
    settings = load_settings(signed_up)
    settings.retention_days = 30
    save_settings(signed_up, settings)
    await sign_in_user(user)
    await user.should_see(marker="family-rows")
    [shown] = user.find(marker="family-rows").elements  # drawn in the browser from these
    due = {row["id"]: row["erase_due"] for row in json.loads(shown.props["rows"])}
    assert set(due) == {"F-OLD", "F-NEW"}
    assert due["F-NEW"] is None  # only F-OLD
    assert due["F-OLD"].startswith("Past your service's retention period since")
    await user.open("/family/F-OLD")
    await user.should_see("your service keeps a family's videos and records for 30 days")
    await user.open("/family/F-NEW")
    await user.should_not_see(marker="erase-due")


async def test_family_page_saves_each_change_and_refuses_bad_ones(user, signed_up, monkeypatch):
    families.add_family(signed_up, "F1", child="Zoë", born="2025-09-01")
    real_edit, edits = families.edit_family, []
    monkeypatch.setattr(families, "edit_family",
                        lambda *a, **kw: edits.append(kw) or real_edit(*a, **kw))
    await sign_in_user(user, "/family/F1")
    await user.should_see("Zoë")
    await user.should_not_see("Filming consent date (optional)")  # built when first opened
    open_section(user, "family-details")
    await user.should_see("Filming consent date (optional)")

    user.find(marker="session-2-status").trigger("change", "done")  # not one it offers
    await asyncio.sleep(0.2)
    assert families.get_family(signed_up, "F1")[1][1].status == "planned"
    user.find(marker="session-2-status").trigger("change", "held")  # what the browser sends
    await user.should_see("Session 2: held", retries=50)  # saved off the event loop, then told
    assert families.get_family(signed_up, "F1")[1][1].status == "held"

    born = user.find(marker="family-born")
    born.clear().type("2090-01-01").trigger("blur")
    await user.should_see("is in the future", retries=50)
    assert families.get_family(signed_up, "F1")[0].born.isoformat() == "2025-09-01"

    user.find(marker="family-mother").trigger("blur")  # left as it was: nothing to save
    user.find(marker="family-mum-word").trigger("blur")
    await asyncio.sleep(0.3)
    assert all("born" in edit for edit in edits)  # only the refused date was tried
    await user.should_not_see("Saved")
    user.find(marker="family-mum-word").clear().type("Mama").trigger("blur")
    await user.should_see("Saved", retries=50)
    assert families.get_family(signed_up, "F1")[0].mum_word == "Mama"
    assert edits[-1] == {"mum_word": "Mama"}

    user.find(marker="session-3-date").clear().type("1999-01-01T10:00").trigger("change")
    await user.should_see("before Zoë was born", retries=50)


async def test_a_family_can_turn_off_messages_in_the_childs_voice(user, signed_up, tmp_path):
    families.add_family(signed_up, "F1", child="Zoë", born="2025-09-01")
    make_clip(tmp_path / "a.mp4", duration=2)
    [r] = clips.import_clips(signed_up, "F1", 1, [tmp_path / "a.mp4"])
    look = moments.add_moment(signed_up, r.clip.id, 0.5, "look")
    await sign_in_user(user, f"/clip/{r.clip.id}?moment={look.id}")
    await user.should_see(marker="message-s2-look-3")  # 'Mummy, ...': the child speaking

    await user.open("/family/F1")
    open_section(user, "family-details")
    user.find(marker="family-child-voice").click()
    await user.should_see("Saved")
    assert families.get_family(signed_up, "F1")[0].child_voice is False

    await user.open(f"/clip/{r.clip.id}?moment={look.id}")
    await user.should_see(marker="message-s2-look-1")
    await user.should_not_see(marker="message-s2-look-3")


async def test_two_tabs_do_not_lose_each_others_edits(user: User, create_user, signed_up, tmp_path):
    families.add_family(signed_up, "F1", child="Zoë", born="2025-09-01")
    make_clip(tmp_path / "a.mp4", duration=2)
    [r] = clips.import_clips(signed_up, "F1", 1, [tmp_path / "a.mp4"])
    m = moments.add_moment(signed_up, r.clip.id, 0.5, "look")
    other = create_user()
    for tab in (user, other):
        await sign_in_user(tab, f"/clip/{r.clip.id}?moment={m.id}")
        await tab.should_see(marker="moment-card", retries=50)
    # both tabs opened the moment before either changed it
    user.find(marker="moment-text").clear().type("She looks right at you.").trigger("blur")
    other.find(marker="moment-note").clear().type("check lighting next time").trigger("blur")
    other.find(marker="kind-smile").click()
    # the saves run off the event loop: wait for the last of them to land
    for _ in range(100):
        saved = moments.list_moments(signed_up, "F1")[0]
        if saved.kind == "smile" and saved.note and saved.text != m.text:
            break
        await asyncio.sleep(0.05)
    assert saved.text == "She looks right at you."
    assert saved.note == "check lighting next time"
    assert saved.kind == "smile"


async def test_unknown_pages_say_so(user, signed_up):
    families.add_family(signed_up, "F1", child="Zoë", born="2025-09-01")
    await sign_in_user(user)
    for path, reason in [("/family/NOPE", "There is no family 'NOPE'"),
                         ("/clip/c0123456789", "There is no clip"),
                         ("/family/F1/session/9", "1 to 6"),
                         ("/family/F1/session/9/present", "1 to 6"),
                         ("/family/NOPE/session/2/summary", "There is no family")]:
        response = await user.http_client.get(path)
        assert response.status_code == 404, path
        assert reason in response.text, path


async def test_summary_page_checks_words_before_printing(user, signed_up, tmp_path):
    families.add_family(signed_up, "F1", child="Zoë", born="2025-09-01", clinician="Sam")
    make_clip(tmp_path / "a.mp4", duration=2)
    [r] = clips.import_clips(signed_up, "F1", 1, [tmp_path / "a.mp4"])
    moments.add_moment(signed_up, r.clip.id, 0.5, "look", text="You must look at her more.")
    await sign_in_user(user, "/family/F1/session/2/summary")
    await user.should_see("Before you print, look at:")
    user.find(marker="make-summary").click()
    await user.should_see("Tick the box")
    assert not (signed_up.summaries_dir("F1") / "session-2.pdf").exists()
    user.find(marker="print-anyway").click()
    user.find(marker="make-summary").click()
    await user.should_see(marker="summary-ready", retries=100)
    assert (signed_up.summaries_dir("F1") / "session-2.pdf").stat().st_size > 1000


async def test_delete_a_moment_then_undo(user, signed_up, tmp_path):
    families.add_family(signed_up, "F1", child="Zoë", born="2025-09-01")
    make_clip(tmp_path / "a.mp4", duration=3)
    [r] = clips.import_clips(signed_up, "F1", 1, [tmp_path / "a.mp4"])
    first = moments.add_moment(signed_up, r.clip.id, 0.5, "look", text="First.")
    second = moments.add_moment(signed_up, r.clip.id, 1.5, "smile", text="Second.", note="private")
    circle = [{"shape": "ellipse", "cx": .5, "cy": .5, "rx": .1, "ry": .1}]
    moments.set_highlights(signed_up, second.id, circle)
    moments.move_moment(signed_up, second.id, 1)
    await sign_in_user(user, f"/clip/{r.clip.id}?moment={second.id}")
    user.find(marker="moment-delete").click()
    await user.should_see(marker="undo")
    assert [m.id for m in moments.list_moments(signed_up, "F1")] == [first.id]
    assert not (signed_up.stills_dir("F1") / f"{second.id}.png").exists()
    user.find(marker="undo").click()
    for _ in range(100):  # the undo runs in a worker thread
        back = moments.list_moments(signed_up, "F1")
        if [m.text for m in back] == ["Second.", "First."]:
            break
        await asyncio.sleep(0.05)
    assert [m.text for m in back] == ["Second.", "First."]
    restored = back[0]
    assert (restored.frame, restored.kind, restored.note, restored.highlights) == \
        (second.frame, "smile", "private", circle)
    assert (signed_up.stills_dir("F1") / f"{restored.id}.png").exists()


async def test_likely_moments_beside_the_player(user, signed_up, tmp_path):
    from scenes import Burst, Placed, Scene, cameraman, write_clip
    from vipp_session.suggestions.keep import load_suggestions

    scene = Scene(10.0, seed=3)
    pair = cameraman()
    scene.heads = [Placed(pair, 1.5, 4.5, 0.4, 0.4, 0.32),
                   Placed(pair.mirrored(), 1.5, 4.5, 0.62, 0.42, 0.26)]
    scene.bursts = [Burst(7.0, 1.2, 420.0, 5.0, 22.0)]
    families.add_family(signed_up, "F1", child="Zoë", born="2025-09-01")
    [r] = clips.import_clips(signed_up, "F1", 1, [write_clip(scene, tmp_path / "play.mp4")])
    await sign_in_user(user, f"/clip/{r.clip.id}")
    user.find(marker="scan").click()
    await user.should_see(marker="suggestions", retries=300)
    await user.should_see("do not replace your eye")
    await user.should_see("Two faces close together, turned towards each other")
    found = {s.candidate.kind: s.candidate.at for s in load_suggestions(signed_up, r.clip.id)}
    user.find(marker=f"dismiss-{found['sound']}").click()
    await user.should_see("Likely moments to look at (1)")
    user.find(marker=f"use-{found['faces-together']}").click()
    await user.should_see(marker="moment-card", retries=100)
    [moment] = moments.list_moments(signed_up, "F1")
    assert moment.kind == "look"
    assert all(s.dismissed for s in load_suggestions(signed_up, r.clip.id))
    await user.should_not_see(marker="suggestions")


async def test_a_status_the_records_refuse_is_put_back_as_it_was(user, signed_up, monkeypatch):
    families.add_family(signed_up, "F1", child="Zoë", born="2025-09-01")

    def refuse(*args):
        raise BadInput("The family's records could not be saved: the disk is full.")

    monkeypatch.setattr(families, "set_session_status", refuse)
    await sign_in_user(user, "/family/F1")
    user.find(marker="session-2-status").trigger("change", "held")
    await user.should_see("the disk is full", retries=50)
    await user.should_see("Planned", marker="session-2-status")  # shown as the records hold it
    await user.should_not_see("Held", marker="session-2-status")
