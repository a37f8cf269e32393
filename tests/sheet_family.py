"""A family through the programme, made once and copied for each test: Maya, a portrait
and a landscape clip from each visit's filming, moments prepared for visits 2 to 6 (one
in Maya's voice), visits planned three weeks apart, and the clinician's contact set."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from pypdf import PdfReader

from media_factory import make_clip
from vipp_session import clips, families, moments
from vipp_session.paths import DataDir
from vipp_session.settings import load_settings, save_settings

CHILD_VOICE = "Mummy, when I look at you like this, I'm saying: play with me!"
WORDS = {
    2: ["Look how Maya is looking right at you here. She is checking you are still with her.",
        CHILD_VOICE,
        "Maya reaches for the book and you follow her lead."],
    3: ["Maya shows you the block. You answer, and she smiles back."],
    4: ["Here Maya is sad, and you hold her close. She feels safe with you."],
    5: ["Laughing together: Maya loves it when you copy her sounds."],
    6: ["Maya leans in close to you. Look how far you have come together."],
}
CONTACT = "call or text 07700 900123"
NOTE = "Mum seemed low today; discuss with supervisor"


def prepare(folder: Path) -> Path:
    data = DataDir(folder / "data")
    families.add_family(data, "F9", child="Maya", born="2025-03-01", pronouns="she",
                        mother="Siobhán", mum_word="Mummy", clinician="Jo")
    for n in range(1, 7):
        families.plan_session(data, "F9", n, f"2027-01-{4 + 3 * (n - 1):02d}T10:30"
                              if n < 6 else "2027-02-01T14:00")
    settings = load_settings(data)
    settings.service_contact, settings.retention_days = CONTACT, 365
    save_settings(data, settings)
    wide = make_clip(folder / "wide.mp4", width=640, height=360, duration=3)
    tall = make_clip(folder / "tall.mp4", width=360, height=640, duration=3)
    for n in range(1, 6):
        [w, t] = clips.import_clips(data, "F9", n, [wide.path, tall.path])
        for i, text in enumerate(WORDS[n + 1]):
            clip = (w, t)[i % 2].clip.id
            message = "s2-look-3" if text == CHILD_VOICE else None
            moments.add_moment(data, clip, 0.4 + i * 0.7, "look", message_id=message, for_session=n + 1,
                               text=text, note=NOTE)
    return data.root


def copy_of(root: Path, to: Path) -> DataDir:
    shutil.copytree(root, to)
    return DataDir(to)


def text_of(path: Path) -> str:
    return " ".join(" ".join(p.extract_text().split()) for p in PdfReader(path).pages)


def page_pictures(pdf: Path, shots: Path | None, name: str) -> None:
    """Page images of a PDF with pdftoppm, kept for a person to look at."""
    if shots is not None:
        shots.mkdir(parents=True, exist_ok=True)
        subprocess.run(["pdftoppm", "-png", "-r", "60", str(pdf), str(shots / name)], check=True)


def page_fill(pdf: bytes) -> list[float]:
    """How far down each page the ink reaches, as a share of the room between the top and
    bottom margins (the page number is left out): 1.0 is a full page."""
    import numpy as np

    from vipp_session.printing import MARGIN
    from vipp_session.summary.preview import pdf_pages

    fills = []
    for page in pdf_pages(pdf, dpi=40):
        ink = np.asarray(page.convert("L")) < 200
        mm = page.height / 297
        top, bottom = int(MARGIN * mm), int((297 - MARGIN - 4) * mm)  # above the page number
        rows = np.nonzero(ink[top:bottom].any(axis=1))[0]
        fills.append(round(float(rows.max() + 1) / (bottom - top), 2) if len(rows) else 0.0)
    return fills


def picture_sizes_mm(path: Path) -> list[tuple[float, float]]:
    """The width and height (mm) each picture is drawn at, page by page."""
    import re

    sizes = []
    for page in PdfReader(path).pages:
        stream = page.get_contents().get_data().decode("latin-1")
        for w, h in re.findall(r"([\d.]+) 0 0 ([\d.]+) [\d.-]+ [\d.-]+ cm /I\w+ Do", stream):
            sizes.append((float(w) / 72 * 25.4, float(h) / 72 * 25.4))
    return sizes
