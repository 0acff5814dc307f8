"""A card scanned with no text field focused still opens its household.

A USB barcode scanner is a keyboard: it types the QR payload and Enter into whatever has the focus.
In the search box that is a search (app/ui/pages/households.py); with the focus on a list, a button
or a page, the keystrokes would be lost. This filter, installed on the application by the main
window, watches key presses sent to a focused widget that does not take text: while they spell the
start of a card's payload (``fangpin:household:``, app/domain/household_number.py) they are held
back, and the Enter after a whole payload hands it to ``scanned``. Typing into a text field is
never touched.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QComboBox, QLineEdit, QPlainTextEdit, QTextEdit

from app.domain.household_number import QR_PREFIX, normalise_scan, scanned_household_id

_TEXT_INPUTS = (QLineEdit, QTextEdit, QPlainTextEdit, QAbstractSpinBox, QComboBox)
_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
_LONGEST = len(QR_PREFIX) + 36


class ScanCatcher(QObject):
    scanned = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.typed = ""
        self.enabled = True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (not self.enabled or event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent)
                or watched is not QApplication.focusWidget() or isinstance(watched, _TEXT_INPUTS)):
            return False
        if event.key() in _ENTER:
            payload, self.typed = self.typed, ""
            if scanned_household_id(payload):
                self.scanned.emit(payload)
                return True
            return False
        text = event.text()
        if not text or not text.isprintable():
            self.typed = ""
            return False
        candidate = self.typed + text
        if _could_be_payload(candidate):
            self.typed = candidate
            return True
        self.typed = ""
        return False


def _could_be_payload(text: str) -> bool:
    """Whether ``text`` is the start of a card's payload (leniently, as scanned_household_id reads it)."""
    text = normalise_scan(text).lower()
    if len(text) > _LONGEST:
        return False
    head = text[:len(QR_PREFIX)]
    return QR_PREFIX.startswith(head) and all(c in "0123456789abcdef-" for c in text[len(QR_PREFIX):])
