"""No live formulas from data (issue 18): a value that a spreadsheet would take for a formula
(OWASP's list: = + - @ tab carriage return first) reaches every Excel writer — the ledgers, the
import report and the right-click 导出为 Excel — through a worker's bundle or an imported roster,
and comes out as a text cell, never a formula."""

from __future__ import annotations

import re
import zipfile
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import select

from app.excel.rawxlsx import RawSheet, write_xlsx
from app.services.context import ServiceContext
from app.services.excel import LedgerExporter
from app.services.excel.ledgers import LEDGERS
from app.services.households import HouseholdService
from app.store.models import Household, Member
from tests.conftest import VILLAGE
from tests.excel.conftest import ids, run
from tests.sync.conftest import Courier, enroll

HOSTILE = ('=HYPERLINK("http://x","点我")', "@SUM(A1)", "+1-2", "-3+4", "\t=1+1", "\r=2+2")
FORMULA_ELEMENT = re.compile(rb"<(?:\w+:)?f[\s>/]")


def _assert_no_formula(path: Path, expected: tuple[str, ...] = ()) -> set[str]:
    """No <f> element in any sheet's XML and no cell openpyxl reads as a formula; returns every
    text value, so the caller can check the hostile values are there, as text."""
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                assert not FORMULA_ELEMENT.search(archive.read(name)), f"{path.name}:{name} has a formula"
    texts: set[str] = set()
    book = openpyxl.load_workbook(path)
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{path.name}!{sheet.title}!{cell.coordinate}: {cell.value!r}"
                if isinstance(cell.value, str):
                    texts.add(cell.value)
                    if cell.value.startswith(("=", "+", "-", "@", "\t", "\r")):
                        # quote-prefixed: Excel shows it as text and keeps it text when edited
                        assert cell.quotePrefix, f"{path.name}!{sheet.title}!{cell.coordinate}"
    for value in expected:
        assert any(value in text for text in texts), f"{value!r} not in {path.name}"
    return texts


def _export_everything(ctx: ServiceContext, folder: Path) -> list[Path]:
    paths = []
    for kind in LEDGERS:
        out = folder / f"{kind.key}.xlsx"
        LedgerExporter(ctx).export(kind.key, out)
        paths.append(out)
    return paths


def test_the_raw_writer_keeps_formula_like_text_as_text_and_numbers_as_numbers(tmp_path: Path) -> None:
    out = tmp_path / "raw.xlsx"
    write_xlsx(out, [RawSheet("表", iter([(0, [*HOSTILE, -3, -2.5, "普通"]), ([6, 7, 8], list(HOSTILE[:3]))]))])
    _assert_no_formula(out, HOSTILE)
    sheet = openpyxl.load_workbook(out).active
    assert [sheet.cell(1, c).value for c in (7, 8, 9)] == [-3, -2.5, "普通"]
    assert sheet.cell(1, 7).data_type == "n" and not sheet.cell(1, 9).quotePrefix
    assert sheet.cell(2, 2).quotePrefix and sheet.cell(2, 2).border.left.style == "thin"  # keeps its own style


def test_values_from_a_workers_bundle_come_out_as_text_in_every_ledger(
        open_copy, people, tmp_path: Path) -> None:
    worker, township = open_copy("worker"), open_copy("township")
    enroll(worker, township, tmp_path)
    household = HouseholdService(worker).create(
        {"village_code": VILLAGE, "address": HOSTILE[1], "note": HOSTILE[0], "group_name": HOSTILE[2]},
        [people.member(HOSTILE[3], birth=date(1960, 1, 1)),
         people.member("=1+1", "配偶", birth=date(1962, 1, 1), male=False)])
    # A modified client sends what its own forms would refuse; the bundle's column checks let text through.
    with worker.db.write(worker.actor) as session:
        session.get(Household, household.id).phone = HOSTILE[0]
        head = session.scalars(select(Member).where(Member.household_id == household.id,
                                                    Member.relation == "户主")).one()
        head.migrant_work_place = HOSTILE[4]
    summary = Courier(tmp_path).up(worker, township)
    assert summary.quarantined == []
    for path in _export_everything(township, tmp_path):
        expected = (HOSTILE[0], HOSTILE[1], HOSTILE[3], "=1+1") if path.stem == "households" else ()
        _assert_no_formula(path, expected)


def test_values_from_an_imported_roster_come_out_as_text_in_the_report_and_ledgers(
        ctx: ServiceContext, xlsx, tmp_path: Path) -> None:
    a, b, c = ids(3)
    source = xlsx("roster.xlsx", [
        ["村代码", "户编号", "户主姓名", "姓名", "与户主关系", "身份证号", "联系电话", "住址", "村民小组"],
        [VILLAGE, "001", HOSTILE[3], HOSTILE[3], "户主", a, None, HOSTILE[1], HOSTILE[2]],
        [VILLAGE, "001", HOSTILE[3], "@李秀英", "配偶", b, None, None, None],
        # refused (a phone is digits): the row goes to the report's 需修改 sheet as it came
        [VILLAGE, "002", "王立", "王立", "户主", c, HOSTILE[0], "+86 村西", None],
    ])
    book = openpyxl.load_workbook(source)
    for cell in ("D2", "G4"):  # text that looks like a formula, as a roster typed with a quote holds it
        book.active[cell].data_type = "s"
    book.save(source)
    result = run(ctx, source)
    assert result.households()["added"] == 1 and result.households()["refused"] == 1
    report = tmp_path / "报告.xlsx"
    from app.services.excel import ExcelImportService
    ExcelImportService(ctx).write_report(result, report)
    _assert_no_formula(report, (HOSTILE[0], "+86 村西"))
    for path in _export_everything(ctx, tmp_path):
        _assert_no_formula(path, (HOSTILE[3], HOSTILE[1], "@李秀英") if path.stem == "households" else ())


@pytest.mark.parametrize("value", [*HOSTILE, "-5"])
def test_the_table_export_writes_formula_like_text_as_text(qtbot, tmp_path: Path, value: str) -> None:
    from PySide6.QtGui import QStandardItem, QStandardItemModel
    from PySide6.QtWidgets import QTableView

    from app.ui.table_export import write_table

    model = QStandardItemModel(0, 3)
    model.setHorizontalHeaderLabels(["姓名", "电话", "金额"])
    number = QStandardItem()
    number.setData(-3, 0)  # a real negative number: stays a number
    model.appendRow([QStandardItem("张三"), QStandardItem(value), number])
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    out = tmp_path / "table.xlsx"
    assert write_table(view, out, "农户") == 1
    shown = value.replace("\r", "\n")  # openpyxl writes a carriage return raw: it reads back as a line feed
    _assert_no_formula(out, (shown,))
    sheet = openpyxl.load_workbook(out).active
    assert sheet.cell(3, 2).value == shown and sheet.cell(3, 2).data_type == "s"
    assert sheet.cell(3, 3).value == -3 and sheet.cell(3, 3).data_type == "n"
