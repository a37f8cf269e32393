"""Everything the app writes is for this user only: 0600 files and 0700 folders, whatever the
umask it was started with and however open the data folder was before."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from media_factory import make_clip

PASSPHRASE = "a quiet morning walk"

# what the app's own pages do: summary and review pack into the family's folder, and an
# upload received by the upload route, in a process set up as `serve` sets it up
APP_SIDE = """
import asyncio, sys
from starlette.requests import Request
from vipp_session.paths import DataDir
from vipp_session.review.service import make_review_pack
from vipp_session.summary.service import make_summary
from vipp_session.ui.app import build
from vipp_session.ui.routes.upload_route import upload_route

data = DataDir(sys.argv[1])
build(data)
make_summary(data, "F1", 2)
make_review_pack(data, "F1", 2)

async def body():
    return {"type": "http.request", "body": b"a clip on its way", "more_body": False}

scope = {"type": "http", "method": "POST", "path": "/upload/F1/1", "query_string": b"",
         "headers": [(b"x-file-name", b"clip.mp4")]}
print(asyncio.run(upload_route(data)(Request(scope, body), "F1", 1)))
"""


@pytest.fixture
def permissive_umask():
    old = os.umask(0)
    yield
    os.umask(old)


def _run(data, *args, stdin=None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("VIPP_DATA", "PYTEST_CURRENT_TEST")}
    proc = subprocess.run([sys.executable, "-m", "vipp_session", *args, "--data", str(data.root)],
                          input=stdin, capture_output=True, text=True, env=env, timeout=300)
    assert proc.returncode == 0, (args, proc.stderr)
    return proc


def _serve_briefly(data) -> None:
    import urllib.request

    from tests.ui.conftest import running_app

    with running_app(data) as address:
        urllib.request.urlopen(f"{address}/signin", timeout=30).read()


def open_to_others(root: Path) -> list[str]:
    wrong = []
    for path in [root, *root.rglob("*")]:
        st = path.lstat()
        if stat.S_ISLNK(st.st_mode):
            continue
        want = 0o700 if stat.S_ISDIR(st.st_mode) else 0o600
        if stat.S_IMODE(st.st_mode) != want:
            wrong.append(f"{path.relative_to(root)} {oct(stat.S_IMODE(st.st_mode))}")
    return wrong


def test_a_full_workflow_leaves_nothing_readable_by_others(permissive_umask, data, tmp_path):
    # a data folder made by hand, open to everyone, with files an older version left open
    data.root.mkdir(mode=0o755)
    (data.root / "logs").mkdir(mode=0o755)
    (data.root / "logs" / "vipp-session-errors.log").write_text("older\n")
    data.audit_log.write_text("")
    assert open_to_others(data.root), "the test starts from an open folder"

    _run(data, "passphrase", "set", stdin=f"{PASSPHRASE}\n{PASSPHRASE}\n")
    _run(data, "family", "add", "--id", "F1", "--child", "Maya", "--born", "2025-01-10",
         "--wants-copies", "yes")
    make_clip(tmp_path / "play.mp4", duration=2)
    _run(data, "import", "F1", "--session", "1", str(tmp_path / "play.mp4"))
    [clip] = json.loads(_run(data, "clip", "list", "F1", "--json").stdout)
    _run(data, "moment", "add", clip["id"], "--at", "0.5", "--kind", "look",
         "--text", "Look how she watches you.", "--note", "private")
    [moment] = json.loads(_run(data, "moment", "list", "F1", "--json").stdout)
    _run(data, "moment", "highlight", moment["id"], "--add",
         '{"shape": "ellipse", "cx": 0.5, "cy": 0.4, "rx": 0.1, "ry": 0.1}')
    _run(data, "suggest", clip["id"])
    _run(data, "summary", "F1", "--session", "2", "-o", str(tmp_path / "summary.pdf"))
    _run(data, "review", "F1", "--session", "2", "-o", str(tmp_path / "review.pdf"))
    (tmp_path / "usb").mkdir()
    _run(data, "copies", "F1", "--to", str(tmp_path / "usb"))
    app = subprocess.run([sys.executable, "-c", APP_SIDE, str(data.root)], capture_output=True,
                         text=True, timeout=300)
    assert app.returncode == 0, app.stderr
    [upload] = data.incoming_dir.glob("F1/*/clip.mp4")
    assert open_to_others(data.incoming_dir) == [], "an upload on its way is private too"
    _serve_briefly(data)

    written = {p.relative_to(data.root).parts[0] for p in data.root.rglob("*")}
    assert {"settings.json", "families", "audit.log", "logs"} <= written
    family = data.family_dir("F1")
    for part in ("family.json", "backups", ".lock", "clips", "stills", "summaries", "reviews"):
        assert (family / part).exists(), part
    assert list((family / "clips").glob("*/thumbs/*")), "thumbnails were made"
    assert open_to_others(data.root) == []
    for pdf in ("summary.pdf", "review.pdf"):
        assert stat.S_IMODE((tmp_path / pdf).stat().st_mode) == 0o600
