"""`vipp-session demo` starts on a made-up family, and the pages people see are photographed.

Set VIPP_SCREENSHOT_DIR=docs/screenshots to refresh the README's pictures.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from vipp_session import moments, passphrase
from vipp_session.paths import DataDir
from tests.ui.conftest import PASSPHRASE, SCREENSHOT_DIR, _free_port, marked, screenshot, sign_in_browser, wait_for


def test_demo_starts_and_the_main_pages_look_right(chrome, tmp_path):
    data = DataDir(tmp_path / "demo")
    passphrase.set_passphrase(data, PASSPHRASE, PASSPHRASE)
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k != "PYTEST_CURRENT_TEST"}
    proc = subprocess.Popen([sys.executable, "-m", "vipp_session", "demo", "--no-browser",
                             "--port", str(port), "--data", str(data.root)],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 180
        while True:
            assert proc.poll() is None, proc.stdout.read()
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                assert time.monotonic() < deadline, "the demo did not start"
                time.sleep(0.3)
        chrome.delete_all_cookies()
        chrome.base = f"http://127.0.0.1:{port}"
        sign_in_browser(chrome)
        wait_for(chrome, marked("family-DEMO"))
        assert "Maya" in chrome.find_element(By.TAG_NAME, "body").text
        screenshot(chrome, "caseload")

        chrome.get(chrome.base + "/family/DEMO")
        wait_for(chrome, marked("session-6"))
        screenshot(chrome, "family")

        chrome.get(chrome.base + "/family/DEMO/session/2")
        wait_for(chrome, marked("theme-panel"))
        assert len(chrome.find_elements(By.CSS_SELECTOR, "[data-marker^='clip-c']")) == 3
        assert len(chrome.find_elements(By.CSS_SELECTOR, "[data-marker^='moment-m']")) == 3
        time.sleep(1)
        screenshot(chrome, "session")

        first = moments.list_moments(data, "DEMO", 2)[0]
        chrome.get(chrome.base + f"/clip/{first.clip}?moment={first.id}")
        still = wait_for(chrome, marked("still-image"))
        WebDriverWait(chrome, 20).until(lambda d: d.execute_script(
            "return arguments[0].complete && arguments[0].naturalWidth > 0", still))
        time.sleep(1)
        screenshot(chrome, "annotator")

        chrome.get(chrome.base + "/family/DEMO/session/2/present")
        wait_for(chrome, marked("presenter-start")).click()
        WebDriverWait(chrome, 30).until(
            lambda d: first.text in d.find_element(By.TAG_NAME, "body").text)
        time.sleep(0.5)
        screenshot(chrome, "presentation")
        chrome.find_element(By.TAG_NAME, "body").send_keys(Keys.ESCAPE)
        WebDriverWait(chrome, 20).until(lambda d: d.current_url.endswith("/family/DEMO/session/2"))

        chrome.get(chrome.base + "/family/DEMO/session/2/summary")
        wait_for(chrome, marked("summary-preview"))
        page = wait_for(chrome, f"{marked('summary-page')} img", timeout=60)  # the PDF's page
        WebDriverWait(chrome, 30).until(lambda d: d.execute_script(
            "return arguments[0].complete && arguments[0].naturalWidth > 0", page))
        time.sleep(1.5)  # the picture fades in
        screenshot(chrome, "summary-page")
    finally:
        proc.terminate()
        proc.wait(timeout=20)

    out = tmp_path / "summary.pdf"
    made = subprocess.run([sys.executable, "-m", "vipp_session", "summary", "DEMO", "--session", "2",
                           "-o", str(out), "--data", str(data.root)], capture_output=True, text=True)
    assert made.returncode == 0, made.stderr
    subprocess.run(["pdftoppm", "-r", "60", "-png", "-f", "1", "-l", "1", str(out),
                    str(SCREENSHOT_DIR / "summary-pdf")], check=True)
    assert (SCREENSHOT_DIR / "summary-pdf-1.png").stat().st_size > 10_000
