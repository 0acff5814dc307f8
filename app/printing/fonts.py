"""The fonts every printed document uses, registered with reportlab once per process.

WenQuanYi Micro Hei draws almost everything; it has no CJK Extension A or B–F, where many rare
characters of real names (生僻字: 𠮷, 𪚥 …) live. Those fall back to subsets of HanaMin (花园明朝,
GlyphWiki, Hanazono Font License), shipped xz-compressed and opened only when a document has such a
character (decompressing the B–F file takes about two seconds, once per process). A character no
font has (an emoji, Arabic script) is drawn as ``PLACEHOLDER``, never as a blank: ``missing`` tells
the caller which characters those are, so the print result can name the households affected.
reportlab embeds only the glyphs each PDF uses, from every font.
"""

from __future__ import annotations

import lzma
import unicodedata
from dataclasses import dataclass
from functools import cache
from io import BytesIO

from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFont

from app.resources import resource_path

FONT = "WenQuanYiMicroHei"
FONT_FILE = ("fonts", "wqy-microhei.ttc")
PLACEHOLDER = "□"


@dataclass(frozen=True)
class Fallback:
    name: str
    file: str  # in resources/fonts, xz-compressed TrueType
    first: int  # the code points it covers
    last: int


FALLBACKS = (
    Fallback("HanaMinExtA", "hanamin-ext-a.ttf.xz", 0x3400, 0x4DBF),
    Fallback("HanaMinExtBF", "hanamin-ext-b-f.ttf.xz", 0x20000, 0x2FFFF),
)


@cache
def register_font() -> str:
    """Register the main font (parsing it takes a quarter of a second, so only once) and return
    its name."""
    # Subfont 0 is the proportional face; 1 is the monospaced one.
    pdfmetrics.registerFont(TTFont(FONT, str(resource_path(*FONT_FILE)), subfontIndex=0))
    return FONT


@cache
def _fallback(fallback: Fallback) -> frozenset[int]:
    """Register a fallback font on first use; returns the code points it has."""
    data = lzma.decompress(resource_path("fonts", fallback.file).read_bytes())
    font = TTFont(fallback.name, BytesIO(data))
    pdfmetrics.registerFont(font)
    return frozenset(font.face.charToGlyph)


@cache
def _main_chars() -> frozenset[int]:
    return frozenset(pdfmetrics.getFont(register_font()).face.charToGlyph)


def _ignorable(char: str) -> bool:
    """Invisible format characters (joiners, variation selectors, direction marks): dropped."""
    code = ord(char)
    return (unicodedata.category(char) == "Cf" or 0xFE00 <= code <= 0xFE0F or 0xE0100 <= code <= 0xE01EF)


@cache
def font_of(char: str) -> str | None:
    """The font that draws ``char``, "" for an invisible one (dropped), None when no font has it."""
    code = ord(char)
    if _ignorable(char):
        return ""
    if code in _main_chars():
        return FONT
    for fallback in FALLBACKS:
        if fallback.first <= code <= fallback.last and code in _fallback(fallback):
            return fallback.name
    return None


def missing(text: str) -> str:
    """The characters of ``text`` no font has, each once, in order (drawn as PLACEHOLDER)."""
    return "".join(dict.fromkeys(c for c in text if font_of(c) is None))


def runs(text: str) -> list[tuple[str, str]]:
    """``text`` as (font, characters) runs, a missing character as PLACEHOLDER in the main font."""
    result: list[tuple[str, str]] = []
    for char in text:
        font = font_of(char)
        if font == "":
            continue
        if font is None:
            font, char = FONT, PLACEHOLDER
        if result and result[-1][0] == font:
            result[-1] = (font, result[-1][1] + char)
        else:
            result.append((font, char))
    return result


def char_width(char: str) -> float:
    """Width of ``char`` at size 1 in whichever font draws it (a missing one as PLACEHOLDER)."""
    font = font_of(char)
    if font == "":
        return 0.0
    return pdfmetrics.stringWidth(PLACEHOLDER if font is None else char, font or FONT, 1000) / 1000


def _to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    """reportlab's ToUnicode CMap, with characters beyond the BMP written as UTF-16 surrogate pairs
    (reportlab writes their code point in hex, so a PDF reader's copy or search of 𠮷 gets nothing)."""
    def utf16(code: int) -> str:
        return chr(code).encode("utf-16-be", "surrogatepass").hex().upper() if code > 0xFFFF else f"{code:04X}"

    return "\n".join([
        "/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap", "/CIDSystemInfo",
        f"<< /Registry ({fontname})", f"/Ordering ({fontname})", "/Supplement 0", ">> def",
        f"/CMapName /{fontname} def", "/CMapType 2 def", "1 begincodespacerange",
        f"<00> <{len(subset) - 1:02X}>", "endcodespacerange", f"{len(subset)} beginbfchar",
        *(f"<{i:02X}> <{utf16(code)}>" for i, code in enumerate(subset)),
        "endbfchar", "endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"])


ttfonts.makeToUnicodeCMap = _to_unicode_cmap
