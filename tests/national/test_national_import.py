"""Start from the national record (issue 22): import the national sheet; a file written by
``national export`` reads back into an empty county database with the same households, members
and monitoring records."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from sqlalchemy import select

from app.cli import main
from app.services.context import ServiceContext
from app.services.national.export import NationalExportService
from app.services.national.importing import IMPORTED, NationalImportService
from app.store.models import CaseStep, Household, IncomeRecord, Measure, Member, MonitoringCase, NationalEntry
from tests.conftest import PASSWORD, VILLAGE, People
from tests.national.test_national_export import monitored


def snapshot(ctx: ServiceContext) -> dict[str, Any]:
    """What must survive the round trip, keyed by the head's ID number (row ids differ)."""
    with ctx.db.read() as session:
        households = {h.id: h for h in session.scalars(select(Household).where(Household.deleted == False))}  # noqa: E712
        members = list(session.scalars(select(Member).where(Member.deleted == False)))  # noqa: E712
        head_id = {m.household_id: m.id_number for m in members if m.relation == "户主"}
        out: dict[str, Any] = {}
        for household_id, household in households.items():
            cases = session.scalars(select(MonitoringCase).where(MonitoringCase.household_id == household_id)).all()
            incomes = session.scalars(select(IncomeRecord).where(IncomeRecord.household_id == household_id)).all()
            measures = session.scalars(select(Measure).where(Measure.household_id == household_id)).all()
            out[head_id[household_id]] = {
                "household": (household.village_code, household.household_type, household.head_name,
                              household.member_count),
                "members": sorted((m.name, m.id_number, m.relation) for m in members if m.household_id == household_id),
                "cases": sorted((c.category, tuple(c.risk_types), c.identified_on, c.status, c.eliminated_on,
                                 c.elimination_method) for c in cases),
                "incomes": sorted((i.year, i.per_capita_income) for i in incomes),
                # Measures with their dates and amounts: they travel in the national field's cell.
                "measures": sorted((m.kind, m.item, m.start_date, m.end_date, m.amount) for m in measures),
            }
        return out


def test_round_trip_into_an_empty_county_database(open_copy: Callable[[str], ServiceContext], people: People,
                                                  tmp_path: Path) -> None:
    source = open_copy("county")
    monitored(source, people, "张建国")
    monitored(source, people, "李秀英", on=date(2026, 8, 3))
    out = tmp_path / "全国.xlsx"
    assert NationalExportService(source).export(out, since=date(2000, 1, 1)).households == 2
    before = snapshot(source)
    source.db.close()

    target = open_copy("county")  # a fresh copy of the empty county template
    assert snapshot(target) == {}
    dry = NationalImportService(target).run(out, dry_run=True)
    assert dry.summary()["added"] == 2 and dry.cases_added == 2
    assert snapshot(target) == {}  # the dry run wrote nothing
    result = NationalImportService(target).run(out, report=tmp_path / "报告.xlsx")
    assert result.summary()["added"] == 2 and result.cases_added == 2 and result.measures_added == 4
    assert snapshot(target) == before
    measures = {(m[1], m[2], m[4]) for value in before.values() for m in value["measures"]}
    assert ("护林员", date(2026, 10, 1), 6000) in measures and ("雨露计划", date(2026, 10, 5), 3000) in measures
    assert (tmp_path / "报告.xlsx").is_file()
    with target.db.read() as session:
        steps = session.scalars(select(CaseStep)).all()
        assert len(steps) == 2 and {s.note for s in steps} == {IMPORTED}
    # Imported from the national system: nothing of it is pending; importing again changes nothing.
    assert NationalExportService(target).export(tmp_path / "p.xlsx", pending=True).households == 0
    dry_again = NationalImportService(target).run(out, dry_run=True)
    assert (dry_again.cases_added, dry_again.measures_added) == (0, 0)
    again = NationalImportService(target).run(out)
    assert again.summary()["unchanged"] == 2 and again.cases_added == 0 and again.measures_added == 0
    assert snapshot(target) == before


def national_sheet(path: Path, rows: list[list[Any]]) -> Path:
    """A national system export as it arrives: a title, a merged two-level header, IDs typed as numbers."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "户成员信息"
    header = ["村代码", "户编号", "户主姓名", "户类型", "人员编号", "姓名", "证件号码", "与户主关系",
              "监测对象类别", "风险类型", "识别时间", "风险是否消除", "风险消除方式", "风险消除时间",
              "产业帮扶", "健康帮扶"]
    sheet.append(["防返贫监测信息系统 监测对象信息（2026年11月）"])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
    sheet.append(["户基本信息", None, None, None, "家庭成员信息", None, None, None, "监测信息"])
    sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=4)
    sheet.merge_cells(start_row=2, start_column=5, end_row=2, end_column=8)
    sheet.merge_cells(start_row=2, start_column=9, end_row=2, end_column=len(header))
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def test_messy_national_file_stores_numbers_and_never_duplicates(ctx: ServiceContext, people: People,
                                                                   tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    head, wife = people.id_number(date(1968, 2, 2)), people.id_number(date(1970, 3, 3), male=False)
    bad = 131122197001011234  # an ID typed as a number: its last digits are lost
    path = national_sheet(tmp_path / "national.xlsx", [
        [int(VILLAGE), "1311221002010001", "赵大山", "脱贫户", "P001", "赵大山", head, "户主",
         "脱贫不稳定户", "因病；因残", "2025-03-10", "是", "帮扶消除", "2026-06-30", "", "大病保险；家庭医生签约"],
        [int(VILLAGE), "1311221002010001", "赵大山", "脱贫户", "P002", "钱小花", wife, "配偶",
         None, None, None, None, None, None, None, None],
        [int(VILLAGE), "1311221002010002", "孙二", "一般农户", "P003", "孙二", bad, "户主",
         "边缘易致贫户", "因病", "2026-05-01", "否", None, None, "生产奖补", None],
    ])
    result = NationalImportService(ctx).run(path)
    assert result.summary()["added"] == 1 and result.summary()["refused"] == 1
    assert "15 位有效数字" in result.roster.refused_rows[0].detail
    with ctx.db.read() as session:
        case = session.scalars(select(MonitoringCase)).one()
        assert (case.category, case.risk_types, case.identified_on) == (
            "脱贫不稳定户", ["因病", "因残"], date(2025, 3, 10))
        assert (case.status, case.eliminated_on, case.elimination_method, case.closed) == (
            "风险已消除", date(2026, 6, 30), "帮扶消除", True)
        assert sorted((m.kind, m.item) for m in session.scalars(select(Measure))) == [
            ("健康帮扶", "大病保险"), ("健康帮扶", "家庭医生签约")]
        numbers = {e.kind: e.national_number for e in session.scalars(select(NationalEntry)) if e.national_number}
        assert numbers["户"] == "1311221002010001" and "人" in numbers
        household = session.scalars(select(Household)).one()
        assert household.household_number == "1311221002010001" and household.member_count == 2

    ctx.db.close()
    monkeypatch.setenv("FANGPIN_PASSWORD", PASSWORD)
    db = str(tmp_path / "county.db")
    assert main(["national", "import", "--db", db, str(path), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "试导入（未写入）" in out and "未变化 1 户" in out and "拒绝 1 户" in out


def test_a_measure_with_impossible_dates_is_a_problem_named_by_row(ctx: ServiceContext, people: People,
                                                                    tmp_path: Path) -> None:
    head = people.id_number(date(1968, 2, 2))
    path = national_sheet(tmp_path / "national.xlsx", [
        [int(VILLAGE), "1311221002010009", "周一", "一般农户", "P009", "周一", head, "户主",
         "边缘易致贫户", "因病", "2026-05-01", "否", None, None, "生产奖补（2026-12-01至2026-01-01）", None]])
    result = NationalImportService(ctx).run(path)
    assert result.measures_added == 0
    assert result.problems == [
        "户成员信息第 4 行：产业帮扶：措施“生产奖补”的结束日期 2026-01-01 早于开始日期 2026-12-01。"]


def test_a_later_national_file_eliminating_a_known_case_closes_it_through_its_step(
        ctx: ServiceContext, people: People, tmp_path: Path) -> None:
    head = people.id_number(date(1968, 2, 2))

    def row(eliminated: bool) -> list[object]:
        return [int(VILLAGE), "1311221002010001", "赵大山", "脱贫户", "P001", "赵大山", head, "户主",
                "脱贫不稳定户", "因病", "2025-03-10", "是" if eliminated else "否",
                "帮扶消除" if eliminated else None, "2026-06-30" if eliminated else None, "", None]

    NationalImportService(ctx).run(national_sheet(tmp_path / "first.xlsx", [row(False)]))
    NationalImportService(ctx).run(national_sheet(tmp_path / "later.xlsx", [row(True)]))
    with ctx.db.read() as session:
        case = session.scalars(select(MonitoringCase)).one()
        assert (case.status, case.eliminated_on, case.elimination_method, case.closed, case.stage) == (
            "风险已消除", date(2026, 6, 30), "帮扶消除", True, "approved")
        steps = session.scalars(select(CaseStep).order_by(CaseStep.acted_on)).all()
        assert [(s.procedure, s.acted_on) for s in steps] == [
            ("identification", date(2025, 3, 10)), ("elimination", date(2026, 6, 30))]
