"""HDR phone footage (HLG or PQ, BT.2020) mapped to BT.709 SDR, the same way everywhere.

Phones film HDR by default (iPhone: HEVC 10-bit HLG, often with a Dolby Vision
layer whose base is HLG or HDR10/PQ). Shown as SDR without mapping, such a clip
looks grey and flat. The mapping here is one 3D lookup table computed once from
the standard formulas and applied by FFmpeg's `lut3d` filter, in the proxy's
filter chain and for every still (frames.py), so a still equals its proxy frame.

The conversion, from a non-linear BT.2020 R'G'B' signal (0-1, full range):

1. to display light in nits: HLG by the BT.2100 inverse OETF and the OOTF for a
   1000-nit display (gamma 1.2 on the BT.2020 luminance); PQ by its EOTF;
2. relative to HDR reference white (203 nits, BT.2408), which becomes SDR white;
3. BT.2020 to BT.709 primaries (linear);
4. highlights rolled off smoothly: on the largest of R, G, B (so hues hold),
   linear up to KNEE of SDR white, above it an exponential curve that meets it
   with the same slope and approaches SDR white (BT.2390-style knee);
5. BT.709 / BT.1886 display encoding (power 1/2.4).

Grey (an 18% card, 38% HLG) and skin tones fall below the knee: they keep
their light exactly; HDR reference white lands at 97% of SDR white.
"""

from __future__ import annotations

import atexit
from fractions import Fraction
import shutil
import tempfile
import threading
from pathlib import Path

import numpy as np

HLG, PQ, NONE = "hlg", "pq", "none"
TRANSFER_OF = {18: HLG, 16: PQ}  # FFmpeg's AVColorTransferCharacteristic: arib-std-b67, smpte2084
BT709 = 1  # primaries, transfer and matrix all number 1
LIMITED = 1  # 'tv' (MPEG) range

REFERENCE_WHITE_NITS = 203.0  # BT.2408: HDR reference white (75% HLG, 58% PQ)
HLG_PEAK_NITS = 1000.0
HLG_GAMMA = 1.2
KNEE = 0.8  # of SDR white: below it light is kept as it is
SDR_GAMMA = 2.4
LUT_SIZE = 33

BT2020_LUMA = np.array([0.2627, 0.6780, 0.0593])
BT2020_TO_BT709 = np.array([
    [1.660491, -0.587641, -0.072850],
    [-0.124550, 1.132900, -0.008349],
    [-0.018151, -0.100579, 1.118730],
])


def kind_of(color_trc) -> str:
    """'hlg', 'pq' or 'none' from a frame's or stream's transfer characteristic."""
    try:
        return TRANSFER_OF.get(int(color_trc), NONE)
    except (TypeError, ValueError):
        return NONE


# ------------------------------------------------------------------ the formulas


def hlg_to_nits(signal: np.ndarray) -> np.ndarray:
    """BT.2100 HLG: non-linear R'G'B' (..., 3) to display light in nits (1000-nit display)."""
    a, b = 0.17883277, 0.28466892
    c = 0.55991073
    e = np.clip(signal, 0.0, 1.0)
    scene = np.where(e <= 0.5, e * e / 3.0, (np.exp((e - c) / a) + b) / 12.0)
    ys = np.maximum(scene @ BT2020_LUMA, 1e-12)[..., None]
    return HLG_PEAK_NITS * ys ** (HLG_GAMMA - 1.0) * scene


def pq_to_nits(signal: np.ndarray) -> np.ndarray:
    """SMPTE ST 2084 (PQ) EOTF: non-linear R'G'B' to display light in nits."""
    m1, m2 = 2610 / 16384, 2523 / 4096 * 128
    c1, c2, c3 = 3424 / 4096, 2413 / 4096 * 32, 2392 / 4096 * 32
    p = np.clip(signal, 0.0, 1.0) ** (1 / m2)
    return 10000.0 * (np.maximum(p - c1, 0.0) / (c2 - c3 * p)) ** (1 / m1)


def roll_off(light: np.ndarray) -> np.ndarray:
    """Highlights above KNEE rolled towards SDR white, on the largest channel (hues hold)."""
    peak = np.max(light, axis=-1, keepdims=True)
    over = np.maximum(peak - KNEE, 0.0)
    mapped = np.where(peak > KNEE, KNEE + (1 - KNEE) * (1 - np.exp(-over / (1 - KNEE))), peak)
    return light * np.where(peak > 0, mapped / np.maximum(peak, 1e-12), 1.0)


def to_sdr(signal: np.ndarray, kind: str) -> np.ndarray:
    """Non-linear BT.2020 HLG or PQ R'G'B' (0-1) to non-linear BT.709 SDR R'G'B' (0-1)."""
    nits = hlg_to_nits(signal) if kind == HLG else pq_to_nits(signal)
    light = (nits / REFERENCE_WHITE_NITS) @ BT2020_TO_BT709.T
    light = np.clip(roll_off(np.maximum(light, 0.0)), 0.0, 1.0)
    return light ** (1 / SDR_GAMMA)


# ------------------------------------------------------------------ the lookup tables

_tables: dict[str, Path] = {}
_tables_guard = threading.Lock()
_folder: Path | None = None


def _remove_folder() -> None:
    if _folder is not None:
        shutil.rmtree(_folder, ignore_errors=True)


def lut_file(kind: str) -> Path:
    """The .cube file of the mapping for 'hlg' or 'pq', computed once per process."""
    global _folder
    with _tables_guard:
        if kind in _tables and _tables[kind].exists():
            return _tables[kind]
        if _folder is None or not _folder.exists():
            _folder = Path(tempfile.mkdtemp(prefix="vipp-lut-"))  # 0700; holds no personal data
            atexit.register(_remove_folder)
        steps = np.linspace(0.0, 1.0, LUT_SIZE)
        b, g, r = np.meshgrid(steps, steps, steps, indexing="ij")  # red changes fastest
        grid = np.stack([r, g, b], axis=-1).reshape(-1, 3)
        table = to_sdr(grid, kind)
        path = _folder / f"{kind}-to-bt709.cube"
        with open(path, "w", encoding="ascii") as f:
            f.write(f"LUT_3D_SIZE {LUT_SIZE}\n")
            np.savetxt(f, table, fmt="%.6f")
        _tables[kind] = path
        return path


def sdr_filters(kind: str, size: tuple[int, int] | None = None,
                flags: str = "bicubic") -> list[tuple[str, str]]:
    """FFmpeg filters (name, arguments) that scale an HDR picture (when `size` is given)
    and map it to BT.709 SDR R'G'B' (16 bits a channel, full range)."""
    scale = f"{size[0]}:{size[1]}:flags={flags}:" if size else ""
    return [
        ("scale", f"{scale}in_color_matrix=bt2020"),
        ("format", "gbrp16le"),
        ("lut3d", f"file={lut_file(kind)}:interp=tetrahedral"),
    ]


def to_limited_bt709() -> tuple[str, str]:
    """The filter that turns mapped R'G'B' into BT.709 limited-range Y'CbCr."""
    return ("scale", "out_color_matrix=bt709:out_range=tv")


def mapped(chain: list[tuple[str, str]], kind: str) -> list[tuple[str, str]]:
    """A proxy's filter chain (geometry.proxy_filters) with the mapping to SDR at its scale
    step: the picture is scaled and mapped at the proxy's size (a 4K source costs little)."""
    out: list[tuple[str, str]] = []
    for name, args in chain:
        if name == "scale" and not any(n == "lut3d" for n, _ in out):
            out += [("scale", f"{args}:in_color_matrix=bt2020"), ("format", "gbrp16le"),
                    ("lut3d", f"file={lut_file(kind)}:interp=tetrahedral"), to_limited_bt709()]
        else:
            out.append((name, args))
    return out


def tag_bt709(target) -> None:
    """Tag a frame or codec context as BT.709 SDR, limited range."""
    target.color_primaries = BT709
    target.color_trc = BT709
    target.colorspace = BT709
    target.color_range = LIMITED


def buffer_source(graph, frame, time_base: Fraction):
    """A filter graph's source for frames like `frame`, knowing their colour matrix and range.

    Without them the graph takes the pictures for unspecified (BT.601) and its scale
    filter converts a BT.709 picture's colours to BT.601 on the way to 8 bits.
    """
    args = (f"video_size={frame.width}x{frame.height}:pix_fmt={frame.format.name}"
            f":time_base={time_base.numerator}/{time_base.denominator}")
    if frame.colorspace and int(frame.colorspace) != 2:  # 2: unspecified
        args += f":colorspace={int(frame.colorspace)}"
    if frame.color_range:
        args += f":range={int(frame.color_range)}"
    return graph.add("buffer", args)


class Mapper:
    """Maps decoded HDR frames to SDR R'G'B' (gbrp16le) at their own size, for stills.

    One filter graph is kept for as long as the frames keep their size and format.
    Not thread-safe: each FrameReader has its own (used under the reader's lock).
    """

    def __init__(self):
        self.graph = None
        self.key = None

    def __call__(self, frame, kind: str):
        import av  # media/ only; kept local so importing this module stays cheap

        key = (frame.width, frame.height, frame.format.name, kind)
        if self.graph is None or self.key != key:
            g = av.filter.Graph()
            src = buffer_source(g, frame, frame.time_base or Fraction(1, 90000))
            chain = [g.add(name, args) for name, args in sdr_filters(kind)]
            g.link_nodes(src, *chain, g.add("buffersink")).configure()
            self.graph, self.key = g, key
        self.graph.push(frame)
        out = self.graph.pull()
        tag_bt709(out)
        out.color_range = 2  # R'G'B' is full range
        return out
