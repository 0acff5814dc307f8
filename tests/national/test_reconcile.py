"""Reconciliation (issue 22): local and national counts side by side, every household that differs and how."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import select

from app.cli import main
from app.services.context import ServiceContext
from app.services.households import HouseholdService
from app.services.national.export import NationalExportService
from app.services.national.reconcile import ReconcileService
from app.store.models import Member
from tests.conftest import PASSWORD, VILLAGE, People
from tests.national.test_national_export import monitored


def test_known_differences_are_each_named(ctx: ServiceContext, people: People, tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    same, _ = monitored(ctx, people, "张建国")
    changed, _ = monitored(ctx, people, "李秀英")
    local_only, _ = monitored(ctx, people, "王大力")
    # A fresh national export: 张建国 as here; 李秀英 in another category and without her husband;
    # 王大力 missing; 赵大山 only there.
    exported = tmp_path / "exported.xlsx"
    NationalExportService(ctx).export(exported, since=date(2000, 1, 1))
    book = openpyxl.load_workbook(exported)
    sheet = book.active
    header = [c.value for c in sheet[2]]
    name, relation, category = header.index("姓名"), header.index("与户主关系"), header.index("监测对象类别")
    for row in list(sheet.iter_rows(min_row=3)):
        if row[header.index("户主姓名")].value == "李秀英":
            row[category].value = "突发严重困难户"
    rows = [[c.value for c in r] for r in sheet.iter_rows(min_row=3)]
    kept = [r for r in rows if r[header.index("户主姓名")] != "王大力"
            and not (r[header.index("户主姓名")] == "李秀英" and r[relation] == "配偶")]
    national = tmp_path / "national.xlsx"
    out = openpyxl.Workbook()
    new = out.active
    new.append(["全国防返贫监测信息系统 户成员信息"])
    new.append(header)
    for r in kept:
        new.append(r)
    out.save(national)
    book = openpyxl.load_workbook(national)
    stranger = people.id_number(date(1968, 2, 2))
    row = [None] * len(header)
    row[header.index("村代码")], row[header.index("户主姓名")], row[name] = VILLAGE, "赵大山", "赵大山"
    row[header.index("证件号码")], row[relation], row[category] = stranger, "户主", "边缘易致贫户"
    row[header.index("风险是否消除")] = "否"
    book.active.append(row)
    book.save(national)

    result = ReconcileService(ctx).compare(national)
    assert (result.local_households, result.national_households) == (3, 3)
    by_what = {(d.head, d.what): d for d in result.differences}
    assert set(by_what) == {("李秀英", "类别不同"), ("李秀英", "全国系统缺少成员"), ("王大力", "仅本地有"),
                            ("赵大山", "仅全国系统有")}
    assert by_what[("李秀英", "类别不同")].national == "突发严重困难户"
    with ctx.db.read() as session:
        wife = session.scalars(select(Member).where(Member.household_id == changed.id,
                                                    Member.relation == "配偶")).one()
    assert by_what[("李秀英", "全国系统缺少成员")].local == wife.id_number
    assert result.households_differing == 3
    local_category = HouseholdService(ctx).get(same.id).active_case.category
    assert result.counts[(VILLAGE, local_category, "风险未消除")] == (3, 1)
    assert result.counts[(VILLAGE, "突发严重困难户", "风险未消除")] == (0, 1)
    assert local_only.id not in {d.head_id for d in result.differences}  # differences name people, not row ids

    ctx.db.close()
    monkeypatch.setenv("FANGPIN_PASSWORD", PASSWORD)
    report = tmp_path / "对比.xlsx"
    assert main(["national", "reconcile", "--db", str(tmp_path / "county.db"), str(national),
                 "--out", str(report)]) == 0
    assert "3 户有差异" in capsys.readouterr().out
    sheets = openpyxl.load_workbook(report)
    assert sheets.sheetnames == ["对比汇总", "差异明细"]
    assert sheets["差异明细"].max_row == 1 + len(result.differences)
