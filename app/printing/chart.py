"""Charts drawn with reportlab's own graphics (no new dependency), in the printing font."""

from __future__ import annotations

import math
from collections.abc import Sequence

from reportlab.graphics import renderPDF
from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors

from app.printing.flow import Flow
from app.printing.fonts import register_font

# Print well in colour and stay apart in greyscale.
PALETTE = (colors.HexColor("#1f4e79"), colors.HexColor("#c0504d"), colors.HexColor("#9bbb59"),
           colors.HexColor("#f2a93b"))


def bar_chart(flow: Flow, title: str, categories: Sequence[str],
              series: Sequence[tuple[str, Sequence[int]]], height: float = 210) -> None:
    """A grouped vertical bar chart the width of the page, with its title and a legend, placed
    at the flow's position (on a new page if it does not fit)."""
    font = register_font()
    width = flow.width
    flow.ensure(height + 8)
    drawing = Drawing(width, height)
    # The renderer starts every drawing by selecting its initial font, Helvetica by default,
    # which would be listed on the page without being embedded.
    drawing.initialFontName = font
    drawing.add(String(width / 2, height - 12, title, fontName=font, fontSize=10.5,
                       textAnchor="middle"))
    chart = VerticalBarChart()
    rotated = len(categories) > 10
    bottom = 46 if rotated else 22  # room for the category names under the axis
    chart.x, chart.y = 36, bottom
    chart.width, chart.height = width - 50, height - bottom - 44
    chart.data = [list(values) for _, values in series]
    chart.categoryAxis.categoryNames = [_short(c) for c in categories]
    chart.categoryAxis.labels.fontName = font
    chart.categoryAxis.labels.fontSize = 7.5
    chart.categoryAxis.labels.boxAnchor = "ne" if rotated else "n"
    chart.categoryAxis.labels.angle = 30 if rotated else 0
    chart.categoryAxis.labels.dy = -3
    chart.valueAxis.labels.fontName = font
    chart.valueAxis.labels.fontSize = 7.5
    chart.valueAxis.valueMin = 0
    top = max((max(values, default=0) for _, values in series), default=0)
    step = _nice_step(top)
    # Headroom above the tallest bar for its value label.
    chart.valueAxis.valueMax = step * max(math.ceil(top * 1.08 / step), 2)
    chart.valueAxis.valueStep = step
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.gridStrokeColor = colors.Color(0.85, 0.85, 0.85)
    chart.groupSpacing = 6
    chart.barSpacing = 1
    chart.barLabels.fontName = font
    chart.barLabels.fontSize = 6.5
    chart.barLabelFormat = lambda v: str(int(v)) if v else ""
    chart.barLabels.nudge = 5
    for index in range(len(series)):
        chart.bars[index].fillColor = PALETTE[index % len(PALETTE)]
        chart.bars[index].strokeColor = None
    drawing.add(chart)
    legend = Legend()
    legend.x, legend.y = width / 2 - 82 * len(series) / 2, height - 26
    legend.alignment = "right"
    legend.columnMaximum = 1
    legend.fontName, legend.fontSize = font, 8
    legend.dx = legend.dy = 7
    legend.deltax = 82
    legend.colorNamePairs = [(PALETTE[i % len(PALETTE)], name) for i, (name, _) in enumerate(series)]
    drawing.add(legend)
    flow.y -= height
    renderPDF.draw(drawing, flow.canvas, flow.left, flow.y)
    flow.reset_font()
    flow.y -= 8


def _nice_step(top: float, ticks: int = 6) -> int:
    """A grid step of 1, 2 or 5 times a power of ten giving about ``ticks`` lines up to ``top``."""
    raw = max(top / ticks, 1)
    magnitude = 10 ** math.floor(math.log10(raw))
    return next(int(m * magnitude) for m in (1, 2, 5, 10) if m * magnitude >= raw)


def _short(name: str) -> str:
    return name if len(name) <= 6 else name[:5] + "…"
