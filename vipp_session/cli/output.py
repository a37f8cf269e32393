"""How commands print: JSON on stdout with --json, readable lines otherwise."""

from __future__ import annotations

import json
import sys
from typing import Any


def emit(args, value: Any, text: str | None = None) -> None:
    if args.json or text is None:
        print(json.dumps(value, ensure_ascii=False, indent=2, default=str))
    else:
        print(text)


def say(message: str) -> None:
    """A message for the person, on stderr (stdout stays clean for JSON)."""
    print(message, file=sys.stderr)
