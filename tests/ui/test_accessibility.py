"""Every page, signed in with a family, clips and moments, passes an axe-core audit in real
Chromium with no serious or critical violation; and the audit does catch a known one.

The axe-core script comes from the axe-core-python package (installed with the test
extras), read from disk and injected into the page: nothing is fetched at test time.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from axe_core_python.base import AXE_SCRIPT
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from media_factory import make_clip
from vipp_session import clips, families, moments, passphrase
from vipp_session.suggestions.keep import scan_for_suggestions
from tests.ui.conftest import PASSPHRASE, marked, screenshot, sign_in_browser, wait_for

SERIOUS = {"serious", "critical"}
RUN_AXE = ("const done = arguments[arguments.length - 1];"
           "axe.run(document, {resultTypes: ['violations']}).then(r => done(r.violations),"
           " e => done([{id: 'axe-failed', impact: 'critical', help: String(e), nodes: []}]));")


SMALL_TEXT = """
const small = [];
for (const el of document.querySelectorAll('body *')) {
  const own = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
  const box = el.getBoundingClientRect();
  if (!own || !box.width || !box.height) continue;
  const size = parseFloat(getComputedStyle(el).fontSize);
  if (size < 14) small.push(`${el.tagName}.${el.className} ${size}px: ${el.textContent.trim().slice(0, 30)}`);
}
return small;
"""


def small_text(driver) -> list[str]:
    """Words on screen in type under 14 px."""
    return driver.execute_script(SMALL_TEXT)


def audit(driver) -> list[dict]:
    """The serious and critical violations axe-core finds on the page as it is now."""
    driver.execute_script(AXE_SCRIPT)
    driver.set_script_timeout(120)
    return [v for v in driver.execute_async_script(RUN_AXE) if v["impact"] in SERIOUS]


def described(violations: list[dict]) -> str:
    return "\n".join(f"{v['id']} ({v['impact']}): {v['help']}: "
                     + "; ".join(n.get("html", "")[:160] for n in v["nodes"][:4])
                     for v in violations)


@pytest.fixture
def a_family(data, tmp_path):
    """F1 with a landscape and a portrait clip from session 1, and moments for session 2."""
    passphrase.set_passphrase(data, PASSPHRASE, PASSPHRASE)
    families.add_family(data, "F1", child="Zoë", born="2025-06-01", clinician="Sam")
    first = (datetime.now() - timedelta(days=10)).replace(hour=10, minute=0, second=0, microsecond=0)
    families.plan_session(data, "F1", 1, first.isoformat())
    families.set_session_status(data, "F1", 1, "held")
    families.plan_session(data, "F1", 2, (first + timedelta(days=14)).isoformat())
    made = []
    for name, width, height, rotation in (("garden.mp4", 320, 240, 0), ("bath.mp4", 480, 270, 90)):
        make_clip(tmp_path / name, width=width, height=height, rotation=rotation, duration=4.0)
        [r] = clips.import_clips(data, "F1", 1, [tmp_path / name])
        made.append(r.clip)
    scan_for_suggestions(data, made[1].id)
    look = moments.add_moment(data, made[1].id, 1.5, "look", text="Look how she watches you.")
    moments.set_highlights(data, look.id, [{"shape": "ellipse", "cx": .5, "cy": .4, "rx": .2, "ry": .1}])
    moments.add_moment(data, made[0].id, 0.5, "smile", text="She smiles at you.", note="PRIVATE")
    return {"clips": made, "moment": look}


def test_every_page_passes_an_accessibility_audit(browser, a_family):
    clip, moment = a_family["clips"][1], a_family["moment"]
    browser.get(browser.base + "/signin")
    wait_for(browser, marked("passphrase"))
    found = {"sign-in": audit(browser)}
    tiny = {"sign-in": small_text(browser)}

    sign_in_browser(browser)
    pages = [
        ("caseload", "/", marked("family-F1")),
        ("family", "/family/F1", marked("session-6")),
        ("session", "/family/F1/session/2", marked("theme-panel")),
        ("annotator", f"/clip/{clip.id}?moment={moment.id}", marked("still-image")),
        ("summary", "/family/F1/session/2/summary", marked("summary-preview")),
        ("week ahead", "/week", marked("calendar-download")),
        ("backups", "/backups", marked("backup-card")),
        ("disk space", "/disk", marked("disk-family-table")),
        ("presentation", "/family/F1/session/2/present", marked("presenter-start")),  # stays last
    ]
    for name, path, ready in pages:
        browser.get(browser.base + path)
        wait_for(browser, ready, timeout=40)
        WebDriverWait(browser, 20).until(lambda d: d.execute_script(
            "return document.readyState === 'complete'"))
        found[name] = audit(browser)
        tiny[name] = small_text(browser)

    # the presentation once started, frozen on the first moment with its words
    browser.find_element(By.TAG_NAME, "body").send_keys(Keys.SPACE)
    WebDriverWait(browser, 30).until(
        lambda d: "Look how she watches you." in d.find_element(By.TAG_NAME, "body").text)
    found["presentation, started"] = audit(browser)

    failing = {name: described(v) for name, v in found.items() if v}
    assert failing == {}, "\n\n".join(f"{name}:\n{text}" for name, text in failing.items())
    assert {name: words for name, words in tiny.items() if words} == {}


def test_the_keyboard_shows_where_it_is(browser, a_family):
    """Tab moves through the page's controls, and the one it is on has a visible ring."""
    sign_in_browser(browser)
    wait_for(browser, marked("family-F1"))
    body = browser.find_element(By.TAG_NAME, "body")
    rings = []
    for _ in range(4):
        body = browser.switch_to.active_element
        body.send_keys(Keys.TAB)
        rings.append(browser.execute_script(
            "const s = getComputedStyle(document.activeElement);"
            "return [document.activeElement.tagName, s.outlineStyle, parseFloat(s.outlineWidth),"
            " document.activeElement.className, document.activeElement.matches(':focus-visible')];"))
    assert all(style != "none" and width >= 2 for _, style, width, *_ in rings), rings
    assert rings[0][0] != "BODY"
    screenshot(browser, "keyboard-ring")


def test_the_audit_reports_a_known_violation(browser, a_family):
    """An unlabelled icon button and faint text, added to a real page, are caught."""
    sign_in_browser(browser)
    wait_for(browser, marked("family-F1"))
    browser.execute_script("""
        const b = document.createElement('button');
        b.innerHTML = '<svg width="16" height="16"><circle cx="8" cy="8" r="6"/></svg>';
        b.setAttribute('data-test', 'unlabelled');
        const p = document.createElement('p');
        p.textContent = 'Faint words on a pale page';
        p.style.cssText = 'color:#c9c9c9; background:#ffffff; font-size:14px';
        document.querySelector('main, body').append(b, p);
    """)
    ids = {v["id"] for v in audit(browser)}
    assert {"button-name", "color-contrast"} <= ids, ids


def test_the_file_picker_is_named_and_shows_the_keyboard(browser, a_family):
    sign_in_browser(browser, "/family/F1/session/2")
    picker = wait_for(browser, f"{marked('upload')}[role=button][aria-label]")
    assert picker.get_attribute("aria-label") == \
        "Import video files: drop them here, or choose them"
    browser.execute_script("arguments[0].focus()", picker)
    # away and back, by keyboard (Enter or Space would open the file chooser)
    ActionChains(browser).key_down(Keys.SHIFT).send_keys(Keys.TAB).key_up(Keys.SHIFT) \
        .send_keys(Keys.TAB).perform()
    assert browser.execute_script("return document.activeElement === arguments[0]", picker)
    assert browser.execute_script("return getComputedStyle(arguments[0]).outlineStyle",
                                  picker) == "solid"
