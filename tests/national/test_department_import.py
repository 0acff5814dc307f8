"""Departments' monthly lists become facts and warnings (issue 22), from messy sheets the tests build."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from sqlalchemy import select

from app.cli import main
from app.domain.errors import UserFacingError
from app.services.context import ServiceContext
from app.services.departments import MATCHED, REFUSED, UNCHANGED, UNMATCHED, DepartmentImportService
from app.services.households import HouseholdService
from app.services.income import IncomeService
from app.services.visits import VisitService
from app.store.models import AuditEvent, Household, Member, RigidExpense, RiskWarning
from tests.conftest import PASSWORD, TODAY, VILLAGE, People


def list_sheet(path: Path, title: str, group: str, header: list[str], rows: list[list[Any]]) -> Path:
    """A department's list as counties send it: a title row, a 填报单位 row, a merged group heading
    over the person's columns, a numbering row, the data, a 合计 row."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "名单"
    sheet.append([title])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
    sheet.append(["填报单位：冀州区（盖章）"])
    sheet.append([group, None, *header[2:]])
    sheet.merge_cells(start_row=3, start_column=1, end_row=3, end_column=2)
    for column in range(3, len(header) + 1):
        sheet.merge_cells(start_row=3, start_column=column, end_row=4, end_column=column)
    sheet.append(header[:2] + [None] * (len(header) - 2))
    sheet.append(list(range(1, len(header) + 1)))
    for row in rows:
        sheet.append(row)
    sheet.append(["合计", None, *[None] * (len(header) - 2)])
    book.save(path)
    return path


def student_household(ctx: ServiceContext, people: People,
                      household_type: str = "一般农户") -> tuple[Household, dict[str, Any]]:
    student = people.member("刘欣然", "之女", birth=date(2006, 3, 1), male=False, school_stage="本科二年级")
    household = HouseholdService(ctx).create(
        {"village_code": VILLAGE, "household_type": household_type},
        [people.member("刘建军", birth=date(1975, 1, 1)), student])
    return household, student


def education_list(tmp_path: Path, student: dict[str, Any], people: People, amount: Any = "8,000元") -> Path:
    stranger = people.id_number(date(2005, 6, 1))
    return list_sheet(
        tmp_path / "教育.xlsx", "2026年11月冀州区教育局学生资助名单", "学生信息",
        ["学生姓名", "身份证号码", "就读学段", "就读学校", "教育支出（元）"],
        [[student["name"], student["id_number"], "大学", "河北师范大学", amount],
         ["王小明", stranger, "高中", "冀州中学", 3000],
         ["李某", 131122200501011234, "高中", "冀州中学", 2000]])


def county_template(tmp_path: Path, amount_from: int) -> Path:
    """The county's copy of the default education template with the department rule set."""
    from app.national.templates import default_department_path

    data = json.loads(default_department_path("教育").read_text(encoding="utf-8"))
    data["department_rule"]["amount_from"] = amount_from
    path = tmp_path / "本县教育模板.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def _warnings(ctx: ServiceContext, household_id: str) -> list[RiskWarning]:
    with ctx.db.read() as session:
        return list(session.scalars(select(RiskWarning).where(RiskWarning.household_id == household_id)))


def test_jizhou_education_list_raises_a_warning_and_a_visit_due_today(ctx: ServiceContext, people: People,
                                                                         tmp_path: Path) -> None:
    """The seeds' Jizhou case on the shipped policy: a non-stable (脱贫) household's 8,000 yuan of
    college cost on the 教育 list → a warning the same day, marked with the list → a visit due
    today; the same list again changes nothing."""
    household, student = student_household(ctx, people, "脱贫户")
    # Above 1.5 × the line and visited last week: nothing but the list sends anyone there today.
    IncomeService(ctx).record_year(household.id, 2026, {"wage": 20000})
    VisitService(ctx).record(household.id, visit_date=date(2026, 11, 16))
    assert household.id not in {d.household_id for d in VisitService(ctx).due(until=TODAY)}
    path = education_list(tmp_path, student, people)
    result = DepartmentImportService(ctx).run(path, source="教育")

    assert result.list_date == date(2026, 11, 1)  # from the title
    by_name = {o.name: o for o in result.outcomes}
    assert by_name["刘欣然"].result == MATCHED and by_name["刘欣然"].household_id == household.id
    assert by_name["王小明"].result == UNMATCHED
    assert by_name["李某"].result == REFUSED and "15 位有效数字" in by_name["李某"].detail
    assert len(result.outcomes) == 3  # title, numbering and 合计 rows are not people

    with ctx.db.read() as session:
        expense = session.scalars(select(RigidExpense).where(RigidExpense.household_id == household.id)).one()
        assert (expense.kind, expense.out_of_pocket, expense.occurred_on) == ("教育", Decimal(8000), date(2026, 11, 1))
        assert "教育部门名单（2026-11-01）" in expense.note
    warnings = [w for w in _warnings(ctx, household.id) if w.rule == "education_cost"]
    assert len(warnings) == 1
    warning = warnings[0]
    assert warning.raised_on == TODAY and warning.status == "待处置" and "8000 元" in warning.reason
    assert (warning.source, warning.source_date) == ("教育", date(2026, 11, 1))
    assert warning.id in result.warnings
    due = {d.household_id for d in VisitService(ctx).due(until=TODAY)}
    assert household.id in due
    with ctx.db.read() as session:
        assert session.get(Household, household.id).next_visit_due == TODAY

    # The same list again changes nothing.
    again = DepartmentImportService(ctx).run(path, source="教育")
    assert {o.name: o.result for o in again.outcomes}["刘欣然"] == UNCHANGED
    assert again.warnings == [] and again.households == []
    with ctx.db.read() as session:
        assert len(session.scalars(select(RigidExpense)).all()) == 1
        assert len(session.scalars(select(AuditEvent).where(AuditEvent.action == "导入部门数据")).all()) == 1
    assert [w.id for w in _warnings(ctx, household.id) if w.rule == "education_cost"] == [warning.id]


def test_a_county_department_rule_raises_a_warning_of_its_own(ctx: ServiceContext, people: People,
                                                               tmp_path: Path) -> None:
    """A county that sets the education template's own rule gets a 部门筛查预警 warning from the list."""
    household, student = student_household(ctx, people)
    path = education_list(tmp_path, student, people)
    result = DepartmentImportService(ctx).run(path, source="教育", template=county_template(tmp_path, 5000))
    warnings = [w for w in _warnings(ctx, household.id) if w.rule == "dept_education"]
    assert len(warnings) == 1 and warnings[0].id in result.warnings
    assert "教育部门名单（2026-11-01）" in warnings[0].reason and "8000 元" in warnings[0].reason
    assert (warnings[0].source, warnings[0].source_date) == ("教育", date(2026, 11, 1))  # as data, not only text
    again = DepartmentImportService(ctx).run(path, source="教育", template=county_template(tmp_path, 5000))
    assert again.warnings == []
    assert [w.id for w in _warnings(ctx, household.id) if w.rule == "dept_education"] == [warnings[0].id]


def test_default_thresholds_catch_the_jizhou_case(ctx: ServiceContext, people: People, tmp_path: Path) -> None:
    """With the shipped defaults (no department rule) the 8,000 yuan of a 脱贫户's student raises the
    education warning the same day (watched households: 5,000 a school year), and the visit is due
    today; an ordinary household's 8,000 stays a fact (10,000), 12,000 passes that line too."""
    daughter = people.member("赵小雨", "之女", birth=date(2006, 5, 1), male=False, school_stage="本科一年级")
    watched = HouseholdService(ctx).create({"village_code": VILLAGE, "household_type": "脱贫户"},
                                           [people.member("赵国强", birth=date(1974, 1, 1)), daughter])
    # Above 1.5 × the 6,600 line and visited last week: nothing else would send anyone there.
    IncomeService(ctx).record_year(watched.id, 2026, {"wage": 20000})
    VisitService(ctx).record(watched.id, visit_date=date(2026, 11, 16))
    assert watched.id not in {d.household_id for d in VisitService(ctx).due(until=TODAY)}
    DepartmentImportService(ctx).run(education_list(tmp_path, daughter, people), source="教育")
    warnings = [w for w in _warnings(ctx, watched.id) if w.rule == "education_cost"]
    assert [(w.raised_on, w.status) for w in warnings] == [(TODAY, "待处置")]
    assert "超过阈值 5000 元" in warnings[0].reason
    assert watched.id in {d.household_id for d in VisitService(ctx).due(until=TODAY)}

    household, student = student_household(ctx, people)
    DepartmentImportService(ctx).run(education_list(tmp_path, student, people), source="教育")
    rules = {w.rule for w in _warnings(ctx, household.id)}
    assert "education_cost" not in rules and "dept_education" not in rules
    # 12,000 on the list passes the ordinary households' line through the same upkeep.
    DepartmentImportService(ctx).run(education_list(tmp_path, student, people, 12000), source="教育",
                                     list_date=date(2026, 11, 20))
    raised = [w for w in _warnings(ctx, household.id) if w.rule == "education_cost"]
    # The county's own rule fired on the list's fact: the warning names the list as data.
    assert [(w.source, w.source_date) for w in raised] == [("教育", date(2026, 11, 20))]


def test_disability_and_unsafe_house_lists_raise_the_rules(ctx: ServiceContext, people: People,
                                                            tmp_path: Path) -> None:
    household, _student = student_household(ctx, people)
    with ctx.db.read() as session:
        head = session.scalars(select(Member).where(Member.household_id == household.id,
                                                    Member.relation == "户主")).one()
    disabled = list_sheet(tmp_path / "残联.xlsx", "2026年11月新办残疾证名单", "持证人",
                          ["姓名", "身份证号", "残疾类别", "残疾等级", "发证日期"],
                          [[head.name, f" {head.id_number} ", "肢体", "二级", "2026.11.10"]])
    result = DepartmentImportService(ctx).run(disabled, source="残联")
    assert [o.result for o in result.outcomes] == [MATCHED]
    with ctx.db.read() as session:
        member = session.get(Member, head.id)
        assert "残疾" in member.health and (member.disability_kind, member.disability_grade) == (4, 2)
        assert member.health_changed_on == date(2026, 11, 10)
    assert "member_health" in {w.rule for w in _warnings(ctx, household.id)}

    houses = list_sheet(tmp_path / "住建.xlsx", "2026年11月农村危房鉴定名单", "户主",
                        ["户主姓名", "户主身份证号", "鉴定等级", "鉴定日期"],
                        [[head.name, head.id_number, "C级", "2026-11-15"]])
    DepartmentImportService(ctx).run(houses, source="住建")
    with ctx.db.read() as session:
        assert session.get(Household, household.id).house_safety == "危房"
    assert "house_unsafe" in {w.rule for w in _warnings(ctx, household.id)}
    assert [o.result for o in DepartmentImportService(ctx).run(houses, source="住建").outcomes] == [UNCHANGED]


def test_a_list_without_id_column_is_refused(ctx: ServiceContext, tmp_path: Path) -> None:
    path = list_sheet(tmp_path / "x.xlsx", "名单", "信息", ["姓名", "电话"], [["张三", "138"]])
    with pytest.raises(UserFacingError, match="找不到医保部门名单的表头"):
        DepartmentImportService(ctx).run(path, source="医保")


def test_cli_dept_import(ctx: ServiceContext, people: People, tmp_path: Path,
                         monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    _household, student = student_household(ctx, people)
    ctx.db.close()
    monkeypatch.setenv("FANGPIN_PASSWORD", PASSWORD)
    path = education_list(tmp_path, student, people)
    db = str(tmp_path / "county.db")  # where the ctx fixture copied the county's database
    report = tmp_path / "核对.xlsx"
    assert main(["dept", "import", "--db", db, "--source", "教育", str(path),
                 "--template", str(county_template(tmp_path, 5000)), "--report", str(report)]) == 0
    out = capsys.readouterr().out
    follow = openpyxl.load_workbook(report)["待核实"]
    assert [row[3] for row in follow.iter_rows(min_row=2, values_only=True)] == ["王小明", "李某"]
    assert "更新 1 人" in out and "未匹配 1 人" in out and "王小明" in out and "新预警 1 条" in out
    assert main(["dept", "import", "--db", db, "--source", "教育", str(path), "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)["summary"]
    assert summary["updated"] == 0 and summary["unchanged"] == 1 and summary["warnings"] == 0


def test_medical_and_civil_affairs_lists(ctx: ServiceContext, people: People, tmp_path: Path) -> None:
    """医保: a hospital stay's own share goes through the county's single-stay rule; 民政: 低保 taken in
    and, with the shipped department rule, a 退出 raises a 民政 warning of its own."""
    household, _student = student_household(ctx, people)
    with ctx.db.read() as session:
        head = session.scalars(select(Member).where(Member.household_id == household.id,
                                                    Member.relation == "户主")).one()
    medical = list_sheet(tmp_path / "医保.xlsx", "2026年11月高额医疗费用名单", "患者",
                         ["患者姓名", "身份证号", "就诊类别", "医疗总费用", "个人自付（元）", "结算日期"],
                         [[head.name, head.id_number, "住院", "5.2万元", "12,600", "2026/11/12"]])
    result = DepartmentImportService(ctx).run(medical, source="医保")
    assert [o.result for o in result.outcomes] == [MATCHED]
    with ctx.db.read() as session:
        stay = session.scalars(select(RigidExpense).where(RigidExpense.household_id == household.id)).one()
        assert (stay.kind, stay.total_amount, stay.out_of_pocket, stay.member_id) == (
            "医疗住院", Decimal(52000), Decimal(12600), head.id)
    assert "medical_single_stay" in {w.rule for w in _warnings(ctx, household.id)}

    civil = list_sheet(tmp_path / "民政.xlsx", "2026年11月低保变动名单", "救助对象",
                       ["救助对象姓名", "身份证号", "救助类别", "变动情况", "变动日期"],
                       [[head.name, head.id_number, "农村低保", "新纳入", "2026-11-05"]])
    DepartmentImportService(ctx).run(civil, source="民政")
    with ctx.db.read() as session:
        assert session.get(Member, head.id).social_assistance == "低保"
    leaving = list_sheet(tmp_path / "民政退出.xlsx", "2026年11月低保变动名单", "救助对象",
                         ["救助对象姓名", "身份证号", "救助类别", "变动情况", "变动日期"],
                         [[head.name, head.id_number, "农村低保", "停保", "2026-11-20"]])
    DepartmentImportService(ctx).run(leaving, source="民政")
    with ctx.db.read() as session:
        assert session.get(Member, head.id).social_assistance == ""
    civil_warnings = [w for w in _warnings(ctx, household.id) if w.rule == "dept_civil"]
    assert len(civil_warnings) == 1 and "退出" in civil_warnings[0].reason


def test_emergency_list_of_disaster_losses(ctx: ServiceContext, people: People, tmp_path: Path) -> None:
    household, _student = student_household(ctx, people)
    with ctx.db.read() as session:
        head = session.scalars(select(Member).where(Member.household_id == household.id,
                                                    Member.relation == "户主")).one()
    losses = list_sheet(tmp_path / "应急.xlsx", "2026年8月洪涝灾害损失统计", "受灾户",
                        ["户主姓名", "户主身份证号", "灾害类型", "直接经济损失", "受灾日期"],
                        [[head.name, head.id_number, "洪涝", "0.6万元", 46243]])  # an Excel date serial
    result = DepartmentImportService(ctx).run(losses, source="应急")
    assert [o.result for o in result.outcomes] == [MATCHED] and result.list_date == date(2026, 8, 1)
    with ctx.db.read() as session:
        loss = session.scalars(select(RigidExpense).where(RigidExpense.household_id == household.id)).one()
        assert (loss.kind, loss.out_of_pocket, loss.occurred_on) == ("灾害", Decimal(6000), date(2026, 8, 9))
        assert loss.note == "应急部门名单（2026-08-01）：洪涝"
    assert "disaster_loss" in {w.rule for w in _warnings(ctx, household.id)}


def test_warnings_from_lists_show_their_source_on_the_page_list_and_ledger(ctx: ServiceContext, people: People,
                                                                           tmp_path: Path) -> None:
    from app.services.excel import LedgerExporter
    from app.services.warnings import WarningService

    household, student = student_household(ctx, people)
    # A warning raised by what was typed in has no source.
    HouseholdService(ctx).update(household.id, {"house_safety": "危房"})
    DepartmentImportService(ctx).run(education_list(tmp_path, student, people), source="教育",
                                     template=county_template(tmp_path, 5000))
    rows = {w.rule: w for w in WarningService(ctx).listing(household_id=household.id)}
    assert rows["house_unsafe"].source == "" and rows["house_unsafe"].source_label == ""
    assert rows["dept_education"].source_label == "教育部门名单（2026-11-01）"
    out = tmp_path / "预警.xlsx"
    LedgerExporter(ctx).export("warnings", out)
    sheet = openpyxl.load_workbook(out).active
    values = list(sheet.iter_rows(min_row=4, values_only=True))
    header = list(values[0])
    listed = {row[header.index("预警类型")]: row for row in values[1:]}
    education = listed[rows["dept_education"].title]
    assert (education[header.index("来源部门")], education[header.index("名单日期")]) == ("教育", "2026-11-01")
    assert listed[rows["house_unsafe"].title][header.index("来源部门")] in (None, "")
