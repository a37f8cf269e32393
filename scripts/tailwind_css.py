#!/usr/bin/env python3
"""Write the app's Tailwind stylesheet once, so that no page compiles it in the browser.

    python scripts/tailwind_css.py            (after changing any class in vipp_session/ui)

NiceGUI's default is Tailwind's browser build: every page load scans the page for class
names, compiles a stylesheet, then the browser styles and lays out the whole page again.
On a caseload of 200 families that took about a tenth of a second on every page.

This script collects every word in the app's page code that could be a class (the way
Tailwind's own command line scans source files), has that same browser build, NiceGUI's
own copy, compile them in headless Chromium, and writes the result to
vipp_session/ui/components/tailwind.css. tests/ui/test_tailwind_css.py makes it again and
fails when the page code needs a rule the file lacks.
"""

from __future__ import annotations

import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
UI = ROOT / "vipp_session" / "ui"
OUT = UI / "components" / "tailwind.css"  # with the browser components: the wheel carries it
# what can be in a class name; everything else (quotes, spaces, braces, commas) splits words
WORD = re.compile(r"[A-Za-z0-9!\-_:/\[\]\.%#()]+")


def candidates(ui_dir: Path = UI) -> list[str]:
    """Every word in the page code (Python and the browser components) that could name a
    class: Tailwind skips those that do not."""
    words = set()
    for path in sorted(ui_dir.rglob("*")):
        if path.suffix in (".py", ".js") and path.is_file():
            words.update(w.strip(".:") for w in WORD.findall(path.read_text(encoding="utf-8")))
    return sorted(w for w in words if re.search(r"[a-z]", w) and len(w) < 80)


HEADER = "/* made by scripts/tailwind_css.py from the classes in vipp_session/ui; do not edit */\n"


def compile_css(words: list[str]) -> str:
    """The stylesheet Tailwind's browser build makes for a page holding all these classes."""
    import nicegui
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    browser_build = Path(nicegui.__file__).parent / "static" / "tailwindcss.min.js"
    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "classes.html"
        page.write_text(
            "<!doctype html><html><head>"
            '<style type="text/tailwindcss">'
            "@custom-variant dark (&:where(body.body--dark, body.body--dark *));</style>"
            f'<script src="{browser_build.as_uri()}"></script></head><body>'
            f'<div class="{" ".join(words)}"></div></body></html>', encoding="utf-8")
        options = webdriver.ChromeOptions()
        options.binary_location = "/usr/bin/chromium"
        for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--allow-file-access-from-files"):
            options.add_argument(arg)
        driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
        try:
            driver.get(page.as_uri())
            css, last = "", None
            for _ in range(100):  # until the compiled sheet stops changing
                time.sleep(0.1)
                css = driver.execute_script(
                    "return [...document.querySelectorAll('style:not([type])')]"
                    ".map(s => s.textContent).filter(t => t.includes('@layer')).join('\\n')")
                if css and css == last:
                    break
                last = css
        finally:
            driver.quit()
    if "@layer utilities" not in css:
        raise SystemExit("Tailwind's browser build made no stylesheet")
    return css


def stylesheet() -> str:
    """What tailwind.css should hold for the page code as it is now."""
    return HEADER + compile_css(candidates()) + "\n"


def main() -> None:
    css = stylesheet()
    OUT.write_text(css, encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)}: {len(css) // 1024} KB", file=sys.stderr)


if __name__ == "__main__":
    main()
