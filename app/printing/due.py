"""走访计划: the households each grid worker should visit by the end of a month, overdue first,
with blank columns to note the visit by hand. Each worker's list starts on a new page."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

from app.printing.data import DueRow, WorkerDue
from app.printing.flow import Column
from app.printing.report import LANDSCAPE, Heading, Report

TITLE = "入户走访计划"
NO_WORKER = "未设网格员的村"
COLUMNS = (
    Column("序号", 0.45, "center"), Column("村", 0.85), Column("户编号", 1.6, "center"),
    Column("户主", 0.7), Column("联系电话", 1.15, "center"), Column("家庭住址", 1.55),
    Column("户类别", 0.65, "center"), Column("上次走访", 1.0, "center"),
    Column("应走访日期", 1.0, "center"), Column("逾期天数", 0.6, "center"),
    Column("实际走访日期", 1.0, "center"), Column("走访情况记录", 2.3), Column("户主签字", 0.8),
)


def write_due_list(path: Path, place: str, month: date, workers: Sequence[WorkerDue],
                   printed_on: date) -> None:
    households = sum(len(w.rows) for w in workers)
    report = Report(path, Heading(TITLE, place, printed_on,
                                  note=f"{month.year}年{month.month}月　应走访 {households} 户"),
                    LANDSCAPE)
    flow = report.flow
    if not workers:
        flow.paragraph("本月没有应走访的农户。", size=10.5)
    for index, group in enumerate(workers):
        name = group.worker.name if group.worker else NO_WORKER
        # Set before the new page, whose header repeats it.
        report.section = f"网格员：{name}" if group.worker else name
        if index:
            flow.new_page()
        phone = f"　联系电话：{group.worker.phone}" if group.worker and group.worker.phone else ""
        overdue = sum(r.days_overdue > 0 for r in group.rows)
        monitored = sum(r.monitored for r in group.rows)
        flow.heading(f"{report.section}{phone}", keep_with=60)
        flow.paragraph(f"应走访 {len(group.rows)} 户，其中已逾期 {overdue} 户、监测户 {monitored} 户，"
                       "逾期的请优先安排。走访后请填写实际走访日期和情况，并请户主签字。", size=9.5)
        flow.table(COLUMNS, [_cells(i, r) for i, r in enumerate(group.rows, start=1)], size=8.5,
                   min_height=24)
    report.close()


def _cells(number: int, row: DueRow) -> list[str]:
    return [str(number), row.village, row.household_number, row.head_name, row.phone, row.address,
            "监测户" if row.monitored else "一般户", _day(row.last_visit), _day(row.due),
            str(row.days_overdue) if row.days_overdue else "", "", "", ""]


def _day(value: date | None) -> str:
    return value.isoformat() if value else ""
