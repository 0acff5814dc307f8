"""The 政策 and 统计 pages show the stale-line warning until this year's line is set."""

from __future__ import annotations

from datetime import date

from app.services.policy import PolicyService
from app.ui.pages.policy import PolicyPage
from app.ui.pages.stats import StatsPage


def test_policy_and_stats_pages_warn_of_a_stale_line(qtbot, demo_ctx, ui_app) -> None:
    policy_page, stats_page = PolicyPage(demo_ctx), StatsPage(demo_ctx)
    for page in (policy_page, stats_page):
        qtbot.addWidget(page)
        page.refresh()
        assert not page.line_warning.isHidden()
        assert page.line_warning.text() == PolicyService(demo_ctx).line_warning()
        assert "监测线已过期" in page.line_warning.text()
    PolicyService(demo_ctx).add_income_line(date(2026, 1, 1), "7200", "2026年监测线")
    for page in (policy_page, stats_page):
        page.refresh()
        assert page.line_warning.isHidden()


def test_the_county_imports_a_policy_workbook_from_the_policy_page(qtbot, demo_ctx, ui_app, messages, monkeypatch,
                                                                   tmp_path) -> None:
    import openpyxl
    from PySide6.QtWidgets import QFileDialog

    from app.services import policy_document
    from app.ui.pages import policy as policy_page

    page = PolicyPage(demo_ctx)
    qtbot.addWidget(page)
    page.refresh()
    path = tmp_path / "政策.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(path), ""))
    page.export_workbook()
    book = openpyxl.load_workbook(path)
    book["监测收入线"].append(["2026-01-01", 7200, "2026年监测线"])
    book.save(path)
    asked: list[str] = []
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    monkeypatch.setattr(policy_page, "confirm", lambda _parent, question: asked.append(question) or True)
    page.import_workbook()
    assert asked and "7200" in asked[0]
    assert PolicyService(demo_ctx).line_warning() is None and page.line_warning.isHidden()
    assert policy_document.import_workbook(demo_ctx, path, dry_run=True).changes == []
