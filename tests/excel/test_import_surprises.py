"""Excel import without surprises (issue 21): a grid worker's own village is the default, 性别 and
出生日期 are checked against the ID number, telephone numbers are checked, and every row's own
problems are reported in one pass."""

from __future__ import annotations

import shutil
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import select

from app.cli import main
from app.domain.idnumber import make_id_number
from app.excel import cleaning
from app.store.models import Household
from tests.conftest import OTHER_VILLAGE, PASSWORD, VILLAGE
from tests.excel.conftest import run, workbook

MAN = make_id_number("131122", date(1972, 4, 5), 611)  # 17th digit odd: 男
WOMAN = make_id_number("131122", date(1975, 6, 7), 622)  # even: 女
GIRL = make_id_number("131122", date(2001, 2, 3), 642)
SON = make_id_number("131122", date(2003, 9, 30), 651)


def _messy_roster(path: Path) -> Path:
    """A village's roster as it comes: a title, a two-row header, no 村 column, 性别 and 出生年月 typed
    by hand, a phone with spaces, and one household with problems on several rows."""
    return workbook(path, [
        ["东街村 2024 年监测户花名册", None, None, None, None, None, None],
        ["户主姓名", "成员信息", None, None, None, None, "联系电话"],
        [None, "姓名", "身份证号码", "与户主关系", "性别", "出生年月", None],
        ["邵表格", "邵表格", MAN, "户主", "男", "1972.04", "138 0000 1111"],
        ["邵表格", "邵小妹", GIRL, "之女", "女 ", datetime(2001, 2, 3), None],
        ["孔错号", "孔错号", WOMAN, "户主", "男", "1975年6月7日", "0318-123"],  # 性别 and 电话 wrong
        ["孔错号", "孔小宝", SON, "之子", "男", "2003-09-03", None],  # 出生日期 wrong
        ["孔错号", "孔小二", "13112220050101", "之子", "男", None, None],  # a short ID number
    ], merges=["A2:A3", "B2:F2", "G2:G3"])


def test_the_checks_of_a_cell_against_the_id_number() -> None:
    assert cleaning.sex_conflict("女", MAN) == "性别写的是女，身份证号第17位表示男。"
    assert cleaning.sex_conflict(" 男性", MAN) is None
    assert "应填“男”或“女”" in (cleaning.sex_conflict("未知", WOMAN) or "")
    assert cleaning.birth_conflict("1972.4", MAN) is None
    assert cleaning.birth_conflict(1972.04, MAN) is None
    assert cleaning.birth_conflict("197204", MAN) is None
    assert cleaning.birth_conflict("1972年4月5日", MAN) is None
    assert cleaning.birth_conflict(date(1972, 4, 5), MAN) is None
    assert cleaning.birth_conflict("1972-05-04", MAN) == "出生日期写的是1972-05-04，身份证号中的出生日期是1972-04-05。"
    assert "不是日期" in (cleaning.birth_conflict("四月", MAN) or "")
    for good in ("13800001111", "138 0000 1111", "+86 13800001111", "0318-1234567", "03181234567",
                 "010-12345678", "13800001111/0318-1234567", 13800001111.0):
        assert cleaning.phone(good), good
    for bad in ("12800001111", "1380000111", "1234567", "0318-123", "电话", "13800001111/123"):
        try:
            cleaning.phone(bad)
        except cleaning.CellError as error:
            assert "格式不对" in error.message
        else:
            raise AssertionError(bad)


def test_a_worker_roster_without_a_village_column_goes_to_the_worker_village(open_copy, tmp_path) -> None:
    worker = open_copy("worker")
    result = run(worker, _messy_roster(tmp_path / "花名册.xlsx"))  # no village given
    assert result.households() == {"added": 1, "updated": 0, "refused": 1}
    with worker.db.read() as session:
        [household] = session.scalars(select(Household))
    assert household.village_code == VILLAGE and household.head_name == "邵表格"
    assert any(note.startswith("表中没有“村”列，农户都归入本机的村：") and VILLAGE in note for note in result.notes)


def test_a_station_still_has_to_say_which_village(open_copy, tmp_path) -> None:
    county = open_copy("county")
    result = run(county, _messy_roster(tmp_path / "花名册.xlsx"), dry_run=True)
    assert result.households()["added"] == 0
    assert all("不知道这一户属于哪个村" in o.detail for o in result.outcomes if o.household == "邵表格")


def test_every_row_problem_of_a_refused_household_is_reported_in_one_pass(open_copy, tmp_path) -> None:
    result = run(open_copy("worker"), _messy_roster(tmp_path / "花名册.xlsx"), dry_run=True)
    refused = [(o.row, o.letter, o.detail) for o in result.refused_rows]
    by_row: dict[int, list[tuple[str, str]]] = {}
    for row, letter, detail in refused:
        by_row.setdefault(row, []).append((letter, detail))
    # Row 6: both the 性别 (E) and the phone (G), each with its own column.
    assert [letter for letter, _ in by_row[6]] == ["E", "G"]
    assert "性别写的是男，身份证号第17位表示女" in by_row[6][0][1]
    assert "电话“0318-123”格式不对" in by_row[6][1][1]
    # Row 7: the 出生年月 (F) with both dates shown; row 8: the ID number (C).
    [(letter, detail)] = by_row[7]
    assert letter == "F" and "出生日期写的是2003-09-03，身份证号中的出生日期是2003-09-30" in detail
    [(letter, detail)] = by_row[8]
    assert letter == "C" and "身份证号" in detail
    assert set(by_row) == {6, 7, 8}  # the good household's rows are not refused
    # The report to correct has each row's own problems, with its columns.
    [fix] = result.fix_sheets
    reasons = {row.row: (row.letter, row.reason) for row in fix.rows}
    assert reasons[6][0] == "E、G列" and "性别写的是男" in reasons[6][1] and "0318-123" in reasons[6][1]
    assert reasons[7][0] == "F列" and reasons[8][0] == "C列"


def test_one_round_of_fixes_is_enough(open_copy, tmp_path) -> None:
    worker = open_copy("worker")
    run(worker, _messy_roster(tmp_path / "花名册.xlsx"))
    fixed = workbook(tmp_path / "改正后.xlsx", [
        ["户主姓名", "姓名", "身份证号码", "与户主关系", "性别", "出生年月", "联系电话"],
        ["孔错号", "孔错号", WOMAN, "户主", "女", "1975年6月7日", "0318-1234567"],
        ["孔错号", "孔小宝", SON, "之子", "男", "2003-09-30", None],
        ["孔错号", "孔小二", make_id_number("131122", date(2005, 1, 1), 671), "之子", "男", None, None],
    ])
    result = run(worker, fixed)
    assert result.households() == {"added": 1, "updated": 0, "refused": 0}


def test_a_member_field_problem_on_two_rows_is_reported_on_both(open_copy, tmp_path) -> None:
    roster = workbook(tmp_path / "健康.xlsx", [
        ["户主姓名", "姓名", "身份证号码", "与户主关系", "健康状况"],
        ["孔错号", "孔错号", WOMAN, "户主", "很好很好"],
        ["孔错号", "孔小宝", SON, "之子", "不太行"],
    ])
    result = run(open_copy("worker"), roster, dry_run=True)
    details = {o.row: (o.letter, o.detail) for o in result.refused_rows}
    assert details[2][0] == "E" and "很好很好" in details[2][1]
    assert details[3][0] == "E" and "不太行" in details[3][1]


def test_cli_worker_imports_without_village_and_names_sheet_row_and_column(templates, tmp_path, monkeypatch,
                                                                            capsys) -> None:
    monkeypatch.setenv("FANGPIN_PASSWORD", PASSWORD)
    db = tmp_path / "worker.db"
    shutil.copy(templates["worker"], db)
    sheet = _messy_roster(tmp_path / "村.xlsx")
    assert main(["excel", "import", "--db", str(db), str(sheet)]) == 0
    out = capsys.readouterr().out
    assert "已导入" in out and "新增 1 户" in out and "拒绝 1 户" in out
    assert "村.xlsx 工作表“花名册”第 6 行 E列（成员信息/性别）" in out and "身份证号第17位表示女" in out
    assert "村.xlsx 工作表“花名册”第 6 行 G列（联系电话）" in out
    assert "说明：表中没有“村”列，农户都归入本机的村：" in out
    assert "村.xlsx 工作表“花名册”第 7 行 F列（成员信息/出生年月）" in out and "2003-09-30" in out
    # --village is still honoured and checked: another village is not in a worker's database.
    other = workbook(tmp_path / "另一户.xlsx", [["户主", "身份证号码"],
                                               ["王五", make_id_number("131122", date(1960, 1, 1), 11)]])
    code = main(["excel", "import", "--db", str(db), str(other), "--village", OTHER_VILLAGE])
    printed = capsys.readouterr()
    assert code != 0 and "131122100202" in printed.err and not printed.out


def test_a_sex_column_beside_the_assistance_person_is_theirs(open_copy, tmp_path) -> None:
    ledger = workbook(tmp_path / "帮扶.xlsx", [
        ["户主姓名", "身份证号码", "与户主关系", "帮扶责任人姓名", "性别", "帮扶责任人电话", "帮扶单位"],
        ["邵表格", MAN, "户主", "刘干部", "女", "139 0000 0001", "县农业农村局"],
    ])
    result = run(open_copy("worker"), ledger, dry_run=True)
    assert result.households() == {"added": 1, "updated": 0, "refused": 0}
