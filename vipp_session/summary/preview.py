"""The preview of a sheet is the PDF's own pages, drawn as pictures with pypdfium2 (the
PDF engine of Chromium, kept up to date by its authors), so what the clinician checks
on screen is exactly what prints: the same line breaks, dates and page breaks."""

from __future__ import annotations

import pypdfium2
from PIL import Image

PREVIEW_DPI = 110  # sharp enough to read on a laptop screen, small enough to send quickly


def pdf_pages(pdf: bytes, dpi: float = PREVIEW_DPI) -> list[Image.Image]:
    """Every page of a PDF as an RGB picture, at `dpi`."""
    document = pypdfium2.PdfDocument(pdf)
    try:
        pages = []
        for page in document:
            bitmap = page.render(scale=dpi / 72)
            pages.append(bitmap.to_pil().convert("RGB"))
            page.close()
        return pages
    finally:
        document.close()
