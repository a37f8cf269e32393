"""The caseload's family rows as one element, drawn in the browser (see family_rows.js)."""

from __future__ import annotations

import json

from nicegui.element import Element


class FamilyRows(Element, component="family_rows.js"):
    """`rows` are plain dicts of words (the caseload page writes them); each has a `rank`
    for every order, and `order` names the one shown. `answers` are the (status, label)
    pairs offered for an overdue visit."""

    def __init__(self, rows: list[dict], order: str, answers):
        super().__init__()
        self._rows = rows
        # one string, not a list of dicts: NiceGUI watches every list and dict in an element's
        # props for changes, and wrapping 200 rows of values that way took more of the page's
        # server time than everything else on it
        self._props["rows"] = json.dumps(rows, ensure_ascii=False)
        self._props["order"] = order
        self._props["answers"] = [list(pair) for pair in answers]

    def show_order(self, order: str) -> None:
        self._props["order"] = order
        self.update()

    def _displayed_contents(self, *, only_visible: bool) -> list:
        """The words the rows show, so that the simulated user's should_see finds them."""
        shown = []
        for row in self._rows:
            if row.get("problem"):
                shown += ["Needs attention", f"Family {row['id']}", row["problem"]]
                continue
            shown += [row["child"], f"Family {row['id']}", row["age"], row["track"],
                      row["age_note"], row["next"], row["state"], row["moments"], row["clips"]]
            if row["erase_due"]:
                shown.append("Due for erasure")
            if row["overdue"]:
                shown.append("Was this visit held?")
            elif row["needs_new_date"]:
                shown.append("Give a new date")
        return shown
