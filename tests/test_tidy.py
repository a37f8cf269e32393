"""Originals the service no longer needs: listed first, removed only when confirmed, stills
already made left exactly as they were, later stills (and films) from the browser copy."""

from __future__ import annotations

import hashlib
import json
from dataclasses import replace
from datetime import date, timedelta

import pytest

from media_factory import is_upright, make_clip, read_frame_index
from vipp_session import caseload_index, clips, families, moments, stills, tidy
from vipp_session.errors import BadInput, without_folder
from vipp_session.media.images import read_image
from vipp_session.settings import load_settings, save_settings

FRAMES = 60  # 2 s at 30 fps


def sha(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def policy(data, **settings) -> None:
    save_settings(data, replace(load_settings(data), **settings))


@pytest.fixture
def clip(data, tmp_path):
    """A 640x360 recording whose browser copy is 320x180; filmed at session 1 of F017."""
    families.add_family(data, "F017", child="Maya", born="2025-06-01")
    policy(data, proxy_max_side=320, remux_max_side=160)  # so the two copies differ in size
    made = make_clip(tmp_path / "IMG_0420.mp4", width=640, height=360, duration=2.0,
                     audio="aac")
    [result] = clips.import_clips(data, "F017", 1, [made.path])
    families.set_session_status(data, "F017", 1, "held")
    return result.clip


def test_stills_before_tidying_stay_exact_and_later_ones_come_from_the_browser_copy(
        data, clip, cli, tmp_path):
    before = moments.add_moment(data, clip.id, 0.5, "look")  # frame 15
    still = moments.still_path(data, "F017", before)
    made_before = sha(still)
    assert read_image(still).shape[:2] == (360, 640)
    policy(data, keep_originals="until-shown")
    assert tidy.plan_tidy(data).items == []  # session 2 is not held yet
    families.set_session_status(data, "F017", 2, "held")

    result = cli("tidy", "--yes", "--json")
    assert result.code == 0, result.err
    assert [o["clip"] for o in result.json["originals"]] == [clip.id]
    assert not clips.original_path(data, clip).exists()
    assert clips.proxy_path(data, clip).is_file()
    assert sha(still) == made_before

    after = moments.add_moment(data, clip.id, 1.5, "smile")  # frame 45
    picture = read_image(moments.still_path(data, "F017", after))
    assert picture.shape[:2] == (180, 320)  # the browser copy's size
    assert is_upright(picture) and read_frame_index(picture) == 45
    exported = cli("still", clip.id, "--at", "1.0", "-o", str(tmp_path / "s.png"), "--json")
    assert exported.code == 0 and exported.json["source"] == "browser copy"
    assert read_frame_index(read_image(tmp_path / "s.png")) == 30
    assert "browser copy" in exported.err
    table = stills.frame_table(data, clip)
    assert len(table) == FRAMES
    for n in range(FRAMES):  # every frame from the browser copy is the one the player shows
        choice = stills.choose_frame(data, clip, table.time_of(n))
        assert read_frame_index(stills.picture(data, clip, choice)) == n
    assert sha(still) == made_before


def test_nothing_is_tidied_by_default(data, clip, cli):
    families.set_session_status(data, "F017", 2, "held")
    assert tidy.plan_tidy(data).items == []
    result = cli("tidy", "--yes")
    assert result.code == 0 and "always kept" in result.out
    assert clips.original_path(data, clip).is_file()


def test_it_lists_first_and_removes_only_when_confirmed(data, clip, cli):
    policy(data, keep_originals="until-shown")
    families.set_session_status(data, "F017", 2, "held")
    size = clips.original_path(data, clip).stat().st_size
    listed = cli("tidy", "--dry-run")
    assert listed.code == 0
    assert "IMG_0420.mp4" in listed.out and "shown at session 2, held" in listed.out
    assert cli("tidy", "--dry-run", "--json").json["bytes"] == size
    refused = cli("tidy")  # not a terminal, no --yes
    assert refused.code == 2 and "--yes" in refused.err
    assert clips.original_path(data, clip).is_file()

    disk_before = caseload_index.entry(data, "F017").disk
    done = cli("tidy", "--yes")
    assert done.code == 0 and "freeing" in done.out
    assert not clips.original_path(data, clip).exists()
    disk_after = caseload_index.entry(data, "F017").disk
    assert (disk_before.originals - disk_after.originals, disk_after.browser_copies) == \
        (size, disk_before.browser_copies)
    [logged] = [json.loads(line) for line in data.audit_log.read_text().splitlines()
                if '"original removed"' in line]
    assert (logged["family"], logged["clip"], logged["bytes"]) == ("F017", clip.id, size)
    assert "IMG_0420" not in data.audit_log.read_text()


def test_a_clip_whose_moments_are_for_a_later_visit_is_kept_until_that_visit(data, clip):
    policy(data, keep_originals="until-shown")
    moments.add_moment(data, clip.id, 0.5, "look", for_session=3)
    families.set_session_status(data, "F017", 2, "held")
    assert tidy.plan_tidy(data).items == []
    families.set_session_status(data, "F017", 3, "held")
    assert [o.clip for o in tidy.plan_tidy(data).items] == [clip.id]


def test_or_a_number_of_days_after_the_import(data, clip):
    policy(data, keep_originals_days=30)
    assert tidy.plan_tidy(data).items == []
    later = date.today() + timedelta(days=30)
    [due] = tidy.plan_tidy(data, today=later).items
    assert due.why == "imported 30 days ago"
    assert tidy.tidy(data, tidy.plan_tidy(data, today=later), today=later).bytes == due.bytes
    assert not clips.original_path(data, clip).exists()


def test_the_policy_is_chosen_one_rule_at_a_time_and_a_wrong_number_refused(data):
    tidy.set_policy(data, "days", 30.0)  # a number field gives a float
    assert (load_settings(data).keep_originals, load_settings(data).keep_originals_days) == \
        ("always", 30)
    assert tidy.policy_words(load_settings(data)) == \
        "Originals are kept for 30 days after they are imported."
    tidy.set_policy(data, "until-shown", 30)
    assert (load_settings(data).keep_originals, load_settings(data).keep_originals_days) == \
        ("until-shown", None)
    for wrong in (0, 2.5, "soon", None, ""):
        with pytest.raises(BadInput, match="a whole number, 1 or more") as refused:
            tidy.set_policy(data, "days", wrong)
        assert refused.value.field == "days"
    with pytest.raises(BadInput, match="Choose how long"):
        tidy.set_policy(data, "never")
    assert load_settings(data).keep_originals == "until-shown"  # nothing wrong was saved


def test_a_reason_on_a_page_never_shows_the_data_folder(data):
    reason = (f"There is no room left on the disk for the data folder {data.root}. "
              "Nothing was changed.")
    shown = without_folder(reason, data.root)
    assert str(data.root) not in shown
    assert shown.startswith("There is no room left on the disk for the app's data folder.")
    broken = f"In {data.settings_file}, 'keep_originals' must be \"always\" or \"until-shown\"."
    assert without_folder(broken, data.root).startswith("In settings.json, 'keep_originals'")
