"""The session page in real Chromium: the tone check's count with a link to each moment, the
notice before Present (passed, or stayed), her film made onto her stick (and stopped),
and her stick chosen from the drives plugged in, on the session page and in her copies."""

from __future__ import annotations

import json
import os
from pathlib import Path

import av
import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from media_factory import make_clip
from tests.conftest import folder_snapshot
from tests.ui.conftest import (click_when_free, marked, running_app, screenshot, sign_in_browser,
                               wait_for)
from vipp_session import clips, families, moments

CLEAN = "He looks up at you and smiles, and you smile back."
JUDGING = "You should have picked him up sooner."
LONG = ("He reaches for the red block and then he looks back at you to see if it is all right "
        "and you nod and he picks it up and shows it to you and you both laugh together for a "
        "long time while the music plays and the dog watches from the door.")
LAUNCHER = Path(__file__).with_name("serve_with_sticks.py")


@pytest.fixture
def stick(tmp_path) -> Path:
    """Her USB stick, 'plugged in': a folder the server sees mounted from /dev/sdb1."""
    folder = tmp_path / "mnt" / "LEO-STICK"
    folder.mkdir(parents=True)
    return folder


@pytest.fixture
def server(data, stick, tmp_path):
    block = tmp_path / "sys-block" / "sdb"
    block.mkdir(parents=True)
    (block / "removable").write_text("1\n")
    env = {"VIPP_TEST_STICKS": json.dumps([["/dev/sdb1", str(stick)]]),
           "VIPP_TEST_SYS_BLOCK": str(block.parent)}
    with running_app(data, launcher=[str(LAUNCHER)], extra_env=env) as address:
        yield address


@pytest.fixture
def leo(signed_up, tmp_path):
    """Leo (he), whose mother wants copies; three moments for session 2, two needing a look."""
    families.add_family(signed_up, "F1", child="Leo", born="2025-01-15", pronouns="he",
                        wants_copies="yes")
    make_clip(tmp_path / "play.mp4", duration=4.0, audio="aac", width=640, height=480)
    [r] = clips.import_clips(signed_up, "F1", 1, [tmp_path / "play.mp4"])
    return [moments.add_moment(signed_up, r.clip.id, at, kind, text=text)
            for at, kind, text in ((3.5, "look", CLEAN), (2.0, "touch", JUDGING),
                                   (1.0, "smile", LONG))]


def _text(driver, marker: str) -> str:
    return driver.find_element(By.CSS_SELECTOR, marked(marker)).text


def _field(driver, marker: str):
    """The text box of an input marked `marker` (the mark sits on the box or around it)."""
    m = marked(marker)
    return driver.find_element(By.CSS_SELECTOR, f"input{m}, {m} input")


def _outcome(driver, prefix: str, timeout: float = 120) -> tuple[str, str]:
    """Wait for a copy to end: (how it ended, what the page says)."""
    ends = ("done", "problem", "cancelled")
    css = ", ".join(marked(f"{prefix}-{end}") for end in ends)
    element = WebDriverWait(driver, timeout).until(
        lambda d: (d.find_elements(By.CSS_SELECTOR, css) or [None])[0])
    marker = element.get_attribute("data-marker")
    return next(end for end in ends if f"{prefix}-{end}" in marker.split()), element.text


def _rest_the_mouse(driver) -> None:
    """Move the pointer off the buttons (their tooltips would cover a screenshot)."""
    ActionChains(driver).move_to_element_with_offset(
        driver.find_element(By.TAG_NAME, "body"), 0, 0).perform()
    WebDriverWait(driver, 5).until(lambda d: not d.find_elements(By.CSS_SELECTOR, ".q-tooltip"))


def _click(driver, marker: str) -> None:
    click_when_free(driver, marked(marker))

def test_count_links_to_each_moment_and_the_notice_before_present(browser, leo):
    clean, judging, long = leo
    sign_in_browser(browser, "/family/F1/session/2")
    panel = wait_for(browser, marked("tone-panel"))
    assert "2 of 3 moments have words to look at again." in panel.text
    findings = browser.find_elements(By.CSS_SELECTOR, marked("tone-finding"))
    assert [f.text.splitlines()[0] for f in findings] == ["Moment 2: look at it",
                                                         "Moment 3: look at it"]
    assert "should have" in findings[0].find_element(By.TAG_NAME, "mark").text
    assert "what Leo showed" in findings[0].text and "She was" not in findings[0].text
    assert "words" in findings[1].text  # the long one: its length, not a judging word
    links = [a.get_attribute("href") for a in
             browser.find_elements(By.CSS_SELECTOR, f"{marked('tone-finding-link')}")]
    assert [h.split("?")[1] for h in links] == [f"moment={judging.id}", f"moment={long.id}"]
    assert CLEAN not in panel.text
    screenshot(browser, "session-with-findings")

    _click(browser, "present")  # the notice, which the clinician can pass or heed
    notice = wait_for(browser, marked("present-notice"))
    WebDriverWait(browser, 10).until(lambda d: "2 moments have words" in notice.text)
    screenshot(browser, "present-notice")
    _click(browser, "present-look")  # stay and look at them
    WebDriverWait(browser, 10).until(
        lambda d: not d.find_elements(By.CSS_SELECTOR, marked("present-notice")))
    assert browser.current_url.endswith("/family/F1/session/2")
    _click(browser, "present")
    _click(browser, "present-anyway")
    WebDriverWait(browser, 20).until(lambda d: d.current_url.endswith("/session/2/present"))

    browser.get(links[0])  # each link opens its moment in the annotator
    card = wait_for(browser, marked("moment-text"))
    WebDriverWait(browser, 20).until(lambda d: JUDGING in (card.get_attribute("value") or ""))


def test_once_clean_the_page_says_what_was_checked_and_present_goes_straight_on(
        browser, signed_up, leo):
    for m in leo[1:]:
        moments.edit_moment(signed_up, m.id, text=CLEAN)
    sign_in_browser(browser, "/family/F1/session/2")
    text = wait_for(browser, marked("tone-count")).text
    assert "Checked the words of 3 moments for judging, blame, hindsight" in text
    assert "nothing needs a look" not in text.lower()
    screenshot(browser, "session-words-checked")
    _click(browser, "present")
    WebDriverWait(browser, 20).until(lambda d: d.current_url.endswith("/session/2/present"))


def test_her_film_onto_the_stick_chosen_from_the_list_and_stop_leaves_nothing(
        browser, signed_up, leo, stick):
    sign_in_browser(browser, "/family/F1/session/2")
    drive = wait_for(browser, marked("film-drive"))
    assert "LEO-STICK · " in drive.text and "GB free" in drive.text
    folder = _field(browser, "film-folder")
    assert folder.get_attribute("value") == str(stick)  # the one stick plugged in is chosen

    _click(browser, "film-make")  # her words were flagged: shown first, nothing made yet
    flagged = wait_for(browser, marked("film-flagged"))
    assert "should have" in flagged.text and "Copy despite the words flagged" in flagged.text
    assert folder_snapshot(stick) == {}
    _click(browser, "film-despite")
    ended, said = _outcome(browser, "film")
    assert ended == "done" and said.startswith("Copied 1 video (1 film of her moments"), said
    assert said.endswith(" to LEO-STICK:"), said  # the stick by its name
    [name] = list(folder_snapshot(stick))
    assert name == "Leo, visit 2, our moments.mp4"
    with av.open(str(stick / name)) as film:
        assert film.streams.video and film.streams.audio
        pictures = sum(1 for _ in film.decode(video=0))
        assert pictures > 30 and film.duration / 1e6 > 10  # three lead-ins and held frames
    screenshot(browser, "film-made")

    os.unlink(stick / name)
    _click(browser, "film-make")
    _click(browser, "film-despite")
    wait_for(browser, marked("film-progress"))
    # Stop while the film is being written onto the stick, not before it began
    WebDriverWait(browser, 60, poll_frequency=0.05).until(
        lambda d: any(n.endswith(".part") for n in folder_snapshot(stick)))
    _click(browser, "film-cancel")
    assert _outcome(browser, "film")[0] == "cancelled"
    assert folder_snapshot(stick) == {}  # not even a part-written file


def test_copies_card_lists_her_stick_and_counts_the_film(browser, signed_up, leo, stick):
    sign_in_browser(browser, "/family/F1")
    drive = wait_for(browser, marked("copies-drive"))
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", drive)
    assert "LEO-STICK · " in drive.text
    folder = _field(browser, "copies-folder")
    folder.clear()  # typed away, then chosen again from the list
    _click(browser, "copies-look-again")
    _click(browser, "copies-drive")
    WebDriverWait(browser, 10).until(lambda d: folder.get_attribute("value") == str(stick))
    _rest_the_mouse(browser)
    screenshot(browser, "copies-card-drives")

    _click(browser, "copies-all")
    flagged = wait_for(browser, marked("copies-flagged"))
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", flagged)
    _rest_the_mouse(browser)
    screenshot(browser, "copies-card-flagged")
    assert "Visit 2, moment 2: look at it" in flagged.text
    assert "Visit 2, moment 3" not in flagged.text  # its length does not hold the copies back
    _click(browser, "copies-despite")
    ended, said = _outcome(browser, "copies")
    assert ended == "done" and said.startswith("Copied 2 videos (1 clip and 1 film of her"), said
    assert sorted(folder_snapshot(stick)) == ["Leo, visit 1.mp4", "Leo, visit 2, our moments.mp4"]
