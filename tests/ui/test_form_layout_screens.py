"""Small screens: the main window opens inside the available area, and every page fits 1024×768 and 1366×768."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect, QSize
from PySide6.QtWidgets import QApplication

from app.ui.main_window import MainWindow
from app.ui.screen_fit import FRAME_ALLOWANCE, fitted_geometry
from app.ui.settings import Settings

WANTED = QSize(1366, 768)


@pytest.mark.parametrize(("available", "size", "corner"), [
    (QRect(0, 0, 1024, 768), QSize(1008, 728), QPoint(0, 0)),          # the small laptop: all of it
    (QRect(0, 0, 1366, 728), QSize(1350, 688), QPoint(0, 0)),          # 1366×768 less a 40-pixel taskbar
    (QRect(0, 0, 1920, 1040), QSize(1366, 768), QPoint(269, 116)),     # a large screen: centred, not larger
    (QRect(1920, 30, 1024, 738), QSize(1008, 698), QPoint(1920, 30)),  # a second screen with a top panel
])
def test_the_window_fits_the_available_area(available: QRect, size: QSize, corner: QPoint) -> None:
    geometry = fitted_geometry(available, WANTED)
    assert geometry.size() == size and geometry.topLeft() == corner
    framed = QRect(geometry.topLeft(), geometry.size() + FRAME_ALLOWANCE)
    assert available.contains(framed)


def test_the_main_window_opens_inside_the_screen(qtbot, demo_ctx, ui_app, messages) -> None:
    window = MainWindow(demo_ctx, Settings(database=demo_ctx.db.location))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    available = window.screen().availableGeometry()
    assert available.contains(window.frameGeometry())
    assert window.minimumWidth() <= available.width() and window.minimumHeight() <= available.height()


@pytest.mark.parametrize("screen", [QSize(1024, 768), QSize(1366, 768)])
def test_every_page_fits_the_small_screens_with_the_status_bar_shown(qtbot, demo_ctx, ui_app, messages,
                                                                     screen: QSize) -> None:
    window = MainWindow(demo_ctx, Settings(database=demo_ctx.db.location))
    qtbot.addWidget(window)
    size = fitted_geometry(QRect(QPoint(0, 0), screen), WANTED).size()
    window.setMinimumSize(QSize(0, 0))
    window.resize(size)
    window.show()
    qtbot.waitExposed(window)
    for row in range(window.navigation.count()):
        window.navigation.setCurrentRow(row)
        QApplication.processEvents()
        page = window.navigation.item(row).text()
        # No page asks for more room than the screen has: the window keeps its size.
        assert window.size() == size, (page, window.size(), window.minimumSizeHint())
        status = window.statusBar()
        assert status.isVisible() and status.geometry().bottom() < window.height(), page
