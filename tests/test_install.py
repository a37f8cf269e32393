"""A plain (non-editable) install finds everything it needs: the message library, sample clips, fonts."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def test_wheel_install_finds_its_data_files(tmp_path):
    wheel_dir, site = tmp_path / "wheel", tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", str(REPO),
                    "-w", str(wheel_dir)], check=True, timeout=600)
    [wheel] = list(wheel_dir.glob("vipp_session-*.whl"))
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target",
                    str(site), str(wheel)], check=True, timeout=600)
    env = {**os.environ, "PYTHONPATH": str(site), "VIPP_DATA": str(tmp_path / "data")}
    probe = (
        "import vipp_session, pathlib; from vipp_session.paths import bundled_dir;"
        "print(pathlib.Path(vipp_session.__file__).parent);"
        "print(len(list((bundled_dir('manuals') / 'vipp-pmh').glob('session-*.toml'))));"
        "print(len(list(bundled_dir('sample_media').glob('*.mp4'))))"
    )
    out = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, env=env,
                         capture_output=True, text=True, check=True).stdout.split()
    assert Path(out[0]).is_relative_to(site), "the installed copy, not the source tree, was used"
    assert out[1:] == ["6", "3"]
    check = subprocess.run([sys.executable, "-m", "vipp_session", "manual", "check"], cwd=tmp_path,
                           env=env, capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
