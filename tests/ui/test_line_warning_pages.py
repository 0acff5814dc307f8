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
