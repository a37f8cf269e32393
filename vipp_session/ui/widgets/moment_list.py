"""The moments prepared for a session, in the order they will be shown."""

from __future__ import annotations

from nicegui import run, ui

from vipp_session import briefs, moments
from vipp_session.errors import BadInput
from vipp_session.ui.context import AppContext
from vipp_session.ui import urls


@ui.refreshable
def moment_list(ctx: AppContext, family_id: str, session: int) -> None:
    chosen = briefs.family_records(ctx.data, family_id).moments_for(session)
    if not chosen:
        ui.label("No moments yet. Open a clip, find a moment of connection and press "
                 "'Freeze this moment'.").classes("vipp-muted")
        return
    for position, m in enumerate(chosen, start=1):
        with ui.row().classes("vipp-card w-full items-center p-2 gap-3 no-wrap") \
                .mark(f"moment-{m.id}"):
            ui.label(str(position)).classes("text-lg font-semibold w-6 text-center")
            ui.image(urls.still(m.id, version=m.frame)).classes("w-40 h-[90px] rounded") \
                .props(f'fit=cover no-spinner alt="Still of moment {position}"')
            with ui.column().classes("gap-0 grow min-w-0"):
                ui.label(m.kind.replace("-", " ").capitalize()).classes("text-sm font-semibold")
                ui.label(m.text or "(no words yet)").classes("text-sm")
                if not m.in_summary:
                    ui.label("Not in the summary").classes("text-sm vipp-muted")
            with ui.column().classes("gap-0"):
                ui.button(icon="arrow_upward", on_click=lambda m=m, p=position: _move(
                    ctx, family_id, session, m.id, p - 1)) \
                    .props(f'flat round dense aria-label="Show moment {position} earlier"') \
                    .tooltip("Show earlier").set_enabled(position > 1)
                ui.button(icon="arrow_downward", on_click=lambda m=m, p=position: _move(
                    ctx, family_id, session, m.id, p + 1)) \
                    .props(f'flat round dense aria-label="Show moment {position} later"') \
                    .tooltip("Show later").set_enabled(position < len(chosen))
            ui.button("Open", icon="edit",
                      on_click=lambda m=m: ui.navigate.to(urls.clip(m.clip, m.id))) \
                .props("flat")


async def _move(ctx: AppContext, family_id: str, session: int, moment_id: str,
                position: int) -> None:
    try:
        await run.io_bound(moments.move_moment, ctx.data, moment_id, position)
    except BadInput as exc:
        ui.notify(str(exc), type="negative")
    moment_list.refresh()
