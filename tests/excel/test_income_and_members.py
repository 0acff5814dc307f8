"""Transfer income in its parts, and members without an ID number (a newborn not yet registered)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import openpyxl
from sqlalchemy import select

from app.domain.idnumber import make_id_number
from app.services.excel import ExcelImportService
from app.store.models import Household, IncomeRecord, Member
from tests.conftest import VILLAGE
from tests.excel.conftest import ids, results, run


def _incomes(ctx) -> dict[str, IncomeRecord]:
    with ctx.db.read() as session:
        heads = {h.id: h.head_name for h in session.scalars(select(Household))}
        return {heads[r.household_id]: r for r in session.scalars(select(IncomeRecord))}


def test_transfer_income_parts_add_up_to_it_and_may_not_exceed_it(ctx, xlsx) -> None:
    a, b, c, d = ids(4)
    path = xlsx("transfer.xlsx", [
        ["东街村2025年收入台账"],
        ["户主", "身份证号", "工资性收入", "转移性收入", None, None, None, "生产经营性支出"],
        [None, None, None, "小计", "其中：养老金", "低保金", "生态补偿", None],
        ["甲", a, "10,000元", None, "1,200元", "3000", None, 500],
        ["乙", b, 20000, "5000", "800", None, "1200", None],
        ["丙", c, 8000, "1000", "800", "500", None, None],
        ["丁", d, 9000, None, None, None, None, None],
    ], merges=["A1:H1", "A2:A3", "B2:B3", "C2:C3", "D2:G2", "H2:H3"])
    result = run(ctx, path, village=VILLAGE)
    assert result.households() == {"added": 3, "updated": 0, "refused": 1}
    assert results(result) == [(4, "added", ""), (5, "added", ""), (6, "refused", "D"), (7, "added", "")]
    assert "养老金、低保金合计 1300 元，大于转移性收入 1000 元" in result.outcomes[2].detail
    assert result.outcomes[2].label == "转移性收入/小计"
    incomes = _incomes(ctx)
    first = incomes["甲"]  # no total: the parts are the transfer income
    assert (first.year, first.pension, first.dibao, first.transfer) == (2025, Decimal("1200"), Decimal("3000"),
                                                                       Decimal("4200"))
    assert first.net_income == Decimal("13700") and first.per_capita_income == Decimal("13700")
    second = incomes["乙"]
    assert (second.transfer, second.pension, second.eco_compensation, second.dibao) == (
        Decimal("5000"), Decimal("800"), Decimal("1200"), Decimal("0"))
    assert second.net_income == Decimal("25000")
    assert incomes["丁"].transfer == Decimal("0") and "丙" not in incomes


def test_a_member_without_an_id_number_is_left_out_not_the_whole_household(ctx, xlsx, tmp_path) -> None:
    a, b, c = ids(3)
    baby = make_id_number("131122", date(2026, 9, 1), 13)
    path = xlsx("newborn.xlsx", [
        ["户编号", "户主姓名", "姓名", "与户主关系", "身份证号码", "工资性收入", "收入年度"],
        ["001", "张建国", "张建国", "户主", a, "30000", 2025],
        [None, None, "李秀英", "配偶", b],
        [None, None, "张小宝", "之子", None],
        ["002", "王立", "王立", "户主", None],
        ["003", "赵三", "赵三", "户主", c],
        [None, None, "赵小", "之女", "  "],
    ])
    service = ExcelImportService(ctx)
    source = service.open(path)
    mapping = service.guess_mapping(source)
    result = service.apply(source, mapping, village=VILLAGE)
    assert result.households() == {"added": 2, "updated": 0, "refused": 1}
    assert results(result) == [(2, "added", ""), (3, "added", ""), (4, "skipped", "E"), (5, "refused", "E"),
                               (6, "added", ""), (7, "skipped", "E")]
    assert result.outcomes[2].result_label == "未导入该成员" and "缺少身份证号" in result.outcomes[2].detail
    assert "户主必须有身份证号" in result.outcomes[3].detail  # the head cannot be left out
    assert result.counts.members_added == 3 and result.counts.members_skipped == 2
    with ctx.db.read() as session:
        households = {h.household_number: h for h in session.scalars(select(Household))}
        assert households["001"].member_count == 2 and "002" not in households
    income = _incomes(ctx)["张建国"]
    assert income.household_size == 3 and income.per_capita_income == Decimal("10000")  # the baby counts

    report = tmp_path / "报告.xlsx"
    service.write_report(result, report)
    book = openpyxl.load_workbook(report)
    assert ("缺少身份证号、未导入的成员（人）", 2) in list(book["导入概况"].values)
    fix = book["需修改-花名册"]
    rows = {row[11]: row for row in fix.iter_rows(min_row=2, values_only=True)}  # by 原行号
    assert rows[4][:7] == ("001", "张建国", "张小宝", "之子", None, None, None)  # the household filled in
    assert rows[4][7] == VILLAGE and "缺少身份证号" in rows[4][8]
    assert set(rows) == {4, 5, 7}
    line = next(r for r in range(2, fix.max_row + 1) if fix.cell(r, 12).value == 4)
    fix.cell(line, 5).value = baby
    book.save(report)
    again = run(ctx, report)
    assert again.households() == {"added": 0, "updated": 1, "refused": 1}
    assert again.counts.unchanged == 1 and again.counts.members_skipped == 1  # 赵小 still has no ID
    with ctx.db.read() as session:
        added = session.scalar(select(Member).where(Member.id_number == baby))
        assert added.name == "张小宝" and added.household_id == households["001"].id
