"""正式导入 asks first, with the dry run's counts; once imported the wizard offers only 完成 and 打开报告;
a grid worker's own village is preselected."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from openpyxl import Workbook
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QWizard

from app.domain.idnumber import make_id_number
from app.services.search import SearchService
from app.ui import import_wizard
from app.ui.excel_import import ExcelImportWizard
from tests.conftest import VILLAGE


def _roster(path: Path) -> str:
    good = make_id_number("131122", date(1972, 4, 5), 611)
    book = Workbook()
    sheet = book.active
    sheet.title = "花名册"
    sheet.append(["户主姓名", "姓名", "身份证号码", "与户主关系", "性别", "联系电话"])
    sheet.append(["邵表格", "邵表格", good, "户主", "男", "13800001111"])
    sheet.append(["孔错号", "孔错号", make_id_number("131122", date(1975, 6, 7), 622), "户主", "男", None])
    book.save(path)
    return good


def _to_preview(qtbot, wizard: ExcelImportWizard, path: Path) -> None:
    wizard.file_page.path.setText(str(path))
    wizard.file_page.village.setCurrentIndex(wizard.file_page.village.findData(VILLAGE))
    wizard.next()
    qtbot.waitUntil(lambda: wizard.currentId() == ExcelImportWizard.MAPPING, timeout=20000)
    wizard.next()
    qtbot.waitUntil(lambda: wizard.currentId() == ExcelImportWizard.PREVIEW, timeout=20000)


def _answer(wizard: ExcelImportWizard, button: str, seen: list[str]) -> None:
    """Answer the confirmation once it is shown (it runs its own event loop)."""
    def click() -> None:
        box = wizard.confirmation
        if box is None or not box.isVisible():
            QTimer.singleShot(20, click)
            return
        seen.append(box.text())
        next(b for b in box.buttons() if b.text() == button).click()
    QTimer.singleShot(0, click)


def test_the_import_is_confirmed_with_the_counts_then_only_finish_and_report_remain(
        qtbot, demo_ctx, ui_app, tmp_path: Path, monkeypatch) -> None:
    good = _roster(tmp_path / "花名册.xlsx")
    wizard = ExcelImportWizard(demo_ctx)
    qtbot.addWidget(wizard)
    wizard.show()
    _to_preview(qtbot, wizard, tmp_path / "花名册.xlsx")
    assert wizard.button(QWizard.WizardButton.NextButton).text() == "正式导入"

    seen: list[str] = []
    _answer(wizard, "取消", seen)  # 取消: nothing written, still on the dry run
    wizard.next()
    assert seen == ["将新增 1 户、更新 0 户、未变 0 户、拒绝 1 户。确定正式导入吗？"]
    assert wizard.currentId() == ExcelImportWizard.PREVIEW and wizard.confirmation is None
    assert not SearchService(demo_ctx).search(good)

    _answer(wizard, "正式导入", seen)
    wizard.next()
    qtbot.waitUntil(lambda: wizard.currentId() == ExcelImportWizard.DONE, timeout=20000)
    assert len(seen) == 2
    assert wizard.applied.households() == {"added": 1, "updated": 0, "refused": 1}
    assert SearchService(demo_ctx).search(good)

    shown = {which: wizard.button(which) for which in (
        QWizard.WizardButton.BackButton, QWizard.WizardButton.NextButton, QWizard.WizardButton.CommitButton,
        QWizard.WizardButton.CancelButton, QWizard.WizardButton.FinishButton, QWizard.WizardButton.CustomButton1)}
    usable = {which: b.text().replace("(&F)", "").replace("&", "") for which, b in shown.items()
              if b.isVisible() and b.isEnabled()}
    assert usable == {QWizard.WizardButton.FinishButton: "完成", QWizard.WizardButton.CustomButton1: "打开报告"}

    # 打开报告 saves the report where the user says and opens it.
    report = tmp_path / "导入报告.xlsx"
    opened: list[str] = []
    monkeypatch.setattr(import_wizard.QFileDialog, "getSaveFileName",
                        staticmethod(lambda *_args, **_kwargs: (str(report), "")))
    monkeypatch.setattr(import_wizard.QDesktopServices, "openUrl", staticmethod(lambda url: opened.append(url)))
    shown[QWizard.WizardButton.CustomButton1].click()
    assert report.is_file() and opened and opened[0].toLocalFile() == str(report)

    shown[QWizard.WizardButton.FinishButton].click()
    assert not wizard.isVisible()


def test_a_grid_worker_sees_the_own_village_preselected(qtbot, open_copy, ui_app) -> None:
    worker = open_copy("worker")
    wizard = ExcelImportWizard(worker)
    qtbot.addWidget(wizard)
    assert wizard.file_page.village.currentData() == VILLAGE
