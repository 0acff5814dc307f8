from __future__ import annotations

from pathlib import Path

from app.excel.headers import find_layout
from app.excel.mapping import guess_mapping
from app.excel.reader import read_workbook
from app.excel.targets import match_label
from tests.excel.conftest import workbook


def test_synonyms_and_context() -> None:
    assert match_label(("户主",)) == "household.head_name"
    assert match_label(("户主姓名",)) == "household.head_name"
    assert match_label(("姓名",)) == "member.name"
    for label in ("身份证号", "身份证号码", "证件号码", "公民身份号码", "身份证号（18位）"):
        assert match_label((label,)) == "member.id_number", label
    assert match_label(("户主信息", "身份证号")) == "household.head_id"
    assert match_label(("帮扶责任人", "姓名")) == "helper.name"
    assert match_label(("帮扶责任人", "联系电话")) == "helper.phone"
    assert match_label(("联系\n电话",)) == "household.phone"
    assert match_label(("*工资性收入（元）",)) == "income.wage"
    assert match_label(("备注说明随便写",)) is None


def test_header_below_title_rows_with_vertical_and_horizontal_merges(tmp_path: Path) -> None:
    path = workbook(tmp_path / "h.xlsx", [
        ["某某村花名册"], [],
        ["序号", "户主信息", None, "家庭成员", None, "联系电话"],
        [None, "姓名", "身份证号", "姓名", "关系", None],
        ["1", "2", "3", "4", "5", "6"],
    ], merges=["A1:F1", "A3:A4", "B3:C3", "D3:E3", "F3:F4"])
    sheet = read_workbook(path)[0]
    layout = find_layout(sheet)
    assert layout is not None and (layout.header_first, layout.header_last) == (2, 3)
    assert [c.label for c in layout.columns] == ["序号", "户主信息/姓名", "户主信息/身份证号", "家庭成员/姓名",
                                                 "家庭成员/关系", "联系电话"]
    mapping = guess_mapping([sheet])
    assert [c.target for c in mapping.sheets[0].columns] == [
        "info.number", "household.head_name", "household.head_id", "member.name", "member.relation",
        "household.phone"]


def test_changing_a_column_leaves_one_column_per_field(tmp_path: Path) -> None:
    path = workbook(tmp_path / "m.xlsx", [["姓名", "身份证号", "证件号码", "关系"]])
    mapping = guess_mapping(read_workbook(path))
    assert [c.target for c in mapping.sheets[0].columns] == ["member.name", "member.id_number", None,
                                                            "member.relation"]
    changed = mapping.with_target("花名册", "C", "member.id_number")
    assert [c.target for c in changed.sheets[0].columns] == ["member.name", None, "member.id_number",
                                                            "member.relation"]
    assert changed.template()["columns"] == {"姓名": "member.name", "身份证号": None,
                                             "证件号码": "member.id_number", "关系": "member.relation"}


def test_sheets_without_a_header_and_report_summaries_are_not_imported(tmp_path: Path) -> None:
    path = workbook(tmp_path / "s.xlsx", [["姓名", "身份证号"]],
                    extra={"说明": [["本表由村委会填写"]], "逐行结果": [["工作表", "行号", "结果", "户主", "出错列"]]})
    mapping = guess_mapping(read_workbook(path))
    assert [s.sheet for s in mapping.sheets] == ["花名册"]
    assert mapping.notes == ["工作表“说明”中没有找到表头（如“姓名”“身份证号”），没有导入。"]
