"""HDR phone footage (10-bit HLG and PQ) becomes BT.709 SDR in the proxy and in stills.

The reference is the standard conversion computed here, one patch at a time,
straight from the published formulas (BT.2100 HLG inverse OETF and OOTF for a
1000-nit display, the PQ EOTF, BT.2408 reference white of 203 nits, BT.2020 to
BT.709 primaries, the highlight knee, BT.1886 display encoding); the proxy's
and a still's patches must lie within CIEDE2000 5 of it.
"""

from __future__ import annotations

import math

import av
import numpy as np
import pytest

from hdr_media import PATCHES, SIGNALS, make_hdr_clip, make_sdr_twin, patch_mean
from vipp_session.media import frames
from vipp_session.media.ingest import PROXY_FILE, prepare_clip_files
from vipp_session.media.probe import probe

MAX_DELTA_E = 5.0


# ------------------------------------------------------------------ the reference, by hand

def _hlg_nits(rgb):
    a, b, c = 0.17883277, 1 - 4 * 0.17883277, 0.5 - 0.17883277 * math.log(4 * 0.17883277)
    scene = [e * e / 3 if e <= 0.5 else (math.exp((e - c) / a) + b) / 12 for e in rgb]
    ys = 0.2627 * scene[0] + 0.6780 * scene[1] + 0.0593 * scene[2]
    return [1000 * max(ys, 1e-12) ** 0.2 * s for s in scene]


def _pq_nits(rgb):
    m1, m2 = 0.1593017578125, 78.84375
    c1, c2, c3 = 0.8359375, 18.8515625, 18.6875
    out = []
    for e in rgb:
        p = e ** (1 / m2)
        out.append(10000 * (max(p - c1, 0) / (c2 - c3 * p)) ** (1 / m1))
    return out


def reference_sdr(kind: str, rgb) -> list[float]:
    """Non-linear BT.709 R'G'B' the standard conversion gives for one HDR signal."""
    nits = _hlg_nits(rgb) if kind == "hlg" else _pq_nits(rgb)
    r, g, b = (n / 203 for n in nits)
    light = [max(0.0, 1.6605 * r - 0.5876 * g - 0.0728 * b),
             max(0.0, -0.1246 * r + 1.1329 * g - 0.0083 * b),
             max(0.0, -0.0182 * r - 0.1006 * g + 1.1187 * b)]
    peak, knee = max(light), 0.8
    if peak > knee:
        mapped = knee + (1 - knee) * (1 - math.exp(-(peak - knee) / (1 - knee)))
        light = [x * mapped / peak for x in light]
    return [min(1.0, x) ** (1 / 2.4) for x in light]


def lab(rgb) -> np.ndarray:
    """CIE L*a*b* (D65) of a non-linear BT.709 R'G'B' colour shown on a BT.1886 display."""
    r, g, b = (max(0.0, min(1.0, c)) ** 2.4 for c in rgb)
    xyz = [0.4124 * r + 0.3576 * g + 0.1805 * b, 0.2126 * r + 0.7152 * g + 0.0722 * b,
           0.0193 * r + 0.1192 * g + 0.9505 * b]
    white = (0.95047, 1.0, 1.08883)

    def f(t):
        return t ** (1 / 3) if t > (6 / 29) ** 3 else t / (3 * (6 / 29) ** 2) + 4 / 29

    fx, fy, fz = (f(v / w) for v, w in zip(xyz, white))
    return np.array([116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)])


def delta_e2000(lab1, lab2) -> float:
    """CIEDE2000 colour difference (Sharma, Wu and Dalal's formulation)."""
    l1, a1, b1 = lab1
    l2, a2, b2 = lab2
    c_mean = (math.hypot(a1, b1) + math.hypot(a2, b2)) / 2
    g = 0.5 * (1 - math.sqrt(c_mean ** 7 / (c_mean ** 7 + 25 ** 7)))
    a1p, a2p = a1 * (1 + g), a2 * (1 + g)
    c1p, c2p = math.hypot(a1p, b1), math.hypot(a2p, b2)
    h1p = math.degrees(math.atan2(b1, a1p)) % 360
    h2p = math.degrees(math.atan2(b2, a2p)) % 360
    dl, dc = l2 - l1, c2p - c1p
    dh = 0.0 if c1p * c2p == 0 else (h2p - h1p + 180) % 360 - 180
    dhh = 2 * math.sqrt(c1p * c2p) * math.sin(math.radians(dh) / 2)
    l_mean, cp_mean = (l1 + l2) / 2, (c1p + c2p) / 2
    if c1p * c2p == 0:
        h_mean = h1p + h2p
    elif abs(h1p - h2p) <= 180:
        h_mean = (h1p + h2p) / 2
    else:
        h_mean = (h1p + h2p + 360) / 2 if h1p + h2p < 360 else (h1p + h2p - 360) / 2
    t = (1 - 0.17 * math.cos(math.radians(h_mean - 30)) + 0.24 * math.cos(math.radians(2 * h_mean))
         + 0.32 * math.cos(math.radians(3 * h_mean + 6)) - 0.20 * math.cos(math.radians(4 * h_mean - 63)))
    sl = 1 + 0.015 * (l_mean - 50) ** 2 / math.sqrt(20 + (l_mean - 50) ** 2)
    sc, sh = 1 + 0.045 * cp_mean, 1 + 0.015 * cp_mean * t
    rt = (-2 * math.sqrt(cp_mean ** 7 / (cp_mean ** 7 + 25 ** 7))
          * math.sin(math.radians(60 * math.exp(-(((h_mean - 275) / 25) ** 2)))))
    return math.sqrt((dl / sl) ** 2 + (dc / sc) ** 2 + (dhh / sh) ** 2
                     + rt * (dc / sc) * (dhh / sh))


def test_delta_e2000_matches_published_pairs():
    # pairs 1 and 17 of Sharma, Wu and Dalal's test data
    assert delta_e2000((50, 2.6772, -79.7751), (50, 0, -82.7485)) == pytest.approx(2.0425, abs=1e-4)
    assert delta_e2000((50, 2.5, 0), (73, 25, -18)) == pytest.approx(27.1492, abs=1e-4)


# ------------------------------------------------------------------ reading pictures back

def proxy_rgb(path) -> tuple[np.ndarray, object]:
    """The proxy's first picture as non-linear BT.709 R'G'B' (0-1), and its codec context."""
    with av.open(str(path)) as c:
        stream = c.streams.video[0]
        frame = next(c.decode(stream))
        cc = stream.codec_context
        tags = (cc.color_primaries, cc.color_trc, cc.colorspace, frame.color_trc)
        planes = frame.to_ndarray()  # yuv420p, planar
    h, w = frame.height, frame.width
    y = (planes[:h].astype(float) - 16) / 219
    u = (planes[h:h + h // 4].reshape(h // 2, w // 2).astype(float) - 128) / 224
    v = (planes[h + h // 4:].reshape(h // 2, w // 2).astype(float) - 128) / 224
    u, v = (np.repeat(np.repeat(p, 2, axis=0), 2, axis=1) for p in (u, v))
    kr, kb = 0.2126, 0.0722
    r = y + 2 * (1 - kr) * v
    b = y + 2 * (1 - kb) * u
    g = (y - kr * r - kb * b) / (1 - kr - kb)
    return np.stack([r, g, b], axis=-1), tags


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    """Each fixture clip imported: (info, prepared, folder)."""
    d = tmp_path_factory.mktemp("hdr")
    out = {}
    for kind in ("hlg", "pq"):
        source = make_hdr_clip(d / f"IMG_{kind}.MOV", kind)
        folder = d / f"clip-{kind}"
        folder.mkdir()
        out[kind] = (source, prepare_clip_files(source, folder, source.name), folder)
    yield out
    frames.close_all()


@pytest.mark.parametrize("kind", ["hlg", "pq"])
def test_probe_says_which_hdr(imported, kind):
    source, prepared, _ = imported[kind]
    assert prepared.info.hdr == kind
    assert prepared.plan.mode == "transcode"
    assert any("HDR" in why for why in prepared.plan.why)


def test_probe_says_sdr_is_not_hdr(tmp_path):
    sdr = make_sdr_twin(tmp_path / "sdr.mp4", {k: (0.5, 0.5, 0.5) for k in PATCHES})
    ten_bit = make_sdr_twin(tmp_path / "sdr10.mp4", {k: (0.5, 0.5, 0.5) for k in PATCHES}, bits=10)
    assert probe(sdr).hdr == "none"
    assert probe(ten_bit).hdr == "none" and probe(ten_bit).bit_depth == 10


@pytest.mark.parametrize("kind", ["hlg", "pq"])
def test_proxy_patches_are_the_standard_conversion(imported, kind):
    _, _, folder = imported[kind]
    rgb, tags = proxy_rgb(folder / PROXY_FILE)
    assert tags == (1, 1, 1, 1)  # BT.709 primaries, transfer and matrix, in the stream and frames
    for name, signal in SIGNALS[kind].items():
        got, want = patch_mean(rgb, name), reference_sdr(kind, signal)
        assert delta_e2000(lab(got), lab(want)) <= MAX_DELTA_E, (name, got, want)


@pytest.mark.parametrize("kind", ["hlg", "pq"])
def test_still_patches_are_the_standard_conversion(imported, kind):
    source, prepared, _ = imported[kind]
    bgr = frames.picture_at_index(source, prepared.table, 0)
    assert bgr.shape == (180, 320, 3)
    rgb = bgr[..., ::-1] / 255.0
    for name, signal in SIGNALS[kind].items():
        got, want = patch_mean(rgb, name), reference_sdr(kind, signal)
        assert delta_e2000(lab(got), lab(want)) <= MAX_DELTA_E, (name, got, want)


def test_hlg_white_and_grey_are_no_longer_grey_and_flat(imported):
    rgb, _ = proxy_rgb(imported["hlg"][2] / PROXY_FILE)
    luma = rgb @ np.array([0.2126, 0.7152, 0.0722])
    white = 16 + 219 * patch_mean(luma[..., None], "white")[0]
    grey = 16 + 219 * patch_mean(luma[..., None], "grey")[0]
    assert white >= 220  # was 177 of 235 before mapping
    assert 100 <= grey <= 115  # an 18% card: about 42% signal on an SDR display


def test_ten_bit_sdr_keeps_its_look(tmp_path):
    colours = {"black": (0.0, 0.0, 0.0), "grey": (0.42, 0.42, 0.42), "white": (1.0, 1.0, 1.0),
               "skin": (0.80, 0.55, 0.48), "red": (0.85, 0.10, 0.12), "green": (0.15, 0.70, 0.20)}
    source = make_sdr_twin(tmp_path / "sdr10.mp4", colours, bits=10)
    folder = tmp_path / "clip"
    folder.mkdir()
    prepared = prepare_clip_files(source, folder, source.name)
    rgb, tags = proxy_rgb(folder / PROXY_FILE)
    assert prepared.info.hdr == "none" and tags[1] != 18 and tags[1] != 16
    for name, want in colours.items():
        assert delta_e2000(lab(patch_mean(rgb, name)), lab(want)) <= 2.0, name


def test_still_of_a_rotated_hlg_clip_equals_its_proxy_frame(tmp_path):
    source = make_hdr_clip(tmp_path / "IMG_0601.MOV", "hlg", rotation=90)
    folder = tmp_path / "clip"
    folder.mkdir()
    prepared = prepare_clip_files(source, folder, source.name)
    assert prepared.info.rotation == 90 and prepared.plan.size == (180, 320)
    proxy, _ = proxy_rgb(folder / PROXY_FILE)
    still = frames.picture_at_index(source, prepared.table, 0)[..., ::-1] / 255.0
    frames.close_all()
    assert still.shape == proxy.shape == (320, 180, 3)  # both upright
    assert np.abs(still - proxy).mean() < 0.02  # the same picture, up to 8-bit 4:2:0 coding
    assert patch_mean(still.transpose(1, 0, 2)[::-1], "white").min() > 0.9  # white, not grey
