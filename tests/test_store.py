"""The per-family store: crash safety, concurrent writers, backups and recovery."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from datetime import date

import pytest

from vipp_session import families
from vipp_session.errors import BadInput
from vipp_session.store import BACKUPS_KEPT, DamagedFamily, Store

WRITER = textwrap.dedent(
    """
    import sys
    from vipp_session.paths import DataDir
    from vipp_session.store import Store
    store, name, start = Store(DataDir(sys.argv[1])), sys.argv[2], int(sys.argv[3])
    print("ready", flush=True)
    for n in range(start, start + int(sys.argv[4])):
        with store.transaction("F1") as db:
            db.table("writes").insert({"writer": name, "n": n, "pad": "x" * (n % 500)})
        print(n, flush=True)  # acknowledged: the transaction has returned
    """
)


def start_writer(data, name, start, count):
    return subprocess.Popen(
        [sys.executable, "-c", WRITER, str(data.root), name, str(start), str(count)],
        stdout=subprocess.PIPE, text=True,
    )


@pytest.fixture
def family(data):
    families.add_family(data, "F1", child="Ada", born="2025-06-01", today=date(2026, 1, 1))
    return "F1"


def written(data, name=None):
    with Store(data).reading("F1") as db:
        assert db.recovered_from is None, "family.json itself must always be whole"
        return [d["n"] for d in db.table("writes").all() if name in (None, d["writer"])]


def test_no_acknowledged_write_is_lost_when_writers_are_killed(data, family):
    rng = random.Random(20261126)
    acknowledged: set[int] = set()
    next_n = 0
    for _ in range(50):
        proc = start_writer(data, "w", next_n, 100_000)
        assert proc.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0.0, 0.25))
        proc.send_signal(signal.SIGKILL)
        out, _ = proc.communicate()
        acks = [int(line) for line in out.split() if line.isdigit()]
        acknowledged.update(acks)
        on_disk = written(data)  # loads after every kill
        assert acknowledged <= set(on_disk)
        assert len(on_disk) == len(set(on_disk)), "no write applied twice"
        next_n = max(on_disk, default=next_n) + 1
    assert len(acknowledged) > 50  # the writers really did write between kills
    with Store(data).reading("F1") as db:
        assert db.family().child == "Ada"  # the rest of the family survived too


def test_two_concurrent_writers_both_keep_their_changes(data, family):
    a = start_writer(data, "a", 0, 150)
    b = start_writer(data, "b", 1000, 150)
    for proc in (a, b):
        proc.communicate(timeout=300)
        assert proc.returncode == 0
    assert sorted(written(data, "a")) == list(range(0, 150))
    assert sorted(written(data, "b")) == list(range(1000, 1150))


def test_threads_in_one_process_do_not_lose_updates(data, family):
    from concurrent.futures import ThreadPoolExecutor

    store = Store(data)

    def bump(_):
        with store.transaction("F1") as db:
            t = db.table("counter")
            value = t.all()[0]["v"] if t.all() else 0
            t.truncate()
            t.insert({"v": value + 1})

    with ThreadPoolExecutor(4) as pool:
        list(pool.map(bump, range(80)))
    with store.reading("F1") as db:
        assert db.table("counter").all()[0]["v"] == 80


def test_an_exception_inside_a_transaction_writes_nothing(data, family):
    before = data.family_db("F1").read_bytes()
    with pytest.raises(RuntimeError):
        with Store(data).transaction("F1") as db:
            db.table("writes").insert({"n": 1})
            raise RuntimeError("boom")
    assert data.family_db("F1").read_bytes() == before


def test_backups_keep_the_last_five_good_copies(data, family):
    for n in range(8):
        families.set_session_note(data, "F1", 1, f"note {n}")
    backups = sorted(data.backups_dir("F1").glob("family-*.json"))
    assert len(backups) == BACKUPS_KEPT
    newest = json.loads(backups[-1].read_text())
    assert newest == json.loads(data.family_db("F1").read_text())
    notes = [json.loads(b.read_text())["sessions"]["1"]["notes"] for b in backups]
    assert notes == [f"note {n}" for n in range(3, 8)]


@pytest.mark.parametrize("damage", ["garbage", "truncated", "empty", "deleted"])
def test_unreadable_family_loads_from_newest_backup_with_a_warning(data, family, caplog, damage):
    families.set_session_note(data, "F1", 2, "last good note")
    path = data.family_db("F1")
    good = path.read_bytes()
    if damage == "garbage":
        path.write_bytes(b"\x00\xff not json")
    elif damage == "truncated":
        path.write_bytes(good[: len(good) // 2])
    elif damage == "empty":
        path.write_bytes(b"")
    else:
        path.unlink()
    with caplog.at_level("WARNING"):
        family_record, sessions = families.get_family(data, "F1")
    assert family_record.child == "Ada"
    assert sessions[1].notes == "last good note"
    assert "loaded the newest good backup" in caplog.text
    # the next change writes a whole file again and keeps the damaged one aside
    families.set_session_note(data, "F1", 3, "after recovery")
    assert json.loads(path.read_text())["sessions"]["2"]["notes"] == "last good note"
    if damage != "deleted":
        assert list(data.backups_dir("F1").glob("damaged-*.json"))


def test_family_with_no_readable_copy_is_refused_not_emptied(data, family):
    data.family_db("F1").write_text("{")
    for b in data.backups_dir("F1").glob("*.json"):
        b.write_text("{")
    with pytest.raises(DamagedFamily, match="no earlier copy of them could be read"):
        families.get_family(data, "F1")
    with pytest.raises(DamagedFamily):
        families.set_session_note(data, "F1", 1, "x")
    assert data.family_db("F1").read_text() == "{"


def test_damaged_family_cli_message(cli, data, family):
    data.family_db("F1").write_text("{")
    for b in data.backups_dir("F1").glob("*.json"):
        b.unlink()
    r = cli("family", "show", "F1")
    assert r.code == 2 and "no earlier copy of them could be read" in r.err


def test_newer_schema_is_refused(data, family):
    raw = json.loads(data.family_db("F1").read_text())
    raw["_meta"]["1"]["schema"] = 99
    data.family_db("F1").write_text(json.dumps(raw))
    with pytest.raises(BadInput, match="newer version"):
        families.get_family(data, "F1")


def test_family_files_are_private_to_the_user(data, family):
    assert os.stat(data.family_db("F1")).st_mode & 0o077 == 0
    assert os.stat(data.family_dir("F1")).st_mode & 0o077 == 0


def test_full_disk_while_saving_leaves_the_old_file(data, family, monkeypatch):
    import errno

    before = data.family_db("F1").read_bytes()
    real_fdopen = os.fdopen

    class FullDisk:
        def __init__(self, f):
            self.f = f

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.f.close()

        def write(self, _):
            raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fdopen", lambda fd, mode: FullDisk(real_fdopen(fd, mode)))
    with pytest.raises(BadInput, match="no room left on the disk"):
        families.set_session_note(data, "F1", 1, "will not fit")
    monkeypatch.undo()
    assert data.family_db("F1").read_bytes() == before
    assert not [p for p in data.family_dir("F1").iterdir() if p.name.endswith(".tmp")]
