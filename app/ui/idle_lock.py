"""Locking the application after a period without keyboard or mouse input (a laptop left on a table).

While locked, every window of the application (the main window, an open visit form, a progress
dialog) is covered by an opaque panel and loses its title, so nothing of a household shows behind
the password prompt; a window opened while locked is covered as it appears. Unlocking takes the
panels away: each window is as it was, typed input and all.
"""

from __future__ import annotations

from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QToolTip, QVBoxLayout, QWidget

_INPUT_EVENTS = {QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove,
                 QEvent.Type.Wheel, QEvent.Type.TouchBegin}
_NOT_COVERED = {Qt.WindowType.ToolTip, Qt.WindowType.Popup}


class IdleWatcher(QObject):
    """Installed on the application; calls ``on_idle`` after ``minutes`` without input."""

    def __init__(self, minutes: int, on_idle: Callable[[], None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.timer = QTimer(self, singleShot=True)
        self.timer.timeout.connect(on_idle)
        self.set_minutes(minutes)

    def set_minutes(self, minutes: int) -> None:
        self.timer.setInterval(max(minutes, 1) * 60_000)
        self.timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _INPUT_EVENTS:
            self.timer.start()
        return False


class LockCover(QWidget):
    """An opaque panel over the whole of one window, kept on top of its other children."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.setObjectName("lockCover")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet("#lockCover { background: #e9edf2; } #lockCover QLabel { color: #5a6672; }")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 24, 24, 24)
        label = QLabel(QCoreApplication.translate("Lock", "已锁定"))
        # At the top: the password prompt shows in the middle of the screen.
        label.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        layout.addWidget(label)
        self.setGeometry(window.rect())
        self.raise_()
        self.show()
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self.setGeometry(self.parentWidget().rect())
        elif event.type() == QEvent.Type.ChildAdded:
            QTimer.singleShot(0, self.raise_)  # a widget added behind the cover stays behind it
        return False


class ScreenLock(QObject):
    """Covers every window of the application except ``prompt`` (and windows it opens) until
    ``uncover``; windows that appear meanwhile are covered as they show."""

    def __init__(self, prompt: QWidget) -> None:
        super().__init__()
        self.prompt = prompt
        self.covers: list[LockCover] = []
        self.titles: list[tuple[QWidget, str]] = []
        self.active = False

    def cover(self) -> None:
        self.active = True
        while (popup := QApplication.activePopupWidget()) is not None:  # an open menu or drop-down list
            popup.close()
        QToolTip.hideText()
        for window in QApplication.topLevelWidgets():
            if window.isVisible():
                self._cover(window)
        QApplication.instance().installEventFilter(self)

    def uncover(self) -> None:
        self.active = False
        QApplication.instance().removeEventFilter(self)
        for cover in self.covers:
            if shiboken6.isValid(cover):
                cover.parentWidget().removeEventFilter(cover)
                cover.hide()
                cover.deleteLater()
        for window, title in self.titles:
            if shiboken6.isValid(window):
                window.setWindowTitle(title)
        self.covers, self.titles = [], []

    def is_covered(self, window: QWidget) -> bool:
        return any(shiboken6.isValid(c) and c.parentWidget() is window for c in self.covers)

    def _cover(self, window: QWidget) -> None:
        if (window.windowType() in _NOT_COVERED or isinstance(window, LockCover) or self._is_prompt(window)
                or self.is_covered(window)):
            return
        self.titles.append((window, window.windowTitle()))
        window.setWindowTitle(QCoreApplication.translate("Lock", "防贫网格通（已锁定）"))
        self.covers.append(LockCover(window))

    def _is_prompt(self, window: QWidget | None) -> bool:
        while window is not None:
            if window is self.prompt:
                return True
            window = window.parentWidget()
        return False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (self.active and event.type() == QEvent.Type.Show and isinstance(watched, QWidget)
                and watched.isWindow()):
            self._cover(watched)
        return False
