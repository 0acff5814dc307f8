"""监测对象公示: the list a village posts before identification or risk elimination is decided.

Built from plain values (``posting_data``) and drawn without database access; never shows an
ID number at all.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from reportlab.lib.units import mm

from app.domain.procedure import Procedure
from app.printing.data import Contacts, PostingCase, Village
from app.printing.document import new_canvas
from app.printing.flow import MARGIN, PAGE_HEIGHT, PAGE_WIDTH, Column, Flow, rule

MIN_DAYS = 5
SUPERVISION_PHONE = "12317"
COLUMNS = (Column("序号", 0.55, "center"), Column("乡镇/村", 1.85), Column("户主", 0.95),
           Column("家庭人口", 0.95, "center"), Column("公示事项", 1.0, "center"),
           Column("监测类别/消除方式", 1.75), Column("主要风险", 2.1))


@dataclass(frozen=True)
class PostingRow:
    place: str
    head_name: str
    member_count: int
    matter: str
    category: str
    risks: str


@dataclass(frozen=True)
class PostingData:
    township: str
    village: str
    rows: list[PostingRow]
    start: date
    end: date
    station_phone: str
    printed_on: date

    @property
    def title(self) -> str:
        return f"{self.township}{self.village}防止返贫监测对象公示"

    @property
    def committee(self) -> str:
        return f"{self.village}村民委员会"

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


def posting_data(place: Village, cases: list[PostingCase], contacts: Contacts, *,
                 start: date, days: int, printed_on: date) -> PostingData:
    """The period already recorded on the cases if they all share one (a list reprinted during
    its posting); otherwise ``days`` (at least five) from ``start``."""
    recorded = {(c.posting_start, c.posting_end) for c in cases
                if c.posting_start is not None and c.posting_end is not None}
    if len(recorded) == 1 and len(cases) == sum(c.posting_start is not None for c in cases):
        first, last = next(iter(recorded))  # type: ignore[assignment]
    else:
        first, last = start, start + timedelta(days=max(days, MIN_DAYS) - 1)
    if (last - first).days + 1 < MIN_DAYS:
        last = first + timedelta(days=MIN_DAYS - 1)
    rows = [PostingRow(
        place=f"{place.township_name}{place.name}", head_name=c.head_name,
        member_count=c.member_count, matter=c.procedure.label,
        category=(c.category if c.procedure is Procedure.IDENTIFICATION
                  else c.elimination_method or c.category),
        risks="、".join(c.risk_types)) for c in cases]
    station = contacts.station
    return PostingData(township=place.township_name, village=place.name, rows=rows,
                       start=first, end=last, station_phone=station.phone if station else "",
                       printed_on=printed_on)


def write_posting(path: Path, data: PostingData) -> None:
    canvas = new_canvas(path, data.title)
    flow = Flow(canvas, lambda f: _page_start(f, data), lambda f: _page_end(f, data))
    flow.paragraph(
        "　　根据防止返贫动态监测和帮扶工作有关规定，下列农户经农户申请或排查发现、入户核实、"
        "村级民主评议，拟识别纳入防止返贫监测对象或拟标注风险消除，现予以公示。", size=10.5)
    flow.y -= 4
    if data.rows:
        flow.table(COLUMNS, [[str(i), r.place, r.head_name, str(r.member_count), r.matter,
                              r.category, r.risks] for i, r in enumerate(data.rows, start=1)],
                   size=9.5)
    else:
        flow.paragraph("本期无公示对象。", size=10.5)
    flow.paragraph(f"公示期：{_day(data.start)}至{_day(data.end)}（共 {data.days} 天）。",
                   size=10.5)
    station = data.station_phone or "＿＿＿＿＿＿＿＿"
    flow.paragraph("公示期间，对公示对象有异议的，可向村民委员会或乡镇防贫工作站反映，"
                   f"也可拨打监督电话：乡镇防贫工作站 {station}；"
                   f"全国防止返贫监测帮扶热线 {SUPERVISION_PHONE}。", size=10.5)
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
