"""The one CJK font every printed document uses, registered with reportlab once per process."""

from __future__ import annotations

from functools import cache

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from app.resources import resource_path

FONT = "WenQuanYiMicroHei"
FONT_FILE = ("fonts", "wqy-microhei.ttc")


@cache
def register_font() -> str:
    """Register the font (parsing it takes a quarter of a second, so only once) and return its
    name. reportlab embeds a subset of the glyphs each PDF uses."""
    # Subfont 0 is the proportional face; 1 is the monospaced one.
    pdfmetrics.registerFont(TTFont(FONT, str(resource_path(*FONT_FILE)), subfontIndex=0))
    return FONT
