"""Modules for the command handlers, imported only when a handler first uses them.

`families = service("families")` at the top of a command module costs nothing; the module is
imported on the first `families.something`. So `vipp-session --version`, `--help` and each
command import only what they use (no PyAV, OpenCV, numpy or fpdf2 for `family list`).
"""

from __future__ import annotations

import importlib


class Later:
    """Stands for a module; each attribute is looked up in the real one, imported on first use."""

    def __init__(self, name: str):
        self._name = name

    def __getattr__(self, attribute: str):
        return getattr(importlib.import_module(self._name), attribute)

    def __repr__(self) -> str:
        return f"<module {self._name}, imported on first use>"


def service(name: str) -> Later:
    """vipp_session.<name>, imported on first use of one of its names."""
    return Later(f"vipp_session.{name}")


def module(name: str) -> Later:
    """Any module by its full name, imported on first use of one of its names."""
    return Later(name)
