"""One family whose records cannot be read never stops the caseload from showing the others."""

from __future__ import annotations

import json

from vipp_session import families
from tests.ui.conftest import sign_in_user


async def test_the_caseload_shows_the_others_and_the_family_that_needs_attention(user, signed_up):
    families.add_family(signed_up, "F1", child="Zoë", born="2025-09-01")
    families.add_family(signed_up, "F2", child="Ngozi", born="2025-01-01")
    signed_up.family_db("F2").write_text('{"_meta": {}, "sessions": {"1": "held"}}')
    for backup in signed_up.backups_dir("F2").glob("*.json"):
        backup.unlink()
    await sign_in_user(user)
    await user.should_see("Zoë")
    await user.should_see("Needs attention")
    await user.should_see("Family F2")
    await user.should_not_see("Ngozi")
    [shown] = user.find(marker="family-rows").elements  # drawn in the browser from these
    rows = {row["id"]: row for row in json.loads(shown.props["rows"])}
    assert rows["F2"]["problem"] and "href" not in rows["F2"]  # why, and no link into it
    assert rows["F1"]["child"] == "Zoë" and not rows["F1"].get("problem")
