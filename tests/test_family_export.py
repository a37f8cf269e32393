"""Handing a family to a colleague: one sealed file out of one data folder, into another."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from media_factory import make_clip
from tests.conftest import folder_snapshot
from vipp_session import clips
from vipp_session.backup import handover
from vipp_session.families import add_family
from vipp_session.errors import Cancelled
from vipp_session.paths import DataDir

CODE = "HANDOVER7"
CHILD = "Eulalie"
PASS = "told to the colleague by phone"


@pytest.fixture
def mine(data, tmp_path) -> DataDir:
    add_family(data, CODE, child=CHILD, born="2025-04-01")
    clip = make_clip(tmp_path / "visit.mp4", duration=2.0, audio="aac").path
    [result] = clips.import_clips(data, CODE, 1, [clip])
    assert result.status == "imported", result.reason
    return data


@pytest.fixture
def colleague(tmp_path) -> DataDir:
    return DataDir(tmp_path / "colleague")


def family_hashes(data: DataDir) -> dict[str, str]:
    root = data.family_dir(CODE)
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def audit(data: DataDir) -> list[dict]:
    return [json.loads(line) for line in data.audit_log.read_text().splitlines()]


def export(cli, to: Path, stdin: str = f"{PASS}\n{PASS}\n"):
    return cli("family", "export", CODE, "--to", str(to), "--json", stdin=stdin)


def test_a_family_moves_whole_between_two_data_folders(cli, mine, colleague, tmp_path):
    handed = tmp_path / "for Sam.vipp"
    r = export(cli, handed)
    assert r.code == 0, r.err
    assert r.json["family"] == CODE and r.json["files"] >= 6
    assert "Tell the colleague its passphrase separately" in r.err

    r = cli("family", "import", str(handed), "--data", str(colleague.root), "--json",
            stdin=f"{PASS}\n")
    assert r.code == 0, r.err
    assert r.json["family"] == CODE
    assert family_hashes(colleague) == family_hashes(mine)
    r = cli("family", "show", CODE, "--data", str(colleague.root), "--json")
    assert r.code == 0 and r.json["child"] == CHILD
    for path in colleague.family_dir(CODE).rglob("*"):
        assert path.stat().st_mode & 0o777 == (0o700 if path.is_dir() else 0o600), path
    assert {"action": "family exported", "family": CODE}.items() <= audit(mine)[-1].items()
    assert {"action": "family imported", "family": CODE}.items() <= audit(colleague)[-1].items()


def test_the_file_reads_as_nothing_without_its_passphrase(cli, mine, tmp_path):
    handed = tmp_path / "handed.vipp"
    assert export(cli, handed).code == 0
    content = handed.read_bytes()
    original = next(mine.family_dir(CODE).rglob("original.mp4")).read_bytes()
    runs = [original[i:i + 24] for i in range(1000, len(original), len(original) // 5)]
    for word in [CHILD.encode(), CODE.encode(), b"original.mp4", b"family.json", *runs]:
        assert word not in content


def test_a_wrong_passphrase_imports_nothing(cli, mine, colleague, tmp_path):
    handed = tmp_path / "handed.vipp"
    assert export(cli, handed).code == 0
    r = cli("family", "import", str(handed), "--data", str(colleague.root),
            stdin="a guess at it\n")
    assert r.code == 2
    assert f"That is not the passphrase of {handed}." in r.err
    assert folder_snapshot(colleague.root) == {}


@pytest.mark.parametrize("damage", ["flip", "cut"])
def test_a_damaged_or_cut_file_imports_nothing(cli, mine, colleague, tmp_path, damage):
    handed = tmp_path / "handed.vipp"
    assert export(cli, handed).code == 0
    raw = bytearray(handed.read_bytes())
    if damage == "flip":
        raw[len(raw) * 2 // 3] ^= 0x40
    else:
        del raw[len(raw) - 5000:]
    handed.write_bytes(bytes(raw))
    r = cli("family", "import", str(handed), "--data", str(colleague.root), stdin=f"{PASS}\n")
    assert r.code == 2
    assert f"{handed} is damaged or incomplete" in r.err and "nothing was imported" in r.err
    assert not colleague.families_dir.exists() or \
        [p for p in colleague.families_dir.iterdir()] == []


def test_a_stopped_import_keeps_nothing(cli, mine, colleague, tmp_path):
    handed = tmp_path / "handed.vipp"
    assert export(cli, handed).code == 0
    seen = []

    def stop(fraction):
        seen.append(fraction)
        if fraction > 0.5:
            raise Cancelled()

    with pytest.raises(Cancelled):
        handover.import_family(colleague, str(handed), PASS, progress=stop)
    assert seen and not colleague.family_dir(CODE).exists()
    assert list(colleague.families_dir.iterdir()) == []


def test_a_family_already_there_is_never_replaced(cli, mine, tmp_path):
    handed = tmp_path / "handed.vipp"
    assert export(cli, handed).code == 0
    before = folder_snapshot(mine.root)
    r = cli("family", "import", str(handed), stdin=f"{PASS}\n")
    assert r.code == 2 and f"Family {CODE} is already in {mine.root}" in r.err
    assert folder_snapshot(mine.root) == before


def test_export_refuses_what_it_cannot_do_and_writes_nothing(cli, mine, tmp_path):
    handed = tmp_path / "handed.vipp"
    r = export(cli, handed, f"{PASS}\nnot the same\n")
    assert r.code == 2 and "not the same" in r.err
    r = export(cli, handed, "short\nshort\n")
    assert r.code == 2 and "at least 8 characters" in r.err
    r = cli("family", "export", "NOSUCH", "--to", str(handed), stdin=f"{PASS}\n{PASS}\n")
    assert r.code == 2 and "There is no family 'NOSUCH'" in r.err
    assert not handed.exists()
    handed.write_text("someone else's file")
    r = export(cli, handed)
    assert r.code == 2 and f"There is already a file {handed}" in r.err
    assert handed.read_text() == "someone else's file"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
