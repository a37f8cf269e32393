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
    full = f"vipp_session.{name}"
    if full in sys.modules:
        return sys.modules[full]
    spec = importlib.util.find_spec(full)
    spec.loader = importlib.util.LazyLoader(spec.loader)
    module = importlib.util.module_from_spec(spec)
    sys.modules[full] = module
    spec.loader.exec_module(module)
    parent, _, child = full.rpartition(".")
    setattr(sys.modules[parent], child, module)
    return module
