"""The film of her moments, decoded back: length, frame rate, upright size, sound, the held
frames against the moments' stills, the captions, the metadata, and all or nothing on disk."""

from __future__ import annotations

import json
import os
import shutil
import stat
import threading
from dataclasses import dataclass
from pathlib import Path

import av
import cv2
import numpy as np
import pytest

from media_checks import beep_onsets
from media_factory import is_upright, make_clip, read_frame_index, vfr_times
from tests.conftest import folder_snapshot
from vipp_session import clips, families, film, manual, moments
from vipp_session.errors import BadInput, Cancelled
from vipp_session.media import images
from vipp_session.media.film import Card, Scene
from vipp_session.media.film_pictures import AMBER
from vipp_session.paths import DataDir

CODE = "FAM-7Q2X"  # long enough that finding it in the file's bytes by chance is impossible
NOTE = "Mum tired today, keep it short"
WORDS = "Look how she is looking at you here; she is checking you are still with her."
PREROLL_FRAMES = 90  # 3 s at 30 frames a second, in the clip and in the film


@dataclass
class Made:
    root: Path  # the data folder, to copy for each test
    clip: str
    first: moments.Moment  # shown first: clinician's words, a circle
    second: moments.Moment  # the child's voice, 1 s into the clip: a short lead-in
    captioned: Path
    plain: Path  # the same film without captions
    size: tuple[int, int]


@pytest.fixture(scope="module")
def made(tmp_path_factory) -> Made:
    folder = tmp_path_factory.mktemp("film")
    data = DataDir(folder / "data")
    families.add_family(data, CODE, child="Maya", born="2025-01-15", pronouns="she",
                        mum_word="Mama", wants_copies="yes")
    # filmed on its side, with sound: a beep at each whole second of clip time
    recording = make_clip(folder / "play.mp4", duration=5.0, rotation=90, width=320, height=240,
                          audio="aac")
    [result] = clips.import_clips(data, CODE, 1, [recording.path])
    clip = result.clip
    first = moments.add_moment(data, clip.id, 3.5, "look", text=WORDS, note=NOTE)
    first = moments.set_highlights(data, first.id, [
        {"shape": "ellipse", "cx": 0.5, "cy": 0.3, "rx": 0.25, "ry": 0.12}])
    library = manual.load_library(data)
    child_voice = next(m for m in manual.messages_for(library, 2, "sd") if m.voice == "child")
    second = moments.add_moment(data, clip.id, 1.0, child_voice.kind, message_id=child_voice.id)
    captioned = film.make_film(data, CODE, folder / "ours.mp4", session=2).path
    plain = film.make_film(data, CODE, folder / "plain.mp4", session=2, captions=False).path
    return Made(data.root, clip.id, first, second, captioned, plain, (clip.width, clip.height))


@pytest.fixture
def data(made, tmp_path) -> DataDir:
    shutil.copytree(made.root, tmp_path / "data")
    return DataDir(tmp_path / "data")


@dataclass
class Decoded:
    ticks: list[int]  # each picture's time, in 1/30 s
    pictures: list[np.ndarray]  # BGR
    end: int  # the film's end, in 1/30 s
    rate: float  # the frame rate the file declares
    tags: dict

    def at(self, tick: int) -> np.ndarray:
        """The picture shown at a time (in 1/30 s)."""
        i = max(i for i, t in enumerate(self.ticks) if t <= tick)
        return self.pictures[i]


def decode(path: Path) -> Decoded:
    with av.open(str(path)) as c:
        v = c.streams.video[0]
        ticks, pictures = [], []
        for f in c.decode(v):
            exact = f.pts * v.time_base * 30
            assert exact.denominator == 1, "every picture starts on a 1/30 s tick"
            ticks.append(int(exact))
            pictures.append(f.to_ndarray(format="bgr24"))
        end = v.duration * v.time_base * 30
        return Decoded(ticks, pictures, round(end), float(v.guessed_rate), dict(c.metadata))


def timeline(data: DataDir) -> list[tuple[str, int, int]]:
    """(what, start, length) of each part of the film, in 1/30 s, from its plan."""
    parts, at = [], 0
    for item in film.plan_film(data, CODE, 2).plan.items:
        if isinstance(item, Card):
            n = round(item.seconds * 30)
            parts.append(("card", at, n))
        else:
            assert isinstance(item, Scene)
            parts.append(("lead-in", at, item.lead_in_frames))
            at += item.lead_in_frames
            n = round(item.hold * 30)
            parts.append(("hold", at, n))
        at += n
    return parts


def test_the_film_plays_upright_at_30_fps_with_sound_in_step(made, data):
    film_ = decode(made.captioned)
    parts = timeline(data)
    assert film_.rate == 30
    assert film_.end == sum(n for *_, n in parts)
    assert {p.shape[:2] for p in film_.pictures} == {(made.size[1], made.size[0])} == {(320, 240)}
    for what, start, length in parts:  # lead-ins 30 pictures a second; a held one 5 times
        shown = [t for t in film_.ticks if start <= t < start + length]
        gaps = np.diff([*shown, start + length])
        assert shown[0] == start and gaps.max() == (1 if what == "lead-in" else 6), what
    with av.open(str(made.captioned)) as c:
        assert c.streams.video[0].codec_context.codec.name == "h264"
        audio = c.streams.audio[0]
        assert audio.codec_context.codec.name == "aac"
        assert abs(float(audio.duration * audio.time_base) - film_.end / 30) < 0.05
    # the first lead-in: clip 0.5 s to 3.5 s, after the 3.5 s title; beeps at 1, 2 and 3 s
    title = parts[0][2]
    assert parts[1] == ("lead-in", title, PREROLL_FRAMES)
    onsets = beep_onsets(made.captioned)
    for clip_second in (1, 2, 3):
        expected = (title + (clip_second - 0.5) * 30) / 30
        assert min(abs(t - expected) for t in onsets) < 0.03, (expected, onsets)
    # nothing but the lead-ins has sound: the holds and cards are quiet
    assert all(parts[1][1] / 30 <= t < (parts[1][1] + PREROLL_FRAMES) / 30
               or parts[3][1] / 30 <= t < (parts[3][1] + parts[3][2]) / 30 for t in onsets)


def test_lead_ins_end_just_before_the_moment_and_the_held_frame_is_its_still(made, data):
    plain = decode(made.plain)
    parts = timeline(data)
    scenes = [(made.first, parts[1], parts[2]), (made.second, parts[3], parts[4])]
    for moment, (_, lead_at, lead_n), (_, hold_at, hold_n) in scenes:
        shown = [read_frame_index(plain.at(t)) for t in range(lead_at, lead_at + lead_n)]
        assert shown == list(range(moment.frame - lead_n, moment.frame))  # the clip at 30 fps
        assert all(is_upright(plain.at(t)) for t in (lead_at, hold_at))
        still = images.read_image(moments.highlighted_still(data, CODE, moment)).astype(int)
        for t in (hold_at, hold_at + hold_n // 2, hold_at + hold_n - 1):
            assert read_frame_index(plain.at(t)) == moment.frame
            assert np.abs(plain.at(t).astype(int) - still).mean() < 2.5  # encoding error only
    assert parts[3][2] == 30  # the second moment is 1 s into its clip: a 1 s lead-in


def test_captions_are_drawn_on_the_held_frames_and_the_child_voice_is_set_apart(made, data):
    ours_film, plain_film = decode(made.captioned), decode(made.plain)
    parts = timeline(data)
    band = {}
    for name, (_, start, length) in (("clinician", parts[2]), ("child", parts[4])):
        at = start + length // 2
        ours, plain = {at: ours_film.at(at)}, {at: plain_film.at(at)}
        difference = np.abs(ours[at].astype(int) - plain[at].astype(int)).max(axis=2)
        rows = np.flatnonzero(difference.max(axis=1) > 60)
        assert len(rows) > 20, name  # words, in a band at the foot of the picture
        assert rows.min() > 320 * 0.4 and rows.max() >= 320 - 5
        assert np.abs(ours[at][:100].astype(int) - plain[at][:100].astype(int)).mean() < 1.5
        b, g, r = (ours[at][rows.min():, :, k].astype(int) for k in range(3))
        amber = (abs(r - AMBER[0]) < 40) & (abs(g - AMBER[1]) < 40) & (abs(b - AMBER[2]) < 50)
        band[name] = int(amber.sum())
    assert band["child"] > 30 and band["clinician"] == 0  # "Maya would say:" in amber


def test_the_file_names_the_child_and_holds_no_family_code_nor_notes(made):
    tags = decode(made.captioned).tags
    with av.open(str(made.captioned)) as c:
        tags.update({k: v for s in c.streams for k, v in s.metadata.items() if k not in
                     ("language", "handler_name", "vendor_id", "encoder")})
    assert "Maya" in tags["title"] and "Mama" in tags["title"] and "visit 2" in tags["title"]
    assert set(tags) <= {"title", "encoder", "major_brand", "minor_version", "compatible_brands"}
    raw = made.captioned.read_bytes()
    assert raw[4:8] == b"ftyp" and raw.find(b"moov") < raw.find(b"mdat")  # index first
    for secret in (CODE, NOTE, "play.mp4", made.clip, made.first.id):
        assert secret.encode() not in raw
    assert stat.S_IMODE(made.captioned.stat().st_mode) == 0o600


@pytest.mark.parametrize("upright, size", [
    ((3840, 2160), (1920, 1080)),  # a 4K phone: at most 1080p
    ((2160, 3840), (1080, 1920)),  # the same held upright
    ((1440, 1080), (1440, 1080)),
    ((4000, 3000), (1440, 1080)),
    ((320, 240), (320, 240)),  # never made larger
])
def test_the_film_is_at_most_1080p_either_way_up(upright, size):
    from vipp_session.media.film import film_size

    assert film_size(*upright) == size


def test_progress_and_the_audit_log(data, tmp_path):
    seen: list[float] = []
    result = film.make_film(data, CODE, tmp_path / "again.mp4", session="2", progress=seen.append)
    assert seen == sorted(seen) and seen[-1] == 1.0 and len(seen) > 20
    entry = json.loads(data.audit_log.read_text().splitlines()[-1])
    assert entry["action"] == "film made" and entry["family"] == CODE
    assert entry["sessions"] == [2] and entry["moments"] == 2
    assert "Maya" not in data.audit_log.read_text()
    assert result.to_dict()["bytes"] == (tmp_path / "again.mp4").stat().st_size


def test_stop_leaves_nothing_and_keeps_the_old_file(data, tmp_path):
    out = tmp_path / "out" / "film.mp4"
    out.parent.mkdir()
    out.write_bytes(b"the film from last week")
    stop = threading.Event()

    def progress(share):
        if share > 0.3:
            stop.set()

    with pytest.raises(Cancelled):
        film.make_film(data, CODE, out, session=2, progress=progress, cancel=stop)
    assert os.listdir(out.parent) == ["film.mp4"]
    assert out.read_bytes() == b"the film from last week"


def test_command_line_makes_the_film_and_every_visit(cli, data, made, tmp_path):
    moments.add_moment(data, made.clip, 2.0, "smile", text="That smile is for you.",
                       for_session=3)
    r = cli("film", CODE, "--session", "2", "-o", str(tmp_path / "two.mp4"), "--json")
    assert r.code == 0, r.err
    view = r.json
    assert view["sessions"] == [2] and view["moments"] == 2
    assert (view["width"], view["height"]) == (240, 320)
    r = cli("film", CODE, "--all", "-o", str(tmp_path / "all.mp4"), "--json")
    assert r.code == 0, r.err
    assert r.json["sessions"] == [2, 3] and r.json["moments"] == 3
    assert r.json["seconds"] > view["seconds"] + 3.5  # a second title card, and a third moment
    with av.open(str(tmp_path / "all.mp4")) as c:
        assert "visits 2, 3" in c.metadata["title"]


@pytest.mark.parametrize("args, reason", [
    (["--session", "3"], "Session 3 of family FAM-7Q2X has no moments"),
    (["--session", "9"], "Session number must be 1 to 6"),
    (["--session", "2", "-o", "{tmp}/film.mov"], "ending in .mp4"),
    (["--session", "2", "-o", "{tmp}/nowhere/film.mp4"], "There is no folder"),
    (["--session", "2", "--all"], "not allowed with argument"),
])
def test_command_line_refuses_plainly_and_writes_nothing(cli, data, tmp_path, args, reason):
    args = [a.format(tmp=tmp_path) for a in args]
    if "-o" not in args:
        args += ["-o", str(tmp_path / "film.mp4")]
    before = folder_snapshot(tmp_path)
    r = cli("film", CODE, *args)
    assert r.code == 2 and reason in r.err, r.err
    assert len(r.err.strip().splitlines()) == 1
    assert folder_snapshot(tmp_path) == before


def test_the_tone_check_runs_on_the_words_first(cli, data, made, tmp_path):
    moments.edit_moment(data, made.first.id, text="You could have picked her up sooner.")
    out = tmp_path / "film.mp4"
    r = cli("film", CODE, "--session", "2", "-o", str(out))
    assert r.code == 2 and "could have" in r.err and "--despite-warnings" in r.err
    assert not out.exists()
    with pytest.raises(BadInput, match="could have"):
        film.make_film(data, CODE, out, session=2)
    assert not out.exists()
    r = cli("film", CODE, "--session", "2", "-o", str(out), "--despite-warnings")
    assert r.code == 0, r.err
    assert out.is_file()


def test_a_recording_gone_is_named_plainly(data, made, tmp_path):
    _, clip = clips.find_clip(data, made.clip)
    clips.original_path(data, clip).unlink()
    clips.proxy_path(data, clip).unlink()
    with pytest.raises(BadInput, match="play.mp4"):
        film.make_film(data, CODE, tmp_path / "film.mp4", session=2)
    assert not (tmp_path / "film.mp4").exists()


def test_once_the_original_is_tidied_away_the_film_comes_from_the_browser_copy(
        data, made, tmp_path):
    _, clip = clips.find_clip(data, made.clip)
    clips.original_path(data, clip).unlink()
    film.make_film(data, CODE, tmp_path / "film.mp4", session=2)
    with av.open(str(tmp_path / "film.mp4")) as c:
        assert c.streams.video[0].frames > 0 and c.streams.audio


# ---------------------------------------------------------------------- copies for her


def test_her_copies_carry_the_film_of_each_visit_with_a_plain_name(cli, data, tmp_path):
    stick = tmp_path / "USB STICK"
    stick.mkdir()
    r = cli("copies", CODE, "--to", str(stick), "--json")
    assert r.code == 0, r.err
    assert sorted(os.listdir(stick)) == ["Maya, visit 1.mp4", "Maya, visit 2, our moments.mp4"]
    kinds = {Path(c["file"]).name: (c["kind"], c["session"]) for c in r.json}
    assert kinds == {"Maya, visit 1.mp4": ("clip", 1),
                     "Maya, visit 2, our moments.mp4": ("film", 2)}
    assert "with 1 film of her moments" in r.err
    copy = decode(stick / "Maya, visit 2, our moments.mp4")
    assert copy.rate == 30 and copy.end == sum(n for *_, n in timeline(data))
    assert "Maya" in copy.tags["title"]
    entry = json.loads(data.audit_log.read_text().splitlines()[-1])
    assert entry["action"] == "copies exported" and entry["films"] == 1 and entry["files"] == 2


def test_copies_of_a_visit_with_moments_but_no_clips_filmed_there(data, tmp_path):
    from vipp_session import copies

    done = copies.export_copies(data, CODE, tmp_path, session=2)
    assert [(c.path.name, c.clip, c.session) for c in done] == [
        ("Maya, visit 2, our moments.mp4", None, 2)]
    with pytest.raises(BadInput, match="already a file called 'Maya, visit 2, our moments.mp4'"):
        copies.export_copies(data, CODE, tmp_path)


def test_stopping_her_copies_while_the_film_is_made_leaves_nothing(data, tmp_path):
    from vipp_session import copies

    stick = tmp_path / "stick"
    stick.mkdir()
    stop = threading.Event()

    def progress(share):
        if share > 0.5:  # the clip is copied; the film is being made
            stop.set()

    with pytest.raises(Cancelled):
        copies.export_copies(data, CODE, stick, progress=progress, cancel=stop)
    assert os.listdir(stick) == []


def test_her_copies_wait_for_the_tone_check(cli, data, made, tmp_path):
    moments.edit_moment(data, made.second.id, text="Why did you leave her crying?")
    r = cli("copies", CODE, "--to", str(tmp_path))
    assert r.code == 2 and "film of visit 2" in r.err and "Why did you" in r.err
    assert not [p for p in os.listdir(tmp_path) if p != "data"]
    r = cli("copies", CODE, "--to", str(tmp_path), "--despite-warnings")
    assert r.code == 0, r.err
    assert "Maya, visit 2, our moments.mp4" in os.listdir(tmp_path)


def test_a_clip_of_another_shape_is_fitted_the_same_way_in_lead_in_and_hold(data, tmp_path):
    wide = make_clip(tmp_path / "wide.mp4", duration=1.0, width=320, height=240)
    [result] = clips.import_clips(data, CODE, 1, [wide.path])
    moment = moments.add_moment(data, result.clip.id, 0.9, "smile", text="That smile is for you.")
    out = film.make_film(data, CODE, tmp_path / "film.mp4", session=2, captions=False).path
    shown = decode(out)
    lead, hold = timeline(data)[5:7]
    assert lead[2] == 27  # from the clip's first frame: its whole lead-in is 0.9 s
    still = images.read_image(moments.still_path(data, CODE, moment))
    for picture, index in ((shown.at(lead[1]), 0), (shown.at(hold[1]), moment.frame)):
        assert picture.shape[:2] == (320, 240)  # the film keeps the first clip's shape
        assert picture[:60].max() < 30 and picture[-60:].max() < 30  # black above and below
        inside = picture[70:250]  # 320 x 240 fitted into 240 wide is 240 x 180, centred
        assert read_frame_index(inside) == index and is_upright(inside)
    fitted = cv2.resize(still, (240, 180), interpolation=cv2.INTER_AREA)
    assert np.abs(shown.at(hold[1])[70:250].astype(int) - fitted).mean() < 3


def test_a_damaged_recording_is_named_plainly_and_nothing_is_written(data, made, tmp_path):
    _, clip = clips.find_clip(data, made.clip)
    original = clips.original_path(data, clip)
    original.write_bytes(os.urandom(original.stat().st_size))
    with pytest.raises(BadInput, match="play.mp4"):
        film.make_film(data, CODE, tmp_path / "film.mp4", session=2)
    assert [p for p in os.listdir(tmp_path) if p != "data"] == []


def test_a_variable_frame_rate_lead_in_shows_each_frame_at_its_own_time(data, tmp_path):
    phone = make_clip(tmp_path / "phone.mp4", times=vfr_times(120), width=240, height=320)
    [result] = clips.import_clips(data, CODE, 1, [phone.path])
    at = phone.times[100]
    moment = moments.add_moment(data, result.clip.id, at, "smile", text="That smile is for you.")
    out = film.make_film(data, CODE, tmp_path / "film.mp4", session=2, captions=False).path
    shown = decode(out)
    lead, hold = timeline(data)[5:7]
    start = phone.times[max(i for i, t in enumerate(phone.times) if t <= at - 3 + 0.0005)]
    for k in range(lead[2]):
        expected = max(i for i, t in enumerate(phone.times) if t <= start + k / 30 + 0.0005)
        assert read_frame_index(shown.at(lead[1] + k)) == min(expected, moment.frame - 1), k
    assert read_frame_index(shown.at(hold[1])) == moment.frame == 100


def test_the_film_says_which_colours_it_holds_so_a_phone_shows_them_right(tmp_path):
    """A player shows a 1080p film without colour tags as BT.709 throughout; the film's
    pixels use BT.601's matrix, so it must say so, or her reds and greens shift."""
    from hdr_media import PATCHES, make_sdr_twin, patch_mean

    colours = {"black": (0.0, 0.0, 0.0), "grey": (0.42, 0.42, 0.42), "white": (1.0, 1.0, 1.0),
               "skin": (0.80, 0.55, 0.48), "red": (0.85, 0.10, 0.12), "green": (0.15, 0.70, 0.20)}
    data = DataDir(tmp_path / "data")
    families.add_family(data, CODE, child="Maya", born="2025-01-15", pronouns="she")
    chart = make_sdr_twin(tmp_path / "chart.mp4", colours, seconds=3.0)
    [result] = clips.import_clips(data, CODE, 1, [chart])
    moments.add_moment(data, result.clip.id, 1.5, "look", text="Look how she is looking at you.")
    out = film.make_film(data, CODE, tmp_path / "film.mp4", session=2, captions=False).path
    with av.open(str(out)) as c:
        cc = c.streams.video[0].codec_context
        assert (cc.color_primaries, cc.color_trc, cc.colorspace, cc.color_range) == (1, 1, 6, 1)
    shown = decode(out)  # read by its tags, as a player does
    title, lead, hold = timeline(data)[:3]
    for when in (lead[1] + lead[2] - 1, hold[1]):  # the clip playing, then held
        rgb = shown.at(when)[..., ::-1] / 255.0
        for name in PATCHES:
            assert np.abs(patch_mean(rgb, name) - colours[name]).max() < 0.03, (when, name)
    # read as BT.709 (what the film would be taken for untagged), red is visibly another red
    with av.open(str(out)) as c:
        v = c.streams.video[0]
        held = next(f for f in c.decode(v) if f.pts * v.time_base * 30 >= hold[1])
        as_tagged = held.to_ndarray(format="rgb24") / 255.0
        as_709 = held.reformat(format="rgb24", src_colorspace="itu709").to_ndarray() / 255.0
    assert np.abs(patch_mean(as_tagged, "red") - colours["red"]).max() < 0.03
    assert np.abs(patch_mean(as_709, "red") - colours["red"]).max() > 0.03
