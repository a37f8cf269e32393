"""The pictures of a film of her moments: the held frame with its words, and the cards.

Words are drawn with Source Sans Pro (the font of the printed summary, which
covers names such as Zoë, Siobhán and Nguyễn) through Pillow, large enough to
read on a phone: a dark, see-through band at the foot of the picture with the
words in white. Words in the child's voice are set apart as on the sheet: a
line in amber first ("Maya would say:"), then the words in italics.

The title and end cards are soft: the first (or last) moment's picture,
blurred and darkened, with a few words in the middle. Nothing here knows a
family code or a note; it draws only the words it is given.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache

import cv2
import font_source_sans_pro
import numpy as np
from PIL import Image, ImageDraw, ImageFont

WHITE = (255, 255, 255)
AMBER = (255, 209, 102)  # RGB of #ffd166, the highlights' colour
SOFT = (225, 220, 212)
BAND_ALPHA = 0.62  # how dark the band under the words is
FONT_FILES = {"regular": "SourceSansPro-Semibold.ttf", "italic": "SourceSansPro-SemiboldIt.ttf",
              "title": "SourceSansPro-Bold.ttf", "light": "SourceSansPro-Regular.ttf"}
TEXT_SHARE = 0.052  # caption letters as a share of the picture's shorter side
SMALLEST_TEXT = 16  # pixels: captions stay readable on a small picture
MAX_LINES = 5  # longer words get a smaller size, down to 70 %


@dataclass(frozen=True)
class Caption:
    words: str
    speaker: str | None = None  # "Maya would say:" for words in the child's voice


@lru_cache(maxsize=64)
def _font(style: str, size: int) -> ImageFont.FreeTypeFont:
    path = os.path.join(font_source_sans_pro.font_directory, FONT_FILES[style])
    return ImageFont.truetype(path, size)


def _wrap(text: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        line = ""
        for word in paragraph.split():
            trial = f"{line} {word}" if line else word
            if line and font.getlength(trial) > width:
                lines.append(line)
                line = word
            else:
                line = trial
        lines.append(line)
    return [line for line in lines if line.strip()] or [""]


def _balanced(text: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    """Wrapped within `width`, with lines of even length (no single word left on the last)."""
    lines = _wrap(text, font, width)
    low, high = width // 2, width
    while high - low > 8:  # the narrowest width that needs no more lines
        middle = (low + high) // 2
        if len(_wrap(text, font, middle)) <= len(lines):
            high = middle
        else:
            low = middle
    return _wrap(text, font, high)


def _caption_layout(caption: Caption, width: int, height: int):
    """Font size and lines: as large as the share allows, smaller only for long words."""
    base = max(SMALLEST_TEXT, round(min(width, height) * TEXT_SHARE))
    style = "italic" if caption.speaker else "regular"
    for scale in (1.0, 0.9, 0.8, 0.7):
        size = max(SMALLEST_TEXT, round(base * scale))
        lines = _balanced(caption.words, _font(style, size), int(width * 0.88))
        if len(lines) <= MAX_LINES:
            break
    return size, style, lines


def draw_caption(image: np.ndarray, caption: Caption) -> np.ndarray:
    """A copy of a BGR picture with the words in a band at its foot."""
    height, width = image.shape[:2]
    size, style, lines = _caption_layout(caption, width, height)
    pad = round(size * 0.6)
    rows = ([(caption.speaker, "regular", AMBER, round(size * 0.8))] if caption.speaker else [])
    rows += [(line, style, WHITE, size) for line in lines]
    band_h = pad * 2 + sum(round(s * 1.25) for *_, s in rows)
    top = max(0, height - band_h)
    out = image.copy()
    band = out[top:].astype(np.float32)
    out[top:] = (band * (1 - BAND_ALPHA)).astype(np.uint8)
    canvas = Image.fromarray(cv2.cvtColor(out[top:], cv2.COLOR_BGR2RGB))
    draw = ImageDraw.Draw(canvas)
    y = pad
    for text, font_style, colour, font_size in rows:
        font = _font(font_style, font_size)
        x = (width - font.getlength(text)) / 2
        draw.text((x, y), text, font=font, fill=colour)
        y += round(font_size * 1.25)
    out[top:] = cv2.cvtColor(np.asarray(canvas), cv2.COLOR_RGB2BGR)
    return out


def soft_background(image: np.ndarray | None, width: int, height: int) -> np.ndarray:
    """A picture blurred and darkened to lie behind a card's words (plain dark if none)."""
    if image is None:
        return np.full((height, width, 3), (32, 36, 43), np.uint8)
    small = cv2.resize(image, (max(8, width // 16), max(8, height // 16)),
                       interpolation=cv2.INTER_AREA)
    small = cv2.GaussianBlur(small, (0, 0), 2.0)
    soft = cv2.resize(small, (width, height), interpolation=cv2.INTER_CUBIC)
    return (soft.astype(np.float32) * 0.4).astype(np.uint8)


def draw_card(background: np.ndarray, lines: list[tuple[str, str]]) -> np.ndarray:
    """Words in the middle of a card: each line as (text, 'title' | 'line' | 'small')."""
    height, width = background.shape[:2]
    short = min(width, height)
    sizes = {"title": ("title", WHITE, 0.10), "line": ("regular", WHITE, 0.06),
             "small": ("light", SOFT, 0.045)}
    rows = []
    for text, kind in lines:
        style, colour, share = sizes[kind]
        size = max(SMALLEST_TEXT, round(short * share))
        for line in _wrap(text, _font(style, size), int(width * 0.85)):
            rows.append((line, _font(style, size), colour, round(size * 1.35)))
    total = sum(r[3] for r in rows)
    canvas = Image.fromarray(cv2.cvtColor(background, cv2.COLOR_BGR2RGB))
    draw = ImageDraw.Draw(canvas)
    y = (height - total) / 2
    for text, font, colour, step in rows:
        draw.text(((width - font.getlength(text)) / 2, y), text, font=font, fill=colour)
        y += step
    return cv2.cvtColor(np.asarray(canvas), cv2.COLOR_RGB2BGR)


def fade(image: np.ndarray, share: float) -> np.ndarray:
    """The picture faded towards black (share 0 black, 1 as it is)."""
    return (image.astype(np.float32) * max(0.0, min(1.0, share))).astype(np.uint8)


def fit_on_canvas(image: np.ndarray, width: int, height: int) -> np.ndarray:
    """A picture scaled to fit the film's size, centred on black when its shape differs."""
    h, w = image.shape[:2]
    if (w, h) == (width, height):
        return image
    scale = min(width / w, height / h)
    new_w, new_h = max(2, round(w * scale)), max(2, round(h * scale))
    resized = cv2.resize(image, (new_w, new_h),
                         interpolation=cv2.INTER_AREA if scale < 1 else cv2.INTER_CUBIC)
    canvas = np.zeros((height, width, 3), np.uint8)
    x, y = (width - new_w) // 2, (height - new_h) // 2
    canvas[y:y + new_h, x:x + new_w] = resized
    return canvas
