"""Service modules for the command handlers, loaded only when a handler first uses them.

`families = service("families")` at the top of a command module costs nothing; the module is
imported on the first `families.something`. So `vipp-session --version`, `--help` and each
command import only what they use (no PyAV, OpenCV, numpy or fpdf2 for `family list`).
"""

from __future__ import annotations

import importlib.util
import sys
from types import ModuleType


def service(name: str) -> ModuleType:
    """vipp_session.<name>, imported on first use of one of its names."""
    return module(f"vipp_session.{name}")


def module(full: str) -> ModuleType:
    """Any module by its full name, imported on first use of one of its names."""
    if full in sys.modules:
        return sys.modules[full]
    spec = importlib.util.find_spec(full)
    spec.loader = importlib.util.LazyLoader(spec.loader)
    lazy = importlib.util.module_from_spec(spec)
    sys.modules[full] = lazy
    spec.loader.exec_module(lazy)
    parent, _, child = full.rpartition(".")
    if parent:
        setattr(sys.modules[parent], child, lazy)
    return lazy
