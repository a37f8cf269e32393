"""The README covers every setting and every command."""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path

from vipp_session.cli import build_parser
from vipp_session.settings import Settings

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def test_every_setting_is_documented():
    missing = [f.name for f in fields(Settings) if f"`{f.name}`" not in README]
    assert missing == []


def test_every_command_is_documented():
    parser = build_parser()
    commands = next(a for a in parser._actions if a.dest == "command").choices
    missing = []
    for name, sub in commands.items():
        actions = [a for a in sub._actions if a.dest.endswith("_command")]
        words = [f"vipp-session {name} {action}" for a in actions for action in a.choices] or \
                [f"vipp-session {name}"]
        missing += [w for w in words if w not in README]
    assert missing == []
