"""Disk use in view: one line on the caseload and on a family's page, and a plain warning
before an import is refused for want of space."""

from __future__ import annotations

from dataclasses import replace

from media_factory import make_clip
from vipp_session import clips, families
from vipp_session.settings import load_settings, save_settings
from vipp_session.words import size
from tests.ui.conftest import sign_in_user


async def test_the_caseload_and_the_family_say_what_the_videos_take(user, signed_up, tmp_path):
    families.add_family(signed_up, "F1", child="Zoë", born="2025-09-01")
    made = make_clip(tmp_path / "visit.mp4", duration=1.0, width=160, height=120)
    [result] = clips.import_clips(signed_up, "F1", 1, [made.path])
    original = clips.original_path(signed_up, result.clip).stat().st_size
    await sign_in_user(user)
    await user.should_see(marker="disk-use")
    await user.should_see("free on this laptop")
    await user.should_not_see(marker="disk-low")
    await user.open("/family/F1")
    await user.should_see(f"originals {size(original)}")


async def test_too_little_free_space_is_said_before_an_import(user, signed_up):
    save_settings(signed_up, replace(load_settings(signed_up), min_free_gb=10**6))
    families.add_family(signed_up, "F1", child="Zoë", born="2025-09-01")
    await sign_in_user(user)
    await user.should_see(marker="disk-low")
    await user.should_see("new clips cannot be imported")


async def test_a_backup_on_the_laptop_itself_is_counted_on_the_caseload(user, signed_up,
                                                                         tmp_path):
    from vipp_session.backup import service as backups

    families.add_family(signed_up, "F1", child="Zoë", born="2025-09-01")
    await sign_in_user(user)
    await user.should_not_see("their backup on this laptop")
    backups.make_backup(signed_up, tmp_path / "backup", "a long backup passphrase",
                        "a long backup passphrase")
    taken = sum(p.stat().st_size for p in (tmp_path / "backup").rglob("*") if p.is_file())
    await user.open("/")
    await user.should_see(f"their backup on this laptop: {size(taken)}")
