"""The pages' Tailwind stylesheet, made once by scripts/tailwind_css.py (the app does not
compile Tailwind in the browser), holds a rule for every class the page code uses."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
spec = importlib.util.spec_from_file_location("tailwind_css", ROOT / "scripts" / "tailwind_css.py")
tailwind_css = importlib.util.module_from_spec(spec)
spec.loader.exec_module(tailwind_css)


def test_the_stylesheet_is_the_one_the_page_code_needs_now():
    made = tailwind_css.stylesheet()  # Tailwind's browser build, in Chromium
    assert tailwind_css.OUT.read_text(encoding="utf-8") == made, (
        "the page code's classes changed: run python scripts/tailwind_css.py")


def test_the_words_scanned_include_classes_written_every_way(tmp_path):
    pages = tmp_path / "ui"
    pages.mkdir()
    (pages / "page.py").write_text(
        'ui.label("Hi").classes(f"text-lg {\'\' if wide else \'max-w-6xl\'}")\n'
        'style = "text-positive" if done else "vipp-muted"\n')
    (pages / "rows.js").write_text(
        """<div :class="'text-sm ' + (warn ? 'text-accent' : 'vipp-muted')" """
        """class="min-w-[12rem] hover:shadow-md"></div>""")
    words = set(tailwind_css.candidates(pages))
    assert {"text-lg", "max-w-6xl", "text-positive", "text-sm", "text-accent",
            "min-w-[12rem]", "hover:shadow-md"} <= words


def test_the_stylesheet_styles_classes_the_pages_use():
    css = tailwind_css.OUT.read_text(encoding="utf-8")
    ui = ROOT / "vipp_session" / "ui"
    used = set()
    for path in list(ui.rglob("*.py")) + list(ui.rglob("*.js")):
        for group in re.findall(r'\.classes\("([^"{}]+)"\)|class="([^"{}]+)"', path.read_text()):
            used.update(" ".join(group).split())
    layout = {c for c in used if re.match(r"(hover:)?(w|h|max-w|min-w|gap|gap-x|gap-y|px|py|mt|"
                                          r"mr|mx|text-(sm|base|lg|xl|2xl)|font|grow|items)(-|$)", c)}
    assert len(layout) > 30
    missing = sorted(c for c in layout if "." + re.sub(r"([:\[\]/.%#()])", r"\\\1", c) not in css)
    assert not missing, f"no rule for {missing}"
