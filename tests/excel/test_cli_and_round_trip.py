from __future__ import annotations

import json
import shutil
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import select

from app.cli import main
from app.services.demo import DemoService
from app.services.setup import open_context
from app.store.models import Household, Member
from tests.conftest import PASSWORD, VILLAGE
from tests.excel.conftest import ids, workbook

HOUSEHOLD_FIELDS = ("village_code", "group_name", "address", "household_number", "household_type", "phone",
                    "head_name", "member_count")
MEMBER_FIELDS = ("name", "id_number", "relation", "sex", "birth_date", "ethnicity", "health", "labour_skill",
                 "education", "school_stage", "migrant_work_place", "migrant_work_months", "social_assistance")


def _copy(templates: dict[str, Path], tmp_path: Path, name: str) -> Path:
    path = tmp_path / name
    shutil.copy(templates["county"], path)
    return path


def _snapshot(path: Path) -> tuple[set[tuple], set[tuple]]:
    ctx = open_context(path, PASSWORD)
    try:
        with ctx.db.read() as session:
            households = {h.id: h for h in session.scalars(select(Household).where(Household.deleted == False))}  # noqa: E712
            members = session.scalars(select(Member).where(Member.deleted == False)).all()  # noqa: E712
            numbers = {i: h.household_number for i, h in households.items()}
            return ({tuple(str(getattr(h, f)) for f in HOUSEHOLD_FIELDS) for h in households.values()},
                    {(numbers[m.household_id], *(str(getattr(m, f)) for f in MEMBER_FIELDS)) for m in members})
    finally:
        ctx.db.close()


@pytest.fixture
def demo_db(templates, tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("FANGPIN_PASSWORD", PASSWORD)
    path = _copy(templates, tmp_path, "demo.db")
    ctx = open_context(path, PASSWORD)
    try:
        DemoService(ctx).generate(households=40, seed=7)
    finally:
        ctx.db.close()
    return path


def test_roster_export_then_import_into_an_empty_database_gives_the_same_households(
        demo_db, templates, tmp_path, capsys) -> None:
    roster = tmp_path / "花名册.xlsx"
    assert main(["excel", "export", "--db", str(demo_db), "--ledger", "农户花名册", "--out", str(roster)]) == 0
    empty = _copy(templates, tmp_path, "empty.db")
    capsys.readouterr()
    assert main(["excel", "import", "--db", str(empty), str(roster), "--json"]) == 0
    counts = json.loads(capsys.readouterr().out)
    households, members = _snapshot(demo_db)
    assert counts == {"added": len(households), "updated": 0, "unchanged": 0, "refused": 0}
    assert _snapshot(empty) == (households, members)
    assert main(["excel", "import", "--db", str(empty), str(roster), "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"added": 0, "updated": 0, "unchanged": len(households),
                                                   "refused": 0}


def test_exported_ledger_layout(demo_db, tmp_path) -> None:
    out = tmp_path / "roster.xlsx"
    assert main(["excel", "export", "--db", str(demo_db), "--ledger", "roster", "--village", VILLAGE,
                 "--out", str(out)]) == 0
    sheet = openpyxl.load_workbook(out).active
    assert sheet["A1"].value.endswith("防止返贫监测对象花名册")
    merged = {str(r) for r in sheet.merged_cells.ranges}
    # 户基本信息 B–L, 监测信息 M–T, 家庭成员信息 U–AG.
    assert {"A3:A4", "B3:L3", "M3:T3", "U3:AG3"} <= merged and any(r.startswith("A1:") for r in merged)
    assert sheet.freeze_panes == "A5"
    assert sheet.print_title_rows == "$3:$4"
    assert sheet.page_setup.orientation == "landscape" and int(sheet.page_setup.paperSize) == 9
    assert sheet.page_setup.fitToWidth == 1 and sheet.sheet_properties.pageSetUpPr.fitToPage
    id_column = next(c.column_letter for c in sheet[4] if c.value == "身份证号")
    cell = sheet[f"{id_column}5"]
    assert (cell.data_type, cell.number_format, len(str(cell.value))) == ("s", "@", 18), (id_column, cell.value)
    assert sheet.column_dimensions[id_column].width == 20
    villages = {row[2] for row in sheet.iter_rows(min_row=5, values_only=True)}
    assert len(villages) == 1


@pytest.mark.parametrize("ledger", ["帮扶责任人台账", "measures", "走访记录", "warnings", "月分析", "posting"])
def test_every_ledger_exports(demo_db, tmp_path, ledger) -> None:
    out = tmp_path / "ledger.xlsx"
    assert main(["excel", "export", "--db", str(demo_db), "--ledger", ledger, "--out", str(out)]) == 0
    book = openpyxl.load_workbook(out)
    assert book.worksheets[0]["A1"].value


def test_only_the_posting_list_may_be_exported_for_posting(demo_db, tmp_path, capsys) -> None:
    full, posted = tmp_path / "full.xlsx", tmp_path / "posted.xlsx"
    assert main(["excel", "export", "--db", str(demo_db), "--ledger", "helpers", "--out", str(full)]) == 0
    column = 6  # 户主身份证号: full for officials
    full_ids = [r[column - 1] for r in openpyxl.load_workbook(full).active.iter_rows(min_row=5, values_only=True)]
    assert full_ids and all(len(i) == 18 and "*" not in i for i in full_ids)
    for ledger in ("helpers", "roster"):
        assert main(["excel", "export", "--db", str(demo_db), "--ledger", ledger, "--posting",
                     "--out", str(posted)]) != 0
        assert "不能用于张贴公示" in capsys.readouterr().err and not posted.exists()
    assert main(["excel", "export", "--db", str(demo_db), "--ledger", "posting", "--posting",
                 "--out", str(posted)]) == 0
    titles = [c.value for c in openpyxl.load_workbook(posted).active[3]]
    assert titles == ["序号", "乡镇/村", "村民小组", "户主", "公示事项", "监测类别/消除方式", "公示期"]


def test_cli_import_dry_run_report_and_errors(templates, tmp_path, monkeypatch, capsys) -> None:
    monkeypatch.setenv("FANGPIN_PASSWORD", PASSWORD)
    db = _copy(templates, tmp_path, "cli.db")
    a = ids(1)[0]
    sheet = workbook(tmp_path / "村.xlsx", [["户主", "身份证号码"], ["张三", a], ["李四", 1.30102199001011E+17]])
    report = tmp_path / "报告.xlsx"
    assert main(["excel", "import", "--db", str(db), str(sheet), "--village", VILLAGE, "--dry-run",
                 "--report", str(report)]) == 0
    out = capsys.readouterr().out
    assert "试导入" in out and "新增 1 户" in out and "拒绝 1 户" in out
    assert "村.xlsx 工作表“花名册”第 3 行 B列（身份证号码）" in out
    assert openpyxl.load_workbook(report).sheetnames[:2] == ["导入概况", "逐行结果"]
    assert _snapshot(db) == (set(), set())
    mapping = tmp_path / "映射.json"
    assert main(["excel", "import", "--db", str(db), str(sheet), "--village", VILLAGE, "--json",
                 "--save-mapping", str(mapping)]) == 0
    assert json.loads(capsys.readouterr().out) == {"added": 1, "updated": 0, "unchanged": 0, "refused": 1}
    assert json.loads(mapping.read_text(encoding="utf-8"))["columns"]["户主"] == "member.name"
    assert main(["excel", "import", "--db", str(db), str(sheet), "--mapping", str(mapping), "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"added": 0, "updated": 0, "unchanged": 1, "refused": 1}
    assert main(["excel", "import", "--db", str(db), str(tmp_path / "没有.xlsx")]) == 2
    assert "找不到文件" in capsys.readouterr().err
    assert main(["excel", "export", "--db", str(db), "--ledger", "不存在", "--out", str(tmp_path / "x.xlsx")]) == 2
    assert "没有“不存在”这种台账" in capsys.readouterr().err


@pytest.mark.parametrize("ledger", ["roster", "helpers"])
def test_an_exported_ledger_imported_again_changes_nothing(demo_db, tmp_path, capsys, ledger) -> None:
    out = tmp_path / f"{ledger}.xlsx"
    assert main(["excel", "export", "--db", str(demo_db), "--ledger", ledger, "--out", str(out)]) == 0
    capsys.readouterr()
    assert main(["excel", "import", "--db", str(demo_db), str(out), "--dry-run", "--json"]) == 0
    sheet = openpyxl.load_workbook(out).active
    column = next(c.column - 1 for c in sheet[4] if c.value == "户编号")
    households = {row[column] for row in sheet.iter_rows(min_row=5, values_only=True)}
    assert json.loads(capsys.readouterr().out) == {"added": 0, "updated": 0, "unchanged": len(households),
                                                   "refused": 0}
