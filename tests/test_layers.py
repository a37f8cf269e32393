"""The layer contracts in pyproject.toml ([tool.importlinter]): pages and commands go
through the services, media/ keeps the video libraries to itself, and only ui/ imports
NiceGUI. `lint-imports` checks them; here it runs on the project as it is, and on a copy
in which a page imports the store, which it must refuse."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LINT = Path(sys.executable).parent / "lint-imports"


def _lint(folder: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(LINT), "--no-cache"], cwd=folder, capture_output=True, text=True,
                          timeout=300)


def _copy_of_project(tmp_path: Path) -> Path:
    copy = tmp_path / "project"
    copy.mkdir()
    shutil.copy(ROOT / "pyproject.toml", copy)
    shutil.copytree(ROOT / "vipp_session", copy / "vipp_session",
                    ignore=shutil.ignore_patterns("__pycache__"))
    return copy


def test_the_layer_contracts_hold():
    result = _lint(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "3 kept, 0 broken" in result.stdout


def test_a_page_that_imports_the_store_breaks_a_contract(tmp_path):
    copy = _copy_of_project(tmp_path)
    page = copy / "vipp_session" / "ui" / "pages" / "caseload.py"
    page.write_text(page.read_text() + "\nfrom vipp_session import store  # noqa: E402,F401\n")
    result = _lint(copy)
    assert result.returncode != 0
    assert "vipp_session.ui.pages.caseload -> vipp_session.store" in result.stdout


def test_media_that_imports_the_rest_of_the_package_breaks_a_contract(tmp_path):
    copy = _copy_of_project(tmp_path)
    module = copy / "vipp_session" / "media" / "images.py"
    module.write_text(module.read_text() + "\nfrom vipp_session import clips  # noqa: E402,F401\n")
    result = _lint(copy)
    assert result.returncode != 0
    assert "vipp_session.media.images -> vipp_session.clips" in result.stdout
