"""Words spoken for the child are set apart in the presentation as on her sheet: a lead
("Zoë would say:") above them, and the words in italics; other words are shown plain."""

from __future__ import annotations

import os
from pathlib import Path

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from media_factory import make_clip
from vipp_session import clips, families, moments
from vipp_session.settings import load_settings, save_settings
from tests.ui.conftest import marked, sign_in_browser, wait_for

CHILD = "Mummy, when I look at you like this, I'm saying: play with me!"
PLAIN = "Look how Zoë watches your face here."


def test_the_childs_voice_in_the_presentation(chrome, signed_up, tmp_path):
    from tests.ui.conftest import running_app

    settings = load_settings(signed_up)
    settings.preroll_seconds = 0.5
    save_settings(signed_up, settings)
    families.add_family(signed_up, "F1", child="Zoë", born="2025-06-01")
    make_clip(tmp_path / "a.mp4", duration=3)
    [r] = clips.import_clips(signed_up, "F1", 1, [tmp_path / "a.mp4"])
    moments.add_moment(signed_up, r.clip.id, 1.0, "look", message_id="s2-look-3", text=CHILD)
    moments.add_moment(signed_up, r.clip.id, 2.0, "look", text=PLAIN)
    with running_app(signed_up) as address:
        chrome.delete_all_cookies()
        chrome.base = address
        sign_in_browser(chrome)
        chrome.get(address + "/family/F1/session/2/present")
        wait_for(chrome, marked("presenter-start"))
        chrome.find_element(By.TAG_NAME, "body").send_keys(Keys.SPACE)
        says = WebDriverWait(chrome, 30).until(
            lambda d: d.find_elements(By.CSS_SELECTOR, marked("presenter-says")))[0]
        assert says.text == "Zoë would say:"
        words = chrome.find_element(By.CSS_SELECTOR, marked("presenter-words") + " span")
        assert words.text == CHILD
        assert words.value_of_css_property("font-style") == "italic"
        shots = os.environ.get("VIPP_SHOTS")
        if shots:
            chrome.save_screenshot(str(Path(shots) / "presentation-childs-voice.png"))
        chrome.find_element(By.TAG_NAME, "body").send_keys(Keys.SPACE)
        WebDriverWait(chrome, 30).until(
            lambda d: PLAIN in d.find_element(By.CSS_SELECTOR, marked("presenter-words")).text)
        assert not chrome.find_elements(By.CSS_SELECTOR, marked("presenter-says"))
        plain = chrome.find_element(By.CSS_SELECTOR, marked("presenter-words") + " span")
        assert plain.value_of_css_property("font-style") == "normal"
