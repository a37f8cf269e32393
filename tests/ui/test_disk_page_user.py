"""The Disk space page: what the videos take, by kind and by family, the backup kept on the
laptop, the service's policy for originals chosen on the page, and originals removed only
after the clinician confirms, with the browser copies and stills left exactly as they were."""

from __future__ import annotations

import hashlib

import pytest

from due_original import due_original, policy
from media_factory import make_clip
from vipp_session import clips, disk_use, families
from vipp_session.settings import load_settings
from vipp_session.ui.widgets.tidy_card import CHOICES
from vipp_session.words import size
from tests.ui.conftest import sign_in_user


def fingerprints(folder) -> dict[str, str]:
    """Every file under `folder` but the original, by path, with its SHA-256."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*"))
            if p.is_file() and not p.name.startswith("original.")}


def shown(user, marker: str) -> str:
    [label] = user.find(marker=marker).elements
    return label.text


def dialog_is_open(user) -> bool:
    [card] = user.find(marker="tidy-dialog").elements
    return card.parent_slot.parent.value


def rows(user, marker: str) -> list[dict]:
    [table] = user.find(marker=marker).elements
    return table.rows


@pytest.fixture
def due(signed_up, tmp_path):
    return due_original(signed_up, tmp_path)


async def test_it_shows_what_each_kind_and_each_family_takes_and_the_backup(
        user, signed_up, tmp_path):
    from vipp_session.backup import service as backups

    families.add_family(signed_up, "F1", child="Zoë", born="2025-09-01")
    families.add_family(signed_up, "F2", child="Ali", born="2025-03-01")
    for family_id, seconds in (("F1", 1.0), ("F2", 3.0)):
        made = make_clip(tmp_path / f"{family_id}.mp4", duration=seconds, width=320, height=240)
        clips.import_clips(signed_up, family_id, 1, [made.path])
    backups.make_backup(signed_up, tmp_path / "backup", "a long backup passphrase",
                        "a long backup passphrase")
    taken = sum(p.stat().st_size for p in (tmp_path / "backup").rglob("*") if p.is_file())
    report = disk_use.disk_report(signed_up)

    await sign_in_user(user)
    user.find(marker="disk-page-link").click()  # from the caseload's line
    await user.should_see(marker="disk-overview")
    assert shown(user, "disk-total") == f"{size(report.total.total)} for 2 families"
    assert shown(user, "disk-originals") == size(report.total.originals)
    assert shown(user, "disk-browser_copies") == size(report.total.browser_copies)
    assert shown(user, "disk-free").endswith(("bytes", "KB", "MB", "GB", "TB"))
    assert "at least 10 GB free" in shown(user, "disk-minimum")
    assert f"takes {size(taken)}" in shown(user, "disk-backup")
    assert [(r["id"], r["child"], r["total"], r["originals"]) for r in rows(
        user, "disk-family-table")] == [
        (fid, child, size(report.families[fid].total), size(report.families[fid].originals))
        for fid, child in (("F2", "Ali"), ("F1", "Zoë"))]  # the largest first
    await user.should_not_see(marker="disk-low")

    await user.open("/family/F1")
    user.find(marker="disk-page-link").click()
    await user.should_see(marker="disk-family-table")


async def test_with_no_policy_nothing_can_be_removed(user, signed_up, due):
    await sign_in_user(user, "/disk")
    await user.should_see(marker="tidy-always")
    await user.should_not_see(marker="tidy-remove")
    await user.should_not_see(marker="tidy-list")
    assert clips.original_path(signed_up, due).is_file()


async def test_a_due_original_goes_only_when_confirmed_and_the_rest_stays_exact(
        user, signed_up, due):
    policy(signed_up, keep_originals="until-shown")
    original = clips.original_path(signed_up, due)
    folder, stills = original.parent, signed_up.family_dir("F017") / "stills"
    kept_before = fingerprints(folder) | fingerprints(stills)
    assert any(name.endswith(".png") for name in fingerprints(stills))
    before, taken = disk_use.disk_report(signed_up).total, original.stat().st_size

    await sign_in_user(user, "/disk")
    await user.should_see(marker="tidy-list")
    assert shown(user, "tidy-policy") == \
        "Originals are kept until the visit that shows their moments is held."
    assert [(r["family"], r["file"], r["size"]) for r in rows(user, "tidy-list")] == \
        [("F017", "IMG_0420.mp4", size(taken))]
    assert "shown at session 2, held" in rows(user, "tidy-list")[0]["why"]
    frees = size(taken)
    await user.should_see(f"Remove 1 original (frees {frees})")

    user.find(marker="tidy-remove").click()
    await user.should_see(marker="tidy-dialog")
    await user.should_see("Each clip's browser copy, which plays as before")
    assert dialog_is_open(user)
    user.find(marker="tidy-cancel").click()
    assert not dialog_is_open(user)
    assert original.is_file()

    user.find(marker="tidy-remove").click()
    assert dialog_is_open(user)
    user.find(marker="tidy-confirm").click()
    await user.should_see(marker="tidy-done", retries=100)
    assert shown(user, "tidy-done").startswith(f"Removed 1 original, freeing {frees}.")
    assert not original.exists()
    assert fingerprints(folder) | fingerprints(stills) == kept_before
    after = disk_use.disk_report(signed_up).total
    assert (after.originals, after.browser_copies, after.stills) == \
        (before.originals - taken, before.browser_copies, before.stills)
    assert shown(user, "disk-originals") == size(after.originals) == "0 bytes"
    assert shown(user, "disk-total") == f"{size(after.total)} for 1 family"
    await user.should_see(marker="tidy-none")
    await user.should_not_see(marker="tidy-remove")


async def test_choosing_a_policy_on_the_page_saves_it(user, signed_up, due):
    await sign_in_user(user, "/disk")
    await user.should_see(marker="tidy-always")
    user.find(CHOICES["until-shown"]).click()
    user.find(marker="tidy-policy-save").click()
    await user.should_see(marker="tidy-list", retries=50)  # the recording is due at once
    saved = load_settings(signed_up)
    assert (saved.keep_originals, saved.keep_originals_days) == ("until-shown", None)
    assert clips.original_path(signed_up, due).is_file()  # chosen, not yet removed


async def test_a_number_of_days_is_saved_and_a_wrong_one_refused(user, signed_up, due):
    await sign_in_user(user, "/disk")
    await user.should_see(marker="tidy-always")
    user.find(CHOICES["days"]).click()
    days = user.find(marker="tidy-days")
    days.clear()
    user.find(marker="tidy-policy-save").click()
    await user.should_see("a whole number, 1 or more")
    assert load_settings(signed_up).keep_originals_days is None  # nothing saved
    days.type("30")
    user.find(marker="tidy-policy-save").click()
    await user.should_see(marker="tidy-none", retries=50)  # imported today: none due yet
    assert shown(user, "tidy-policy") == "Originals are kept for 30 days after they are imported."
    saved = load_settings(signed_up)
    assert (saved.keep_originals, saved.keep_originals_days) == ("always", 30)


async def test_too_little_free_space_is_said_as_on_the_caseload(user, signed_up):
    families.add_family(signed_up, "F1", child="Zoë", born="2025-09-01")
    await sign_in_user(user, "/disk")
    await user.should_see(marker="disk-overview")
    await user.should_not_see(marker="disk-low")
    policy(signed_up, min_free_gb=10**6)
    await user.open("/disk")
    await user.should_see(marker="disk-low")
    assert "new clips cannot be imported" in shown(user, "disk-low")
    assert f"at least {size(10**6 * disk_use.GB)} free" in shown(user, "disk-minimum")
