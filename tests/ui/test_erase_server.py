"""An erase from the command line while the app runs leaves no recording open in the server."""

from __future__ import annotations

import os
import time
from pathlib import Path

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from media_factory import make_clip
from vipp_session import clips, families
from tests.ui.conftest import marked, sign_in_browser, wait_for


def holders_of(path: Path) -> dict[int, list[str]]:
    """Every process with a file open under `path` (deleted ones included): pid -> targets."""
    found: dict[int, list[str]] = {}
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            fds = list((proc / "fd").iterdir())
        except OSError:
            continue
        for fd in fds:
            try:
                target = os.readlink(fd)
            except OSError:
                continue
            if target.startswith(str(path)):  # an erased file reads '<its path> (deleted)'
                found.setdefault(int(proc.name), []).append(target)
    return found


def test_the_server_lets_go_of_an_erased_familys_recording_within_two_seconds(
        browser, signed_up, data, cli, tmp_path):
    families.add_family(data, "FZ", child="Maribel", born="2025-01-10")
    make_clip(tmp_path / "play.mp4", duration=2)
    [result] = clips.import_clips(data, "FZ", 1, [tmp_path / "play.mp4"])
    original = clips.original_path(data, result.clip)
    sign_in_browser(browser, f"/clip/{result.clip.id}")
    wait_for(browser, marked("freeze"))
    WebDriverWait(browser, 20).until(lambda d: d.execute_script(
        "const v = document.querySelector('video'); return v && v.readyState >= 2;"))
    browser.find_element(By.TAG_NAME, "body").send_keys("f")  # the still comes from the original
    wait_for(browser, marked("still-image"))
    holders = {pid: t for pid, t in holders_of(original).items() if pid != os.getpid()}
    assert holders, "the server holds the recording open for the next still"
    [server_pid] = holders

    r = cli("family", "erase", "FZ", "--yes")
    assert r.code == 0, r.err
    deadline = time.monotonic() + 2
    while holders_of(data.families_dir).get(server_pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert holders_of(data.families_dir).get(server_pid) is None  # renamed or deleted files too
