"""The family details form, shared by 'Add a family' and the family page.

It calls the same validation as the command line and shows each reason next
to its field.
"""

from __future__ import annotations

from collections.abc import Callable

from nicegui import run, ui

from vipp_session.errors import BadInput
from vipp_session.model import Family
from vipp_session.ui.widgets.when_picker import date_input
from vipp_session.words import PRONOUN_CHOICES


class FamilyForm:
    """Inputs for a family's details; `values()` gives what families.add/edit take."""

    def __init__(self, family: Family | None = None):
        f = family
        with ui.grid(columns=2).classes("w-full gap-x-4 gap-y-8"):
            self.fields = {
                "id": ui.input("Family code", value=f.id if f else "",
                               placeholder="e.g. F017 (a code, not a name)")
                .props("outlined" + (" readonly" if f else "")).mark("family-id"),
                "child": ui.input("Child's first name", value=f.child if f else "")
                .props("outlined").mark("family-child"),
                "born": date_input("Child's date of birth", f.born if f else None,
                                   "family-born"),
                "pronouns": ui.select(PRONOUN_CHOICES,
                                      label="Child's pronouns", value=f.pronouns if f else "she")
                .props("outlined").mark("family-pronouns"),
                "mum_word": ui.input("What the child calls her", value=f.mum_word if f else "Mummy")
                .props("outlined").mark("family-mum-word"),
                "mother": ui.input("Mother's first name (optional)", value=(f.mother or "") if f else "")
                .props("outlined").mark("family-mother"),
                "clinician": ui.input("Your name, as printed (optional)",
                                      value=(f.clinician or "") if f else "")
                .props("outlined").mark("family-clinician"),
                "consent_date": date_input("Filming consent date (optional)",
                                           f.consent_date if f else None, "family-consent"),
            }
        self.fields["wants_copies"] = ui.checkbox(
            "She would like copies of the videos", value=bool(f and f.wants_copies)
        ).mark("family-wants-copies")
        self.fields["child_voice"] = ui.checkbox(
            "Offer messages in the child's voice ('Mummy, I like it when ...')",
            value=f.child_voice if f else True,
        ).mark("family-child-voice")

    def values(self) -> dict:
        v = {k: (el.value if el.value is not None else "") for k, el in self.fields.items()}
        v["wants_copies"] = bool(v["wants_copies"])
        v["child_voice"] = bool(v["child_voice"])
        return v

    def clear_errors(self) -> None:
        for el in self.fields.values():
            if hasattr(el, "error"):
                el.error = None

    def show(self, exc: BadInput) -> None:
        target = self.fields.get(exc.field or "")
        if target is not None and hasattr(target, "error"):
            target.error = str(exc)
        else:
            ui.notify(str(exc), type="warning")

    async def submit_with(self, action: Callable[[dict], object]) -> bool:
        """Run action(values) off the event loop (it writes and fsyncs); on a bad input show it
        by its field. True when it worked."""
        self.clear_errors()
        try:
            await run.io_bound(action, self.values())
        except BadInput as exc:
            self.show(exc)
            return False
        return True
