"""Shared fixtures: a fresh data folder per test, and the command line run for real."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

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
def cli(data):
    """Run `vipp-session ARGS --data <this test's folder>` in a real process."""

    def run(*args: str, stdin: str | None = None, env: dict | None = None) -> CliResult:
        full_env = {**os.environ, **(env or {})}
        full_env.pop("VIPP_DATA", None)
        proc = subprocess.run(
            [sys.executable, "-m", "vipp_session", *args,
             *([] if "--data" in args else ["--data", str(data.root)])],
            input=stdin,
            capture_output=True,
            text=True,
            env=full_env,
            timeout=600,
        )
        return CliResult(proc.returncode, proc.stdout, proc.stderr)

    return run


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
