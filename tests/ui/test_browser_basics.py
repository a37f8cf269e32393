"""Real Chromium against the real server: sign-in, refusals when signed out, adding a family."""

from __future__ import annotations

import http.client
from urllib.parse import urlparse

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from vipp_session import families
from tests.ui.conftest import (
    PASSPHRASE, field_error, marked, screenshot, sign_in_browser, wait_for,
)


def _get(base: str, path: str, headers: dict | None = None):
    url = urlparse(base)
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=10)
    conn.request("GET", path, headers=headers or {})
    resp = conn.getresponse()
    body = resp.read()
    conn.close()
    return resp.status, resp.getheader("location"), body


def test_first_start_in_the_browser_then_sign_in(browser, data):
    browser.get(browser.base + "/")
    first = wait_for(browser, marked("new-passphrase"))
    screenshot(browser, "signin-first-start")
    first.send_keys(PASSPHRASE)
    browser.find_element(By.CSS_SELECTOR, marked("repeat-passphrase")).send_keys(PASSPHRASE)
    browser.find_element(By.CSS_SELECTOR, marked("set-passphrase")).click()
    wait_for(browser, marked("add-family"))
    assert "$argon2" in data.settings_file.read_text()
    cookie = browser.get_cookie("vipp_signin")
    assert cookie and cookie["httpOnly"] and cookie["sameSite"] == "Strict"


def test_wrong_passphrase_refused_in_the_browser(browser, signed_up):
    browser.get(browser.base + "/")
    field = wait_for(browser, marked("passphrase"))
    field.send_keys("wrong wrong wrong")
    browser.find_element(By.CSS_SELECTOR, marked("sign-in")).click()
    assert "Please try again" in field_error(browser, "passphrase", containing="not right")
    assert browser.get_cookie("vipp_signin") is None
    assert "/signin" in browser.current_url


def test_every_route_refused_when_signed_out(server, signed_up):
    families.add_family(signed_up, "F1", child="Ada", born="2025-06-01")
    for path in ["/", "/family/F1", "/family/F1/session/2", "/clip/c0000000000",
                 "/family/F1/session/2/present", "/family/F1/session/2/summary"]:
        status, location, _ = _get(server, path)
        assert status == 303 and location.startswith("/signin?next="), path
    for path in ["/media/clip/c0000000000/proxy.mp4", "/media/still/m00000000.png",
                 "/media/thumb/c0000000000/0.jpg", "/download/summary/F1/2.pdf",
                 "/download/review/F1/2.pdf", "/download/keepsake/F1.pdf", "/upload/F1/1"]:
        status, _, body = _get(server, path, {"Range": "bytes=0-100"})
        assert status == 401 and b"Sign in" in body, path
    # a forged cookie is no better than none
    status, _, _ = _get(server, "/", {"Cookie": "vipp_signin=forged"})
    assert status == 303


def test_add_a_family_in_the_browser_with_errors_next_to_fields(browser, signed_up, data):
    sign_in_browser(browser)
    browser.find_element(By.CSS_SELECTOR, marked("add-family")).click()
    code = wait_for(browser, marked("family-id"))
    code.send_keys("F 17")
    browser.find_element(By.CSS_SELECTOR, marked("family-child")).send_keys("Zoë")
    browser.find_element(By.CSS_SELECTOR, marked("family-born")).send_keys("2025-09-01")
    browser.find_element(By.CSS_SELECTOR, marked("save-family")).click()
    assert "not a usable family code" in field_error(browser, "family-id")
    assert families.list_families(data) == []

    code.send_keys(Keys.CONTROL, "a")
    code.send_keys("F17")
    browser.find_element(By.CSS_SELECTOR, marked("save-family")).click()
    wait_for(browser, marked("session-1"))
    assert browser.current_url.endswith("/family/F17")
    [(family, _)] = families.list_families(data)
    assert family.child == "Zoë" and family.born.isoformat() == "2025-09-01"
