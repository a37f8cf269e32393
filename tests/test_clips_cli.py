"""The command line: vipp-session import, clip list, clip show, clip remove (run for real)."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from conftest import folder_snapshot
from media_factory import make_audio_only, make_clip, make_incomplete_recording

FIELDS = {"file", "status", "clip", "reason", "session", "duration", "width", "height", "rotation",
          "fps", "vfr", "frames", "video_codec", "audio_codec", "proxy", "proxy_mode", "hdr", "sha256", "notes"}


@pytest.fixture(scope="module")
def sources(tmp_path_factory) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("phone")
    return {
        "portrait": make_clip(d / "IMG_0420.MOV", codec="hevc", rotation=90, audio="aac").path,
        "landscape": make_clip(d / "VID_0001.mp4", audio="aac", duration=1.5).path,
        "cut short": make_incomplete_recording(d / "VID_0002.mp4"),
        "voice memo": make_audio_only(d / "memo.m4a"),
    }


@pytest.fixture
def family(cli):
    assert cli("family", "add", "--id", "F017", "--child", "Zoë", "--born", "2025-09-01").code == 0
    return "F017"


def test_import_prints_one_object_per_file(cli, family, sources):
    r = cli("import", family, "--session", "1", str(sources["portrait"]), str(sources["landscape"]),
            "--json")
    assert r.code == 0, r.err
    portrait, landscape = r.json
    assert set(portrait) == FIELDS
    assert portrait["status"] == "imported" and portrait["reason"] is None
    assert (portrait["width"], portrait["height"], portrait["rotation"]) == (240, 320, 90)
    assert portrait["proxy_mode"] == "transcode" and portrait["video_codec"] == "hevc"
    assert portrait["frames"] == 60 and portrait["vfr"] is False
    assert Path(portrait["proxy"]).is_absolute() and Path(portrait["proxy"]).is_file()
    assert landscape["proxy_mode"] == "remux" and landscape["audio_codec"] == "aac"
    assert landscape["duration"] == pytest.approx(1.5, abs=0.001)
    assert "Imported IMG_0420.MOV" not in r.out  # messages go to stderr
    assert f"as clip {portrait['clip']}" in r.err


def test_batch_with_a_bad_file_imports_the_rest_and_exits_2(cli, family, sources):
    r = cli("import", family, "--session", "2", str(sources["cut short"]), str(sources["landscape"]),
            str(sources["voice memo"]), "--json")
    assert r.code == 2
    statuses = [(x["file"].split("/")[-1], x["status"]) for x in r.json]
    assert statuses == [("VID_0002.mp4", "failed"), ("VID_0001.mp4", "imported"), ("memo.m4a", "failed")]
    assert "looks incomplete: the phone may have stopped before saving it" in r.json[0]["reason"]
    assert "no video in this file" in r.json[2]["reason"]
    assert r.json[0]["clip"] is None
    assert "2 of 3 files could not be imported." in r.err
    listed = cli("clip", "list", family, "--json").json
    assert [c["file"] for c in listed] == ["VID_0001.mp4"]


def test_a_single_bad_file_writes_nothing(cli, data, family, sources):
    before = folder_snapshot(data.root)
    r = cli("import", family, "--session", "1", str(sources["voice memo"]))
    assert r.code == 2
    assert "There is no video in this file (memo.m4a has sound only)." in r.err
    assert r.out == ""
    assert folder_snapshot(data.root) == before


def test_importing_again_reports_the_existing_clip(cli, family, sources):
    first = cli("import", family, "--session", "1", str(sources["landscape"]), "--json").json[0]
    again = cli("import", family, "--session", "3", str(sources["landscape"]), "--json")
    assert again.code == 0
    assert again.json[0]["status"] == "duplicate"
    assert again.json[0]["clip"] == first["clip"] and again.json[0]["session"] == 1
    assert "Already imported" in again.err


def test_list_show_and_remove(cli, data, family, sources):
    a = cli("import", family, "--session", "1", str(sources["portrait"]), "--json").json[0]
    b = cli("import", family, "--session", "2", str(sources["landscape"]), "--json").json[0]

    assert [c["clip"] for c in cli("clip", "list", family, "--json").json] == [a["clip"], b["clip"]]
    assert [c["clip"] for c in cli("clip", "list", family, "--session", "2", "--json").json] == [b["clip"]]
    text = cli("clip", "list", family).out
    assert a["clip"] in text and "IMG_0420.MOV" in text

    shown = cli("clip", "show", a["clip"], "--json")  # no family needed
    assert shown.code == 0
    assert shown.json["family"] == family and shown.json["sha256"] == a["sha256"]
    assert shown.json["files_present"] is True and shown.json["proxy"] == a["proxy"]
    assert "turned 90 degrees" in cli("clip", "show", a["clip"]).out

    before = folder_snapshot(data.root)
    refused = cli("clip", "remove", a["clip"])
    assert refused.code == 2 and "add --yes to confirm" in refused.err
    assert folder_snapshot(data.root) == before

    removed = cli("clip", "remove", a["clip"], "--yes", "--json")
    assert removed.code == 0 and removed.json["removed"] == a["clip"]
    assert not Path(a["proxy"]).exists()
    assert sources["portrait"].exists()  # the file it was imported from stays
    missing = cli("clip", "show", a["clip"])
    assert missing.code == 2 and f"There is no clip '{a['clip']}'" in missing.err


def test_wrong_family_or_session(cli, family, sources):
    r = cli("import", "F999", "--session", "1", str(sources["landscape"]))
    assert r.code == 2 and "There is no family 'F999'" in r.err
    r = cli("import", family, "--session", "9", str(sources["landscape"]))
    assert r.code == 2 and "Session number must be 1 to 6" in r.err
    r = cli("clip", "list", family, "--session", "x")
    assert r.code == 2


def test_progress_bar_on_a_terminal(data, family, sources):
    """With stderr on a terminal, the import draws a progress bar there."""
    master, slave = pty.openpty()
    chunks = []

    def read():
        while True:
            try:
                data_ = os.read(master, 4096)
            except OSError:
                return
            if not data_:
                return
            chunks.append(data_)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    env = {k: v for k, v in os.environ.items() if k != "VIPP_DATA"}
    proc = subprocess.run(
        [sys.executable, "-m", "vipp_session", "import", family, "--session", "1",
         str(sources["portrait"]), "--data", str(data.root)],
        stdout=subprocess.PIPE, stderr=slave, env=env, timeout=300,
    )
    os.close(slave)
    reader.join(timeout=10)
    os.close(master)
    shown = b"".join(chunks).decode("utf-8", "replace")
    assert proc.returncode == 0
    assert "1/1 " in shown and "[###" in shown and "100%" in shown
    assert "\r" in shown  # redrawn in place
    assert "Imported" in shown and proc.stdout == b""
