"""The English UI does not clip the navigation: each page's name fits its item at 1024×768."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QPoint, QRect, QSize
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QApplication

from app.ui.i18n import install_language
from app.ui.main_window import MainWindow
from app.ui.screen_fit import fitted_geometry
from app.ui.settings import Settings

ITEM_PADDING = 2 * 14  # QListWidget#navigation::item { padding: 10px 14px } (app/ui/style.py)


@pytest.fixture
def english(ui_app: QApplication) -> Iterator[None]:
    install_language(ui_app, "en")
    yield
    install_language(ui_app, "zh_CN")


def test_every_navigation_item_fits_in_english_at_1024_by_768(qtbot, demo_ctx, messages, english) -> None:
    window = MainWindow(demo_ctx, Settings(database=demo_ctx.db.location, language="en"))
    qtbot.addWidget(window)
    window.setMinimumSize(QSize(0, 0))
    window.resize(fitted_geometry(QRect(QPoint(0, 0), QSize(1024, 768)), QSize(1366, 768)).size())
    window.show()
    qtbot.waitExposed(window)
    navigation = window.navigation
    metrics = QFontMetrics(navigation.font())
    names = [navigation.item(row).text() for row in range(navigation.count())]
    assert "Households" in names  # the English UI, not the Chinese
    room = navigation.viewport().width()
    clipped = [(name, metrics.horizontalAdvance(name) + ITEM_PADDING, room) for name in names
               if metrics.horizontalAdvance(name) + ITEM_PADDING > room]
    assert not clipped, clipped
    # Every item is tall enough for one line of its text, and all of them are on the screen.
    for row in range(navigation.count()):
        rect = navigation.visualItemRect(navigation.item(row))
        assert rect.height() >= metrics.height() and navigation.viewport().rect().contains(rect), names[row]
