"""The `vipp-session` console script itself, as a new process: it starts, and each command
imports only what it uses (the in-process `cli` fixture covers what the commands do)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(sys.executable).parent / "vipp-session"
HEAVY = ["av", "cv2", "numpy", "fpdf", "nicegui"]
# run main(argv) in a fresh interpreter, then say which heavy libraries it had imported
PROBE = """
import json, sys
from vipp_session.cli import main
try:
    main(sys.argv[1:])
except SystemExit:
    pass
print(json.dumps(sorted(m for m in %r if m in sys.modules)), file=sys.stderr)
""" % (HEAVY,)


def _env(data) -> dict:
    return {**{k: v for k, v in os.environ.items() if k != "VIPP_DATA"}, "VIPP_DATA": str(data.root)}


def test_the_console_script_starts_and_answers(data, tmp_path):
    version = subprocess.run([str(SCRIPT), "--version"], capture_output=True, text=True,
                             cwd=tmp_path, env=_env(data))
    assert version.returncode == 0 and version.stdout.strip() == "vipp-session 0.1.0"
    listed = subprocess.run([str(SCRIPT), "family", "list"], capture_output=True, text=True,
                            cwd=tmp_path, env=_env(data))
    assert listed.returncode == 0 and listed.stdout.strip() == "No families yet."
    bad = subprocess.run([str(SCRIPT), "family", "show", "NOPE"], capture_output=True, text=True,
                         cwd=tmp_path, env=_env(data))
    assert bad.returncode == 2 and len(bad.stderr.strip().splitlines()) == 1
    assert "NOPE" in bad.stderr


def test_python_dash_m_runs_the_same_command_line(data, tmp_path):
    done = subprocess.run([sys.executable, "-m", "vipp_session", "--help"], capture_output=True,
                          text=True, cwd=tmp_path, env=_env(data))
    assert done.returncode == 0
    for command in ("family", "session", "import", "moment", "summary", "review", "serve", "demo"):
        assert f"    {command}" in done.stdout, command


@pytest.mark.parametrize("argv", [
    ["--version"],
    ["--help"],
    ["family", "list"],
    ["family", "add", "--id", "F1", "--child", "Ada", "--born", "2025-06-01"],
    ["session", "plan", "F1", "1", "--date", "2026-12-01T10:30"],
    ["manual", "show", "--session", "2"],
    ["manual", "check"],
])
def test_light_commands_import_no_media_or_pdf_library(argv, data, tmp_path):
    if argv[0] == "session":  # a family to plan for
        subprocess.run([sys.executable, "-c", PROBE, "family", "add", "--id", "F1", "--child", "Ada",
                        "--born", "2025-06-01"], env=_env(data), cwd=tmp_path, check=True,
                       capture_output=True)
    done = subprocess.run([sys.executable, "-c", PROBE, *argv], capture_output=True, text=True,
                          cwd=tmp_path, env=_env(data))
    imported = json.loads(done.stderr.strip().splitlines()[-1])
    assert imported == [], f"{' '.join(argv)} imported {imported}"
    assert done.stdout.strip(), done.stderr  # and it did its work


def test_options_before_the_command_and_mistakes_still_parse(cli, data):
    assert cli("family", "add", "--id", "F1", "--child", "Ada", "--born", "2025-06-01").code == 0
    listed = cli("--data", str(data.root), "--json", "family", "list")
    assert listed.code == 0 and [f["id"] for f in listed.json] == ["F1"]
    unknown = cli("familly", "list")
    assert unknown.code == 2 and "invalid choice: 'familly'" in unknown.err
    assert "'family'" in unknown.err and "'serve'" in unknown.err  # every command is offered
    wrong = cli("family", "lists")
    assert wrong.code == 2 and "invalid choice: 'lists' (choose from 'add', 'list'," in wrong.err
