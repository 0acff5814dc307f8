"""The import wizard: file, mapping, dry run with a refused row, then the import in one go."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from openpyxl import Workbook
from PySide6.QtCore import QTimer

from app.domain.idnumber import make_id_number
from app.services.search import SearchService
from app.ui.excel_import import ExcelImportWizard
from app.ui.import_wizard import SKIPPED_COLOUR
from tests.conftest import VILLAGE


def _roster(path: Path) -> tuple[str, str]:
    good = make_id_number("131122", date(1972, 4, 5), 611)
    bad = make_id_number("131122", date(1975, 6, 7), 613)[:-1] + "0"
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "花名册"
    sheet.append(["姚集村监测户花名册"])
    sheet.append(["户主姓名", "姓名", "身份证号码", "与户主关系", "村民小组"])
    sheet.append(["邵表格", "邵表格", good, "户主", "3组"])
    sheet.append(["邵表格", "邵小妹", make_id_number("131122", date(2001, 2, 3), 622), "之女", "3组"])
    sheet.append(["邵表格", "邵小宝", None, "之子", "3组"])  # a newborn without an ID number yet
    sheet.append(["孔错号", "孔错号", bad, "户主", "4组"])
    workbook.save(path)
    return good, bad


def test_the_wizard_imports_a_roster_after_showing_the_refused_row(qtbot, demo_ctx, ui_app, tmp_path: Path) -> None:
    path = tmp_path / "花名册.xlsx"
    good, _bad = _roster(path)
    wizard = ExcelImportWizard(demo_ctx)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.file_page.path.setText(str(path))
    wizard.file_page.village.setCurrentIndex(wizard.file_page.village.findData(VILLAGE))
    wizard.next()
    qtbot.waitUntil(lambda: wizard.currentId() == ExcelImportWizard.MAPPING, timeout=20000)
    assert wizard.mapping_page.boxes["花名册", "C"].currentData() == "member.id_number"
    wizard.next()
    qtbot.waitUntil(lambda: wizard.currentId() == ExcelImportWizard.PREVIEW, timeout=20000)
    assert wizard.preview.households() == {"added": 1, "updated": 0, "refused": 1}
    assert "将新增 1 户" in wizard.preview_page.summary.text()
    assert "另有 1 名成员缺少身份证号" in wizard.preview_page.summary.text()
    refused = [wizard.preview_page.model.item(row, 5).text() for row in range(wizard.preview_page.model.rowCount())
               if wizard.preview_page.model.item(row, 2).text() == "拒绝"]
    assert refused and any("校验" in text for text in refused)
    model = wizard.preview_page.model
    [left_out] = [row for row in range(model.rowCount()) if model.item(row, 2).text() == "未导入该成员"]
    assert model.item(left_out, 1).text() == "5" and "缺少身份证号" in model.item(left_out, 5).text()
    assert model.item(left_out, 0).background().color() == SKIPPED_COLOUR
    assert not SearchService(demo_ctx).search(good)  # a dry run writes nothing
    QTimer.singleShot(0, lambda: wizard.confirmation and next(
        b for b in wizard.confirmation.buttons() if b.text() == "正式导入").click())
    wizard.next()  # 正式导入, confirmed
    qtbot.waitUntil(lambda: wizard.currentId() == ExcelImportWizard.DONE, timeout=20000)
    assert wizard.applied.households() == {"added": 1, "updated": 0, "refused": 1}
    [row] = SearchService(demo_ctx).search(good)
    assert row.head_name == "邵表格" and row.member_count == 2
