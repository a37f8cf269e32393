"""Backups in the app: the reminder on the caseload (NiceGUI's simulated user), and a backup
made from the backups page in real Chromium, then checked by the backup service."""

from __future__ import annotations

import http.client
import os
import json
from datetime import datetime, timedelta, timezone
from urllib.parse import urlparse

from selenium.webdriver.common.by import By

from tests.ui.conftest import marked, screenshot, sign_in_browser, sign_in_user, wait_for
from vipp_session import families
from vipp_session.backup import restore, service
from vipp_session.settings import load_settings, save_settings

BACKUP_PASS = "a separate backup passphrase"


async def test_the_caseload_reminds_to_back_up(user, signed_up, tmp_path):
    families.add_family(signed_up, "F1", child="Maya", born="2025-06-01")
    await sign_in_user(user, "/")
    await user.should_see("No backup yet")
    await user.should_see(marker="backup-nudge")
    await user.should_see(marker="backup-now")

    ten_days_ago = datetime.now(timezone.utc) - timedelta(days=10)
    service.make_backup(signed_up, tmp_path / "usb", BACKUP_PASS, BACKUP_PASS, now=ten_days_ago)
    await user.open("/")
    await user.should_see("Last backup 10 days ago")
    await user.should_see("Time to back up again")
    await user.should_see(marker="backup-nudge")

    settings = load_settings(signed_up)  # a service that backs up monthly
    settings.backup_nudge_days = 30
    save_settings(signed_up, settings)
    await user.open("/")
    await user.should_see("Last backup 10 days ago")
    await user.should_see(marker="backup-ok")
    await user.should_not_see(marker="backup-nudge")
    await user.should_not_see("Time to back up again")

    settings.backup_nudge_days = 7
    save_settings(signed_up, settings)
    service.make_backup(signed_up, tmp_path / "usb", BACKUP_PASS)
    await user.open("/")
    await user.should_see("Last backup today")
    await user.should_see(marker="backup-ok")
    await user.should_not_see(marker="backup-nudge")


async def test_the_card_refuses_what_would_not_make_a_backup(user, signed_up, tmp_path):
    families.add_family(signed_up, "F1", child="Maya", born="2025-06-01")
    usb = tmp_path / "usb"
    await sign_in_user(user, "/backups")
    await user.should_see("Restoring is done on the command line")
    user.find(marker="backup-folder").type(str(usb))
    await user.should_see("There is no such folder yet")  # a USB disk not plugged in?
    user.find(marker="backup-passphrase").type(BACKUP_PASS)
    user.find(marker="backup-passphrase-again").type("not the same one")
    user.find(marker="backup-start").click()
    await user.should_see("The two passphrases are not the same", retries=100)
    assert not (usb / "vipp-backup.json").exists()

    service.make_backup(signed_up, usb, BACKUP_PASS, BACKUP_PASS)
    await user.open("/backups")  # the folder of the last backup is offered again
    await user.should_see("This folder holds a backup")
    user.find(marker="backup-passphrase").type("the wrong passphrase")
    user.find(marker="backup-start").click()
    await user.should_see(f"That is not the passphrase of the backup in {usb}", retries=100)
    await user.should_see(marker="backup-problem")
    assert len(list((usb / "snapshots").iterdir())) == 1

    user.find(marker="backup-check").click()  # the passphrase field was emptied
    await user.should_see("Type the backup passphrase first")


def _text(driver, marker: str, timeout: float = 120) -> str:
    return wait_for(driver, marked(marker), timeout).text


def test_a_backup_made_on_the_backups_page_checks_whole(browser, signed_up, tmp_path):
    families.add_family(signed_up, "F1", child="Maya", born="2025-06-01")
    families.add_family(signed_up, "F2", child="Noah", born="2024-11-20")
    usb = tmp_path / "usb"
    address = urlparse(browser.base)
    conn = http.client.HTTPConnection(address.hostname, address.port, timeout=10)
    conn.request("GET", "/backups")  # signed out: sent to sign in first
    answer = conn.getresponse()
    assert answer.status == 303 and answer.getheader("location") == "/signin?next=/backups"
    conn.close()
    sign_in_browser(browser, "/")
    assert "No backup yet" in _text(browser, "backup-status")
    screenshot(browser, "caseload-no-backup")
    browser.find_element(By.CSS_SELECTOR, marked("backup-now")).click()

    wait_for(browser, marked("backup-folder")).send_keys(str(usb))
    browser.find_element(By.CSS_SELECTOR, marked("backup-passphrase")) \
        .send_keys(BACKUP_PASS)
    browser.find_element(By.CSS_SELECTOR, marked("backup-passphrase-again")) \
        .send_keys(BACKUP_PASS)
    screenshot(browser, "backups-new-folder")
    browser.find_element(By.CSS_SELECTOR, marked("backup-start")).click()
    done = _text(browser, "backup-done")
    assert done.startswith("Backup made: 2 families,") and done.endswith("new."), done
    assert "Last backup today" in _text(browser, "backup-ok")  # the line above, anew
    screenshot(browser, "backups-made")

    found = restore.check_backup(str(usb), BACKUP_PASS)
    assert found.ok and found.families == ["F1", "F2"] and found.snapshots == 1
    header = (usb / "vipp-backup.json").read_text()
    assert BACKUP_PASS not in header and "Maya" not in header
    assert BACKUP_PASS not in browser.current_url
    state = json.loads((signed_up.root / service.STATE_FILE).read_text())
    assert state["folder"] == str(usb)

    # the folder now holds a backup: one passphrase, and it can be checked from the card
    assert not browser.find_element(By.CSS_SELECTOR, marked("backup-passphrase-again")) \
        .is_displayed()
    browser.find_element(By.CSS_SELECTOR, marked("backup-passphrase")) \
        .send_keys(BACKUP_PASS)
    browser.find_element(By.CSS_SELECTOR, marked("backup-check")).click()
    assert "The backup is whole" in _text(browser, "backup-check-ok")

    browser.get(browser.base + "/")
    assert "Last backup today" in _text(browser, "backup-ok")
    screenshot(browser, "caseload-backed-up")


async def test_stop_ends_a_backup_and_keeps_nothing(user, signed_up, tmp_path):
    families.add_family(signed_up, "F1", child="Maya", born="2025-06-01")
    recording = signed_up.clip_dir("F1", "c-long") / "original.mp4"
    recording.parent.mkdir(parents=True)
    with open(recording, "wb") as f:  # 400 MB: a few seconds of work, time to stop it
        for _ in range(100):
            f.write(os.urandom(4 * 2**20))
    usb = tmp_path / "usb"
    await sign_in_user(user, "/backups")
    user.find(marker="backup-folder").type(str(usb))
    user.find(marker="backup-passphrase").type(BACKUP_PASS)
    user.find(marker="backup-passphrase-again").type(BACKUP_PASS)
    user.find(marker="backup-start").click()
    await user.should_see(marker="backup-stop", retries=100)
    user.find(marker="backup-stop").click()
    await user.should_see("Stopped: nothing of it was kept", retries=300)
    await user.should_not_see(marker="backup-done")
    assert not any((usb / "snapshots").glob("*"))
    assert [p for p in (usb / "chunks").rglob("*") if p.is_file()] == []
    assert service.backup_status(signed_up).last is None
