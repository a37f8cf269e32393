"""The picture that stands for a clip in lists is one that shows it: not the black of a
fade-in, not a blurred swing of the camera."""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

import av
import cv2
import numpy as np
import pytest

from vipp_session import briefs, clips, families

FPS = 30
WIDTH, HEIGHT = 320, 240


def scene(seed: int = 7) -> np.ndarray:
    """A sharp, busy, well-lit picture (blocks of colour with edges), BGR."""
    rng = np.random.default_rng(seed)
    blocks = rng.integers(40, 230, size=(HEIGHT // 16, WIDTH // 16, 3), dtype=np.uint8)
    return cv2.resize(blocks, (WIDTH, HEIGHT), interpolation=cv2.INTER_NEAREST)


def write_clip(path: Path, pictures, fps: int = FPS) -> Path:
    """An H.264 MP4 of the given BGR pictures, `fps` a second."""
    with av.open(str(path), "w") as out:
        stream = out.add_stream("libx264", rate=Fraction(fps))
        stream.width, stream.height, stream.pix_fmt = WIDTH, HEIGHT, "yuv420p"
        stream.options = {"crf": "18", "g": str(fps)}
        for picture in pictures:
            frame = av.VideoFrame.from_ndarray(picture, format="bgr24")
            out.mux(stream.encode(frame))
        out.mux(stream.encode())
    return path


def fade_in(seconds_dark: float, seconds_fading: float, seconds_shown: float):
    picture = scene().astype(np.float32)
    dark, fading = round(seconds_dark * FPS), round(seconds_fading * FPS)
    for i in range(round((seconds_dark + seconds_fading + seconds_shown) * FPS)):
        level = min(max((i - dark) / fading, 0.0), 1.0)
        yield (picture * level).astype(np.uint8)


@pytest.fixture
def family(data):
    families.add_family(data, "F1", child="Ada", born="2025-06-01")
    return data


def poster_of(data, clip):
    folder = data.thumbs_dir(clip.family, clip.id)
    index = json.loads((folder / "index.json").read_text())
    picture = cv2.imread(str(briefs.thumbnail_file(data, clip.family, clip.id, "poster.jpg")))
    first = cv2.imread(str(folder / "0000.jpg"))
    return index, picture, first


@pytest.mark.parametrize("proxy_max_side", [None, 160], ids=["remux", "transcode"])
def test_a_clip_that_fades_in_from_black_is_not_shown_black(family, tmp_path, proxy_max_side):
    if proxy_max_side:  # a smaller browser copy than the clip: it is transcoded
        from vipp_session.settings import load_settings, save_settings

        settings = load_settings(family)
        settings.proxy_max_side = settings.remux_max_side = proxy_max_side
        save_settings(family, settings)
    source = write_clip(tmp_path / "fades-in.mp4", fade_in(1.0, 1.5, 4.0))
    result = clips.import_clip(family, "F1", 1, source)
    assert result.clip.proxy_mode == ("transcode" if proxy_max_side else "remux")
    index, poster, first = poster_of(family, result.clip)

    assert first.mean() < 10, "the clip's first picture is black (so this test means something)"
    assert poster is not None and poster.mean() > 80, "the poster shows the scene, not black"
    assert index["poster"]["time"] >= 2.5 - 1e-6, "a frame after the fade, fully lit"
    expected = scene()
    small = cv2.resize(expected, (poster.shape[1], poster.shape[0]), interpolation=cv2.INTER_AREA)
    assert np.abs(poster.astype(int) - small.astype(int)).mean() < 20, "it is the clip's own picture"


def test_a_blurred_opening_gives_way_to_a_sharp_picture(family, tmp_path):
    sharp = scene(3)
    blurred = cv2.GaussianBlur(sharp, (0, 0), 6)
    pictures = [blurred] * (3 * FPS) + [sharp] * (3 * FPS)
    result = clips.import_clip(family, "F1", 1, write_clip(tmp_path / "swing.mp4", pictures))
    index, poster, _ = poster_of(family, result.clip)
    assert index["poster"]["time"] >= 3.0 - 1e-6
    assert cv2.Laplacian(cv2.cvtColor(poster, cv2.COLOR_BGR2GRAY), cv2.CV_32F).var() > \
        2 * cv2.Laplacian(cv2.cvtColor(cv2.resize(blurred, poster.shape[1::-1]),
                                       cv2.COLOR_BGR2GRAY), cv2.CV_32F).var()


def test_a_clip_imported_before_posters_shows_its_first_picture(family, tmp_path):
    result = clips.import_clip(family, "F1", 1, write_clip(tmp_path / "old.mp4", fade_in(0, 1, 2)))
    folder = family.thumbs_dir("F1", result.clip.id)
    (folder / "poster.jpg").unlink()
    assert briefs.thumbnail_file(family, "F1", result.clip.id, "poster.jpg") == folder / "0000.jpg"


def test_a_face_wins_over_a_slightly_crisper_picture_without_one():
    from skimage import data as photos

    from vipp_session.media.poster import PosterChooser, quality

    astronaut = cv2.resize(photos.astronaut(), (240, 240), interpolation=cv2.INTER_AREA)
    face = cv2.GaussianBlur((cv2.cvtColor(astronaut, cv2.COLOR_RGB2BGR) * 0.5 + 64)
                            .astype(np.uint8), (0, 0), 1.0)  # softer and flatter
    blocks = np.random.default_rng(7).integers(40, 230, size=(15, 15, 3), dtype=np.uint8)
    crisp = cv2.resize(blocks, (240, 240), interpolation=cv2.INTER_NEAREST)
    black = np.zeros_like(crisp)
    assert quality(crisp) > quality(face) > quality(black) == 0  # so the face must make it win
    chooser = PosterChooser()
    for i, picture in enumerate([black, crisp, face, crisp]):
        chooser.offer(cv2.resize(picture, (120, 120)), lambda p=picture: p, i, 2.0 * i)
    assert chooser.choose().frame == 2
