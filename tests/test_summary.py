"""The take-home summary made from a family's real moments: what is in it, and what never is."""

from __future__ import annotations

from pypdf import PdfReader

from media_factory import make_clip
from vipp_session import clips, families, moments
from tests.conftest import folder_snapshot
from tests.test_summary_pdf import text_of

NOTE = "Mum seemed low today; discuss with supervisor"


def prepare(data, tmp_path):
    families.add_family(data, "F7", child="Łucja", born="2025-06-01", mother="Siobhán",
                        mum_word="Mamusia", clinician="Ngozi")
    families.plan_session(data, "F7", 2, "2026-12-02T10:00")
    families.plan_session(data, "F7", 3, "2026-12-16T14:30")
    families.set_session_note(data, "F7", 2, "SESSION NOTE: housing worries")
    make_clip(tmp_path / "a.mp4", width=640, height=360, duration=4)
    [r] = clips.import_clips(data, "F7", 1, [tmp_path / "a.mp4"])
    texts = ["Look how Łucja watches you here.", "She smiles, and you smile back.",
             "You follow her lead with the blocks.", "She leans in close to you."]
    made = [moments.add_moment(data, r.clip.id, 0.5 + i * 0.8, kind, text=t, note=NOTE)
            for i, (kind, t) in enumerate(zip(["look", "smile", "following-lead", "touch"], texts))]
    moments.set_highlights(data, made[0].id, [{"shape": "arrow", "x1": .2, "y1": .2, "x2": .5, "y2": .5}])
    left_out = moments.add_moment(data, r.clip.id, 3.5, "comfort", text="LEFT OUT OF THE SUMMARY",
                                  in_summary=False)
    return texts, made, left_out


def test_summary_pdf_from_real_moments(cli, data, tmp_path):
    texts, made, _ = prepare(data, tmp_path)
    out = tmp_path / "summary.pdf"
    r = cli("summary", "F7", "--session", "2", "-o", str(out), "--json")
    assert r.code == 0, r.err
    assert r.json["pages"] == 2 == len(PdfReader(out).pages)
    text = text_of(out)
    assert "Łucja and Mamusia" in text and "Ngozi" in text
    for t in texts:
        assert t in text
    assert "Wednesday 16 December 2026 at 2:30pm" in text
    for secret in (NOTE, "SESSION NOTE", "LEFT OUT", "F7", "Siobhán", "supervisor"):
        assert secret not in text
    images = [i for p in PdfReader(out).pages for i in p.images]
    assert len(images) == 4
    assert "summary made" in data.audit_log.read_text()


def test_large_print_summary(cli, data, tmp_path):
    prepare(data, tmp_path)
    out = tmp_path / "large.pdf"
    r = cli("summary", "F7", "--session", "2", "-o", str(out), "--large-print", "--json")
    assert r.code == 0, r.err
    assert r.json["pages"] >= 2


def test_tone_check_stops_the_summary_until_confirmed(cli, data, tmp_path):
    _, made, _ = prepare(data, tmp_path)
    moments.edit_moment(data, made[1].id, text="You should smile more; it was wrong to look away.")
    out = tmp_path / "summary.pdf"
    before = folder_snapshot(data.root)
    r = cli("summary", "F7", "--session", "2", "-o", str(out))
    assert r.code == 2 and "tone check" in r.err and "'should'" in r.err
    assert r.err.count("\"You should smile more") == 1  # one line for the sentence
    assert not out.exists()
    after = folder_snapshot(data.root)
    assert {k: v for k, v in after.items() if k != "audit.log"} == \
        {k: v for k, v in before.items() if k != "audit.log"}
    r = cli("summary", "F7", "--session", "2", "-o", str(out), "--despite-warnings")
    assert r.code == 0 and out.exists()


def test_summary_bad_input(cli, data, tmp_path):
    prepare(data, tmp_path)
    for args, reason in [
        (["NOPE", "--session", "2", "-o", str(tmp_path / "x.pdf")], "There is no family"),
        (["F7", "--session", "9", "-o", str(tmp_path / "x.pdf")], "1 to 6"),
        (["F7", "--session", "2", "-o", str(tmp_path / "x.docx")], "ending in .pdf"),
        (["F7", "--session", "2", "-o", str(tmp_path / "no" / "x.pdf")], "does not exist"),
    ]:
        r = cli("summary", *args)
        assert r.code == 2 and reason in r.err, (args, r.err)
    assert not list(tmp_path.glob("x.*"))
