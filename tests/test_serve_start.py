"""`serve` and `demo` say the app is running only once it answers; a failed start says why."""

from __future__ import annotations

import importlib
import socket
import sys
import threading

import pytest


@pytest.fixture
def busy_port():
    with socket.socket() as other:
        other.bind(("127.0.0.1", 0))
        other.listen()
        yield other.getsockname()[1]


def test_a_port_in_use_is_refused_with_the_reason(cli, busy_port, data):
    r = cli("serve", "--no-browser", "--port", str(busy_port))
    assert r.code == 2
    assert f"Port {busy_port} is already in use" in r.err and "--port" in r.err
    assert "running at" not in r.err + r.out


def test_a_failure_while_starting_exits_non_zero_with_the_reason(cli, data, monkeypatch):
    ui_app = importlib.import_module("vipp_session.ui.app")  # as the command will find it

    def broken_build(_data):
        raise ModuleNotFoundError("No module named 'vipp_session.ui.pages'")

    monkeypatch.setattr(ui_app, "build", broken_build)
    monkeypatch.setenv("NICEGUI_STORAGE_PATH", "")  # restored after the test
    r = cli("serve", "--no-browser", "--port", "0")
    assert r.code == 1
    assert "No module named 'vipp_session.ui.pages'" in r.err
    assert "running at" not in r.err + r.out
    log = data.log_dir / "vipp-session-errors.log"
    assert f"Details are in {log}" in r.err
    assert "ModuleNotFoundError" in log.read_text() and "broken_build" in log.read_text()


def test_a_server_that_gives_up_while_starting_is_an_error_not_a_running_line(cli, data,
                                                                              monkeypatch):
    ui_app = importlib.import_module("vipp_session.ui.app")  # as the command will find it

    def cannot_bind(**_options):
        print("[Errno 98] error while attempting to bind on address", file=sys.stderr)
        raise SystemExit(1)  # what uvicorn does when it cannot listen

    monkeypatch.setattr(ui_app, "build", lambda _data: None)
    monkeypatch.setattr(ui_app.ui, "run", cannot_bind)
    monkeypatch.setenv("NICEGUI_STORAGE_PATH", "")  # restored after the test
    r = cli("serve", "--no-browser", "--port", "0")
    assert r.code == 1
    assert "error while attempting to bind" in r.err
    assert "the web server stopped while starting (exit 1)" in r.err
    assert "running at" not in r.err + r.out
    assert "AppDidNotStart" in (data.log_dir / "vipp-session-errors.log").read_text()
    for check in [t for t in threading.enumerate() if t.name == "ready-check"]:
        check.join(timeout=2)  # the readiness check stops with the server
        assert not check.is_alive()
