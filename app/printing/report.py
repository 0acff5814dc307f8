"""The frame the tabular documents share (台账, 走访计划, 月度分析): a title and the place on the
first page, a "（续）" line with the current section on the others, and a footer with the printed
date and "第 n 页 共 N 页" on every page.

The total is drawn once at the end into a form every page refers to, so pages are still written
one at a time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm

from app.printing.document import new_canvas
from app.printing.flow import MARGIN, Flow, rule

PORTRAIT = A4
LANDSCAPE = landscape(A4)
TOTAL_FORM = "page_total"
FOOTER_SIZE = 8


@dataclass(frozen=True)
class Heading:
    title: str
    place: str  # the county, township or village the document covers
    printed_on: date
    note: str = ""  # right of the place line: a month, a period


class Report:
    """A Flow with the shared frame; ``section`` (a grid worker's name, a village) is repeated
    at the top of each continuation page."""

    def __init__(self, path: Path, heading: Heading, page_size: tuple[float, float] = PORTRAIT
                 ) -> None:
        self.heading = heading
        self.section = ""
        self.canvas = new_canvas(path, heading.title, page_size)
        self.flow = Flow(self.canvas, self._page_start, self._page_end, page_size)

    def close(self) -> None:
        flow = self.flow
        flow.finish()
        pages = flow.page
        canvas = self.canvas
        canvas.beginForm(TOTAL_FORM)
        canvas.setFont(flow.font, FOOTER_SIZE)
        canvas.drawString(0, 0, f"共 {pages} 页")
        canvas.endForm()
        canvas.save()

    def _page_start(self, flow: Flow) -> float:
        heading = self.heading
        top = flow.page_height - MARGIN
        if flow.page == 1:
            flow.text(flow.page_width / 2, top - 22, heading.title, 18, "center")
            y = top - 44
            flow.text(flow.left, y, heading.place, 10)
            if heading.note:
                flow.text(flow.right, y, heading.note, 10, "right")
            rule(flow, y - 6, 1.2)
            rule(flow, y - 8.5, 0.4)
            return y - 12
        flow.text(flow.left, top - 12, f"{heading.title}（续）", 12)
        right = "　".join(part for part in (heading.place, self.section) if part)
        flow.text(flow.right, top - 12, right, 9, "right")
        rule(flow, top - 19, 0.8)
        return top - 22

    def _page_end(self, flow: Flow) -> None:
        y = MARGIN - 6 * mm
        rule(flow, y + 10, 0.4)
        flow.text(flow.left, y, f"打印日期：{self.heading.printed_on.isoformat()}", FOOTER_SIZE)
        flow.text(flow.page_width / 2, y, "防贫网格通", FOOTER_SIZE, "center")
        # "第 n 页" then the shared total, drawn once when the document closes.
        label = f"第 {flow.page} 页　"
        total_width = flow.canvas.stringWidth("共 0000 页", flow.font, FOOTER_SIZE)
        x = flow.right - total_width
        flow.text(x, y, label, FOOTER_SIZE, "right")
        canvas = flow.canvas
        canvas.saveState()
        canvas.translate(x, y)
        canvas.doForm(TOTAL_FORM)
        canvas.restoreState()
