"""The app as a newcomer gets it: `demo` and `serve` from the installed wheel, in real Chromium.

Every page opens, a clip streams with a Range request, and the summary and review pack are made.
"""

from __future__ import annotations

import http.client
import io
import json

from pypdf import PdfReader
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from tests.ui.conftest import PASSPHRASE, _free_port, marked, sign_in_browser, wait_for


def fetch(port: int, path: str, cookie: str, headers: dict | None = None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", path, headers={"Cookie": f"vipp_signin={cookie}", **(headers or {})})
    resp = conn.getresponse()
    body = resp.read()
    conn.close()
    return resp, body


def _shows(driver, text: str, timeout: float = 60) -> None:
    WebDriverWait(driver, timeout).until(lambda d: text in d.find_element(By.TAG_NAME, "body").text)


def _signed_in(chrome, port: int) -> str:
    chrome.delete_all_cookies()
    chrome.base = f"http://127.0.0.1:{port}"
    sign_in_browser(chrome)
    return chrome.get_cookie("vipp_signin")["value"]


def _pdf_text(body: bytes) -> str:
    assert body.startswith(b"%PDF"), body[:200]
    return " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(body)).pages)


def test_the_installed_demo_and_serve_open_every_page(installed_app, chrome):
    data = installed_app.home / "demo-data"
    made = installed_app.run("passphrase", "set", "--data", str(data),
                             stdin=f"{PASSPHRASE}\n{PASSPHRASE}\n")
    assert made.returncode == 0, made.stderr

    port = _free_port()
    demo = installed_app.start("demo", "--no-browser", "--port", str(port), "--data", str(data))
    try:
        demo.wait_until_running(port)
        cookie = _signed_in(chrome, port)
        wait_for(chrome, marked("family-DEMO"))  # caseload
        clip_list = installed_app.run("clip", "list", "DEMO", "--json", "--data", str(data))
        moment_list = installed_app.run("moment", "list", "DEMO", "--session", "2", "--json",
                                        "--data", str(data))
        clips, moments = json.loads(clip_list.stdout), json.loads(moment_list.stdout)
        assert len(clips) == 3 and len(moments) == 3

        chrome.get(chrome.base + "/family/DEMO")
        wait_for(chrome, marked("session-6"))

        chrome.get(chrome.base + "/family/DEMO/session/2")
        wait_for(chrome, marked("theme-panel"))
        assert len(chrome.find_elements(By.CSS_SELECTOR, "[data-marker^='moment-m']")) == 3

        first = moments[0]
        chrome.get(chrome.base + f"/clip/{first['clip']}?moment={first['id']}")
        still = wait_for(chrome, marked("still-image"))
        WebDriverWait(chrome, 60).until(lambda d: d.execute_script(  # the player's own JS
            "const v = document.querySelector('video');"
            "return arguments[0].naturalWidth > 0 && v && v.readyState >= 2", still))

        chrome.get(chrome.base + "/family/DEMO/session/2/present")
        wait_for(chrome, marked("presenter-start")).click()
        _shows(chrome, first["text"])

        proxy = next(c for c in clips if c["id"] == first["clip"])["folder"] + "/proxy.mp4"
        resp, body = fetch(port, f"/media/clip/{first['clip']}/proxy.mp4", cookie,
                           {"Range": "bytes=100-1099"})
        assert resp.status == 206 and resp.getheader("Cache-Control") == "no-store"
        with open(proxy, "rb") as f:
            assert body == f.read()[100:1100]

        chrome.get(chrome.base + "/family/DEMO/session/2/summary")
        wait_for(chrome, marked("summary-preview"))
        for tick in chrome.find_elements(By.CSS_SELECTOR, marked("print-anyway")):
            if tick.is_displayed():  # only when the tone check found words to look at
                tick.click()
        chrome.find_element(By.CSS_SELECTOR, marked("make-summary")).click()
        wait_for(chrome, marked("summary-ready"), timeout=120)
        resp, body = fetch(port, "/download/summary/DEMO/2.pdf", cookie)
        assert resp.status == 200 and first["text"] in _pdf_text(body)

        chrome.get(chrome.base + "/family/DEMO/session/2")
        wait_for(chrome, marked("review-pack")).click()
        review = data / "families" / "DEMO" / "reviews" / "session-2.pdf"
        WebDriverWait(chrome, 120).until(lambda _: review.is_file() and review.stat().st_size)
        resp, body = fetch(port, "/download/review/DEMO/2.pdf", cookie)
        assert resp.status == 200 and "For supervision" in _pdf_text(body)
    finally:
        demo.stop()

    port = _free_port()
    serve = installed_app.start("serve", "--no-browser", "--port", str(port), "--data", str(data))
    try:
        serve.wait_until_running(port)
        _signed_in(chrome, port)
        wait_for(chrome, marked("family-DEMO"))
        _shows(chrome, "Maya")
    finally:
        serve.stop()
