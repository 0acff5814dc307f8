"""帮扶责任人台账: every assistance relation of a village or township, landscape A4, with the
table header repeated on each page."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

from app.printing.data import LedgerRow
from app.printing.flow import Column, Flow
from app.printing.report import LANDSCAPE, Heading, Report

TITLE = "帮扶责任人台账"
COLUMNS = (
    Column("序号", 0.45, "center"), Column("县", 0.75), Column("乡镇", 0.75), Column("村", 0.8),
    Column("户编号", 1.7, "center"), Column("户主", 0.85), Column("户主身份证号", 1.95, "center"),
    Column("帮扶责任人", 0.85), Column("性别", 0.5, "center"), Column("政治面貌", 0.8, "center"),
    Column("工作单位", 1.5), Column("隶属关系", 0.6, "center"), Column("联系电话", 1.2, "center"),
    Column("帮扶开始日期", 1.05, "center"), Column("帮扶结束日期", 1.05, "center"),
    Column("走访次数", 0.5, "center"),
)


def write_ledger(path: Path, place: str, rows: Sequence[LedgerRow], printed_on: date) -> None:
    """``place`` names the village or township (with its county) the ledger covers. The ledger
    is kept by the station, not posted, so the head's ID number is printed in full."""
    report = Report(path, Heading(TITLE, place, printed_on,
                                  note=f"共 {len({r.household_number for r in rows})} 户　"
                                       f"{len(rows)} 条帮扶关系"), LANDSCAPE)
    flow = report.flow
    if rows:
        flow.table(COLUMNS, [_cells(i, r) for i, r in enumerate(rows, start=1)], size=8)
    else:
        flow.paragraph("本范围内暂无帮扶关系记录。", size=10.5)
    sign_off(flow)
    report.close()


def sign_off(flow: Flow) -> None:
    """The lines a kept ledger is signed and stamped on."""
    flow.ensure(40)
    flow.y -= 24
    half = flow.width / 2
    flow.text(flow.left, flow.y, "填表人：", 10)
    flow.text(flow.left + half / 2, flow.y, "审核人：", 10)
    flow.text(flow.left + half, flow.y, "填报单位（盖章）：", 10)


def _cells(number: int, row: LedgerRow) -> list[str]:
    return [str(number), row.county, row.township, row.village, row.household_number,
            row.head_name, row.head_id_number, row.person_name, row.person_sex,
            row.political_status, row.unit, row.unit_relation, row.phone, _day(row.start),
            _day(row.end), str(row.visits)]


def _day(value: date | None) -> str:
    return value.isoformat() if value else ""
