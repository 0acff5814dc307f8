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
from reportlab.pdfgen.canvas import Canvas

from app.printing.fonts import register_font
from app.printing.text import wrap

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN = 16 * mm
BOTTOM = 16 * mm  # room for the footer line
CELL_PAD = 2.6
SHADE = (0.93, 0.93, 0.93)
RULE = 0.6


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
            width = self._face.stringWidth(value, size)
            x -= width / 2 if align == "center" else width
        # What drawString writes, without its text object: reportlab formats every number of
        # every string in pure Python, the slowest part of a card after the QR code.
        doc = canvas._doc
        shows = " ".join(f"{self._face.getSubsetInternalName(subset, doc)} {size:g} Tf "
                         f"({canvas._escape(chunk)}) Tj"
                         for subset, chunk in self._face.splitString(value, doc))
        canvas.addLiteral(f"BT 1 0 0 1 {x:.2f} {y:.2f} Tm {shows} ET")

    def heading(self, title: str, keep_with: float = 40) -> None:
        """A section heading, moved to the next page with its first lines rather than left alone."""
        size = 11.5
        self.ensure(size + 8 + keep_with)
        self.y -= size + 4
        self.canvas.setFillGray(0.15)
        self.canvas.rect(self.left, self.y - 2, 3, size + 1, stroke=0, fill=1)
        self.canvas.setFillGray(0)
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
        leading = size * 1.3
        widths = _fit(columns, self.width)
        if header:
            self._row([c.title for c in columns], columns, widths, size, leading,
                      shade_all=True, shaded=shaded)
        for row in rows:
            cells = [wrap(str(v), w - 2 * CELL_PAD, size) for v, w in zip(row, widths,
                                                                           strict=True)]
            height = max(max(len(c) for c in cells) * leading + 2 * CELL_PAD, min_height)
            if self.ensure(height) and header:
                self._row([c.title for c in columns], columns, widths, size, leading,
                          shade_all=True, shaded=shaded)
            self._draw_row(cells, columns, widths, size, leading, height, False, shaded)
        self.y -= 6

    def _row(self, values: Sequence[str], columns: Sequence[Column], widths: Sequence[float],
             size: float, leading: float, *, shade_all: bool, shaded: frozenset[int]) -> None:
        cells = [wrap(v, w - 2 * CELL_PAD, size) for v, w in zip(values, widths, strict=True)]
        height = max(len(c) for c in cells) * leading + 2 * CELL_PAD
        self.ensure(height)
        self._draw_row(cells, columns, widths, size, leading, height, shade_all, shaded)

    def _draw_row(self, cells: Sequence[list[str]], columns: Sequence[Column],
                  widths: Sequence[float], size: float, leading: float, height: float,
                  shade_all: bool, shaded: frozenset[int]) -> None:
        top, x = self.y, self.left
        bottom = top - height
        # The cell boxes as one literal path: reportlab's own number formatting is the slowest
        # part of drawing a table in pure Python.
        fills: list[str] = []
        strokes: list[str] = []
        for index, width in enumerate(widths):
            box = f"{x:.2f} {bottom:.2f} {width:.2f} {height:.2f} re"
            if shade_all or index in shaded:
                fills.append(box)
            strokes.append(box)
            x += width
        shade = " ".join(f"{c:g}" for c in SHADE)
        self.canvas.addLiteral(
            f"q {shade} rg " + (" ".join(fills) + " f " if fills else "")
            + f"0 G {RULE:g} w " + " ".join(strokes) + " S Q")
        x = self.left
        for lines, width, column in zip(cells, widths, columns, strict=True):
            align = "center" if shade_all else column.align
            anchor = {"left": x + CELL_PAD, "center": x + width / 2,
                      "right": x + width - CELL_PAD}[align]
            # Single lines sit in the middle of the row; wrapped ones start at the top.
            block = len(lines) * leading
            line_y = top - (height - block) / 2 - leading + (leading - size) / 2 + size * 0.18
            for line in lines:
                self.text(anchor, line_y, line, size, align)
                line_y -= leading
            x += width
        self.y = top - height


def _fit(columns: Sequence[Column], total: float) -> list[float]:
    """Scale the declared widths to the printable width, so callers can give proportions."""
    declared = sum(c.width for c in columns)
    return [c.width * total / declared for c in columns]


def rule(flow: Flow, y: float, width: float = RULE) -> None:
    flow.canvas.setLineWidth(width)
    flow.canvas.line(flow.left, y, flow.right, y)
