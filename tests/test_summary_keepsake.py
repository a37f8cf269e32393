"""The keepsake, the settings command that fills in her sheet's contact line, and the
checks the summary and review commands print, from the command line on real data."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from pypdf import PdfReader

from sheet_family import CHILD_VOICE, CONTACT, NOTE, WORDS, copy_of, page_pictures, prepare, text_of
from tests.test_summary_pdf import font_sizes
from vipp_session import families, moments
from vipp_session.briefs import family_records
from vipp_session.settings import load_settings

SHOTS = Path(os.environ["VIPP_SHOTS"]) if os.environ.get("VIPP_SHOTS") else None


@pytest.fixture(scope="module")
def prepared(tmp_path_factory):
    return prepare(tmp_path_factory.mktemp("keepsake"))


@pytest.fixture
def data(prepared, tmp_path):
    return copy_of(prepared, tmp_path / "data")


def hold(data, *numbers):
    for n in numbers:
        families.set_session_status(data, "F9", n, "held")


def test_keepsake_after_visit_6(cli, data, tmp_path):
    out = tmp_path / "keepsake.pdf"
    r = cli("keepsake", "F9", "-o", str(out))
    assert r.code == 2 and "once visit 6 is held" in r.err and not out.exists()
    hold(data, 1, 2, 3, 4, 5, 6)
    r = cli("keepsake", "F9", "-o", str(out), "--json")
    assert r.code == 0, r.err
    page_pictures(out, SHOTS, "keepsake")
    reader = PdfReader(out)
    assert r.json["pages"] == len(reader.pages) <= 4
    text = text_of(out)
    assert "Maya and Mummy" in text
    assert "Visit 2: What Maya is telling you" in text  # in her child's name
    assert "Visit 6:" in text
    for n in range(2, 7):
        assert WORDS[n][0] in text  # one picture and its words from each visit with moments
    assert WORDS[2][1] not in text  # only one from each visit
    assert "Keep enjoying each other" in text and "With warm wishes, Jo" in text
    assert len([i for p in reader.pages for i in p.images]) == 5
    assert 18 in font_sizes(out) and 14 not in font_sizes(out)  # large print
    for secret in (NOTE, "F9", "Siobhán", "supervisor"):
        assert secret not in text
    assert "keepsake made" in data.audit_log.read_text()


def test_keepsake_when_the_programme_ends_early_and_its_tone_check(cli, data, tmp_path):
    hold(data, 1, 2, 3)
    for n in (4, 5, 6):
        families.set_session_status(data, "F9", n, "cancelled")
    first = next(m for m in family_records(data, "F9").moments if m.for_session == 3)
    moments.edit_moment(data, first.id, text="You finally let her lead; you should do it more.")
    out = tmp_path / "early.pdf"
    r = cli("keepsake", "F9", "-o", str(out))
    assert r.code == 2 and "'finally'" in r.err and not out.exists()
    assert r.err.count('"You finally let her lead') == 1  # one line for the sentence
    r = cli("keepsake", "F9", "-o", str(out), "--despite-warnings")
    assert r.code == 0, r.err
    text = text_of(out)
    assert "Visit 3:" in text and "Visit 4:" not in text


def test_child_voice_in_the_keepsake(cli, data, tmp_path):
    hold(data, 1, 2, 3, 4, 5, 6)
    first = [m for m in family_records(data, "F9").moments if m.for_session == 2][0]
    moments.edit_moment(data, first.id, in_summary=False)
    out = tmp_path / "voice.pdf"
    assert cli("keepsake", "F9", "-o", str(out)).code == 0
    assert f"Maya would say: {CHILD_VOICE}" in text_of(out)


def test_settings_command_fills_in_the_contact_line(cli, data, tmp_path):
    r = cli("settings", "clinician_name=Jo Smith", f"service_contact={CONTACT} (Mon to Fri)",
            "--json")
    assert r.code == 0, r.err
    assert r.json["clinician_name"] == "Jo Smith" and "passphrase_hash" not in r.json
    assert load_settings(data).service_contact == f"{CONTACT} (Mon to Fri)"
    for bad, reason in (["nonsense=1"], "There is no setting 'nonsense'"), \
                       (["retention_days=soon"], "must be a number"), \
                       (["passphrase_hash=x"], "There is no setting"), \
                       (["clinician_name"], "is not NAME=VALUE"):
        r = cli("settings", *bad)
        assert r.code == 2 and reason in r.err, (bad, r.err)
    assert load_settings(data).clinician_name == "Jo Smith"


def test_summary_and_review_commands_check_every_moment_shown(cli, data, tmp_path):
    clip = family_records(data, "F9").moments[0].clip
    moments.add_moment(data, clip, 2.6, "look", for_session=2, in_summary=False,
                       text="You should look at her more; she is clingy because of your BPD.")
    r = cli("summary", "F9", "--session", "2", "-o", str(tmp_path / "s.pdf"))
    assert r.code == 2 and "(shown, not printed)" in r.err
    assert r.err.count('"You should look at her more') == 1
    r = cli("review", "F9", "--session", "2", "-o", str(tmp_path / "r.pdf"))
    assert r.code == 0 and '"You should look at her more' in r.err
    clean = cli("review", "F9", "--session", "3", "-o", str(tmp_path / "r3.pdf"))
    assert clean.code == 0 and "Checked the words of 1 moment for judging" in clean.err


def test_manual_check_reads_the_sheets_words(cli, tmp_path):
    import shutil

    from vipp_session.manual import shipped_dir

    copy = tmp_path / "library"
    shutil.copytree(shipped_dir(), copy)
    assert cli("manual", "check", str(copy)).code == 0
    sheet = copy / "sheet.toml"
    sheet.write_text(sheet.read_text().replace(
        'heading = "Thank you"', 'heading = "You should have tried harder"'))
    r = cli("manual", "check", str(copy))
    assert r.code == 2 and "sheet.toml" in r.out and "[ending] heading" in r.out
