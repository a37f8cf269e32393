"""In real Chromium: one row per file in the import, from choosing to done. A refused file
shows a cross with its plain reason and never a tick; a file chosen twice says so at once;
a good clip shows its tick, its length and its picture; no message shows a folder of ours."""

from __future__ import annotations

import shutil
import time

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from media_factory import make_audio_only, make_clip, make_incomplete_recording, make_not_video
from vipp_session import clips, families
from tests.ui.conftest import marked, screenshot, sign_in_browser, wait_for

OUTCOMES = ("import-ok", "import-refused", "import-note")


def rows(driver) -> list[dict]:
    """Each row's name, status text and outcome markers, as the page shows them."""
    return driver.execute_script("""
        return [...document.querySelectorAll(arguments[0])].map(row => ({
          name: row.querySelector(arguments[1]).innerText,
          size: row.querySelector(arguments[2]).innerText,
          status: row.querySelector(arguments[3]).innerText,
          outcomes: arguments[4].filter(m => row.querySelector('[data-marker~="' + m + '"]')),
          picture: !!row.querySelector('[data-marker~="import-picture"] img'),
        }));""", marked("import-job"), marked("import-name"), marked("import-size"),
        marked("import-status"), list(OUTCOMES))


def all_done(driver, count: int):
    shown = rows(driver)
    return shown if len(shown) == count and all(r["outcomes"] for r in shown) else False


@pytest.fixture
def batch(tmp_path):
    folder = tmp_path / "from the phone"
    folder.mkdir()
    make_clip(folder / "IMG_0420.MOV", duration=3.0)
    (folder / "empty.mp4").write_bytes(b"")
    make_not_video(folder / "shopping.mp4")
    make_incomplete_recording(folder / "IMG_0421.mp4", duration=2.0)
    make_audio_only(folder / "voice memo.m4a")
    return folder


def test_a_mixed_batch_gets_one_honest_row_per_file(browser, signed_up, batch):
    families.add_family(signed_up, "F1", child="Ada", born="2025-06-01")
    sign_in_browser(browser, "/family/F1/session/2")
    picker = wait_for(browser, f"{marked('upload')} input[type=file]")
    assert "0.00%" not in browser.find_element(By.CSS_SELECTOR, marked("import-panel")).text
    names = ["IMG_0420.MOV", "empty.mp4", "shopping.mp4", "IMG_0421.mp4", "voice memo.m4a"]
    picker.send_keys("\n".join(str(batch / n) for n in names))
    WebDriverWait(browser, 20).until(lambda d: len(rows(d)) == 5)
    picker.send_keys(str(batch / "IMG_0420.MOV"))  # the same file again
    twice = WebDriverWait(browser, 5).until(
        lambda d: len(rows(d)) == 6 and rows(d)[5]["outcomes"] and rows(d)[5])
    assert twice["outcomes"] == ["import-note"]
    assert "Chosen twice: IMG_0420.MOV is already in the list above." in twice["status"]

    shown = WebDriverWait(browser, 120).until(lambda d: all_done(d, 6))
    by_name = {r["name"]: r for r in shown[:5]}
    assert [r["name"] for r in shown] == names + ["IMG_0420.MOV"]
    good = by_name["IMG_0420.MOV"]
    assert good["outcomes"] == ["import-ok"] and good["picture"]
    assert good["status"].startswith("Imported. 0:03 long")
    reasons = {
        "empty.mp4": "empty.mp4 is empty (0 bytes)",
        "shopping.mp4": "shopping.mp4 is not a video file",
        "IMG_0421.mp4": "IMG_0421.mp4 looks incomplete",
        "voice memo.m4a": "voice memo.m4a has sound only",
    }
    for name, reason in reasons.items():
        row = by_name[name]
        assert row["outcomes"] == ["import-refused"], (name, row)
        assert reason in row["status"], (name, row["status"])
        assert not row["picture"]
    assert by_name["empty.mp4"]["size"] == "0 bytes"
    page = browser.find_element(By.CSS_SELECTOR, marked("import-panel")).text
    assert str(signed_up.root) not in page and "incoming" not in page
    browser.execute_script("arguments[0].scrollIntoView()",
                           browser.find_element(By.CSS_SELECTOR, marked("import-panel")))
    screenshot(browser, "import-mixed-batch")

    [clip] = clips.list_clips(signed_up, "F1")
    assert clip.file == "IMG_0420.MOV"
    listed = wait_for(browser, marked(f"clip-{clip.id}"))  # in the session's clip list too
    picture = listed.find_element(By.CSS_SELECTOR, f"{marked('clip-picture')} img")
    assert picture.get_attribute("src").endswith(f"/media/thumb/{clip.id}/poster.jpg")
    WebDriverWait(browser, 10).until(lambda d: d.execute_script(
        "return arguments[0].complete && arguments[0].naturalWidth > 0", picture))
    browser.execute_script("window.scrollTo(0, 0)")
    ActionChains(browser).move_to_element(picture).perform()  # a strip of frames on hover
    strip = wait_for(browser, f"{marked('clip-strip')}")
    WebDriverWait(browser, 10).until(lambda d: d.execute_script(
        "const imgs = [...arguments[0].querySelectorAll('img')];"
        "return imgs.length === 2 && imgs.every(i => i.complete && i.naturalWidth > 0)", strip))
    time.sleep(0.5)  # the tooltip fades in
    screenshot(browser, "clip-list-strip-on-hover")
    WebDriverWait(browser, 10).until(
        lambda d: not (signed_up.root / "incoming").exists()
        or not list((signed_up.root / "incoming").rglob("*.*")))


def status_of(driver, index: int) -> str:
    shown = rows(driver)
    return shown[index]["status"] if len(shown) > index else ""


def test_imports_wait_their_turn_can_be_cancelled_and_go_on_when_the_page_is_left(
        browser, signed_up, tmp_path):
    from vipp_session.settings import load_settings, save_settings

    families.add_family(signed_up, "F1", child="Ada", born="2025-06-01")
    settings = load_settings(signed_up)
    settings.proxy_max_side = settings.remux_max_side = 320  # transcoded: each takes a while
    save_settings(signed_up, settings)
    names = ["first.mp4", "second.mp4", "third.mp4"]
    for i, name in enumerate(names):
        make_clip(tmp_path / name, width=1280, height=720, duration=5.0 + i / 10, texture=True)

    sign_in_browser(browser, "/family/F1/session/2")
    picker = wait_for(browser, f"{marked('upload')} input[type=file]")
    picker.send_keys("\n".join(str(tmp_path / n) for n in names))
    WebDriverWait(browser, 30).until(lambda d: "Waiting its turn" in status_of(d, 2))
    assert "Making a browser copy" in status_of(browser, 0)
    assert "Waiting its turn" in status_of(browser, 1)
    browser.execute_script("arguments[0].scrollIntoView()",
                           browser.find_element(By.CSS_SELECTOR, marked("import-panel")))
    screenshot(browser, "import-waiting-its-turn")
    third = browser.find_elements(By.CSS_SELECTOR, marked("import-job"))[2]
    third.find_element(By.CSS_SELECTOR, marked("import-cancel")).click()
    WebDriverWait(browser, 10).until(lambda d: rows(d)[2]["outcomes"] == ["import-note"])
    assert status_of(browser, 2) == "Cancelled: nothing was kept."

    browser.get(browser.base + "/family/F1")  # leave while the second still waits its turn
    WebDriverWait(browser, 120, poll_frequency=0.5).until(
        lambda d: len(clips.list_clips(signed_up, "F1")) == 2)
    assert sorted(c.file for c in clips.list_clips(signed_up, "F1")) == names[:2]
    incoming = signed_up.root / "incoming"
    WebDriverWait(browser, 10).until(
        lambda d: not incoming.exists() or not any(p.is_file() for p in incoming.rglob("*")))
    browser.get(browser.base + "/family/F1/session/2")
    for clip in clips.list_clips(signed_up, "F1"):
        wait_for(browser, marked(f"clip-{clip.id}"))
