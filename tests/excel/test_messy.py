"""One messy spreadsheet per case the issue names, each with its expected report."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import openpyxl
import pytest
from sqlalchemy import select

from app.domain.idnumber import make_id_number
from app.services.excel import ExcelImportService, ImportCancelled
from app.store.models import Assignment, AssistancePerson, Household, IncomeRecord, Member
from tests.conftest import VILLAGE
from tests.excel.conftest import ids, results, run


def _households(ctx) -> list[Household]:
    with ctx.db.read() as session:
        return list(session.scalars(select(Household).where(Household.deleted == False)  # noqa: E712
                                    .order_by(Household.household_number)))


def _members(ctx) -> dict[str, Member]:
    with ctx.db.read() as session:
        return {m.id_number: m for m in session.scalars(select(Member))}


def test_title_rows_merged_two_row_header_numbering_row_household_on_first_row_only(ctx, xlsx) -> None:
    a, b, c, d = ids(4)
    path = xlsx("merged.xlsx", [
        ["东街村防止返贫监测对象花名册"],
        ["填报单位：东街村", None, None, "填报日期：2026年11月"],
        ["序号", "户主信息", None, "家庭成员信息", None, None],
        [None, "户编号", "户主姓名", "姓名", "与户主关系", "身份证号码"],
        [1, 2, 3, 4, 5, 6],
        [1, "001", "张建国", "张建国", "户主", a],
        [None, None, None, "李秀英", "妻", b],
        [None, None, None, "张小明", "儿子", c],
        [None, None, None, None, None, None],
        [2, "002", "王立", "王立", "户主", d],
        ["合计", None, None, "4人", None, None],
    ], merges=["A1:F1", "A3:A4", "B3:C3", "D3:F3", "B6:B8", "C6:C8", "A6:A8"],
        hidden={"下拉选项": [["户主", "配偶"], ["之子", "之女"]]})
    result = run(ctx, path, village=VILLAGE)
    assert result.households() == {"added": 2, "updated": 0, "refused": 0}
    assert results(result) == [(6, "added", ""), (7, "added", ""), (8, "added", ""), (10, "added", "")]
    assert result.notes == ["工作表“下拉选项”是隐藏的，没有导入。"]
    households = _households(ctx)
    assert [(h.household_number, h.head_name, h.member_count) for h in households] == [
        ("001", "张建国", 3), ("002", "王立", 1)]
    members = _members(ctx)
    assert members[b].relation == "配偶" and members[c].relation == "之子"
    assert members[c].household_id == households[0].id


def test_id_number_stored_as_a_number_is_refused_never_turned_into_a_wrong_id(ctx, xlsx) -> None:
    a, b = ids(2)
    path = xlsx("float-id.xlsx", [
        ["户主姓名", "姓名", "与户主关系", "身份证号"],
        ["张建国", "张建国", "户主", a],
        ["张建国", "李秀英", "配偶", 1.30102199001011E+17],
        ["王立", "王立", "户主", b],
    ])
    result = run(ctx, path, village=VILLAGE)
    assert result.households() == {"added": 1, "updated": 0, "refused": 1}
    assert results(result) == [(2, "refused", ""), (3, "refused", "D"), (4, "added", "")]
    bad = result.outcomes[1]
    assert "1.30102199001011E+17" in bad.detail and "15 位有效数字" in bad.detail
    assert bad.label == "身份证号"
    assert "本户第 3 行有错误" in result.outcomes[0].detail
    assert set(_members(ctx)) == {b}  # the refused household is not half-imported


def test_spaces_full_width_digits_and_lower_case_x_are_cleaned(ctx, xlsx) -> None:
    with_x = next(n for n in (make_id_number("131122", date(1980, 1, 2), s) for s in range(1, 999))
                  if n.endswith("X"))
    plain = ids(1)[0]
    full_width = "".join(chr(0xFF10 + int(ch)) for ch in plain)
    path = xlsx("spaces.xlsx", [
        ["姓名", "证件号码", "与户主关系"],
        [" 赵  四 ", f" {with_x[:6]} {with_x[6:14]} {with_x[14:].lower()} ", "户主"],
        ["钱五", full_width, "户主"],
    ])
    result = run(ctx, path, village=VILLAGE)
    assert result.households() == {"added": 2, "updated": 0, "refused": 0}
    members = _members(ctx)
    assert members[with_x].name == "赵四"
    assert members[plain].name == "钱五"


def test_dates_in_every_spelling_and_assistance_persons(ctx, xlsx) -> None:
    a, b, c, d = ids(4)
    path = xlsx("helpers.xlsx", [
        ["帮扶责任人台账"],
        ["户主姓名", "户主身份证号", "帮扶责任人", None, None, "帮扶开始日期"],
        [None, None, "姓名", "工作单位", "联系电话", None],
        ["甲", a, "刘干部", "县农业农村局", "13900000001", 44470],
        ["乙", b, "刘干部", "县农业农村局", "13900000001", "2021.10.1"],
        ["丙", c, "陈干部", "县教育局", "13900000002", "2021年10月1日"],
        ["丁", d, "陈干部", "县教育局", "13900000002", 20211001],
    ], merges=["A2:A3", "B2:B3", "C2:E2", "F2:F3"])
    result = run(ctx, path, village=VILLAGE)
    assert result.households() == {"added": 4, "updated": 0, "refused": 0}
    assert result.counts.helpers_added == 2 and result.counts.assignments == 4
    with ctx.db.read() as session:
        starts = {a.start_date for a in session.scalars(select(Assignment))}
        persons = sorted(p.name for p in session.scalars(select(AssistancePerson)))
    assert starts == {date(2021, 10, 1)}
    assert persons == ["刘干部", "陈干部"]
    again = run(ctx, path, village=VILLAGE)
    assert [o.detail for o in again.outcomes if o.result == "refused"] == []
    assert again.households() == {"added": 0, "updated": 0, "refused": 0}


def test_amounts_with_yuan_and_thousands_separators_and_year_from_the_title(ctx, xlsx) -> None:
    a, b = ids(2)
    path = xlsx("income.xlsx", [
        ["2025年农户收入台账"],
        ["户主", "身份证号", "工资性收入", "生产经营性收入", "转移性收入（元）", "生产经营性支出"],
        ["张三", a, "12,000元", "３０００", 1500.5, "1,000.00"],
        ["李四", b, "1.5万元", None, "", None],
    ])
    result = run(ctx, path, village=VILLAGE)
    assert result.households() == {"added": 2, "updated": 0, "refused": 0}
    with ctx.db.read() as session:
        records = {r.wage: r for r in session.scalars(select(IncomeRecord))}
    first = records[Decimal("12000.00")]
    assert first.year == 2025 and first.business == Decimal("3000.00")
    assert first.net_income == Decimal("15500.50") and first.per_capita_income == Decimal("15500.50")
    assert records[Decimal("15000")].net_income == Decimal("15000")
    assert run(ctx, path, village=VILLAGE).households() == {"added": 0, "updated": 0, "refused": 0}


def test_bad_values_are_refused_row_by_row_with_sheet_row_and_column(ctx, xlsx) -> None:
    a, b, c = ids(3)
    path = xlsx("bad.xlsx", [
        ["户主姓名", "姓名", "与户主关系", "身份证号", "户类型", "工资性收入", "收入年度"],
        ["甲", "甲", "户主", a[:17] + ("0" if a[17] != "0" else "1"), "一般农户", None, None],
        ["乙", "乙", "户主", b, "富裕户", None, None],
        ["丙", "丙", "户主", c, "脱贫户", "很多", 2025],
    ])
    result = run(ctx, path, village=VILLAGE)
    assert result.households() == {"added": 0, "updated": 0, "refused": 3}
    assert results(result) == [(2, "refused", "D"), (3, "refused", "E"), (4, "refused", "F")]
    reasons = [o.detail for o in result.outcomes]
    assert "校验位" in reasons[0]
    assert "户类型" in reasons[1] and "富裕户" in reasons[1]
    assert "很多" in reasons[2]
    assert {o.sheet for o in result.outcomes} == {"花名册"}


def test_member_already_in_another_household_is_refused(ctx, xlsx) -> None:
    a, b, c = ids(3)
    run(ctx, xlsx("first.xlsx", [["姓名", "身份证号", "户编号", "与户主关系"],
                                 ["甲", a, "001", "户主"], ["乙", b, "001", "配偶"]]), village=VILLAGE)
    result = run(ctx, xlsx("second.xlsx", [["姓名", "身份证号", "户编号", "与户主关系"],
                                           ["丙", c, "002", "户主"], ["乙", b, "002", "配偶"]]),
                 village=VILLAGE)
    assert result.households() == {"added": 0, "updated": 0, "refused": 1}
    assert "已登记在" in result.outcomes[1].detail and "甲户" in result.outcomes[1].detail


def test_changed_values_update_the_household_and_members(ctx, xlsx) -> None:
    a, b, c = ids(3)
    header = ["户编号", "姓名", "身份证号", "与户主关系", "联系电话", "文化程度"]
    run(ctx, xlsx("v1.xlsx", [header, ["001", "甲", a, "户主", "13800000000", "初中"],
                              ["001", "乙", b, "配偶", None, "小学"]]), village=VILLAGE)
    result = run(ctx, xlsx("v2.xlsx", [header, ["001", "甲", a, "户主", "13800009999", "初中"],
                                       ["001", "乙", b, "配偶", None, "高中"],
                                       ["001", "丙", c, "之女", None, None]]), village=VILLAGE)
    assert result.households() == {"added": 0, "updated": 1, "refused": 0}
    assert result.counts.members_added == 1 and result.counts.members_updated == 1
    assert "联系电话" in result.outcomes[0].detail
    assert result.outcomes[1].detail == "更新：文化程度"
    household = _households(ctx)[0]
    assert household.phone == "13800009999" and household.member_count == 3
    assert _members(ctx)[b].education == "高中"


def test_dry_run_writes_nothing_and_the_report_can_be_corrected_and_imported(ctx, xlsx, tmp_path) -> None:
    a, b = ids(2)
    path = xlsx("to-fix.xlsx", [
        ["某村花名册"],
        ["户主姓名", "家庭成员", "与户主关系", "身份证号码", "出生日期"],
        ["张建国", "张建国", "户主", a, "1970-05-06"],
        ["王立", "王立", "户主", b[:10]],
    ])
    service = ExcelImportService(ctx)
    source = service.open(path)
    mapping = service.guess_mapping(source)
    dry = service.dry_run(source, mapping, village=VILLAGE)
    assert dry.dry_run and dry.households() == {"added": 1, "updated": 0, "refused": 1}
    assert _households(ctx) == []
    report = tmp_path / "报告.xlsx"
    service.write_report(dry, report)
    book = openpyxl.load_workbook(report)
    assert book.sheetnames == ["导入概况", "逐行结果", "需修改-花名册"]
    rows = list(book["逐行结果"].values)
    assert rows[0] == ("工作表", "行号", "结果", "户主", "出错列", "原因或说明")
    assert rows[1][:4] == ("花名册", 3, "新增", "张建国")
    assert rows[2][:3] == ("花名册", 4, "拒绝") and rows[2][4] == "D列（身份证号码）"
    fix = book["需修改-花名册"]
    assert [c.value for c in fix[1]] == ["户主姓名", "姓名", "与户主关系", "身份证号", "村代码", "原因",
                                         "出错列", "原工作表", "原行号"]
    assert fix["D2"].value == b[:10] and fix["D2"].data_type == "s" and fix["D2"].number_format == "@"
    assert fix["A2"].number_format == "General"
    # The village came from --village: the report carries it, so the corrected report needs no --village.
    assert fix["E2"].value == VILLAGE and fix["E2"].data_type == "s"
    fix["D2"].value = b
    book.save(report)
    assert service.apply(source, mapping, village=VILLAGE).households() == {
        "added": 1, "updated": 0, "refused": 1}
    fixed = run(ctx, report)
    assert fixed.households() == {"added": 1, "updated": 0, "refused": 0}
    assert [h.head_name for h in _households(ctx)] == ["张建国", "王立"]


def test_cancel_leaves_the_database_untouched(ctx, xlsx) -> None:
    rows = [["户编号", "姓名", "身份证号", "与户主关系"]]
    rows += [[f"{i:03d}", f"户主{i}", n, "户主"] for i, n in enumerate(ids(1200), start=1)]
    path = xlsx("big.xlsx", rows)
    service = ExcelImportService(ctx)
    source = service.open(path)
    mapping = service.guess_mapping(source)
    seen: list[tuple[str, int, int]] = []
    with pytest.raises(ImportCancelled):
        service.apply(source, mapping, village=VILLAGE, progress=lambda *p: seen.append(p),
                      cancelled=lambda: any(stage == "正在写入数据库" for stage, _, _ in seen))
    assert ("正在写入数据库", 500, 1200) in seen
    assert _households(ctx) == []


def test_mapping_template_overrides_the_guess(ctx, xlsx, tmp_path) -> None:
    a = ids(1)[0]
    path = xlsx("odd.xlsx", [["名字", "号码", "身份"], ["张三", a, "户主"]])
    service = ExcelImportService(ctx)
    source = service.open(path)
    with pytest.raises(Exception, match="没有可以导入的工作表"):
        service.guess_mapping(source)
    template = tmp_path / "映射.json"
    template.write_text(json.dumps({"version": 1, "columns": {
        "名字": "member.name", "号码": "member.id_number", "身份": "member.relation"}},
        ensure_ascii=False), encoding="utf-8")
    mapping = service.guess_mapping(source, template)
    assert [c.target for c in mapping.sheets[0].columns] == ["member.name", "member.id_number",
                                                            "member.relation"]
    assert mapping.template()["columns"] == {"名字": "member.name", "号码": "member.id_number",
                                             "身份": "member.relation"}
    result = service.apply(source, mapping, village=VILLAGE)
    assert result.households() == {"added": 1, "updated": 0, "refused": 0}


def test_village_by_name_and_missing_village_is_refused(ctx, xlsx) -> None:
    from app.store.models import Division

    with ctx.db.read() as session:
        name = session.get(Division, VILLAGE).name
    a, b = ids(2)
    result = run(ctx, xlsx("villages.xlsx", [["村", "户主", "身份证号"], [name, "甲", a], [None, "乙", b]]))
    assert result.households() == {"added": 1, "updated": 0, "refused": 1}
    assert "--village" in result.outcomes[1].detail
    assert _households(ctx)[0].village_code == VILLAGE


def test_imported_households_get_the_same_warnings_as_the_screens_give(ctx, xlsx) -> None:
    from app.services.warnings import WarningService

    a, b, c = ids(3)
    path = xlsx("warn.xlsx", [
        ["户主", "身份证号", "户类型", "住房安全", "工资性收入", "收入年度"],
        ["穷户", a, "脱贫户", "安全", "3,000元", 2026],
        ["危房户", b, "一般农户", "危房", None, None],
        ["好户", c, "一般农户", "安全", "90000", 2026],
    ])
    assert run(ctx, path, village=VILLAGE).households() == {"added": 3, "updated": 0, "refused": 0}
    service = WarningService(ctx)
    raised = {(w.head_name, w.rule) for w in service.listing()}
    never_visited = {(name, "visit_overdue") for name in ("穷户", "危房户", "好户")}
    assert raised == {("穷户", "income_below_line"), ("危房户", "house_unsafe")} | never_visited
    for household in _households(ctx):
        assert service.evaluate(household.id) == []  # nothing the import missed
    assert {(w.head_name, w.rule) for w in service.listing()} == raised


def test_assistance_person_is_recognised_by_phone_in_any_spelling(ctx, xlsx) -> None:
    a, b = ids(2)
    header = ["户主", "身份证号", "帮扶责任人姓名", "帮扶责任人电话", "帮扶单位"]
    run(ctx, xlsx("p1.xlsx", [header, ["甲", a, "刘干部", "139-0000-0001", "县农业农村局"]]), village=VILLAGE)
    result = run(ctx, xlsx("p2.xlsx", [header, ["乙", b, "刘干部", "139 0000 0001", "农业农村局"],
                                       ["甲", a, "刘干部", "13900000001", None]]), village=VILLAGE)
    assert result.households() == {"added": 1, "updated": 0, "refused": 0}
    assert result.counts.helpers_added == 0 and result.counts.assignments == 1
    with ctx.db.read() as session:
        assert [p.phone for p in session.scalars(select(AssistancePerson))] == ["13900000001"]


def test_households_told_apart_by_the_relation_column_alone(ctx, xlsx) -> None:
    a, b, c, d, e = ids(5)
    path = xlsx("relations.xlsx", [
        ["姓名", "公民身份号码", "与户主的关系", "家庭住址"],
        ["赵一", a, "户主", "东街1号"],
        ["钱二", b, "之子", None],
        ["孙三", c, "本人", "东街2号"],
        ["李四", d, "妻子", None],
        ["周五", e, "长女", None],
    ])
    result = run(ctx, path, village=VILLAGE)
    assert result.households() == {"added": 2, "updated": 0, "refused": 0}
    assert [(h.head_name, h.member_count, h.address) for h in _households(ctx)] == [
        ("赵一", 2, "东街1号"), ("孙三", 3, "东街2号")]
    assert _members(ctx)[e].relation == "之女"


def test_dry_run_reports_progress_and_can_be_cancelled(ctx, xlsx) -> None:
    rows = [["户编号", "姓名", "身份证号", "与户主关系"]]
    rows += [[f"{i:04d}", f"户主{i}", n, "户主"] for i, n in enumerate(ids(1100), start=1)]
    service = ExcelImportService(ctx)
    source = service.open(xlsx("progress.xlsx", rows))
    mapping = service.guess_mapping(source)
    seen: list[tuple[str, int, int]] = []
    result = service.dry_run(source, mapping, village=VILLAGE, progress=lambda *p: seen.append(p))
    assert result.households()["added"] == 1100
    assert seen[0][0] == "正在读取表格"
    assert [p for p in seen if p[0] == "正在核对每一户"] == [
        ("正在核对每一户", 500, 1100), ("正在核对每一户", 1000, 1100), ("正在核对每一户", 1100, 1100)]
    with pytest.raises(ImportCancelled):
        service.dry_run(source, mapping, village=VILLAGE, cancelled=lambda: True)


def test_a_second_sheet_adds_income_to_the_households_of_the_first(ctx, xlsx) -> None:
    a, b, c = ids(3)
    path = xlsx("two-sheets.xlsx", [
        ["户编号", "姓名", "与户主关系", "身份证号"],
        ["001", "甲", "户主", a], ["001", "乙", "配偶", b], ["002", "丙", "户主", c],
    ], extra={"2025年收入": [["2025年收入台账"], ["户主姓名", "户主身份证号", "工资性收入"],
                              ["甲", a, "8,000元"], ["丙", c, "20000"]]})
    result = run(ctx, path, village=VILLAGE)
    assert result.households() == {"added": 2, "updated": 0, "refused": 0}
    assert [(o.sheet, o.row, o.result) for o in result.outcomes] == [
        ("花名册", 2, "added"), ("花名册", 3, "added"), ("花名册", 4, "added"),
        ("2025年收入", 3, "added"), ("2025年收入", 4, "added")]
    with ctx.db.read() as session:
        incomes = sorted((r.year, r.household_size, r.per_capita_income) for r in session.scalars(select(IncomeRecord)))
    assert incomes == [(2025, 1, Decimal("20000.00")), (2025, 2, Decimal("4000.00"))]
    assert run(ctx, path, village=VILLAGE).households() == {"added": 0, "updated": 0, "refused": 0}


def test_numbering_row_written_as_text_is_skipped(ctx, xlsx) -> None:
    a = ids(1)[0]
    path = xlsx("numbered.xlsx", [["姓名", "身份证号", "与户主关系"], ["1", "2", "3"], ["甲", a, "户主"]])
    result = run(ctx, path, village=VILLAGE)
    assert results(result) == [(3, "added", "")]


def test_one_id_number_with_two_names_in_a_household_is_refused(ctx, xlsx) -> None:
    a, b = ids(2)
    result = run(ctx, xlsx("twice.xlsx", [["户编号", "姓名", "与户主关系", "身份证号"],
                                          ["001", "甲", "户主", a], ["001", "乙", "配偶", b],
                                          ["001", "丙", "之子", b]]), village=VILLAGE)
    assert result.households() == {"added": 0, "updated": 0, "refused": 1}
    assert results(result)[2] == (4, "refused", "D")
    assert "姓名却不同（乙、丙）" in result.outcomes[2].detail


def test_a_new_assistance_person_is_made_once_even_when_the_first_household_is_refused(ctx, xlsx) -> None:
    a, b, c = ids(3)
    header = ["户主", "身份证号", "帮扶责任人姓名", "帮扶责任人电话", "帮扶单位"]
    path = xlsx("helpers-refused.xlsx", [header, ["甲", a[:17] + "0" if a[17] != "0" else a[:17] + "1",
                                                  "刘干部", "13900000001", "县农业农村局"],
                                         ["乙", b, "刘干部", "13900000001", "县农业农村局"],
                                         ["丙", c, "刘干部", "13900000001", "县农业农村局"]])
    dry = run(ctx, path, village=VILLAGE, dry_run=True)
    assert dry.households() == {"added": 2, "updated": 0, "refused": 1}
    assert dry.counts.helpers_added == 1 and dry.counts.assignments == 2
    result = run(ctx, path, village=VILLAGE)
    assert result.counts.helpers_added == 1 and result.counts.assignments == 2
    with ctx.db.read() as session:
        assert [p.name for p in session.scalars(select(AssistancePerson))] == ["刘干部"]
