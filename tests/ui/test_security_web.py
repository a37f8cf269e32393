"""The web side of the app against someone else on this laptop, or a web page in its browser:
Host and Origin checks, the websocket behind sign-in, NiceGUI's own routes, uploads, headers.

Each test drives the real `vipp-session serve` process over real HTTP and websockets.
"""

from __future__ import annotations

import http.client
import re
import socket
import time
from urllib.parse import urlparse

import pytest
import socketio
import websocket
from selenium.webdriver.support.ui import WebDriverWait

from vipp_session import families
from vipp_session.settings import load_settings, save_settings
from tests.ui.conftest import marked, sign_in_browser, wait_for

FOREIGN = "http://evil.example"


def request(base, method, path, headers=None, body=None):
    url = urlparse(base)
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=20)
    conn.request(method, path, body=body, headers=headers or {})
    resp = conn.getresponse()
    answer = resp.status, dict(resp.getheaders()), resp.read()
    conn.close()
    return answer


def own(base: str) -> str:
    return urlparse(base).netloc  # 127.0.0.1:PORT


def client_id_in(html: bytes) -> str:
    return re.search(rb"['\"]client_id['\"]:\s*['\"]([0-9a-f-]{36})", html).group(1).decode()


def ws_status(base, client_id, *, cookie=None, origin=None, host=None) -> int:
    """101 if a websocket to NiceGUI's socket.io opens with these headers, else the refusal's status."""
    query = f"EIO=4&transport=websocket&client_id={client_id}" if client_id else "EIO=4&transport=websocket"
    url = base.replace("http://", "ws://") + f"/_nicegui_ws/socket.io/?{query}"
    try:
        ws = websocket.create_connection(url, timeout=10, origin=origin or base, host=host or own(base),
                                         cookie=f"vipp_signin={cookie}" if cookie else None)
    except websocket.WebSocketBadStatusException as refused:
        return refused.status_code
    ws.close()
    return 101


def signed_in_page(browser, path="/"):
    """Sign the browser in and open `path`; its cookie and the page's client id."""
    sign_in_browser(browser, path)
    wait_for(browser, marked("lock"))
    return browser.get_cookie("vipp_signin")["value"], browser.execute_script("return window.clientId")


def test_a_foreign_host_gets_nothing_not_even_the_first_start_form(server, data):
    port = urlparse(server).port
    status, _, body = request(server, "GET", "/signin")
    assert status == 200 and b"Choose a passphrase" in body  # the laptop's own browser: the form
    status, _, body = request(server, "GET", "/signin", {"Host": f"localhost:{port}"})
    assert status == 200 and b"Choose a passphrase" in body
    for host in [f"evil.example:{port}", "evil.example", f"127.0.0.1:{port + 1}",
                 f"127.0.0.1.evil.example:{port}", ""]:
        for path in ["/signin", "/", "/_nicegui_ws/socket.io/?EIO=4&transport=polling", "/upload/F1/1"]:
            status, _, body = request(server, "GET", path, {"Host": host})
            assert status == 403, (host, path)
            assert b"passphrase" not in body and b"This address does not serve" in body
    assert not data.settings_file.exists()


def test_websocket_needs_the_sign_in_the_page_was_opened_with_and_its_own_origin(browser, signed_up):
    cookie, page = signed_in_page(browser)
    base = browser.base
    assert ws_status(base, page, cookie=cookie) == 101  # the page's own browser
    assert ws_status(base, page) == 403  # no cookie
    assert ws_status(base, page, cookie="made-up") == 403
    assert ws_status(base, page, cookie=cookie, origin=FOREIGN) == 403
    assert ws_status(base, page, cookie=cookie, origin="http://127.0.0.1:1") == 403  # same site, other port
    assert ws_status(base, page, cookie=cookie, host="evil.example") == 403
    assert ws_status(base, None, cookie=cookie) == 403  # a socket must name its page
    assert ws_status(base, "0" * 8 + "-0000-0000-0000-" + "0" * 12, cookie=cookie) == 403
    # a page the app does not know (say, from before a restart) is refused by NiceGUI before any
    # message is read, which makes the browser reload it and so meet the sign-in
    stale = socketio.Client(reconnection=False)
    with pytest.raises(socketio.exceptions.ConnectionError, match="namespaces failed to connect"):
        stale.connect(f"{base}?client_id={'1' * 8}-1111-1111-1111-{'1' * 12}&implicit_handshake=true",
                      headers={"Origin": base}, transports=["websocket"],
                      socketio_path="/_nicegui_ws/socket.io", wait_timeout=10)
    # socket.io's long-polling fallback goes through the same check
    polling = f"/_nicegui_ws/socket.io/?EIO=4&transport=polling&client_id={page}"
    assert request(base, "GET", polling)[0] == 403
    assert request(base, "GET", polling, {"Cookie": f"vipp_signin={cookie}"})[0] == 200
    # the sign-in page's own socket needs no sign-in, but still its own origin
    _, _, html = request(base, "GET", "/signin")
    assert ws_status(base, client_id_in(html)) == 101
    assert ws_status(base, client_id_in(html), origin=FOREIGN) == 403


def test_a_socket_that_knows_a_page_id_cannot_drive_it(browser, signed_up):
    cookie, page = signed_in_page(browser)
    base = browser.base
    lock_id = int(browser.find_element("css selector", marked("lock")).get_attribute("id")[1:])
    listener = browser.execute_script(
        "return mounted_app.elements[arguments[0]].events.find(e => e.type == 'click').listener_id",
        lock_id)
    press_lock = {"id": lock_id, "client_id": page, "listener_id": listener, "args": []}

    # another program on the laptop opens the sign-in page, and so a socket of its own
    _, _, html = request(base, "GET", "/signin")
    own_page = client_id_in(html)
    other = socketio.Client(reconnection=False)
    other.connect(f"{base}?client_id={own_page}", headers={"Origin": base},
                  transports=["websocket"], socketio_path="/_nicegui_ws/socket.io", wait_timeout=10)
    try:
        handshake = {"client_id": own_page, "tab_id": "t-other", "document_id": "d-other"}
        assert other.call("handshake", handshake, timeout=10) is True
        assert other.call("handshake", {**handshake, "client_id": page}, timeout=10) is not True
        other.emit("event", press_lock)  # the signed-in page's Lock button, from the wrong socket
        time.sleep(1.5)
    finally:
        other.disconnect()
    status, _, _ = request(base, "GET", "/", {"Cookie": f"vipp_signin={cookie}"})
    assert status == 200  # still signed in: the event was not taken

    # the very same message from the page's own socket is taken (so the test above means something)
    browser.execute_script("window.socket.emit('event', arguments[0])", press_lock)
    deadline = time.monotonic() + 10
    while request(base, "GET", "/", {"Cookie": f"vipp_signin={cookie}"})[0] == 200:
        assert time.monotonic() < deadline, "the page's own Lock click was not taken"
        time.sleep(0.2)


def test_nicegui_upload_route_needs_a_sign_in(browser, signed_up):
    families.add_family(signed_up, "F1", child="Ada", born="2025-06-01")
    cookie, page = signed_in_page(browser, "/family/F1/session/2")
    upload = wait_for(browser, marked("upload")).get_attribute("id")[1:]
    path = f"/_nicegui/client/{page}/upload/{upload}"
    status, _, body = request(browser.base, "POST", path, {"Origin": browser.base},
                              body=b"not a video")
    assert status == 401 and b"Sign in" in body
    status, _, _ = request(browser.base, "POST", path, {"Origin": FOREIGN,
                                                        "Cookie": f"vipp_signin={cookie}"},
                           body=b"not a video")
    assert status == 403


def _incoming(data):
    folder = data.root / "incoming"
    return sorted(p.name for p in folder.rglob("*")) if folder.exists() else []


def test_upload_route_checks_origin_and_size_before_writing(browser, signed_up):
    families.add_family(signed_up, "F1", child="Ada", born="2025-06-01")
    settings = load_settings(signed_up)
    settings.max_upload_gb = 0.001  # about 1 MB
    save_settings(signed_up, settings)
    cookie, _ = signed_in_page(browser)
    base, signed = browser.base, {"Cookie": f"vipp_signin={cookie}", "X-File-Name": "IMG_0420.MOV"}

    status, _, body = request(base, "POST", "/upload/F1/1", {**signed, "Origin": "http://127.0.0.1:1"},
                              body=b"x" * 1000)
    assert status == 403 and _incoming(signed_up) == []
    status, _, body = request(base, "POST", "/upload/F1/1", signed, body=b"x" * 1000)
    assert status == 403  # no Origin at all: not from the app's pages

    # a Content-Length over the limit is refused before a byte of the body is sent
    answer = _announce_upload(base, cookie, "IMG_0420.MOV", 20 * 1024 ** 3, "Nothing was kept")
    assert answer.startswith("HTTP/1.1 413")
    assert "IMG_0420.MOV is larger than 0.001 GB" in answer and "max_upload_gb" in answer
    assert _incoming(signed_up) == []

    # a body that does not say its length is counted as it streams, and nothing is kept
    chunks = (b"x" * 65536 for _ in range(40))  # 2.5 MB, sent chunked
    status, _, body = request(base, "POST", "/upload/F1/1", {**signed, "Origin": base}, body=chunks)
    assert status == 413 and b"Nothing was kept" in body
    assert _incoming(signed_up) == []

    status, _, body = request(base, "POST", "/upload/F1/1", {**signed, "Origin": base}, body=b"x" * 1000)
    assert status == 200 and len(_incoming(signed_up)) == 3  # a small one is taken (family, upload, file)


def _announce_upload(base: str, cookie: str, name: str, length: int, until: str) -> str:
    """Send only an upload's headers, saying `length` bytes will follow, and read the answer
    (up to `until`): what the app says before a byte of the body is sent."""
    url = urlparse(base)
    with socket.create_connection((url.hostname, url.port), timeout=20) as raw:
        raw.sendall((f"POST /upload/F1/1 HTTP/1.1\r\nHost: {own(base)}\r\nOrigin: {base}\r\n"
                     f"Cookie: vipp_signin={cookie}\r\nX-File-Name: {name}\r\n"
                     f"Content-Length: {length}\r\n\r\n").encode())
        answer = b""
        while until.encode() not in answer and (chunk := raw.recv(65536)):
            answer += chunk
    return answer.decode()


def test_upload_that_would_fill_the_disk_is_refused_before_it_is_sent(browser, signed_up):
    families.add_family(signed_up, "F1", child="Ada", born="2025-06-01")
    settings = load_settings(signed_up)
    settings.min_free_gb = 10 ** 6  # more than any disk has free
    save_settings(signed_up, settings)
    cookie, _ = signed_in_page(browser)
    base = browser.base
    answer = _announce_upload(base, cookie, "IMG_0421.MOV", 200 * 1024 ** 2, "import it again")
    assert answer.startswith("HTTP/1.1 507")
    assert "IMG_0421.MOV was not imported" in answer and "min_free_gb" in answer
    assert str(signed_up.root) not in answer
    assert _incoming(signed_up) == []


def test_every_answer_forbids_framing_and_pages_allow_only_their_own_scripts(browser, signed_up):
    cookie, _ = signed_in_page(browser)
    base = browser.base
    for path, signed in [("/", True), ("/signin", False), ("/media/clip/c0000000000/proxy.mp4", True),
                         ("/nothing-here", True)]:
        status, headers, body = request(base, "GET", path,
                                        {"Cookie": f"vipp_signin={cookie}"} if signed else {})
        assert headers["x-frame-options"] == "DENY", path
        assert "frame-ancestors 'none'" in headers["content-security-policy"], path
    status, headers, body = request(base, "GET", "/", {"Cookie": f"vipp_signin={cookie}"})
    policy = headers["content-security-policy"]
    nonce = re.search(r"'nonce-([^']+)'", policy).group(1)
    assert "script-src 'self' 'nonce-" in policy and "'unsafe-inline'" not in policy.split(";")[1]
    tags = re.findall(rb"<script[^>]*>", body)
    assert len(tags) > 3 and all(f'nonce="{nonce}"'.encode() in t for t in tags)
    assert request(base, "GET", "/", {"Cookie": f"vipp_signin={cookie}"})[1][
        "content-security-policy"] != policy  # a fresh nonce for every page


def own_chromium(*extra: str):
    """A Chromium of its own (beside the shared one), with these extra switches."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    from tests.ui.conftest import CHROMEDRIVER, CHROMIUM

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--no-first-run", "--disable-background-networking", "--window-size=1366,768",
                *extra):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(60)
    return driver


@pytest.fixture
def rebinding_chrome():
    """A Chromium in which evil.example resolves to this laptop."""
    driver = own_chromium("--host-resolver-rules=MAP evil.example 127.0.0.1")
    yield driver
    driver.quit()


@pytest.fixture
def second_chrome():
    driver = own_chromium()
    yield driver
    driver.quit()


def test_dns_rebinding_in_chromium_gets_nothing(rebinding_chrome, server, data):
    port = urlparse(server).port
    driver = rebinding_chrome
    for path in ["/signin", "/", "/family/F1"]:
        driver.get(f"http://evil.example:{port}{path}")
        text = driver.find_element("tag name", "body").text
        assert "This address does not serve vipp-session." in text, path
        assert not driver.find_elements("css selector", marked("new-passphrase"))
    # from the foreign page, a script of its own gets nothing either
    got = driver.execute_async_script(
        "const done = arguments[0];"
        "fetch('/signin').then(r => r.text().then(t => done([r.status, t])))"
        ".catch(e => done([0, String(e)]));")
    assert got[0] == 403 and "passphrase" not in got[1]
    assert not data.settings_file.exists()
    # the same Chromium at the laptop's own address is offered the first-start form
    driver.get(f"http://127.0.0.1:{port}/signin")
    wait_for(driver, marked("new-passphrase"))


def test_every_page_works_under_the_content_security_policy(browser, signed_up):
    from vipp_session import clips, moments
    from vipp_session.paths import bundled_dir

    families.add_family(signed_up, "F1", child="Ada", born="2025-06-01")
    [imported] = clips.import_clips(signed_up, "F1", 1, [bundled_dir("sample_media") / "play-with-toys.mp4"])
    moments.add_moment(signed_up, imported.clip.id, 1.0, "look", text="You two, looking together.")
    browser.get_log("browser")  # start from an empty log
    sign_in_browser(browser)
    pages = [("/", "add-family"), ("/family/F1", "family-details"), ("/family/F1/session/2", "upload"),
             (f"/clip/{imported.clip.id}", "player"), ("/family/F1/session/2/present", "presenter-start"),
             ("/family/F1/session/2/summary", "make-summary")]
    for path, marker in pages:
        browser.get(browser.base + path)
        wait_for(browser, marked(marker))
        time.sleep(1.0)  # the page's scripts, socket and media have run
        assert browser.execute_script("return window.did_handshake === true"), path
    browser.find_element("css selector", marked("lock")).click()  # an event still goes through
    wait_for(browser, marked("passphrase"))
    log = browser.get_log("browser")
    refused = [e["message"] for e in log if "Content Security Policy" in e["message"]
               or "Refused to" in e["message"]]
    assert refused == []


def test_a_clip_over_the_size_limit_is_refused_in_the_page_with_its_name(browser, signed_up, tmp_path):
    families.add_family(signed_up, "F1", child="Ada", born="2025-06-01")
    settings = load_settings(signed_up)
    settings.max_upload_gb = 0.001  # about 1 MB
    save_settings(signed_up, settings)
    big = tmp_path / "IMG_0421.MOV"
    big.write_bytes(b"\0" * (3 * 1024 * 1024))
    sign_in_browser(browser, "/family/F1/session/2")
    wait_for(browser, f"{marked('upload')} input[type=file]").send_keys(str(big))
    row = wait_for(browser, f"{marked('import-job')}:has({marked('import-refused')})", timeout=30)
    note = row.find_element("css selector", marked("import-status")).text
    assert "IMG_0421.MOV is larger than 0.001 GB" in note and "Nothing was kept" in note
    assert _incoming(signed_up) == []


def test_a_name_that_looks_like_a_script_is_shown_and_never_run(browser, signed_up):
    families.add_family(signed_up, "F1", child="</script><script>window.pwned=1</script>",
                        born="2025-06-01")
    families.add_family(signed_up, "F2", child="<img src=x onerror=window.pwned=2>", born="2025-06-01")
    cookie, _ = signed_in_page(browser, "/family/F1")
    _, headers, body = request(browser.base, "GET", "/family/F1", {"Cookie": f"vipp_signin={cookie}"})
    nonce = re.search(r"'nonce-([^']+)'", headers["content-security-policy"]).group(1)
    assert body.count(b"<script") == body.count(f'<script nonce="{nonce}"'.encode())
    assert b"<script>window.pwned" not in body  # the name is escaped, so it is given no nonce
    for path, shown in [("/", "window.pwned=1"), ("/", "window.pwned=2"),
                        ("/family/F1", "window.pwned=1"), ("/family/F2", "window.pwned=2")]:
        browser.get(browser.base + path)
        wait_for(browser, marked("lock"))
        time.sleep(0.5)
        assert browser.execute_script("return window.pwned === undefined"), path
        assert shown in browser.find_element("tag name", "body").text, path


def test_lock_in_one_browser_sends_every_other_open_page_to_sign_in(browser, second_chrome, signed_up):
    families.add_family(signed_up, "F1", child="Ada", born="2025-06-01")
    second_chrome.base = browser.base
    signed_in_page(second_chrome, "/family/F1")
    signed_in_page(browser, "/")
    browser.find_element("css selector", marked("lock")).click()
    WebDriverWait(second_chrome, 5).until(lambda d: "/signin" in d.current_url)  # not the 15 s timer
    wait_for(second_chrome, marked("passphrase"))


def test_after_a_new_passphrase_an_open_page_saves_nothing_and_asks_to_sign_in(browser, signed_up):
    from selenium.webdriver.common.keys import Keys

    from vipp_session import passphrase

    families.add_family(signed_up, "F1", child="Ada", born="2025-06-01")
    signed_in_page(browser, "/family/F1")
    browser.find_element("css selector", marked("family-details")).click()
    field = wait_for(browser, marked("family-child"))
    WebDriverWait(browser, 5).until(lambda d: field.is_displayed())
    passphrase.set_passphrase(signed_up, "a brand new passphrase", "a brand new passphrase")
    field.send_keys(" Hijacked", Keys.TAB)
    WebDriverWait(browser, 5).until(lambda d: "/signin" in d.current_url)
    assert families.get_family(signed_up, "F1")[0].child == "Ada"


def test_another_local_page_cannot_frame_the_app(browser, signed_up):
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    families.add_family(signed_up, "F1", child="Ada", born="2025-06-01")
    signed_in_page(browser, "/family/F1")
    framing = f'<iframe id="app" src="{browser.base}/family/F1" width="800" height="600"></iframe>'

    class Other(BaseHTTPRequestHandler):  # a page on another port of this laptop: same site
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            self.wfile.write(framing.encode())

        def log_message(self, *args):
            pass

    other = ThreadingHTTPServer(("127.0.0.1", 0), Other)
    threading.Thread(target=other.serve_forever, daemon=True).start()
    try:
        browser.get_log("browser")
        browser.get(f"http://127.0.0.1:{other.server_address[1]}/")
        deadline = time.monotonic() + 10
        refused = []
        while not refused and time.monotonic() < deadline:
            time.sleep(0.3)
            refused = [e["message"] for e in browser.get_log("browser")
                       if "frame-ancestors" in e["message"]]
        assert refused and f"Framing '{browser.base}/'" in refused[0]  # the app, refused
    finally:
        other.shutdown()
        other.server_close()


def _serve(data, port: int):
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k != "PYTEST_CURRENT_TEST"}
    env["VIPP_DATA"] = str(data.root)
    proc = subprocess.Popen([sys.executable, "-m", "vipp_session", "serve", "--no-browser",
                             "--port", str(port)], env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return proc
        except OSError:
            assert proc.poll() is None and time.monotonic() < deadline, "the server did not start"
            time.sleep(0.2)


def _stop(proc) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except Exception:
        proc.kill()
        proc.wait()


def test_after_a_restart_an_open_page_goes_to_sign_in_by_itself(chrome, signed_up):
    from tests.ui.conftest import _free_port

    port = _free_port()
    first = _serve(signed_up, port)
    try:
        chrome.delete_all_cookies()
        chrome.base = f"http://127.0.0.1:{port}"
        signed_in_page(chrome, "/")
    finally:
        _stop(first)
    second = _serve(signed_up, port)
    try:
        WebDriverWait(chrome, 30).until(lambda d: "/signin" in d.current_url)
        wait_for(chrome, marked("passphrase"))
    finally:
        _stop(second)
