"""Hand it back (issue 22): the national 信息采集表 export, the clerk's confirmation, only pending next time."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import select

from app.cli import main
from app.domain.categories import national_measure_field
from app.domain.procedure import Stage
from app.national.templates import load_national_template
from app.services.cases import CaseService
from app.services.context import ServiceContext
from app.services.measures import MeasureService
from app.services.national.export import NationalExportService
from app.store.models import Measure
from tests.conftest import PASSWORD, TODAY, People
from tests.services.helpers import cross_check, poor_household
from tests.services.test_cases import IDENTIFICATION_STEPS, _make_eliminable


def monitored(ctx: ServiceContext, people: People, name: str = "张建国", on: date = date(2026, 9, 1)):
    household = poor_household(ctx, people, name=name)
    cases = CaseService(ctx)
    case = cases.propose(household.id, risk_types=["因病", "因学"], channel="基层干部排查", on=on)
    for offset, step in enumerate(IDENTIFICATION_STEPS, start=1):
        cases.take_step(case.id, step, on=on + timedelta(days=offset))
    cases.take_step(case.id, Stage.TOWNSHIP_REVIEWED, on=on + timedelta(days=10))
    cross_check(ctx, case.id, on + timedelta(days=11))
    case = cases.take_step(case.id, Stage.APPROVED, on=on + timedelta(days=12))
    measures = MeasureService(ctx)
    measures.add(household.id, {"kind": "就业帮扶", "item": "护林员", "risk_type": "因病",
                                "start_date": "2026-10-01", "amount": "6000"})
    measures.add(household.id, {"kind": "教育帮扶", "item": "雨露计划", "risk_type": "因学",
                                "start_date": "2026-10-05", "amount": "3000"})
    return household, case


def _sheet(path: Path) -> tuple[list[str], list[dict[str, object]]]:
    sheet = openpyxl.load_workbook(path).active
    rows = list(sheet.iter_rows(values_only=True))
    header = list(rows[1])
    return header, [dict(zip(header, row, strict=False)) for row in rows[2:]]


def test_export_pending_mark_entered_nothing_pending(ctx: ServiceContext, people: People, tmp_path: Path) -> None:
    first, _case = monitored(ctx, people)
    service = NationalExportService(ctx)
    out = tmp_path / "待录入.xlsx"
    result = service.export(out, pending=True)
    assert (result.households, result.rows) == (1, 2)

    header, rows = _sheet(out)
    template = load_national_template()
    assert header == [c.title for c in template.columns]  # the template's field order
    head = rows[0]
    assert head["姓名"] == "张建国" and head["与户主关系"] == "户主"
    assert isinstance(head["证件号码"], str) and len(head["证件号码"]) == 18
    assert head["监测对象类别"] and head["风险类型"] == "因病；因学"
    assert head["识别时间"] == "2026-09-13" and head["风险是否消除"] == "否"
    # Measures under the national fields DOMAIN.md maps them to.
    assert national_measure_field("就业帮扶", "护林员") == "公益岗位帮扶"
    assert head["公益岗位帮扶"] == "护林员（2026-10-01起，6000元）"
    assert head["其他教育帮扶"] == "雨露计划（2026-10-05起，3000元）"
    assert head["就业帮扶"] is None or head["就业帮扶"] == ""
    assert head["收入年度"] == 2026 and head["人均纯收入"] == 3000
    assert set(head["本次变更内容"].split("、")) == {"新识别", "帮扶措施", "年度收入"}

    # The clerk typed it in and confirms with the file: nothing is pending any more.
    assert service.households_in_file(out) == [first.id]
    assert service.mark_entered(households=[first.id]).marked == 4  # identification, 2 measures, income
    again = service.export(tmp_path / "再次.xlsx", pending=True)
    assert again.households == 0
    assert _sheet(tmp_path / "再次.xlsx")[1] == []

    # A new measure makes that household pending again, with only that change named.
    MeasureService(ctx).add(first.id, {"kind": "产业帮扶", "item": "生产奖补", "risk_type": "因病",
                                       "start_date": "2026-11-20", "amount": "2000"})
    later = service.export(tmp_path / "新增.xlsx", pending=True)
    assert (later.households, later.items) == (1, 1)
    assert _sheet(tmp_path / "新增.xlsx")[1][0]["本次变更内容"] == "帮扶措施"
    # --since lists what happened since a date whatever was entered.
    assert service.export(tmp_path / "since.xlsx", since=date(2026, 11, 1)).items == 2  # measure, income (today)
    assert service.export(tmp_path / "all.xlsx", since=date(2026, 1, 1)).items == 5


def test_cli_export_and_mark_entered(ctx: ServiceContext, people: People, tmp_path: Path,
                                     monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monitored(ctx, people)
    ctx.db.close()
    monkeypatch.setenv("FANGPIN_PASSWORD", PASSWORD)
    db, out = str(tmp_path / "county.db"), tmp_path / "待录入.xlsx"
    assert main(["national", "export", "--db", db, "--pending", "--out", str(out)]) == 0
    assert "已导出 1 户、2 行" in capsys.readouterr().out
    assert main(["national", "mark-entered", "--db", db, "--file", str(out), "--date", TODAY.isoformat()]) == 0
    assert "已确认 4 项" in capsys.readouterr().out
    assert main(["national", "export", "--db", db, "--pending", "--out", str(out)]) == 0
    assert "没有需要录入全国系统的内容" in capsys.readouterr().out
    assert main(["national", "mark-entered", "--db", db, "--all"]) == 0
    assert "没有待录入的内容" in capsys.readouterr().out


def test_confirming_a_file_marks_only_what_it_listed(ctx: ServiceContext, people: People, tmp_path: Path) -> None:
    """A measure added or changed after the export stays pending when the clerk confirms the file."""
    household, _case = monitored(ctx, people)
    service = NationalExportService(ctx)
    out = tmp_path / "周一.xlsx"
    service.export(out, pending=True)
    assert openpyxl.load_workbook(out).sheetnames == ["信息采集表", "导出清单"]
    measures = MeasureService(ctx)
    measures.add(household.id, {"kind": "产业帮扶", "item": "生产奖补", "risk_type": "因病",
                                "start_date": "2026-11-20", "amount": "2000"})  # after the export
    with ctx.db.read() as session:
        guard = session.scalars(select(Measure).where(Measure.item == "护林员")).one()
    measures.update(guard.id, {"amount": "7200"})  # changed after the export
    result = service.mark_file(out)
    assert (result.marked, result.changed) == (3, 1)  # identification, 雨露计划, income; 护林员 changed
    left = service.export(tmp_path / "周三.xlsx", pending=True)
    assert left.items == 2  # the new measure and the changed one


def test_an_elimination_is_pending_once_approved(ctx: ServiceContext, people: People, tmp_path: Path) -> None:
    household, case = monitored(ctx, people, on=date(2026, 1, 5))
    service = NationalExportService(ctx)
    service.mark_entered()
    _make_eliminable(ctx, household, case)
    cases = CaseService(ctx)
    cases.start_elimination(case.id, method="帮扶消除", on=TODAY - timedelta(days=20))
    for offset, step in enumerate(IDENTIFICATION_STEPS, start=1):
        cases.take_step(case.id, step, on=TODAY - timedelta(days=20 - offset))
    cases.take_step(case.id, Stage.TOWNSHIP_REVIEWED, on=TODAY - timedelta(days=5))
    cross_check(ctx, case.id, TODAY - timedelta(days=3))
    cases.take_step(case.id, Stage.APPROVED, on=TODAY)
    out = tmp_path / "消除.xlsx"
    service.export(out, pending=True)
    head = _sheet(out)[1][0]
    assert (head["风险是否消除"], head["风险消除方式"], head["风险消除时间"]) == ("是", "帮扶消除", TODAY.isoformat())
    assert "风险消除" in head["本次变更内容"].split("、")
