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


def test_the_summary_preview_shows_the_pdf_pages_in_chromium(chrome, signed_up, tmp_path):
    from tests.ui.conftest import running_app
    from vipp_session.summary.service import sheet_pdf

    families.add_family(signed_up, "F1", child="Zoë", born="2025-06-01", clinician="Sam")
    make_clip(tmp_path / "a.mp4", duration=3, width=360, height=640)
    [r] = clips.import_clips(signed_up, "F1", 1, [tmp_path / "a.mp4"])
    for at in (0.5, 1.5, 2.5):
        moments.add_moment(signed_up, r.clip.id, at, "look", text="Zoë looks up at you.")
    _, pages = sheet_pdf(signed_up, "F1", 2)
    with running_app(signed_up) as address:
        chrome.delete_all_cookies()
        chrome.base = address
        sign_in_browser(chrome)
        chrome.get(address + "/family/F1/session/2/summary")
        shown = WebDriverWait(chrome, 60).until(lambda d: d.execute_script(
            "const imgs = [...document.querySelectorAll('[data-marker~=\"summary-page\"] img')];"
            "return imgs.length && imgs.every(i => i.complete && i.naturalWidth > 0)"
            " ? imgs.map(i => [i.naturalWidth, i.naturalHeight]) : null"))
        assert len(shown) == pages
        for w, h in shown:
            assert abs(h / w - 297 / 210) < 0.01  # A4 pages, as printed
        shots = os.environ.get("VIPP_SHOTS")
        if shots:
            chrome.save_screenshot(str(Path(shots) / "summary-page-portrait-stills.png"))
