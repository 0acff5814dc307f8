"""The 打印 page: a document made off the UI thread for the current selection, then previewed."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.services.listing import HouseholdFilter, HouseholdListing
from app.services.printouts import DocumentKind
from app.ui import tasks
from app.ui.main_window import MainWindow
from app.ui.pdf_preview import PdfPreview
from app.ui.settings import Settings


@pytest.fixture
def previews(monkeypatch: pytest.MonkeyPatch) -> list[PdfPreview]:
    shown: list[PdfPreview] = []
    monkeypatch.setattr(PdfPreview, "exec", lambda preview: shown.append(preview) or 0)
    return shown


@pytest.fixture
def window(qtbot, demo_ctx, ui_app, messages) -> MainWindow:
    main = MainWindow(demo_ctx, Settings(database=demo_ctx.db.location))
    qtbot.addWidget(main)
    return main


def test_the_household_pages_card_button_prints_that_households_card(qtbot, window, demo_ctx, previews) -> None:
    household = HouseholdListing(demo_ctx).page(HouseholdFilter())[0]
    window.open_household(household.id)
    window.household.print_card.emit(household.id, household.head_name)
    page = window.printing
    assert window.stack.currentWidget() is window.printing_holder
    assert page.kind.currentData() == DocumentKind.CARD and page.household.isEnabled()
    page.make()
    qtbot.waitUntil(lambda: bool(previews), timeout=30000)
    preview = previews[0]
    assert preview.pdf.exists() and "共 1 页" in preview.pages_label.text()
    assert household.head_name in page.status.text()


def test_a_posting_list_needs_a_village(qtbot, window, previews, messages) -> None:
    page = window.printing
    page.kind.setCurrentIndex(page.kind.findData(DocumentKind.POSTING))
    county = page.area.findData("131122000000")
    page.area.setCurrentIndex(county)
    page.make()
    assert "请在“范围”中选择一个村" in messages.texts() and not previews
    page.area.setCurrentIndex(next(i for i in range(page.area.count()) if page.area.itemData(i) in page.villages))
    page.make()
    qtbot.waitUntil(lambda: bool(previews), timeout=30000)
    assert previews[0].pdf.stat().st_size > 0


def test_cancelling_a_card_batch_leaves_no_file(qtbot, window, demo_ctx, tmp_path: Path, monkeypatch) -> None:
    from app.ui.pages import printing_page

    page = window.printing
    page.kind.setCurrentIndex(page.kind.findData(DocumentKind.CARDS))
    page.folder.setChecked(True)
    folder = tmp_path / "cards"
    folder.mkdir()
    monkeypatch.setattr(printing_page.QFileDialog, "getExistingDirectory", lambda *_args: str(folder))
    started: list[tasks.Task] = []
    original = tasks.start_with_progress

    def start_and_cancel(*args, **kwargs):
        task = original(*args, **kwargs)
        task.cancel()
        started.append(task)
        return task

    monkeypatch.setattr(printing_page.tasks, "start_with_progress", start_and_cancel)
    page.make()
    qtbot.waitUntil(lambda: "已取消" in page.status.text(), timeout=30000)
    assert list(folder.iterdir()) == []


def test_a_ledger_is_exported_to_excel_from_the_printing_page(qtbot, window, tmp_path: Path, monkeypatch) -> None:
    from openpyxl import load_workbook

    from app.ui.pages import printing_page

    page = window.printing
    target = tmp_path / "花名册.xlsx"
    monkeypatch.setattr(printing_page.QFileDialog, "getSaveFileName", lambda *_args: (str(target), ""))
    page.ledger.setCurrentIndex(page.ledger.findData("roster"))
    page.export_ledger()
    qtbot.waitUntil(lambda: "已导出" in page.status.text(), timeout=30000)
    sheet = load_workbook(target).active
    assert "花名册" in str(sheet.cell(1, 1).value)


def test_any_list_exports_its_rows_as_shown(qtbot, window, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    from app.ui.table_export import write_table

    window.navigation.setCurrentRow(4)
    rows = write_table(window.warnings.table, tmp_path / "预警.xlsx", "风险预警")
    sheet = load_workbook(tmp_path / "预警.xlsx").active
    assert rows == window.warnings.model.rowCount() and sheet.max_row == rows + 2
    assert [cell.value for cell in sheet[2]][:3] == ["村", "户主", "预警"]
