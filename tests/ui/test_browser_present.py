"""Presentation mode in real Chromium: each moment's lead-in ends frozen on its exact frame,
its words show, keys move between moments, and nothing is fetched from outside the machine."""

from __future__ import annotations

import json

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from media_factory import is_upright, make_clip, read_frame_index, vfr_times
from vipp_session import clips, families, moments
from vipp_session.settings import load_settings, save_settings
from tests.ui.conftest import marked, screenshot, sign_in_browser, wait_for
from tests.ui.test_browser_prepare import shown_frame

WORDS = ["Look how she watches your face here.", "She laughs, and you laugh with her.",
         "Here she reaches out to you."]


@pytest.fixture
def prepared(signed_up, tmp_path):
    data = signed_up
    settings = load_settings(data)
    settings.preroll_seconds = 1.0
    save_settings(data, settings)
    families.add_family(data, "F1", child="Zoë", born="2025-06-01")
    made = []
    for name, rotation in (("a.mp4", 90), ("b.mp4", 0)):
        make_clip(tmp_path / name, codec="h264", rotation=rotation, times=vfr_times(120))
        [r] = clips.import_clips(data, "F1", 1, [tmp_path / name])
        made.append(r.clip)
    chosen = [
        moments.add_moment(data, made[0].id, 2.31, "look", text=WORDS[0]),
        moments.add_moment(data, made[1].id, 0.4, "laughter", text=WORDS[1]),
        moments.add_moment(data, made[0].id, 3.05, "touch", text=WORDS[2], note="PRIVATE NOTE"),
    ]
    moments.set_highlights(data, chosen[0].id, [{"shape": "ellipse", "cx": .5, "cy": .5, "rx": .2, "ry": .1}])
    return chosen


def frozen_on(driver, words: str):
    WebDriverWait(driver, 30).until(lambda d: words in d.find_element(By.TAG_NAME, "body").text)
    WebDriverWait(driver, 10).until(lambda d: d.execute_script(
        "const v = document.querySelector('video'); return v.paused && !v.seeking && v.readyState >= 2;"))
    return shown_frame(driver)


def test_presentation_freezes_on_each_moment(browser, prepared, data):
    sign_in_browser(browser)
    browser.get_log("performance")  # start the record of requests from here
    browser.get(browser.base + "/family/F1/session/2/present")
    wait_for(browser, marked("presenter-start"))
    body = browser.find_element(By.TAG_NAME, "body")
    assert "PRIVATE NOTE" not in body.text and "F1" not in body.text
    body.send_keys(Keys.SPACE)

    for i, (moment, words) in enumerate(zip(prepared, WORDS), start=1):
        picture = frozen_on(browser, words)
        assert read_frame_index(picture) == moment.frame and is_upright(picture)
        assert browser.find_element(By.CSS_SELECTOR, marked("presenter-progress")).text == f"{i} of 3"
        if i == 1:
            assert browser.find_elements(By.CSS_SELECTOR, f"{marked('presenter-highlights')} ellipse")
            screenshot(browser, "presentation")
        body.send_keys(Keys.ARROW_RIGHT)

    wait_for(browser, marked("presenter-end"))
    body.send_keys(Keys.ARROW_LEFT)
    assert read_frame_index(frozen_on(browser, WORDS[2])) == prepared[2].frame
    body.send_keys(Keys.ARROW_LEFT)
    assert read_frame_index(frozen_on(browser, WORDS[1])) == prepared[1].frame
    body.send_keys("r")  # replay the lead-in: it ends on the same frame
    assert read_frame_index(frozen_on(browser, WORDS[1])) == prepared[1].frame

    requested = [json.loads(e["message"])["message"] for e in browser.get_log("performance")]
    urls = [m["params"]["request"]["url"] for m in requested if m["method"] == "Network.requestWillBeSent"]
    assert urls, "the record of requests is working"
    outside = [u for u in urls if not u.startswith((browser.base, "data:", "blob:"))]
    assert outside == []

    body.send_keys(Keys.ESCAPE)
    WebDriverWait(browser, 10).until(lambda d: d.current_url.endswith("/family/F1/session/2"))


def progress(driver) -> str:
    return driver.find_element(By.CSS_SELECTOR, marked("presenter-progress")).text


def test_presentation_fills_the_screen_and_a_click_goes_on(browser, prepared, data):
    sign_in_browser(browser)
    browser.get(browser.base + "/family/F1/session/2/present")
    start = wait_for(browser, marked("presenter-start"))
    assert "Space or click" in start.text
    screenshot(browser, "presentation-start")
    assert browser.execute_script("return document.fullscreenElement") is None
    browser.find_element(By.TAG_NAME, "body").send_keys(Keys.SPACE)
    WebDriverWait(browser, 10).until(lambda d: d.execute_script(
        "return document.fullscreenElement !== null"))
    frozen_on(browser, WORDS[0])
    screenshot(browser, "presentation-full-screen")

    presenter = browser.find_element(By.CSS_SELECTOR, marked("presenter"))
    width = browser.execute_script("return window.innerWidth")
    click_at = "arguments[0].dispatchEvent(new MouseEvent(arguments[2], {bubbles: true, clientX: arguments[1], clientY: 200}))"
    browser.execute_script(click_at, presenter, width * 0.8, "click")  # the right: on
    assert read_frame_index(frozen_on(browser, WORDS[1])) == prepared[1].frame
    assert progress(browser) == "2 of 3"
    browser.execute_script(click_at, presenter, width * 0.1, "click")  # the left third: back
    frozen_on(browser, WORDS[0])
    assert progress(browser) == "1 of 3"
    browser.execute_script(click_at, presenter, width * 0.8, "click")
    frozen_on(browser, WORDS[1])
    browser.execute_script(click_at, presenter, width * 0.8, "contextmenu")  # right-click: back
    frozen_on(browser, WORDS[0])
    assert progress(browser) == "1 of 3"

    # a TV has no pointer: it hides once the pointer rests
    WebDriverWait(browser, 10).until(lambda d: d.execute_script(
        "return getComputedStyle(arguments[0]).cursor", presenter) == "none")
    browser.execute_script("arguments[0].dispatchEvent(new PointerEvent('pointermove', {bubbles: true}))",
                           presenter)
    assert browser.execute_script("return getComputedStyle(arguments[0]).cursor", presenter) != "none"

    browser.find_element(By.TAG_NAME, "body").send_keys(Keys.ESCAPE)
    WebDriverWait(browser, 10).until(lambda d: d.current_url.endswith("/family/F1/session/2"))
    assert browser.execute_script("return document.fullscreenElement") is None


def test_an_empty_session_says_what_to_do(browser, signed_up, data):
    families.add_family(data, "F1", child="Zoë", born="2025-06-01")
    sign_in_browser(browser)
    browser.get(browser.base + "/family/F1/session/3/present")
    empty = wait_for(browser, marked("presenter-empty"))
    text = browser.find_element(By.TAG_NAME, "body").text
    assert "No moments are prepared for this session yet." in empty.text
    assert "freeze a moment" in empty.text
    assert "0 of 0" not in text and "Press Space" not in text
    browser.find_element(By.TAG_NAME, "body").send_keys(Keys.SPACE)
    assert browser.find_elements(By.CSS_SELECTOR, marked("presenter-end")) == []
    screenshot(browser, "presentation-empty")
    browser.find_element(By.TAG_NAME, "body").send_keys(Keys.ESCAPE)
    WebDriverWait(browser, 10).until(lambda d: d.current_url.endswith("/family/F1/session/3"))
