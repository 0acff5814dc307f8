"""A top-to-bottom writer on a reportlab canvas: section headings, wrapped paragraphs and ruled
tables that continue on a new page (with the caller's continuation header) instead of overflowing.
Portrait A4 by default; landscape for wide ledgers (``page_size=landscape(A4)``).

Plain canvas calls, no platypus: a card is drawn in well under a few milliseconds.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from app.printing.fonts import register_font, runs
from app.printing.text import text_width, wrap, wrapped

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN = 16 * mm
BOTTOM = 16 * mm  # room for the footer line
CELL_PAD = 2.6
SHADE = (0.93, 0.93, 0.93)
RULE = 0.6
TEXT_CACHE_LIMIT = 50_000  # strings remembered per document before starting over


@dataclass(frozen=True)
class Column:
    title: str
    width: float
    align: str = "left"  # "left", "center" or "right"


# Draws whatever starts a page (a title on the first, a "续" line on the others) and returns the
# y where content may begin.
PageStart = Callable[["Flow"], float]
PageEnd = Callable[["Flow"], None]


class Flow:
    def __init__(self, canvas: Canvas, start: PageStart, end: PageEnd,
                 page_size: tuple[float, float] = A4) -> None:
        self.canvas = canvas
        self.font = register_font()
        self._face = pdfmetrics.getFont(self.font)
        self.page_width, self.page_height = page_size
        self.left = MARGIN
        self.right = self.page_width - MARGIN
        self.width = self.right - self.left
        self.start, self.end = start, end
        # Per canvas, not per Flow: every card of a batch shares them.
        caches = canvas.__dict__.setdefault("_fangpin_text", ({}, {}))
        self._shows: dict[tuple[str, float], str] = caches[0]
        self._widths: dict[tuple[str, float], float] = caches[1]
        self.page = 1
        self._size: float | None = None
        self.y = start(self)

    # --- pages ------------------------------------------------------------------------------

    def ensure(self, height: float) -> bool:
        """Start a new page unless ``height`` still fits; True if a page was started."""
        if self.y - height >= BOTTOM:
            return False
        self.new_page()
        return True

    def new_page(self) -> None:
        self.end(self)
        self.canvas.showPage()
        self.page += 1
        self._size = None  # a new page starts with the canvas's initial font again
        self.y = self.start(self)

    def reset_font(self) -> None:
        """After drawing with other canvas calls (a chart), set the font again on the next text."""
        self._size = None

    def finish(self) -> None:
        self.end(self)
        self.canvas.showPage()

    # --- content ----------------------------------------------------------------------------

    def text(self, x: float, y: float, value: str, size: float, align: str = "left") -> None:
        canvas = self.canvas
        if size != self._size:
            # setFont writes to the page each time; most lines repeat the size before them.
            canvas.setFont(self.font, size)
            self._size = size
        if align != "left":
            widths = self._widths
            width = widths.get((value, size))
            if width is None:
                width = widths[value, size] = text_width(value, size)
            x -= width / 2 if align == "center" else width
        shows = self._shows.get((value, size))
        if shows is None:
            shows = self._show(value, size)
        canvas.addLiteral(f"BT 1 0 0 1 {x:.2f} {y:.2f} Tm {shows} ET")

    def _show(self, value: str, size: float) -> str:
        """What drawString writes for ``value``, without its text object: reportlab formats every
        number of every string in pure Python, the slowest part of a card after the QR code.
        Kept per document (the font subsets are the document's), since labels, headings, dates
        and a village's contacts repeat on every card."""
        doc = self.canvas._doc
        shows = " ".join(f"{face.getSubsetInternalName(subset, doc)} {size:g} Tf "
                         f"({self.canvas._escape(chunk)}) Tj"
                         for face, text in self._runs(value)
                         for subset, chunk in face.splitString(text, doc))
        if len(self._shows) >= TEXT_CACHE_LIMIT:
            self._shows.clear()
        self._shows[value, size] = shows
        return shows

    def _runs(self, value: str) -> list[tuple[TTFont, str]]:
        """Rare characters in a fallback font, what no font has as a placeholder (app/printing/fonts)."""
        if value.isascii():
            return [(self._face, value)]
        return [(self._face if font == self.font else pdfmetrics.getFont(font), text)
                for font, text in runs(value)]

    def heading(self, title: str, keep_with: float = 40) -> None:
        """A section heading, moved to the next page with its first lines rather than left alone."""
        size = 11.5
        self.ensure(size + 8 + keep_with)
        self.y -= size + 4
        self.canvas.addLiteral(f"q 0.15 g {self.left:.2f} {self.y - 2:.2f} 3 {size + 1:g} re f Q")
        self.text(self.left + 7, self.y, title, size)
        self.y -= 6

    def paragraph_height(self, value: str, size: float = 9.5, indent: float = 0) -> float:
        return len(wrap(value, self.width - indent, size)) * size * 1.45 + 2

    def keep_together(self, height: float) -> None:
        """Move a short closing block to the next page whole rather than split it; a block
        taller than a page is left to split."""
        if height < self.page_height - 2 * MARGIN - BOTTOM - 60:
            self.ensure(height)

    def paragraph(self, value: str, size: float = 9.5, indent: float = 0) -> None:
        leading = size * 1.45
        for line in wrap(value, self.width - indent, size):
            self.ensure(leading)
            self.y -= leading
            self.text(self.left + indent, self.y + size * 0.3, line, size)
        self.y -= 2

    def table(self, columns: Sequence[Column], rows: Sequence[Sequence[str]], *,
              size: float = 9, header: bool = True, shaded: frozenset[int] = frozenset(),
              min_height: float = 0) -> None:
        """A ruled table; the header row repeats on each page the table continues onto.
        ``shaded`` columns (labels of a key–value grid) get a grey background; ``min_height``
        leaves room in each row for handwriting."""
        grid = _Grid(columns, _fit(columns, self.width), self.left, shaded)
        leading = size * 1.3
        titles = [c.title for c in columns]
        if header:
            self._row(titles, grid, size, leading, True)
        limits = [w - 2 * CELL_PAD for w in grid.widths]
        for row in rows:
            cells = [wrapped(str(v), limit, size) for v, limit in zip(row, limits, strict=True)]
            height = max(max(len(c) for c in cells) * leading + 2 * CELL_PAD, min_height)
            if self.ensure(height) and header:
                self._row(titles, grid, size, leading, True)
            self._draw_row(cells, grid, size, leading, height, False)
        self.y -= 6

    def _row(self, values: Sequence[str], grid: _Grid, size: float, leading: float,
             is_header: bool) -> None:
        cells = [wrapped(v, w - 2 * CELL_PAD, size) for v, w in zip(values, grid.widths, strict=True)]
        height = max(len(c) for c in cells) * leading + 2 * CELL_PAD
        self.ensure(height)
        self._draw_row(cells, grid, size, leading, height, is_header)

    def _draw_row(self, cells: Sequence[Sequence[str]], grid: _Grid, size: float, leading: float,
                  height: float, is_header: bool) -> None:
        top = self.y
        # The cell boxes as one literal path, from the column edges formatted once per table:
        # reportlab's own number formatting is the slowest part of a table in pure Python.
        tail = f" {top - height:.2f} "
        end = f" {height:.2f} re"
        fills = grid.boxes if is_header else grid.shaded_boxes
        self.canvas.addLiteral(
            SHADE_OP + (" ".join(x + tail + w + end for x, w in fills) + " f " if fills else "")
            + STROKE_OP + " ".join(x + tail + w + end for x, w in grid.boxes) + " S Q")
        anchors = grid.header_anchors if is_header else grid.anchors
        first_line = top - height / 2 - leading + (leading - size) / 2 + size * 0.18
        for lines, (anchor, align) in zip(cells, anchors, strict=True):
            # Single lines sit in the middle of the row; wrapped ones start at the top.
            line_y = first_line + len(lines) * leading / 2
            for line in lines:
                self.text(anchor, line_y, line, size, align)
                line_y -= leading
        self.y = top - height


SHADE_OP = "q " + " ".join(f"{c:g}" for c in SHADE) + " rg "
STROKE_OP = f"0 G {RULE:g} w "


class _Grid:
    """A table's columns placed on the page: widths, the formatted edges of each cell box, and
    where each column's text is anchored (headers centred)."""

    def __init__(self, columns: Sequence[Column], widths: list[float], left: float,
                 shaded: frozenset[int]) -> None:
        self.widths = widths
        self.boxes: list[tuple[str, str]] = []
        self.anchors: list[tuple[float, str]] = []
        self.header_anchors: list[tuple[float, str]] = []
        x = left
        for column, width in zip(columns, widths, strict=True):
            self.boxes.append((f"{x:.2f}", f"{width:.2f}"))
            place = {"left": x + CELL_PAD, "center": x + width / 2, "right": x + width - CELL_PAD}
            self.anchors.append((place[column.align], column.align))
            self.header_anchors.append((place["center"], "center"))
            x += width
        self.shaded_boxes = [box for index, box in enumerate(self.boxes) if index in shaded]


def _fit(columns: Sequence[Column], total: float) -> list[float]:
    """Scale the declared widths to the printable width, so callers can give proportions."""
    declared = sum(c.width for c in columns)
    return [c.width * total / declared for c in columns]


def rule(flow: Flow, y: float, width: float = RULE) -> None:
    flow.canvas.addLiteral(f"q {width:g} w {flow.left:.2f} {y:.2f} m {flow.right:.2f} {y:.2f} l S Q")
