"""The main window shows its household rows first: other pages, their modules and the column sizing
of the whole first page wait until they are needed (issue 23, unlock to the first rows)."""

from __future__ import annotations

import gc
import sys
import threading
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.domain.errors import UserFacingError
from app.domain.procedure import Stage
from app.services.cases import CaseService
from app.services.listing import CaseListing, HouseholdListing
from app.ui.app import warm_up
from app.ui.main_window import MainWindow
from app.ui.pages.households import SIZED_FROM_ROWS, HouseholdsPage
from tests.conftest import TODAY
from tests.ui.conftest import DEMO_HOUSEHOLDS

LAZY = ("visits_holder", "cases_holder", "assistance_holder", "warnings_holder", "stats_holder",
        "policy_holder", "sync_holder", "printing_holder", "reports_holder")


@pytest.fixture
def window(shown_window: MainWindow) -> MainWindow:
    return shown_window


def test_the_window_opens_with_the_household_rows_and_nothing_else(window: MainWindow) -> None:
    assert window.households.model.rowCount() > 0
    assert [name for name in LAZY if getattr(window, name).built] == []
    assert window._household is None and window.stack.count() == len(window.pages)


def test_a_page_first_shown_after_a_change_shows_the_change(qtbot: Any, window: MainWindow, demo_ctx: Any) -> None:
    proposed = next(case for case in CaseListing(demo_ctx).cases() if case.stage == Stage.PROPOSED)
    # Changed while the 监测对象 page did not exist yet: nothing was there to hear it.
    CaseService(demo_ctx).take_step(proposed.case_id, Stage.VERIFIED, on=TODAY)
    assert not window.cases_holder.built
    window.navigation.setCurrentRow(2)  # 监测对象
    page = window.cases
    assert window.cases_holder.built and window.stack.currentWidget() is window.cases_holder
    page.stage.setCurrentIndex(page.stage.findData(None))  # 全部: every open case
    assert page.rows[proposed.case_id].stage == Stage.VERIFIED
    # Built once: from now on it follows the changes as the eagerly built lists did.
    opened: list[str] = []
    page.open_household.connect(opened.append)
    window.navigation.setCurrentRow(0)
    window.navigation.setCurrentRow(2)
    assert window.cases is page


def test_a_lazily_built_list_opens_households_and_returns_to_itself(qtbot: Any, window: MainWindow) -> None:
    window.navigation.setCurrentRow(4)  # 预警
    page = window.warnings
    household_id = next(iter(page.households.values()))
    page.open_household.emit(household_id)
    assert window.stack.currentWidget() is window.household and window.household.household_id == household_id
    window.household.back.emit()
    assert window.stack.currentWidget() is window.warnings_holder


def test_the_household_page_joins_the_window_when_the_first_household_opens(window: MainWindow) -> None:
    household_id = window.households.model.household_id(0)
    window.open_household(household_id)
    page = window.household
    assert window.stack.currentWidget() is page and page.household_id == household_id
    window.open_household(window.households.model.household_id(1))
    assert window.household is page and window.stack.count() == len(window.pages) + 1
    page.back.emit()
    assert window.stack.currentWidget() is window.households


def test_columns_are_sized_from_a_screenful_of_rows(qtbot: Any, demo_ctx: Any, ui_app: Any,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    page = HouseholdsPage(demo_ctx)
    qtbot.addWidget(page)
    asked: set[int] = set()
    data = page.model.data

    def watched(index: Any, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            asked.add(index.row())
        return data(index, role)

    monkeypatch.setattr(page.model, "data", watched)
    page.refresh()
    assert page.model.rowCount() == DEMO_HOUSEHOLDS > SIZED_FROM_ROWS * 2
    assert asked and max(asked) < SIZED_FROM_ROWS * 2
    widths = [page.table.columnWidth(column) for column in range(page.model.columnCount())]
    assert all(width > 0 for width in widths)


def test_warm_up_loads_the_window_and_sets_the_start_aside_from_collection(ui_app: Any) -> None:
    gc.unfreeze()
    try:
        warm_up().join(timeout=120)
        assert "app.ui.main_window" in sys.modules and "app.services.setup" in sys.modules
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()


def _page_with_a_held_count(qtbot: Any, demo_ctx: Any, monkeypatch: pytest.MonkeyPatch,
                            count: Any) -> tuple[HouseholdsPage, list[str]]:
    monkeypatch.setattr(HouseholdListing, "count", count)
    page = HouseholdsPage(demo_ctx)
    qtbot.addWidget(page)
    checks: list[str] = []
    monkeypatch.setattr(page.number_clashes, "check_later", lambda: checks.append("checked"))
    page.refresh()  # the rows, and the total counted off the UI thread
    page.show()
    QApplication.processEvents()
    return page, checks


def test_the_number_check_waits_for_the_total(qtbot: Any, demo_ctx: Any, ui_app: Any, messages: Any,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    release = threading.Event()
    count = HouseholdListing.count
    page, checks = _page_with_a_held_count(
        qtbot, demo_ctx, monkeypatch, lambda listing, wanted: release.wait(30) and count(listing, wanted))
    assert page.model.rowCount() > 0 and checks == [] and page.count.text() == "正在统计户数……"
    release.set()
    qtbot.waitUntil(lambda: checks == ["checked"])
    qtbot.waitUntil(lambda: page.count.text() == f"共 {DEMO_HOUSEHOLDS} 户")
    page.hide()
    page.show()  # nothing being counted: looks again at once
    assert checks == ["checked", "checked"]


def test_the_number_check_runs_when_the_count_fails(qtbot: Any, demo_ctx: Any, ui_app: Any, messages: Any,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(_listing: Any, _wanted: Any) -> int:
        raise UserFacingError("统计失败")

    _page, checks = _page_with_a_held_count(qtbot, demo_ctx, monkeypatch, broken)
    qtbot.waitUntil(lambda: checks == ["checked"])
    assert "统计失败" in messages.texts()
