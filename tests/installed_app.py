"""vipp-session as a user installs it: a wheel built from this checkout, installed (not editable)
into a fresh virtual environment outside the checkout, run from a folder that is not the checkout.

The new environment borrows the test environment's third-party packages through a .pth line
(quick, no download), but not its editable vipp_session: a directory named in a .pth line is
only put on sys.path, its own .pth files are not run, and vipp_session is not in it.
"""

from __future__ import annotations

import os
import queue
import shutil
import socket
import subprocess
import sys
import sysconfig
import threading
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
# what a fresh clone does not have: copied builds would hide a file the packaging forgets
NOT_IN_A_CLONE = shutil.ignore_patterns(".git", ".venv", "build", "dist", "*.egg-info",
                                        "__pycache__", ".pytest_cache", "screenshots-latest", "out")


@dataclass
class InstalledApp:
    venv: Path
    home: Path  # a working folder outside the checkout

    @property
    def python(self) -> Path:
        return self.venv / "bin" / "python"

    @property
    def script(self) -> Path:
        return self.venv / "bin" / "vipp-session"

    def env(self, **extra: str) -> dict:
        # no PYTEST_CURRENT_TEST (NiceGUI would think it runs inside its own test harness),
        # no PYTHONPATH (nothing may come from the checkout)
        env = {k: v for k, v in os.environ.items()
               if k not in ("PYTEST_CURRENT_TEST", "PYTHONPATH", "VIPP_DATA")}
        return {**env, **extra}

    def run(self, *args: str, stdin: str | None = None, timeout: float = 300):
        return subprocess.run([str(self.script), *args], cwd=self.home, env=self.env(),
                              input=stdin, capture_output=True, text=True, timeout=timeout)

    def run_python(self, code: str) -> str:
        done = subprocess.run([str(self.python), "-c", code], cwd=self.home, env=self.env(),
                              capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        return done.stdout.strip()

    def start(self, *args: str) -> "RunningApp":
        proc = subprocess.Popen([str(self.script), *args], cwd=self.home, env=self.env(),
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        return RunningApp(proc)


class RunningApp:
    """A `serve` or `demo` process; its output is collected line by line as it comes."""

    def __init__(self, proc: subprocess.Popen):
        self.proc = proc
        self.lines: queue.Queue[str] = queue.Queue()
        self.output: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.proc.stdout:
            self.lines.put(line)

    def _collect(self, timeout: float) -> None:
        try:
            self.output.append(self.lines.get(timeout=timeout))
        except queue.Empty:
            pass

    def text(self) -> str:
        while not self.lines.empty():
            self.output.append(self.lines.get())
        return "".join(self.output)

    def wait_until_running(self, port: int, timeout: float = 240) -> str:
        """Wait for its 'running at' line, then check it really answers; fail with its output."""
        deadline = time.monotonic() + timeout
        while not any("is running at" in line for line in self.output):
            assert self.proc.poll() is None or not self.lines.empty(), \
                f"the app stopped (exit {self.proc.returncode}):\n{self.text()}"
            assert time.monotonic() < deadline, f"no 'running at' line:\n{self.text()}"
            self._collect(0.2)
        try:
            socket.create_connection(("127.0.0.1", port), timeout=2).close()
        except OSError as exc:
            time.sleep(1)  # let a dying process finish its traceback
            self.proc.poll()
            raise AssertionError(f"'running at' was printed but nothing answers on port {port} "
                                 f"({exc}):\n{self.text()}") from None
        return self.text()

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def build_wheel(out: Path) -> Path:
    """A wheel built from a copy of the checkout as a fresh clone has it."""
    source = out / "source"
    shutil.copytree(REPO, source, ignore=NOT_IN_A_CLONE)
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", str(source),
                    "-w", str(out)], check=True, timeout=600, cwd=out)
    [wheel] = out.glob("vipp_session-*.whl")
    return wheel


def install(root: Path) -> InstalledApp:
    wheel = build_wheel(root / "wheel")
    venv, home = root / "venv", root / "home"
    home.mkdir()
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    site = Path(subprocess.run(
        [str(venv / "bin" / "python"), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True, text=True, check=True).stdout.strip())
    (site / "borrowed-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run([sys.executable, "-m", "pip", "--python", str(venv / "bin" / "python"),
                    "install", "-q", "--no-deps", "--no-index", str(wheel)],
                   check=True, timeout=600, cwd=home)
    return InstalledApp(venv=venv, home=home)
