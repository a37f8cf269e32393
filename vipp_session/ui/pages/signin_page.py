"""/signin: choose the passphrase on first start, then sign in with it.

On a fresh install the passphrase may be chosen only in a browser on this very
laptop, at the app's own loopback address; anyone else is told to set it there.
"""

from __future__ import annotations

from urllib.parse import quote

from fastapi import Request
from nicegui import run, ui

from vipp_session import passphrase
from vipp_session.errors import BadInput
from vipp_session.ui.context import AppContext
from vipp_session.ui.widgets.frame import apply_theme
from vipp_session.ui.routes.guard import is_loopback
from vipp_session.ui.routes.signin import device_of, safe_next

ONLY_HERE = ("The passphrase has not been chosen yet. Choose it on the laptop itself, "
             "in its own browser, or with the command: vipp-session passphrase set")


def register(ctx: AppContext) -> None:
    @ui.page("/signin")
    async def signin_page(request: Request, next: str = "/"):  # noqa: A002 - the query name
        apply_theme()
        ui.page_title("Sign in · vipp-session")
        target = safe_next(next)
        with ui.column().classes("w-full items-center pt-24"):
            with ui.card().classes("vipp-card w-[26rem] p-8 gap-4"):
                ui.label("vipp-session").classes("text-2xl font-semibold text-primary")
                if passphrase.is_set(ctx.data):
                    _sign_in_form(ctx, target, device_of(request))
                elif from_this_laptop(request):
                    _first_start_form(ctx, target, request)
                else:
                    ui.label(ONLY_HERE).classes("vipp-muted").mark("only-here")


def from_this_laptop(request: Request) -> bool:
    """A browser on this machine, at the app's loopback address (not a name or a network address)."""
    host = request.headers.get("host", "")
    host = host.split("]")[0] + "]" if host.startswith("[") else host.rsplit(":", 1)[0]
    client = request.client.host if request.client else ""
    return is_loopback(client) and (host == "localhost" or is_loopback(host))


def _go_in(ctx: AppContext, target: str) -> None:
    ui.navigate.to(f"/signin/complete?ticket={ctx.signins.issue_ticket()}&next={quote(target)}")


def _sign_in_form(ctx: AppContext, target: str, source: str) -> None:
    ui.label("Sign in to see your families and their videos.").classes("vipp-muted")
    field = ui.input("Passphrase", password=True, password_toggle_button=True) \
        .props("outlined autofocus").classes("w-full").mark("passphrase")
    button = ui.button("Sign in").props("unelevated size=lg").classes("w-full").mark("sign-in")

    async def submit() -> None:
        button.disable()
        field.error = None
        attempt_text = field.value or ""
        try:
            attempt = await ctx.signins.throttle.attempt(
                source, lambda: run.io_bound(passphrase.verify, ctx.data, attempt_text))
            if attempt.right:
                _go_in(ctx, target)
                return
            if not attempt.refused:
                field.value = ""
            field.error = attempt.message()
        finally:
            button.enable()

    button.on_click(submit)
    field.on("keydown.enter", submit)


def _first_start_form(ctx: AppContext, target: str, request: Request) -> None:
    ui.label(
        "Choose a passphrase. It protects the families' videos on this laptop: "
        "nothing opens without it."
    ).classes("vipp-muted")
    first = ui.input("New passphrase", password=True, password_toggle_button=True) \
        .props("outlined autofocus").classes("w-full").mark("new-passphrase")
    second = ui.input("Type it again", password=True) \
        .props("outlined").classes("w-full").mark("repeat-passphrase")
    ui.label(f"At least {passphrase.MIN_LENGTH} characters. It cannot be recovered if lost.") \
        .classes("text-sm vipp-muted")

    async def submit() -> None:
        first.error = second.error = None
        if not from_this_laptop(request):
            first.error = ONLY_HERE
            return
        if passphrase.is_set(ctx.data):
            first.error = "The passphrase is already chosen: reload the page to sign in."
            return
        try:
            await run.io_bound(passphrase.set_passphrase, ctx.data, first.value or "", second.value or "")
        except BadInput as exc:
            bad = second if exc.field == "repeat" else first
            bad.error = str(exc)
            return
        _go_in(ctx, target)

    ui.button("Set passphrase and sign in", on_click=submit) \
        .props("unelevated size=lg").classes("w-full").mark("set-passphrase")
    second.on("keydown.enter", submit)
