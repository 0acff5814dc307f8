"""A set of check boxes or radio buttons as one Tab stop, as in every native form.

Tab enters the set on its current button (the checked radio button, else the one last focused,
else the first) and leaves it with the next Tab; the arrow keys move between the buttons (Left and
Right by one, Up and Down by a row of the grid); Space toggles a check box. Entering a set with Tab
never selects anything; an arrow in a set of radio buttons selects the one it moves to, as natively.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractButton

_BACK = (Qt.Key.Key_Left, Qt.Key.Key_Up)
_ARROWS = (Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_Up, Qt.Key.Key_Down)


class OneTabStop(QObject):
    def __init__(self, buttons: Sequence[QAbstractButton], columns: int, parent: QObject,
                 *, select_on_arrow: bool = False) -> None:
        super().__init__(parent)
        self.buttons = list(buttons)
        self.columns = max(columns, 1)
        self.select_on_arrow = select_on_arrow
        self.current: QAbstractButton | None = None
        for button in self.buttons:
            button.installEventFilter(self)
        self.update()

    def shown(self) -> list[QAbstractButton]:
        return [b for b in self.buttons if not b.isHidden() and b.isEnabled()]

    def update(self) -> None:
        """Choose the Tab stop again (after a value was set or the choices were narrowed)."""
        shown = self.shown()
        checked = next((b for b in shown if b.isChecked()), None) if self.select_on_arrow else None
        kept = self.current if self.current in shown else None
        self._make_current(checked or kept or (shown[0] if shown else None))

    def _make_current(self, button: QAbstractButton | None) -> None:
        self.current = button
        for other in self.buttons:
            other.setFocusPolicy(Qt.FocusPolicy.StrongFocus if other is button else Qt.FocusPolicy.ClickFocus)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not isinstance(watched, QAbstractButton):
            return False
        if event.type() == QEvent.Type.FocusIn:
            self._make_current(watched)
        elif (event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent)
              and event.key() in _ARROWS and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier):
            self._move(watched, event.key())
            return True
        return False

    def _move(self, button: QAbstractButton, key: Qt.Key) -> None:
        shown = self.shown()
        if button not in shown:
            return
        step = 1 if key in (Qt.Key.Key_Left, Qt.Key.Key_Right) else self.columns
        index = shown.index(button) + (-step if key in _BACK else step)
        if not 0 <= index < len(shown):
            if step != 1:
                return  # no row above or below
            index %= len(shown)  # Left on the first wraps to the last, as radio buttons do
        target = shown[index]
        self._make_current(target)
        target.setFocus(Qt.FocusReason.OtherFocusReason)
        if self.select_on_arrow and not target.isChecked():
            target.click()
