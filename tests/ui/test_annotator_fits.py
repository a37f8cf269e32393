"""The annotator on a 1366x768 laptop: after freezing a moment of a portrait (or landscape)
clip, the still, the drawing tools, the kinds and the scripted messages are all on screen and
the page does not scroll; the player and the moment say the same frame and time."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from media_factory import make_clip
from vipp_session import clips, families, moments, words
from tests.ui.conftest import marked, screenshot, sign_in_browser, wait_for
from tests.ui.test_browser_prepare import settled

IN_VIEW = """
const r = document.querySelector(arguments[0]).getBoundingClientRect();
return {top: r.top, bottom: r.bottom, left: r.left, right: r.right, height: r.height,
        inner: window.innerHeight, width: window.innerWidth};
"""
PAGE_SCROLLS = ("const e = document.scrollingElement;"
                "return e.scrollHeight > e.clientHeight + 1 || e.scrollWidth > e.clientWidth + 1;")


def box(driver, css: str) -> dict:
    return driver.execute_script(IN_VIEW, css)


@pytest.mark.parametrize("shape", ["portrait", "landscape"])
def test_a_frozen_moment_fits_the_laptop_screen(browser, signed_up, data, tmp_path, shape):
    families.add_family(data, "F1", child="Zoë", born="2025-06-01")
    source = tmp_path / f"{shape}.mp4"
    # a phone's portrait clip is stored landscape with a display rotation
    make_clip(source, width=640, height=360, rotation=90 if shape == "portrait" else 0,
              duration=4.0)
    [made] = clips.import_clips(data, "F1", 1, [source])
    browser.set_window_size(1366, 768)
    sign_in_browser(browser, f"/clip/{made.clip.id}")
    wait_for(browser, marked("player"))
    settled(browser)
    body = browser.find_element(By.TAG_NAME, "body")
    for _ in range(7):
        body.send_keys(Keys.ARROW_RIGHT)
    settled(browser)
    body.send_keys("f")
    wait_for(browser, marked("moment-card"))
    still = wait_for(browser, marked("still-image"))
    WebDriverWait(browser, 20).until(lambda d: d.execute_script(
        "return arguments[0].complete && arguments[0].naturalWidth > 0", still))
    wait_for(browser, f"{marked('moment-messages')} [data-marker^='message-']")

    screenshot(browser, f"annotator-{shape}")
    for part in ("still-image", "drawing-tools", "moment-kinds", "moment-messages"):
        where = box(browser, marked(part))
        assert 0 <= where["top"] < where["inner"] and where["height"] > 0, (part, where)
    # seen whole: inside the window and inside the side column (which may scroll, unseen)
    seen_to = min(box(browser, marked("annotator-side"))["bottom"], where["inner"])
    for part in ("still-image", "drawing-tools", "tool-ellipse", "moment-kinds"):
        where = box(browser, marked(part))
        assert where["bottom"] <= seen_to and where["right"] <= where["width"], (part, where)
    first_message = box(browser, f"{marked('moment-messages')} [data-marker^='message-']")
    assert first_message["bottom"] <= seen_to, first_message
    assert not browser.execute_script(PAGE_SCROLLS), browser.execute_script(
        "return 'what sticks out: ' + [...document.querySelectorAll('body *')]"
        ".filter(x => x.getBoundingClientRect().bottom > window.innerHeight + 1)"
        ".slice(0, 4).map(x => x.tagName + '.' + x.className).join(', ')")
    picture = box(browser, marked("still-image"))
    assert (picture["height"] > picture["right"] - picture["left"]) == (shape == "portrait")

    [moment] = moments.list_moments(data, "F1", 2)
    said = f"Frame {words.frame_number(moment.frame)} at {words.clip_time(moment.at)}"
    assert browser.find_element(By.CSS_SELECTOR, marked("moment-frame")).text == said
    position = browser.find_element(By.CSS_SELECTOR, marked("position")).text
    assert position == f"{words.clip_time(moment.at)} · frame {words.frame_number(moment.frame)} of 120"
    assert moment.frame == 7

    # the scripted messages work from the keyboard: Tab to one, Enter uses it
    first = browser.find_element(By.CSS_SELECTOR, f"{marked('moment-messages')} [data-marker^='message-']")
    marker = first.get_attribute("data-marker")
    browser.execute_script("arguments[0].focus()", first)
    browser.switch_to.active_element.send_keys(Keys.ENTER)
    WebDriverWait(browser, 20).until(
        lambda d: moments.list_moments(data, "F1", 2)[0].message_id is not None)
    chosen = moments.list_moments(data, "F1", 2)[0]
    assert marker == f"message-{chosen.message_id}" and chosen.text


def test_likely_moments_keep_their_times_on_one_line(browser, signed_up, data, tmp_path):
    from scenes import Burst, Placed, Scene, cameraman, write_clip
    from vipp_session.suggestions.keep import load_suggestions, scan_for_suggestions

    scene = Scene(8.0, seed=3)  # faces together from the very start, and a laugh
    pair = cameraman()
    scene.heads = [Placed(pair, 0.0, 3.0, 0.4, 0.4, 0.32),
                   Placed(pair.mirrored(), 0.0, 3.0, 0.62, 0.42, 0.26)]
    scene.bursts = [Burst(5.0, 1.2, 420.0, 5.0, 22.0)]
    families.add_family(data, "F1", child="Zoë", born="2025-09-01")
    [r] = clips.import_clips(data, "F1", 1, [write_clip(scene, tmp_path / "play.mp4")])
    scan_for_suggestions(data, r.clip.id)
    found = load_suggestions(data, r.clip.id)
    assert found, "the scene gives likely moments"
    browser.set_window_size(1366, 768)
    sign_in_browser(browser, f"/clip/{r.clip.id}")
    wait_for(browser, marked("suggestions"))
    times = browser.find_elements(By.CSS_SELECTOR, marked("suggestion-time"))
    assert sorted(t.text for t in times) == sorted(words.clip_time(s.candidate.at) for s in found)
    use = browser.find_element(By.CSS_SELECTOR, marked("use-suggestion"))
    for shown in times:  # one line each: as tall as the one-line 'Use' button beside it
        assert abs(shown.rect["height"] - use.rect["height"]) <= 2, (shown.text, shown.rect)
    screenshot(browser, "annotator-likely-moments")
