"""A new PDF canvas with the settings every printed document shares."""

from __future__ import annotations

from pathlib import Path

from reportlab import rl_config
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from app.printing.fonts import register_font

CREATOR = "防贫网格通"

# ASCII85 on top of zlib only makes streams 25% larger and, in pure Python, costs as much as
# drawing the page; binary streams are what every PDF reader expects anyway.
rl_config.useA85 = 0


def new_canvas(path: Path, title: str, page_size: tuple[float, float] = A4) -> Canvas:
    font = register_font()
    # Uncompressed pages would be ten times larger; compression costs little per page.
    # The initial font would otherwise be Helvetica, listed on every page but never embedded.
    canvas = Canvas(str(path), pagesize=page_size, pageCompression=1, invariant=0,
                    initialFontName=font, initialFontSize=10)
    canvas.setTitle(title)
    canvas.setCreator(CREATOR)
    canvas.setAuthor(CREATOR)
    return canvas
