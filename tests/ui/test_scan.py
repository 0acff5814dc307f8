"""A USB barcode scanner types the card's QR code and Enter: the household opens, from anywhere."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from app.domain.household_number import QR_PREFIX
from app.services.listing import HouseholdFilter, HouseholdListing
from app.ui.main_window import MainWindow
from app.ui.settings import Settings


@pytest.fixture
def window(qtbot, demo_ctx, ui_app, messages) -> MainWindow:
    main = MainWindow(demo_ctx, Settings(database=demo_ctx.db.location))
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    return main


def _some_household(ctx):
    return HouseholdListing(ctx).page(HouseholdFilter(), size=50)[7]


def _scan(qtbot, window: MainWindow, text: str) -> None:
    """Ctrl+F from wherever the user is, then the scanner's keystrokes and its Enter."""
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.households.search.hasFocus()
    qtbot.keyClicks(window.households.search, text)
    qtbot.keyClick(window.households.search, Qt.Key.Key_Return)


def test_scanning_a_card_opens_its_household_from_another_page(qtbot, window, demo_ctx) -> None:
    household = _some_household(demo_ctx)
    window.navigation.setCurrentRow(2)  # 监测对象
    _scan(qtbot, window, QR_PREFIX + household.id)
    assert window.stack.currentWidget() is window.household
    assert window.household.household_id == household.id
    # Back on the list, the scanned text is selected: the next scan replaces it.
    window.household.back.emit()
    _scan(qtbot, window, household.household_number)
    assert window.household.household_id == household.id


def test_a_card_from_elsewhere_is_said_plainly(qtbot, window) -> None:
    _scan(qtbot, window, QR_PREFIX + "0190f3a2-7b1c-7d00-8a1b-1234567890ab")
    assert window.stack.currentWidget() is window.households
    assert "没有找到这张明白卡上的农户" in window.households.count.text()


def test_enter_opens_a_single_match_and_down_moves_into_several(qtbot, window, demo_ctx) -> None:
    page = window.households
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(page.search, "z")
    qtbot.keyClick(page.search, Qt.Key.Key_Return)
    assert window.stack.currentWidget() is page and page.model.rowCount() > 1
    qtbot.keyClick(page.search, Qt.Key.Key_Down)
    assert page.table.hasFocus()
    assert page.table.selectionModel().selectedRows()[0].row() == 0
    first = page.model.household_id(0)
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert window.household.household_id == first


def test_a_card_scanned_with_no_text_field_focused_still_opens_it(qtbot, window, demo_ctx) -> None:
    household = _some_household(demo_ctx)
    window.navigation.setCurrentRow(1)  # 走访, the focus on the navigation list
    window.navigation.setFocus()
    qtbot.waitUntil(window.navigation.hasFocus)
    qtbot.keyClicks(window.navigation, "FANGPIN:HOUSEHOLD:" + household.id.upper())
    assert window.navigation.currentRow() == 1  # the letters did not jump around the list
    qtbot.keyClick(window.navigation, Qt.Key.Key_Return)
    assert window.stack.currentWidget() is window.household
    assert window.household.household_id == household.id


def test_typing_into_a_text_field_is_never_taken_for_a_scan(qtbot, window, demo_ctx) -> None:
    household = _some_household(demo_ctx)
    search = window.households.search
    search.setFocus()
    qtbot.waitUntil(search.hasFocus)
    qtbot.keyClicks(search, QR_PREFIX + household.id[:8])
    assert search.text() == QR_PREFIX + household.id[:8]
