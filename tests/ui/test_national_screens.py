"""文件 → 从全国系统导入 and 文件 → 全国系统待录入 (issue 22): the wizard checks, asks with the counts
and imports in one go; the entries screen lists what is pending by kind, exports it and marks what
the clerk confirms — through the same use cases as the CLI."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QWizard
from sqlalchemy import select

from app.services.context import ServiceContext
from app.services.national.export import NationalExportService
from app.store.models import Measure, MonitoringCase
from app.ui.dialogs.national_entries import NationalEntriesDialog
from app.ui.dialogs.national_import import NationalImportWizard
from app.ui.main_window import MainWindow
from app.ui.settings import Settings
from tests.conftest import VILLAGE, People
from tests.national.test_national_export import monitored
from tests.national.test_national_import import national_sheet
from tests.ui.test_excel_import_confirm import _answer

SCREEN = (1024, 768)


def _national_file(path: Path, people: People) -> Path:
    head, wife = people.id_number(date(1968, 2, 2)), people.id_number(date(1970, 3, 3), male=False)
    return national_sheet(path, [
        [int(VILLAGE), "1311221002010001", "赵大山", "脱贫户", "P001", "赵大山", head, "户主",
         "脱贫不稳定户", "因病；因残", "2025-03-10", "否", None, None, "",
         "大病保险（2025-04-01起，3000元）；家庭医生签约"],
        [int(VILLAGE), "1311221002010001", "赵大山", "脱贫户", "P002", "钱小花", wife, "配偶"],
        [int(VILLAGE), "1311221002010002", "孙二", "一般农户", "P003", "孙二", 131122197001011234, "户主",
         "边缘易致贫户", "因病", "2026-05-01", "否"],
    ])


def _cases(ctx: ServiceContext) -> list[MonitoringCase]:
    with ctx.db.read() as session:
        return list(session.scalars(select(MonitoringCase)))


def test_the_wizard_dry_runs_asks_with_the_counts_and_imports(qtbot, ctx: ServiceContext, people: People, ui_app,
                                                              tmp_path: Path, monkeypatch) -> None:
    wizard = NationalImportWizard(ctx)
    qtbot.addWidget(wizard)
    wizard.resize(*SCREEN)
    wizard.show()
    # Not a national file: said on the first page, in Chinese, nothing written.
    other = tmp_path / "其他.xlsx"
    book = openpyxl.Workbook()
    book.active.append(["姓名", "电话"])
    book.save(other)
    wizard.file_page.file.edit.setText(str(other))
    wizard.next()
    qtbot.waitUntil(lambda: bool(wizard.file_page.problem.text()), timeout=20000)
    assert "找不到证件号码列" in wizard.file_page.problem.text()
    assert wizard.currentId() == NationalImportWizard.FILE

    wizard.file_page.file.edit.setText(str(_national_file(tmp_path / "全国.xlsx", people)))
    wizard.next()
    qtbot.waitUntil(lambda: wizard.currentId() == NationalImportWizard.PREVIEW, timeout=20000)
    summary = wizard.preview_page.summary.text()
    assert "将新增 1 户" in summary and "拒绝 1 户" in summary
    assert "将导入监测记录 1 条、帮扶措施 2 项" in summary
    assert wizard.preview_page.model.rowCount() >= 2  # the row-by-row report, the refused row with its reason
    assert wizard.button(QWizard.WizardButton.NextButton).text() == "正式导入"
    wizard.grab().save(str(tmp_path / "national_import_1024x768.png"))

    seen: list[str] = []
    _answer(wizard, "取消", seen)
    wizard.next()
    assert seen == ["将新增 1 户、更新 0 户、未变 0 户、拒绝 1 户；监测记录 1 条、帮扶措施 2 项。确定正式导入吗？"]
    assert wizard.currentId() == NationalImportWizard.PREVIEW and _cases(ctx) == []

    _answer(wizard, "正式导入", seen)
    wizard.next()
    qtbot.waitUntil(lambda: wizard.currentId() == NationalImportWizard.DONE, timeout=20000)
    assert "监测记录 1 条、帮扶措施 2 项作为历史导入" in wizard.done_page.summary.text()
    assert [(c.category, c.identified_on) for c in _cases(ctx)] == [("脱贫不稳定户", date(2025, 3, 10))]
    with ctx.db.read() as session:
        measures = {(m.item, m.start_date, int(m.amount)) for m in session.scalars(select(Measure))}
    assert ("大病保险", date(2025, 4, 1), 3000) in measures
    # Imported from the national system: nothing of it is pending there.
    assert NationalExportService(ctx).pending() == []

    usable = {b.text().replace("&", "") for which in (
        QWizard.WizardButton.BackButton, QWizard.WizardButton.NextButton, QWizard.WizardButton.CancelButton,
        QWizard.WizardButton.FinishButton, QWizard.WizardButton.CustomButton1)
        if (b := wizard.button(which)).isVisible() and b.isEnabled()}
    assert usable == {"打开报告", wizard.button(QWizard.WizardButton.FinishButton).text().replace("&", "")}
    report = tmp_path / "报告.xlsx"
    opened: list[str] = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *_a, **_k: (str(report), "")))
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(lambda url: opened.append(url.toLocalFile())))
    wizard.button(QWizard.WizardButton.CustomButton1).click()
    assert opened == [str(report)] and "逐行结果" in openpyxl.load_workbook(report).sheetnames


def test_pending_rows_by_kind_exported_and_marked_when_confirmed(qtbot, ctx: ServiceContext, people: People,
                                                                 ui_app, messages, tmp_path: Path,
                                                                 monkeypatch) -> None:
    monitored(ctx, people, "张建国")
    dialog = NationalEntriesDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.resize(*SCREEN)
    dialog.show()
    assert dialog.count.text() == "待录入 4 项，涉及 1 户"  # identification, two measures, the income
    assert {dialog.model.item(r, 2).text() for r in range(dialog.model.rowCount())} == {
        "新识别", "帮扶措施", "年度收入"}
    dialog.grab().save(str(tmp_path / "national_entries_1024x768.png"))
    dialog.kind.setCurrentIndex(dialog.kind.findText("帮扶措施"))
    assert dialog.model.rowCount() == 2
    assert dialog.model.item(0, 4).text() == "就业帮扶 · 护林员（2026-10-01起，6000元）"

    out = tmp_path / "待录入.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *_a, **_k: (str(out), "")))
    dialog.export_pending()
    qtbot.waitUntil(lambda: "已导出 1 户" in messages.texts(), timeout=20000)
    assert out.is_file()

    # Nothing selected: said, nothing marked. A refused confirmation marks nothing either.
    dialog.mark_selected()
    assert "请先选中" in dialog.message.text()
    dialog.table.selectRow(0)
    messages.confirm = False
    dialog.mark_selected()
    assert len(NationalExportService(ctx).pending()) == 4
    messages.confirm = True
    dialog.mark_selected()
    assert "确认这 1 项（1 户）已在全国系统录入" in messages.texts()
    assert dialog.message.text() == "已标记 1 项为已录入全国系统。"
    assert dialog.model.rowCount() == 1 and len(NationalExportService(ctx).pending()) == 3

    since = tmp_path / "以来.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *_a, **_k: (str(since), "")))
    dialog.since.setValue(date(2026, 10, 3))
    dialog.export_since()
    qtbot.waitUntil(since.is_file, timeout=20000)

    dialog.kind.setCurrentIndex(0)
    dialog.table.selectAll()
    dialog.mark_selected()
    assert dialog.count.text() == "待录入 0 项，涉及 0 户" and NationalExportService(ctx).pending() == []


def test_a_row_changed_after_it_was_listed_stays_pending(qtbot, ctx: ServiceContext, people: People, ui_app,
                                                         messages) -> None:
    """The clerk checked what the screen showed; a measure changed since is not marked with it."""
    from app.services.measures import MeasureService

    monitored(ctx, people, "张建国")
    dialog = NationalEntriesDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.kind.setCurrentIndex(dialog.kind.findText("帮扶措施"))
    with ctx.db.read() as session:
        guard = session.scalars(select(Measure).where(Measure.item == "护林员")).one()
    MeasureService(ctx).update(guard.id, {"amount": "7200"})
    dialog.table.selectAll()
    dialog.mark_selected()
    assert dialog.message.text() == ("已标记 1 项为已录入全国系统。"
                                     "另有 1 项在列出后又有变化，仍为待录入，请核对后再标记。")
    assert [r.what for r in dialog.shown] == ["就业帮扶 · 护林员（2026-10-01起，7200元）"]


@pytest.mark.parametrize("title", ["从全国系统导入…", "全国系统待录入…"])
def test_both_are_on_the_file_menu(qtbot, demo_ctx, ui_app, messages, title: str) -> None:
    window = MainWindow(demo_ctx, Settings(database=demo_ctx.db.location))
    qtbot.addWidget(window)
    file_menu = window.menuBar().actions()[0].menu()
    assert title in [a.text() for a in file_menu.actions()]


def test_the_warnings_page_shows_the_list_a_warning_came_from(qtbot, ctx: ServiceContext, people: People,
                                                              ui_app, tmp_path: Path) -> None:
    from app.services.departments import DepartmentImportService
    from app.ui.pages.warnings import WarningsPage
    from tests.national.test_department_import import county_template, education_list, student_household

    _household, student = student_household(ctx, people)
    DepartmentImportService(ctx).run(education_list(tmp_path, student, people), source="教育",
                                     template=county_template(tmp_path, 5000))
    page = WarningsPage(ctx)
    qtbot.addWidget(page)
    page.refresh()
    header = [page.model.headerData(c, Qt.Orientation.Horizontal) for c in range(page.model.columnCount())]
    shown = {page.model.item(r, header.index("来源")).text() for r in range(page.model.rowCount())}
    assert "教育部门名单（2026-11-01）" in shown


def test_the_households_pages_export_lists_every_household(qtbot, demo_ctx, ui_app, messages, tmp_path: Path,
                                                           monkeypatch) -> None:
    """The page lists every household, so its export is the 农户花名册, not the monitoring objects' roster."""
    from app.services.excel import LedgerExporter
    from app.ui.pages.households import HouseholdsPage

    out = tmp_path / "农户.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *_a, **_k: (str(out), "")))
    page = HouseholdsPage(demo_ctx)
    qtbot.addWidget(page)
    page.export_roster()
    qtbot.waitUntil(lambda: "已导出" in messages.texts(), timeout=30000)
    assert openpyxl.load_workbook(out).active["A1"].value.endswith("农户花名册")
    everyone = LedgerExporter(demo_ctx).export("households", tmp_path / "all.xlsx")
    monitored_only = LedgerExporter(demo_ctx).export("roster", tmp_path / "roster.xlsx")
    assert f"已导出 {everyone} 行" in messages.texts() and monitored_only < everyone
