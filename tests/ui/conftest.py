"""UI fixtures: NiceGUI's simulated `user` on a fresh data folder, and a real Chromium
driving the real `vipp-session serve` process."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.common.exceptions import (ElementClickInterceptedException,
                                        ElementNotInteractableException,
                                        NoSuchElementException, StaleElementReferenceException)
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from vipp_session import passphrase


PASSPHRASE = "a quiet morning walk"
MAIN_FILE = Path(__file__).parent / "app_main.py"
CHROMEDRIVER = "/usr/bin/chromedriver"  # Debian's chromium-driver; never downloaded
CHROMIUM = "/usr/bin/chromium"
SCREENSHOT_DIR = Path(os.environ.get("VIPP_SCREENSHOT_DIR", Path(__file__).parent / "screenshots-latest"))


@pytest.fixture
def signed_up(data):
    """A data folder whose passphrase is already set."""
    passphrase.set_passphrase(data, PASSPHRASE, PASSPHRASE)
    return data


@pytest.fixture
async def user(data, monkeypatch, caplog):
    """NiceGUI's simulated user, on this test's own data folder."""
    from nicegui.testing.user_simulation import user_simulation

    monkeypatch.setenv("VIPP_DATA", str(data.root))
    async with user_simulation(main_file=MAIN_FILE) as simulated:
        yield simulated


async def sign_in_user(user, next_path: str = "/"):
    await user.open(f"/signin?next={next_path}")
    user.find(marker="passphrase").type(PASSPHRASE)
    user.find(marker="sign-in").click()
    await user.should_see(marker="lock", retries=150)  # the argon2 check, one at a time


def open_section(user, marker: str) -> None:
    """Open a closed section (ui.expansion), as a click on its title does in the browser:
    the simulated user's click does not open one."""
    [section] = user.find(marker=marker).elements
    with user.client:
        section.value = True


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def running_app(data, launcher: list[str] | None = None, extra_env: dict | None = None):
    """`vipp-session serve` on `data` in its own process, on a free port of 127.0.0.1; yields
    its address once it answers, and stops it after. `launcher` replaces `-m vipp_session`
    (a test script that sets something up, then runs the command line)."""
    port = _free_port()
    # without PYTEST_CURRENT_TEST, or NiceGUI would think it runs inside its own test harness
    env = {k: v for k, v in os.environ.items() if k != "PYTEST_CURRENT_TEST"}
    env["VIPP_DATA"] = str(data.root)
    env.update(extra_env or {})
    proc = subprocess.Popen(
        [sys.executable, *(launcher or ["-m", "vipp_session"]), "serve", "--no-browser",
         "--port", str(port)],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the server stopped: {proc.stdout.read()}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            break
        except OSError:
            time.sleep(0.2)
    else:
        proc.kill()
        raise RuntimeError("the server did not start within 60 s")
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.fixture
def server(data):
    """`vipp-session serve` in its own process, on a free port of 127.0.0.1."""
    with running_app(data) as address:
        yield address


@pytest.fixture(scope="session")
def chrome():
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--window-size=1366,768",
                "--screen-info={1366x768}",  # the laptop screen a full-screen presentation fills
                "--autoplay-policy=no-user-gesture-required", "--mute-audio", "--lang=en-GB"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(60)
    yield driver
    driver.quit()


@pytest.fixture
def browser(chrome, server):
    """A clean Chromium (no cookies) pointed at this test's server."""
    chrome.delete_all_cookies()
    chrome.get(server + "/signin")
    chrome.delete_all_cookies()
    chrome.base = server
    yield chrome


def wait_for(driver, css: str, timeout: float = 20):
    return WebDriverWait(driver, timeout).until(EC.presence_of_element_located((By.CSS_SELECTOR, css)))


def click_when_free(driver, css: str, timeout: float = 15) -> None:
    """Click the element once it can take the click: a dialog still opening or a notice
    passing over it on a busy machine is waited out, not a failure."""
    def clicked(d) -> bool:
        try:
            d.find_element(By.CSS_SELECTOR, css).click()
        except (NoSuchElementException, ElementNotInteractableException,
                ElementClickInterceptedException, StaleElementReferenceException):
            return False
        return True

    WebDriverWait(driver, timeout).until(clicked)


def marked(marker: str) -> str:
    """CSS for an element marked with .mark(marker) in the app."""
    return f'[data-marker~="{marker}"]'


def sign_in_browser(driver, next_path: str = "/"):
    driver.get(driver.base + f"/signin?next={next_path}")
    field = wait_for(driver, marked("passphrase"))
    field.send_keys(PASSPHRASE)
    driver.find_element(By.CSS_SELECTOR, marked("sign-in")).click()
    wait_for(driver, marked("lock"))


def screenshot(driver, name: str) -> Path:
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOT_DIR / f"{name}.png"
    driver.save_screenshot(str(path))
    return path


def field_error(driver, marker: str, containing: str = "", timeout: float = 20) -> str:
    """The error message shown under the input marked `marker` (waits for one)."""
    script = (
        "const el = document.querySelector(arguments[0]);"
        "const box = el && el.closest('.q-field');"
        "const msg = box && box.querySelector('.q-field__messages');"
        "return box && box.classList.contains('q-field--error') && msg ? msg.innerText : '';"
    )
    def shown(d):
        text = d.execute_script(script, marked(marker))
        return text if text and containing in text else False

    return WebDriverWait(driver, timeout).until(shown)
