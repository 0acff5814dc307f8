"""Demo data and PDF inspection shared by the printing tests."""

from __future__ import annotations

import re
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PIL import Image
from pypdf import PdfReader

from app.services.context import ServiceContext
from app.services.demo import DemoService

FULL_ID = re.compile(r"(?<![0-9*])\d{17}[\dXx](?![0-9*])")


@pytest.fixture
def demo(ctx: ServiceContext) -> ServiceContext:
    DemoService(ctx).generate(households=40, seed=7)
    return ctx


def pdf_text(path: Path) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(path).pages]


def font_files(path: Path) -> list[tuple[str, bool]]:
    """(font name, has an embedded TrueType program) for every font any page uses, descending
    into Type0 fonts' descendants, where the program of a CID font lives."""
    found: list[tuple[str, bool]] = []
    for page in PdfReader(path).pages:
        fonts = page["/Resources"].get_object().get("/Font", {})
        for ref in fonts.values():
            font = ref.get_object()
            parts = [d.get_object() for d in font.get("/DescendantFonts", [])] or [font]
            for part in parts:
                descriptor = part.get("/FontDescriptor")
                embedded = descriptor is not None and "/FontFile2" in descriptor.get_object()
                found.append((str(font.get("/BaseFont")), embedded))
    return found


def render(path: Path, page: int = 0, dpi: int = 200) -> Image.Image:
    document = pdfium.PdfDocument(path)
    try:
        return document[page].render(scale=dpi / 72).to_pil()
    finally:
        document.close()


def text_baselines(path: Path) -> list[list[float]]:
    """The y of every piece of text on each page, as the content stream places it."""
    pages: list[list[float]] = []
    for page in PdfReader(path).pages:
        ys: list[float] = []

        def visit(text: str, cm: list[float], tm: list[float], *_: object,
                  into: list[float] = ys) -> None:
            if text.strip():
                into.append(tm[5] * cm[3] + cm[5])

        page.extract_text(visitor_text=visit)
        pages.append(ys)
    return pages
