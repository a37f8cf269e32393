"""The sheet's picture when no moment is marked for it (often visit 1, when she is most
anxious about the filming): the clinician chooses one of the family's stills, from the
visit's own filming first, so no sheet goes home as text only."""

from __future__ import annotations

from tinydb import Query

from vipp_session import validate
from vipp_session.errors import BadInput
from vipp_session.model import Moment
from vipp_session.paths import DataDir
from vipp_session.store import Store

TABLE = "sheet_pictures"  # one record per session: {"session": n, "moment": id}


def picture_choices(data: DataDir, family_id: str, session: int | str) -> list[Moment]:
    """Stills the clinician can choose from: those from this visit's filming first, then
    the moments prepared for it, then any other, in the order they are shown."""
    n = validate.session_number(session)
    with Store(data).reading(family_id) as db:
        filmed_here = {c.id for c in db.clips() if c.session == n}
        moments = db.moments()
    return sorted(moments, key=lambda m: (m.clip not in filmed_here, m.for_session != n,
                                          m.for_session, m.order))


def choose_picture(data: DataDir, family_id: str, session: int | str,
                   moment_id: str | None) -> None:
    """Make a moment's still the sheet's picture (None: no chosen picture)."""
    n = validate.session_number(session)
    with Store(data).transaction(family_id) as db:
        table = db.table(TABLE)
        table.remove(Query().session == n)
        if moment_id is None:
            return
        if db.moment(moment_id) is None:
            raise BadInput(f"This family has no moment '{moment_id}' to use as the picture.")
        table.insert({"session": n, "moment": moment_id})


def chosen_picture(data: DataDir, family_id: str, session: int,
                   moments: list[Moment]) -> Moment | None:
    """The chosen picture's moment, if one was chosen and it is still there."""
    with Store(data).reading(family_id) as db:
        row = db.table(TABLE).get(Query().session == session)
    wanted = row and row.get("moment")
    return next((m for m in moments if m.id == wanted), None)
