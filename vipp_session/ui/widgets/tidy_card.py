"""Originals your service no longer needs: the service's policy, chosen here; the originals
it no longer keeps; and one button that removes them, after a dialog that says what goes
and what stays. Nothing is removed without that confirmation, and the removal runs off the
event loop (the same service as `vipp-session tidy`)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from nicegui import run, ui

from vipp_session import tidy
from vipp_session.errors import BadInput, without_folder
from vipp_session.ui import urls
from vipp_session.ui.context import AppContext
from vipp_session.words import count, size

Refresh = Callable[..., Awaitable[None]]  # refresh(done=..., problem=...)

TWO_COPIES = ("Each clip keeps two copies of its recording: the original, as it was filmed "
              "(stills are taken from it at full size), and a smaller browser copy that plays "
              "in the app.")
WHAT_STAYS = ("Whichever you choose, each clip's browser copy and every still already made "
              "stay exactly as they are; later stills and films come from the browser copy, "
              "at its size. Nothing is removed without asking you first, here.")
CHOICES = {"always": "Keep originals always",
           "until-shown": "Keep them until the visit that shows their moments is held",
           "days": "Keep them for a number of days after they are imported"}


def family_link_cell(field: str) -> str:
    """A table cell (a Quasar slot) that links a row's family code to the family's page; the
    code is a checked, safe id."""
    return (f"<q-td :props=\"props\"><a :href=\"'{urls.family('')}' + props.row.{field}\" "
            f"class=\"nicegui-link\">{{{{ props.row.{field} }}}}</a></q-td>")


COLUMNS = [
    {"name": "family", "label": "Family", "field": "family", "align": "left"},
    {"name": "file", "label": "Recording", "field": "file", "align": "left"},
    {"name": "session", "label": "Filmed at", "field": "session", "align": "left"},
    {"name": "why", "label": "Why it can go", "field": "why", "align": "left"},
    {"name": "size", "label": "Size", "field": "size", "align": "right"},
]


class TidyCard:
    """The card on the Disk space page; `show` fills it with a plan from tidy.plan_tidy."""

    def __init__(self, ctx: AppContext, refresh: Refresh):
        self.ctx, self.refresh = ctx, refresh
        self.removing = False  # a second click on the confirmation removes nothing twice
        self.card = ui.card().classes("vipp-card w-full p-6 gap-3").mark("tidy-card")

    def show(self, plan: tidy.TidyPlan | None, problem: str | None = None,
             done: str | None = None) -> None:
        self.card.clear()
        with self.card:
            ui.label("Originals your service no longer needs").classes("text-xl font-semibold")
            ui.label(TWO_COPIES).classes("vipp-muted")
            if done:
                ui.label(done).classes("text-positive font-semibold").mark("tidy-done")
            if problem:
                ui.label(problem).classes("text-negative").mark("tidy-problem")
            if plan is None:
                return
            if not plan.policy:
                ui.label("Your service keeps every original, so none is removed. If it no "
                         "longer needs them once they have been shown, choose how long they "
                         "are kept:").mark("tidy-always")
                self._policy_choice()
                return
            ui.label(plan.policy).classes("text-lg").mark("tidy-policy")
            if plan.items:
                self._due(plan)
            else:
                ui.label("None is due to go now.").classes("vipp-muted").mark("tidy-none")
            with ui.expansion("Change how long originals are kept", icon="tune") \
                    .classes("w-full").mark("tidy-change-policy"):
                self._policy_choice()

    def _due(self, plan: tidy.TidyPlan) -> None:
        n, frees = count(len(plan.items), "original"), size(plan.bytes)
        ui.label(f"{n} of {count(len(plan.families), 'family', 'families')} can go now; "
                 f"removing {'it' if len(plan.items) == 1 else 'them'} frees {frees}.") \
            .mark("tidy-summary")
        rows = [{"id": f"{o.family}/{o.clip}", "family": o.family, "file": o.file,
                 "session": f"Session {o.session}", "why": o.why, "size": size(o.bytes)}
                for o in plan.items]
        table = ui.table(columns=COLUMNS, rows=rows, row_key="id", pagination=0) \
            .props("flat bordered hide-pagination").classes("w-full").mark("tidy-list")
        table.add_slot("body-cell-family", family_link_cell("family"))
        dialog = self._confirmation(plan)
        self.remove_button = ui.button(f"Remove {n} (frees {frees})", icon="delete_sweep",
                                       on_click=dialog.open) \
            .props("unelevated color=negative size=lg").mark("tidy-remove")

    def _confirmation(self, plan: tidy.TidyPlan) -> ui.dialog:
        """The question asked before anything is removed: what goes, and what stays."""
        n, frees = count(len(plan.items), "original"), size(plan.bytes)
        with ui.dialog() as dialog, ui.card().classes("w-[40rem] max-w-full p-6 gap-3") \
                .mark("tidy-dialog"):
            ui.label(f"Remove {n}?").classes("text-xl font-semibold")
            with ui.column().classes("gap-0 w-full"):
                ui.label(f"What goes ({frees})").classes("font-semibold")
                ui.label("The original recording of "
                         + ("this clip" if len(plan.items) == 1 else "each of these clips")
                         + ". This cannot be undone.")
                ui.label("\n".join(f"{o.family} · {o.file} · {size(o.bytes)}"
                                   for o in plan.items)) \
                    .classes("whitespace-pre-line vipp-muted max-h-48 overflow-y-auto w-full") \
                    .mark("tidy-dialog-list")
            with ui.column().classes("gap-0 w-full"):
                ui.label("What stays").classes("font-semibold")
                ui.label("Each clip's browser copy, which plays as before; every still already "
                         "made, exactly as it is; the moments, their words and the summaries. "
                         "Later stills and films come from the browser copy, at its smaller "
                         "size.")
            with ui.row().classes("w-full justify-end gap-2"):
                ui.button("Keep them", on_click=dialog.close).props("outline") \
                    .mark("tidy-cancel")
                ui.button(f"Remove {n}", icon="delete_sweep",
                          on_click=lambda: self._remove(dialog, plan)) \
                    .props("unelevated color=negative").mark("tidy-confirm")
        dialog.props(f'aria-label="Remove {n}?"')  # what a screen reader says as it opens
        return dialog

    async def _remove(self, dialog: ui.dialog, plan: tidy.TidyPlan) -> None:
        dialog.close()
        if self.removing:
            return
        self.removing = True
        self.remove_button.disable()
        self.remove_button.set_text("Removing…")
        try:
            removed = await run.io_bound(tidy.tidy, self.ctx.data, plan)
        except BadInput as exc:
            await self.refresh(problem=without_folder(str(exc), self.ctx.data.root))
            return
        finally:
            self.removing = False
        done = (f"Removed {count(len(removed.items), 'original')}, freeing "
                f"{size(removed.bytes)}. The browser copies and stills are kept; new stills "
                "come from the browser copies.")
        kept = len(plan.items) - len(removed.items)
        if kept:
            done += (f" {count(kept, 'original')} no longer due to go "
                     f"{'was' if kept == 1 else 'were'} kept.")
        await self.refresh(done=done)

    def _policy_choice(self) -> None:
        settings = self.ctx.settings
        chosen = ("until-shown" if settings.keep_originals == "until-shown" else
                  "days" if settings.keep_originals_days else "always")
        choice = ui.radio(CHOICES, value=chosen) \
            .props('aria-label="How long originals are kept"').mark("tidy-policy-choice")
        days = ui.number("Days after the import", value=settings.keep_originals_days or 90,
                         min=1, step=1, format="%d").props("outlined").classes("w-56") \
            .mark("tidy-days")
        days.bind_visibility_from(choice, "value", value="days")
        ui.label(WHAT_STAYS).classes("text-sm vipp-muted")

        async def save() -> None:
            days.error = None
            try:
                await run.io_bound(tidy.set_policy, self.ctx.data, choice.value, days.value)
            except BadInput as exc:
                reason = without_folder(str(exc), self.ctx.data.root)
                if exc.field == "days":
                    days.error = reason
                else:
                    await self.refresh(problem=reason)
                return
            ui.notify("Saved", type="positive", timeout=1500)
            await self.refresh()

        ui.button("Save this choice", icon="save", on_click=save).props("outline") \
            .mark("tidy-policy-save")
