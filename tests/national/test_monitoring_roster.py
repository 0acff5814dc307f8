"""The 监测对象花名册 lists monitoring objects only, with what the national record holds of each
(issue 22); every household stays available in the 农户花名册."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import openpyxl

from app.services.context import ServiceContext
from app.services.excel import LedgerExporter
from app.services.national.importing import NationalImportService
from tests.conftest import VILLAGE, People
from tests.national.test_national_export import monitored
from tests.national.test_national_import import national_sheet
from tests.services.helpers import poor_household


def _rows(path: Path) -> list[dict[str, Any]]:
    sheet = openpyxl.load_workbook(path).active
    rows = list(sheet.iter_rows(values_only=True))
    header = list(rows[3])  # title, subtitle, group heading, column titles
    return [dict(zip(header, row, strict=True)) for row in rows[4:]]


def test_roster_lists_monitoring_objects_with_their_record(ctx: ServiceContext, people: People,
                                                           tmp_path: Path) -> None:
    monitored(ctx, people, "张建国")
    poor_household(ctx, people, name="王二", household_type="一般农户")  # not a monitoring object
    out = tmp_path / "花名册.xlsx"
    assert LedgerExporter(ctx).export("监测对象花名册", out) == 2  # one row per member

    rows = _rows(out)
    assert {r["户主姓名"] for r in rows} == {"张建国"}
    head = next(r for r in rows if r["与户主关系"] == "户主")
    assert head["识别时间"] == "2026-09-13" and head["风险类型"] == "因病、因学"
    assert head["监测对象类别"] and head["风险状态"] == "风险未消除"
    assert head["人均纯收入(元)"] == 3000
    assert (head["风险消除时间"], head["风险消除方式"]) in ((None, None), ("", ""))
    assert head["帮扶措施"] == "护林员、雨露计划"
    assert head["户类型"] == "脱贫户" and len(head["户主身份证号"]) == 18

    everyone = tmp_path / "农户.xlsx"
    assert LedgerExporter(ctx).export("农户花名册", everyone) == 4
    assert {r["户主姓名"] for r in _rows(everyone)} == {"张建国", "王二"}


def test_eliminated_objects_keep_their_elimination(ctx: ServiceContext, people: People, tmp_path: Path) -> None:
    """A household whose risk was eliminated stays a monitoring object, with how and when."""
    head, wife = people.id_number(date(1968, 2, 2)), people.id_number(date(1970, 3, 3), male=False)
    NationalImportService(ctx).run(national_sheet(tmp_path / "national.xlsx", [
        [VILLAGE, "1311221002010001", "赵大山", "脱贫户", "P001", "赵大山", head, "户主", "脱贫不稳定户",
         "因病；因残", "2025-03-10", "是", "自然消除", "2026-06-30", "", "大病保险（2025-04-01起，3000元）"],
        [VILLAGE, "1311221002010001", "赵大山", "脱贫户", "P002", "钱小花", wife, "配偶"]]))
    out = tmp_path / "花名册.xlsx"
    LedgerExporter(ctx).export("roster", out)
    rows = _rows(out)
    assert [r["姓名"] for r in rows] == ["赵大山", "钱小花"]
    first = rows[0]
    assert (first["风险状态"], first["风险消除时间"], first["风险消除方式"]) == ("风险已消除", "2026-06-30", "自然消除")
    assert (first["识别时间"], first["风险类型"], first["帮扶措施"]) == ("2025-03-10", "因病、因残", "大病保险")
