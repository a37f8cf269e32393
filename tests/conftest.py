"""Shared fixtures: a fresh data folder per test, the command line run in this process, and the
app installed from a wheel."""

from __future__ import annotations

import contextlib
import io
import json
import logging
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from vipp_session.cli import main
from vipp_session.paths import DataDir

# NiceGUI's simulated `user` (tests/ui); it also registers the `main_file` setting
pytest_plugins = ["nicegui.testing.user_plugin"]


@pytest.fixture
def data(tmp_path) -> DataDir:
    """An empty data folder of its own for each test."""
    return DataDir(tmp_path / "data")


@dataclass
class CliResult:
    code: int
    out: str
    err: str

    @property
    def json(self):
        return json.loads(self.out)


@pytest.fixture(scope="session")
def installed_app(tmp_path_factory):
    """vipp-session built as a wheel and installed into a fresh virtual environment (once a run)."""
    from installed_app import install

    return install(tmp_path_factory.mktemp("installed"))


@pytest.fixture
def cli(data, monkeypatch):
    """Run `vipp-session ARGS --data <this test's folder>` in this process: main(argv) with its
    own stdin, stdout, stderr and environment (tests/test_console_script.py runs the real one)."""

    def run(*args: str, stdin: str | None = None, env: dict | None = None) -> CliResult:
        argv = [*args, *([] if "--data" in args else ["--data", str(data.root)])]
        out, err = io.StringIO(), io.StringIO()
        with monkeypatch.context() as m:
            m.delenv("VIPP_DATA", raising=False)
            for name, value in (env or {}).items():
                m.setenv(name, value)
            # a text stream over bytes, as a real stdin is (commands may read its .buffer)
            m.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO((stdin or "").encode()),
                                                     encoding="utf-8"))
            m.setattr(sys, "argv", ["vipp-session", *argv])
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                code = _exit_code(argv)
        return CliResult(code, out.getvalue(), err.getvalue())

    return run


def _exit_code(argv: list[str]) -> int:
    """What the process would exit with: main's return, or argparse's exit (--help, usage)."""
    try:
        return main(argv)
    except SystemExit as exc:
        if exc.code is None or isinstance(exc.code, int):
            return exc.code or 0
        print(exc.code, file=sys.stderr)
        return 1


def folder_snapshot(root: Path) -> dict[str, int]:
    """Every file under root with its size: compare before and after to prove nothing was written."""
    if not root.exists():
        return {}
    return {str(p.relative_to(root)): p.stat().st_size for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture(autouse=True)
def no_logged_errors(caplog):
    """Fail any test during which the program logged an error it did not raise."""
    yield
    errors = [r for r in caplog.get_records("call") if r.levelno >= logging.ERROR]
    if errors:
        pytest.fail("logged errors: " + "; ".join(r.getMessage() for r in errors))
