"""The clip, frame-time and thumbnail routes, signed in: Range requests, no caching, no guessing."""

from __future__ import annotations

import http.client
import json
from urllib.parse import urlparse

import pytest

from vipp_session import clips, families
from vipp_session.paths import bundled_dir
from tests.ui.conftest import sign_in_browser


def fetch(base, path, cookie, headers=None):
    url = urlparse(base)
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=20)
    conn.request("GET", path, headers={"Cookie": f"vipp_signin={cookie}", **(headers or {})})
    resp = conn.getresponse()
    body = resp.read()
    conn.close()
    return resp, body


@pytest.fixture
def clip(signed_up):
    families.add_family(signed_up, "F1", child="Ada", born="2025-06-01")
    [result] = clips.import_clips(signed_up, "F1", 1, [bundled_dir("sample_media") / "play-with-toys.mp4"])
    assert result.status == "imported", result.reason
    return result.clip


def test_clip_routes_when_signed_in(browser, clip, signed_up):
    sign_in_browser(browser)
    cookie = browser.get_cookie("vipp_signin")["value"]
    proxy = signed_up.clip_dir("F1", clip.id) / "proxy.mp4"

    resp, body = fetch(browser.base, f"/media/clip/{clip.id}/proxy.mp4", cookie, {"Range": "bytes=100-1099"})
    assert resp.status == 206
    assert resp.getheader("Content-Range") == f"bytes 100-1099/{proxy.stat().st_size}"
    assert body == proxy.read_bytes()[100:1100]
    assert resp.getheader("Cache-Control") == "no-store"

    resp, body = fetch(browser.base, f"/media/clip/{clip.id}/proxy.mp4", cookie)
    assert resp.status == 200 and body == proxy.read_bytes()

    resp, body = fetch(browser.base, f"/media/clip/{clip.id}/frames.json", cookie)
    times = json.loads(body)["times"]
    assert resp.status == 200 and times[0] == 0 and len(times) == clip.frames

    resp, body = fetch(browser.base, f"/media/thumb/{clip.id}/0000.jpg", cookie)
    assert resp.status == 200 and body[:2] == b"\xff\xd8"

    for bad in [f"/media/thumb/{clip.id}/..%2F..%2Ffamily.json", f"/media/thumb/{clip.id}/index.json",
                "/media/clip/c0000000000/proxy.mp4", "/media/clip/..%2F..%2Fsettings.json/proxy.mp4"]:
        resp, body = fetch(browser.base, bad, cookie)
        assert resp.status == 404, bad
        assert b"$argon2" not in body and b"Ada" not in body
