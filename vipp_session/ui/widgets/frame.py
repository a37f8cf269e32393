"""The frame shared by every signed-in page: header, where you are, Lock, idle sign-out."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

from fastapi import Request
from nicegui import ui

from vipp_session.ui.context import AppContext
from vipp_session.ui.routes.signin import COOKIE, sign_out_everywhere

# Report that someone is using the page (at most every 20 s), so an open laptop
# signs itself out only when nobody has touched it.
ACTIVITY_JS = """
<script>
(() => {
  let last = 0;
  const ping = () => {
    const now = Date.now();
    if (now - last > 20000) { last = now; emitEvent('vipp-activity'); }
  };
  for (const type of ['keydown', 'pointerdown', 'wheel']) {
    document.addEventListener(type, ping, {passive: true, capture: true});
  }
})();
</script>
"""

# The theme lives here alone. Every colour gives text at least 4.5:1 on the cream page and
# on white (and white text on it), and every control shows where the keyboard is.
COLORS = {"primary": "#2f6f73", "secondary": "#7a5f40", "accent": "#a8552a", "positive": "#3c7d4a"}

STYLE = """
<style>
  body { background: #f6f5f2; color: #2b2b2b; }
  .vipp-card { background: white; border-radius: 10px; box-shadow: 0 1px 3px rgba(0,0,0,.08); }
  .vipp-muted { color: #5c5852; }
  /* a year's caseload has hundreds of rows: the browser lays out and paints only those near
     the screen (the others keep their place, and stay in the page for search and readers) */
  .vipp-family-row { content-visibility: auto; contain-intrinsic-size: auto 72px; }
  .nicegui-link { color: #1d4ed8; }
  .vipp-row-button { font: inherit; font-size: 14px; line-height: 1.4; padding: 3px 10px;
    border-radius: 4px; border: 1px solid #2f6f73; color: #2f6f73; background: white;
    cursor: pointer; white-space: nowrap; }
  .vipp-row-button:hover { background: #e6f0f0; }
  .vipp-open-link { color: #2f6f73; font-size: 16px; font-weight: 500; text-decoration: none; padding: 6px 12px;
    border-radius: 4px; white-space: nowrap; }
  .vipp-open-link:hover { background: #e6f0f0; }
  /* the browser's own <select> with its label above (status_choice.py), as tall as the
     date boxes beside it; the border is 5.6:1 on white */
  .vipp-choice { display: flex; flex-direction: column; gap: 5px; width: 10rem; }  /* room for the focus ring */
  .vipp-choice__label { font-size: 14px; line-height: 1.2; color: #5c5852; }
  .vipp-choice select { font: inherit; font-size: 16px; height: 40px; padding: 0 8px;
    border: 1px solid #6b6760; border-radius: 4px; background: white; color: #2b2b2b;
    cursor: pointer; }
  .vipp-choice select:hover { border-color: #2b2b2b; }
  .vipp-row-button--main, .vipp-row-button--main:hover { background: #2f6f73; color: white; }  /* NiceGUI's own blue is 3.7:1 on white; this is 6.7:1 */
  /* a clear ring round whatever the keyboard is on, never the mouse's; in the first layer,
     because an !important there beats Quasar's 'no-outline' in its later layer */
  @layer theme {
    :focus-visible {
      outline: 3px solid #1d4ed8 !important; outline-offset: 2px !important;
    }
  }
  /* the annotator fits one laptop screen: its side column scrolls, never the page */
  .vipp-workbench { height: calc(100vh - 124px); }  /* header and the page's padding */
  .vipp-side { height: 100%; overflow-y: auto; padding-right: 4px; }
  .q-btn, .q-item, .q-field__native, .q-chip { font-size: max(14px, 1em); }
  .q-table th, .q-table td { font-size: 14px; }  /* Quasar's are 12 and 13 px */
</style>
"""

# The Tailwind classes the pages use, compiled once by scripts/tailwind_css.py: compiling
# them in the browser on every page load restyled and laid out the whole page again.
TAILWIND = (Path(__file__).resolve().parent.parent / "components" / "tailwind.css").read_text(
    encoding="utf-8")


def apply_theme() -> None:
    ui.button.default_props("no-caps")  # sentence case reads more calmly than capitals
    ui.colors(**COLORS)
    ui.add_head_html(f"<style>{TAILWIND}</style>")
    ui.add_head_html(STYLE)


def keep_signed_in(ctx: AppContext, request: Request) -> Callable[[], None]:
    """Count use of the page as activity; leave for sign-in once it has timed out.

    Returns a function that locks the app at once.
    """
    token = request.cookies.get(COOKIE)
    here = request.url.path
    ui.add_body_html(ACTIVITY_JS)
    ui.on("vipp-activity", lambda: ctx.signins.touch(token))

    def lock() -> None:
        sign_out_everywhere(ctx.signins)  # every browser, not only this one
        ui.navigate.to(f"/signin?next={quote(here)}")

    def check_still_signed_in() -> None:
        if not ctx.signins.is_valid(token):
            ui.navigate.to(f"/signin?next={quote(here)}")

    ui.timer(15.0, check_still_signed_in)
    return lock


@contextmanager
def page_frame(
    ctx: AppContext, request: Request, title: str, crumbs: list[tuple[str, str]] | None = None,
    wide: bool = False,
) -> Iterator[None]:
    """Build a signed-in page: yields inside the main column (the whole width if `wide`)."""
    apply_theme()
    ui.page_title(f"{title} · vipp-session")
    lock = keep_signed_in(ctx, request)

    with ui.header().classes("bg-white text-black shadow-sm items-center px-6 py-2 gap-2"):
        ui.link("Caseload", "/").classes("text-lg font-semibold no-underline text-primary")
        for label, url in crumbs or []:
            ui.label("›").classes("vipp-muted")
            ui.link(label, url).classes("text-lg no-underline text-black")
        ui.space()
        ui.button("Lock", icon="lock", on_click=lock).props("flat color=primary").mark("lock")
    with ui.column().classes(f"w-full {'' if wide else 'max-w-6xl'} mx-auto px-6 py-4 gap-4"):
        yield
