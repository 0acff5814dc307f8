"""监测对象公示: the list a village posts before identification or risk elimination is decided.

Built from plain values (``posting_data``) and drawn without database access. What it shows is
app/domain/posting.py's definition of a posted document: place, group, head, procedure, category,
each household's own posting period, and where to object; the county's extra columns only from
that whitelist. Never an ID number, phone, bank account or health condition.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from reportlab.lib.units import mm

from app.domain.posting import (
    PostedCase,
    PostingColumn,
    case_period,
    common_period,
    objection_text,
    period_text,
    posting_cells,
    posting_columns,
)
from app.printing.data import Contacts, PostingCase, Village
from app.printing.document import new_canvas
from app.printing.flow import MARGIN, PAGE_HEIGHT, PAGE_WIDTH, Column, Flow, rule

# How each column of the domain's definition is laid out (proportions of the printable width).
LAYOUT = {"number": (0.5, "center"), "place": (1.5, "left"), "group": (0.8, "left"), "head": (0.9, "left"),
          "matter": (0.9, "center"), "category": (1.5, "left"), "period": (2.5, "left"),
          "member_count": (0.7, "center"), "risks": (1.3, "left")}


@dataclass(frozen=True)
class PostingData:
    township: str
    village: str
    columns: tuple[PostingColumn, ...]
    cases: list[PostedCase]
    station_phone: str
    printed_on: date

    @property
    def title(self) -> str:
        return f"{self.township}{self.village}防止返贫监测对象公示"

    @property
    def committee(self) -> str:
        return f"{self.village}村民委员会"

    @property
    def rows(self) -> list[list[str | int]]:
        return [posting_cells(case, number, self.columns) for number, case in enumerate(self.cases, start=1)]


def posting_data(place: Village, cases: list[PostingCase], contacts: Contacts, *,
                 start: date, days: int, printed_on: date, extra_columns: object = ()) -> PostingData:
    """Each case with the posting period recorded on it; a case in posting without one (recorded
    before periods were kept) gets ``days`` (at least five) from ``start``. ``extra_columns`` is
    the county's policy value (app.domain.posting.posting_columns filters it)."""
    posted = []
    for c in cases:
        first, last = case_period(c.posting_start, c.posting_end, default_start=start, days=days)
        posted.append(PostedCase(
            township=place.township_name, village=place.name, group=c.group_name, head_name=c.head_name,
            procedure=c.procedure, category=c.category, elimination_method=c.elimination_method,
            member_count=c.member_count, risk_types=c.risk_types, start=first, end=last))
    station = contacts.station
    return PostingData(township=place.township_name, village=place.name,
                       columns=posting_columns(extra_columns), cases=posted,
                       station_phone=station.phone if station else "", printed_on=printed_on)


def write_posting(path: Path, data: PostingData) -> None:
    canvas = new_canvas(path, data.title)
    flow = Flow(canvas, lambda f: _page_start(f, data), lambda f: _page_end(f, data))
    flow.paragraph(
        "　　根据防止返贫动态监测和帮扶工作有关规定，下列农户经农户申请或排查发现、入户核实、"
        "村级民主评议，拟识别纳入防止返贫监测对象或拟标注风险消除，现予以公示。", size=10.5)
    flow.y -= 4
    if data.cases:
        columns = [Column(c.title, *LAYOUT[c.key]) for c in data.columns]
        flow.table(columns, [[str(v) for v in row] for row in data.rows], size=9.5)
        shared = common_period(data.cases)
        if shared:
            days = (shared[1] - shared[0]).days + 1
            flow.paragraph(f"公示期：{period_text(*shared)}（共 {days} 天）。", size=10.5)
        else:
            flow.paragraph("公示期：各户的公示期见表中“公示期”一栏。", size=10.5)
    else:
        flow.paragraph("本期无公示对象。", size=10.5)
    flow.paragraph(objection_text(data.station_phone), size=10.5)
    _stamp(flow, data)
    flow.finish()
    canvas.save()


def _stamp(flow: Flow, data: PostingData) -> None:
    # Room for the red stamp over the committee's name.
    flow.ensure(80)
    flow.y -= 40
    x = flow.right - 40
    flow.text(x, flow.y, f"{data.committee}（盖章）", 11.5, "right")
    flow.y -= 20
    flow.text(x, flow.y, _day(data.printed_on), 11.5, "right")


def _page_start(flow: Flow, data: PostingData) -> float:
    top = PAGE_HEIGHT - MARGIN
    if flow.page == 1:
        flow.text(PAGE_WIDTH / 2, top - 24, data.title, 19, "center")
        return top - 40
    flow.text(flow.left, top - 14, f"{data.title}（续）", 12)
    rule(flow, top - 21, 1.0)
    return top - 24


def _page_end(flow: Flow, data: PostingData) -> None:
    y = MARGIN - 6 * mm
    flow.text(PAGE_WIDTH / 2, y, f"第 {flow.page} 页", 8, "center")


def _day(value: date) -> str:
    return f"{value.year}年{value.month}月{value.day}日"
