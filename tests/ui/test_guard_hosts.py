"""Which Host and Origin values name the app, for each address it may be bound to."""

from __future__ import annotations

import pytest

from vipp_session.ui.routes.guard import host_is_own, origin_is_own


def scope(server, host, origin=None):
    headers = [(b"host", host.encode())] + ([(b"origin", origin.encode())] if origin else [])
    return {"type": "http", "server": server, "headers": headers}


@pytest.mark.parametrize("server, host, own", [
    (("127.0.0.1", 8080), "127.0.0.1:8080", True),
    (("127.0.0.1", 8080), "localhost:8080", True),
    (("127.0.0.1", 8080), "LOCALHOST:8080", True),
    (("127.0.0.1", 8080), "[::1]:8080", True),
    (("127.0.0.1", 8080), "127.0.0.1:8081", False),
    (("127.0.0.1", 8080), "127.0.0.1", False),
    (("127.0.0.1", 8080), "evil.example:8080", False),
    (("127.0.0.1", 8080), "localhost.evil.example:8080", False),
    (("127.0.0.1", 8080), "", False),
    (("::1", 8080), "[::1]:8080", True),
    (("::1", 8080), "localhost:8080", True),
    (("192.168.1.5", 8080), "192.168.1.5:8080", True),  # --host 0.0.0.0, reached over the network
    (("192.168.1.5", 8080), "localhost:8080", False),
    (("192.168.1.5", 8080), "laptop.local:8080", False),
    (("127.0.0.1", 80), "localhost", True),
])
def test_host(server, host, own):
    assert host_is_own(scope(server, host)) is own


@pytest.mark.parametrize("origin, own", [
    ("http://127.0.0.1:8080", True),
    ("http://localhost:8080", True),
    ("http://127.0.0.1:8081", False),  # another port of this laptop: same site, not the app
    ("https://127.0.0.1:8080", False),
    ("http://evil.example:8080", False),
    ("null", False),
    ("", False),
])
def test_origin(origin, own):
    assert origin_is_own(scope(("127.0.0.1", 8080), "127.0.0.1:8080", origin)) is own
