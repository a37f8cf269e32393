"""The clinician's preparation, in real Chromium against the real server: import a clip
through the page, step frames, freeze, choose and tailor a message, reload, and sign-out
when the laptop is left alone."""

from __future__ import annotations

import base64
import io
import time

import numpy as np
import pytest
from PIL import Image
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from media_factory import is_upright, make_clip, read_frame_index, vfr_times
from vipp_session import clips, families, moments
from vipp_session.settings import load_settings, save_settings
from tests.ui.conftest import marked, screenshot, sign_in_browser, wait_for

CANVAS_JS = """
const v = document.querySelector('video');
const c = document.createElement('canvas');
c.width = v.videoWidth; c.height = v.videoHeight;
c.getContext('2d').drawImage(v, 0, 0);
return c.toDataURL('image/png');
"""


def shown_frame(driver) -> np.ndarray:
    data = driver.execute_script(CANVAS_JS).split(",", 1)[1]
    return np.array(Image.open(io.BytesIO(base64.b64decode(data))).convert("L"))


def fetch_image(driver, url: str) -> np.ndarray:
    data = driver.execute_async_script(
        "const done = arguments[1];"
        "fetch(arguments[0]).then(r => r.blob()).then(b => {"
        "  const f = new FileReader(); f.onload = () => done(f.result); f.readAsDataURL(b); });",
        url,
    ).split(",", 1)[1]
    return np.array(Image.open(io.BytesIO(base64.b64decode(data))).convert("L"))


def settled(driver):
    """Wait until the video has stopped seeking and has a picture."""
    WebDriverWait(driver, 20).until(lambda d: d.execute_script(
        "const v = document.querySelector('video'); return v && v.readyState >= 2 && !v.seeking;"))


def test_import_step_freeze_choose_words_and_reload(browser, signed_up, data, tmp_path):
    families.add_family(data, "F1", child="Zoë", born="2025-06-01")
    source = tmp_path / "visit-one.mp4"
    make_clip(source, codec="h264", rotation=270, times=vfr_times(90), width=320, height=240)

    sign_in_browser(browser, "/family/F1/session/2")
    upload = wait_for(browser, f"{marked('upload')} input[type=file]")
    upload.send_keys(str(source))
    WebDriverWait(browser, 120).until(
        lambda d: "Imported." in d.find_element(By.CSS_SELECTOR, marked("import-jobs")).text)
    [clip] = [c.id for c in clips.list_clips(data, "F1")]
    link = wait_for(browser, marked(f"clip-{clip}"))
    assert "visit-one.mp4" in link.text
    assert not list((data.root / "incoming").glob("*/*")), "the upload's temporary copy is gone"

    browser.get(browser.base + f"/clip/{clip}")
    wait_for(browser, marked("freeze"))
    settled(browser)
    body = browser.find_element(By.TAG_NAME, "body")
    for _ in range(7):
        body.send_keys(Keys.ARROW_RIGHT)
        settled(browser)
    body.send_keys(Keys.ARROW_LEFT)
    settled(browser)
    on_screen = shown_frame(browser)
    assert read_frame_index(on_screen) == 6 and is_upright(on_screen)
    assert "frame 7 of 90" in browser.find_element(By.CSS_SELECTOR, marked("position")).text
    screenshot(browser, "annotator-before-freeze")

    body.send_keys("f")
    still = wait_for(browser, marked("still-image"))
    WebDriverWait(browser, 20).until(lambda d: d.execute_script(
        "return arguments[0].complete && arguments[0].naturalWidth > 0", still))
    picture = fetch_image(browser, still.get_attribute("src"))
    assert read_frame_index(picture) == 6 and is_upright(picture)
    [moment] = moments.list_moments(data, "F1")
    assert moment.frame == 6 and moment.for_session == 2

    message = wait_for(browser, f"{marked('moment-messages')} .q-card")
    scripted = message.text
    message.click()
    WebDriverWait(browser, 10).until(
        lambda d: d.find_element(By.CSS_SELECTOR, marked("moment-text")).get_attribute("value") == scripted)
    text = browser.find_element(By.CSS_SELECTOR, marked("moment-text"))
    text.send_keys(Keys.END, " She loves this game.")
    browser.find_element(By.CSS_SELECTOR, marked("moment-note")).click()  # leaving the field saves it
    WebDriverWait(browser, 10).until(
        lambda d: moments.list_moments(data, "F1")[0].text.endswith("She loves this game."))
    screenshot(browser, "annotator")

    browser.refresh()
    kept = wait_for(browser, marked("moment-text"))
    assert kept.get_attribute("value") == scripted + " She loves this game."
    assert scripted in browser.find_element(By.CSS_SELECTOR, marked("moment-scripted")).text
    saved = moments.list_moments(data, "F1")[0]
    assert saved.message_id is not None and saved.text == scripted + " She loves this game."


@pytest.fixture
def short_idle(signed_up):
    """Sign out after three seconds without use (set before the server starts)."""
    settings = load_settings(signed_up)
    settings.idle_minutes = 0.05
    save_settings(signed_up, settings)


def test_idle_laptop_signs_itself_out(short_idle, browser, data):
    families.add_family(data, "F1", child="Zoë", born="2025-06-01")
    sign_in_browser(browser, "/family/F1")
    wait_for(browser, marked("session-1"))
    time.sleep(4)
    WebDriverWait(browser, 30).until(lambda d: "/signin" in d.current_url)
    assert "Zoë" not in browser.find_element(By.TAG_NAME, "body").text
