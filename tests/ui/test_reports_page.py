"""The 报表 page: choose a report, period and scope, compute off the UI thread, see the figures
and the QtCharts charts, export the shown report as PDF and Excel."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from pypdf import PdfReader
from PySide6.QtCharts import QBarSeries, QHorizontalBarSeries
from PySide6.QtWidgets import QFileDialog

from app.services.reports import ReportKind, ReportService, key_figures
from app.ui.main_window import MainWindow
from app.ui.settings import Settings

TOWNSHIP = "131122100000"


@pytest.fixture
def window(qtbot, demo_ctx, ui_app, messages) -> MainWindow:
    main = MainWindow(demo_ctx, Settings(database=demo_ctx.db.location))
    qtbot.addWidget(main)
    return main


def _open(window: MainWindow):
    row = next(r for r, (_title, page) in enumerate(window.pages) if page is window.reports_holder)
    window.navigation.setCurrentRow(row)
    assert window.navigation.item(row).text() == "报表"
    return window.reports


def _choose(page, kind: ReportKind, year: int, part: str | None, scope: str) -> None:
    page.kind.setCurrentIndex(page.kind.findData(kind.value))
    page.year.setValue(year)
    if part is not None:
        page.part.setCurrentIndex(page.part.findData(part))
    page.scope.setCurrentIndex(page.scope.findData(scope))


def _make(qtbot, page) -> None:
    shown = page.report
    page.make_button.click()
    qtbot.waitUntil(lambda: page.report is not shown and page.make_button.isEnabled(), timeout=30000)


def test_quarterly_report_shown_with_charts_and_tables(qtbot, window, demo_ctx, tmp_path) -> None:
    page = _open(window)
    assert not page.pdf_button.isEnabled()
    _choose(page, ReportKind.QUARTERLY, 2026, "Q3", TOWNSHIP)
    assert page.period() == "2026-Q3" and page.part.isVisibleTo(page)
    _make(qtbot, page)
    expected = ReportService(demo_ctx).build(ReportKind.QUARTERLY, "2026-Q3", TOWNSHIP)
    report = page.report
    assert report.figures == expected.figures and report.attention == expected.attention
    figures = page.models["figures"]
    assert [(figures.item(r, 0).text(), figures.item(r, 1).text()) for r in range(figures.rowCount())] == \
        key_figures(expected)
    assert page.models["attention"].rowCount() == expected.attention_households > 0
    assert page.tabs.isTabVisible(page.attention_tab) and not page.tabs.isTabVisible(page.poor_tab)
    assert page.tabs.tabText(page.places_tab) == "分村情况"
    months = page.models["months"]
    assert [months.item(r, 0).text() for r in range(months.rowCount())] == ["7月", "8月", "9月"]
    # The charts hold the figures: one bar set per series, one value per village or month.
    places = page.charts["places"].chart()
    series = next(s for s in places.series() if isinstance(s, QBarSeries))
    monitored = series.barSets()[0]
    assert monitored.label() == "在监测户"
    assert [monitored.at(i) for i in range(monitored.count())] == [p.monitored for p in expected.figures.places]
    measures = next(s for s in page.charts["measures"].chart().series() if isinstance(s, QHorizontalBarSeries))
    assert measures.barSets()[0].count() == 11
    assert not page.charts["months"].isHidden()
    page.tabs.setCurrentIndex(1)
    page.resize(1200, 1000)
    page.grab().save(str(tmp_path / "reports.png"))
    assert (tmp_path / "reports.png").stat().st_size > 0


def test_export_the_shown_report_as_pdf_and_excel(qtbot, window, monkeypatch, tmp_path) -> None:
    page = _open(window)
    _choose(page, ReportKind.YEARLY, 2026, None, "131122000000")
    assert not page.part.isVisibleTo(page) and page.period() == "2026"
    _make(qtbot, page)
    assert page.tabs.isTabVisible(page.poor_tab) and page.tabs.tabText(page.places_tab) == "分乡镇情况"
    chosen = iter([str(tmp_path / "年考核"), str(tmp_path / "年考核.xlsx")])
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (next(chosen), "")))
    page.pdf_button.click()
    pdf = tmp_path / "年考核.pdf"  # the ending is added when the name has none
    qtbot.waitUntil(lambda: pdf.exists() and "已导出" in page.status.text(), timeout=30000)
    text = "\n".join(p.extract_text() or "" for p in PdfReader(pdf).pages)
    assert "年考核" in text and "分乡镇情况" in text and "返贫致贫监测" in text
    page.excel_button.click()
    xlsx = tmp_path / "年考核.xlsx"
    qtbot.waitUntil(lambda: xlsx.exists() and str(xlsx) in page.status.text(), timeout=30000)
    book = openpyxl.load_workbook(xlsx)
    assert "返贫致贫监测" in book.sheetnames and "分月情况" in book.sheetnames
    assert book["总体情况"]["A1"].value.endswith("2026年年考核")


def test_a_period_not_yet_begun_is_refused_with_a_message(qtbot, window, messages) -> None:
    page = _open(window)
    _choose(page, ReportKind.MONTHLY, 2026, "12", TOWNSHIP)
    page.make_button.click()
    qtbot.waitUntil(lambda: bool(messages.shown) and page.make_button.isEnabled(), timeout=30000)
    assert "还没有开始" in messages.texts() and page.report is None
    assert not page.pdf_button.isEnabled()


def test_monthly_for_a_village(qtbot, window, demo_ctx) -> None:
    page = _open(window)
    village = next(page.scope.itemData(i) for i in range(page.scope.count())
                   if not str(page.scope.itemData(i)).endswith("000"))
    _choose(page, ReportKind.MONTHLY, 2026, "10", village)
    _make(qtbot, page)
    assert page.report.figures == ReportService(demo_ctx).build(ReportKind.MONTHLY, "2026-10", village).figures
    assert not page.tabs.isTabVisible(page.months_tab) and page.charts["months"].isHidden()
    assert Path(page.report.place).name
