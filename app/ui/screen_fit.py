"""Windows open inside the screen's available area (never larger), so a 1024×768 laptop sees the status bar."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

# What the window manager adds around a window (title bar, borders), which resize() does not count.
FRAME_ALLOWANCE = QSize(16, 40)


def fitted_geometry(available: QRect, wanted: QSize, frame: QSize = FRAME_ALLOWANCE) -> QRect:
    """Where the window's frame starts (top left) and how large its inside is: as large as ``wanted`` but,
    frame included, inside ``available``, and centred there."""
    room = QSize(max(available.width() - frame.width(), 1), max(available.height() - frame.height(), 1))
    size = wanted.boundedTo(room)
    left = available.x() + (available.width() - size.width() - frame.width()) // 2
    top = available.y() + (available.height() - size.height() - frame.height()) // 2
    return QRect(QPoint(left, top), size)


def fit_to_screen(window: QWidget, wanted: QSize, minimum: QSize) -> None:
    """Size and place ``window`` for the screen it opens on; its minimum never exceeds what fits."""
    screen = window.screen() or QGuiApplication.primaryScreen()
    if screen is None:
        window.setMinimumSize(minimum)
        window.resize(wanted)
        return
    geometry = fitted_geometry(screen.availableGeometry(), wanted)
    window.setMinimumSize(minimum.boundedTo(geometry.size()))
    window.resize(geometry.size())
    window.move(geometry.topLeft())  # a window's position is its frame's
