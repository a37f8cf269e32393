"""The installed wheel, not the checkout: every file the package needs is in it, from any folder."""

from __future__ import annotations

from pathlib import Path

from installed_app import REPO

PACKAGE = REPO / "vipp_session"
# shipped from the top of the repository, installed inside the package
BUNDLED = {"manuals": REPO / "manuals", "sample_media": REPO / "sample_media"}


def _files(root: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*")
            if p.is_file() and "__pycache__" not in p.parts}


def _installed_package(app) -> Path:
    probe = app.run_python("import vipp_session; print(vipp_session.__file__)")
    return Path(probe).parent


def test_the_wheel_carries_every_file_of_the_package(installed_app):
    package = _installed_package(installed_app)
    assert package.is_relative_to(installed_app.venv), f"imported from {package}, not the install"
    assert not package.is_relative_to(REPO)
    wanted = _files(PACKAGE) | {f"{name}/{f}" for name, root in BUNDLED.items() for f in _files(root)}
    missing = sorted(wanted - _files(package))
    assert not missing, f"the installed package lacks: {', '.join(missing)}"


def test_the_console_script_runs_from_any_folder(installed_app):
    version = installed_app.run("--version")
    assert version.returncode == 0 and version.stdout.strip() == "vipp-session 0.1.0"
    check = installed_app.run("manual", "check", "--data", str(installed_app.home / "data"))
    assert check.returncode == 0, check.stderr
    assert "passes every check (6 sessions" in check.stdout
    usage = installed_app.run("no-such-command")
    assert usage.returncode == 2 and "invalid choice: 'no-such-command'" in usage.stderr
