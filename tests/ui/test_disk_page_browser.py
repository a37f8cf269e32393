"""Real Chromium: the question before originals are removed can be reached, turned down and
answered with the keyboard alone, and every control on the way shows where the keyboard is."""

from __future__ import annotations

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from due_original import due_original, policy
from vipp_session import clips
from tests.ui.conftest import marked, screenshot, sign_in_browser, wait_for
from tests.ui.test_accessibility import audit, described, small_text

FOCUS = ("const a = document.activeElement; const s = getComputedStyle(a);"
         "return [a.getAttribute('data-marker') || '', s.outlineStyle, parseFloat(s.outlineWidth),"
         " !!a.closest('.q-dialog')];")


def tab_to(driver, marker: str, most: int = 60) -> list:
    """Press Tab until the control marked `marker` has the keyboard; each stop's focus ring."""
    stops = []
    for _ in range(most):
        driver.switch_to.active_element.send_keys(Keys.TAB)
        stops.append(driver.execute_script(FOCUS))
        if stops[-1][0] == marker:
            return stops
    raise AssertionError(f"Tab never reached {marker}: {stops}")


def dialog_shown(driver) -> bool:
    return bool(driver.execute_script(
        f"const d = document.querySelector('{marked('tidy-dialog')}');"
        "return !!d && d.getBoundingClientRect().height > 0;"))


def test_the_confirmation_is_reached_and_answered_by_keyboard_alone(browser, signed_up,
                                                                     tmp_path):
    clip = due_original(signed_up, tmp_path)
    original = clips.original_path(signed_up, clip)
    sign_in_browser(browser, "/")
    wait_for(browser, marked("disk-page-link"))
    screenshot(browser, "caseload-line")
    browser.find_element(By.CSS_SELECTOR, marked("disk-page-link")).click()
    wait_for(browser, marked("tidy-always"))  # originals always kept: nothing to remove
    assert not browser.find_elements(By.CSS_SELECTOR, marked("tidy-remove"))
    browser.execute_script("document.querySelector(arguments[0]).scrollIntoView()",
                           marked("tidy-card"))
    screenshot(browser, "disk-always")
    policy(signed_up, keep_originals="until-shown")
    browser.refresh()
    wait_for(browser, marked("tidy-remove"))
    browser.execute_script("window.scrollTo(0, 0)")
    screenshot(browser, "disk-top")
    browser.find_element(By.TAG_NAME, "body").click()  # start from the top of the page

    stops = tab_to(browser, "tidy-remove")
    assert all(style != "none" and width >= 2 for _, style, width, _ in stops), stops
    screenshot(browser, "disk-due")
    browser.switch_to.active_element.send_keys(Keys.ENTER)
    WebDriverWait(browser, 10).until(dialog_shown)
    WebDriverWait(browser, 10).until(lambda d: d.execute_script(FOCUS)[3])  # the keyboard is in it
    screenshot(browser, "disk-confirm")
    found = audit(browser)  # the list, the button and the open question
    assert found == [], described(found)
    assert small_text(browser) == []
    browser.switch_to.active_element.send_keys(Keys.ESCAPE)  # turned down
    WebDriverWait(browser, 10).until(lambda d: not dialog_shown(d))
    assert original.is_file()

    stops = tab_to(browser, "tidy-remove")  # from wherever the keyboard was left
    browser.switch_to.active_element.send_keys(Keys.ENTER)
    WebDriverWait(browser, 10).until(dialog_shown)
    # the dialog takes the keyboard once it has opened (later on a busy machine)
    WebDriverWait(browser, 10).until(lambda d: d.execute_script(FOCUS)[3])
    stops = tab_to(browser, "tidy-confirm", most=10)
    assert all(in_dialog for *_, in_dialog in stops), stops  # the keyboard stays in the dialog
    assert stops[-1][1] != "none" and stops[-1][2] >= 2
    assert original.is_file()
    browser.switch_to.active_element.send_keys(Keys.ENTER)
    done = wait_for(browser, marked("tidy-done"), timeout=30)
    assert done.text.startswith("Removed 1 original, freeing")
    assert not original.exists() and clips.proxy_path(signed_up, clip).is_file()
    screenshot(browser, "disk-done")
