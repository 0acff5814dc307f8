"""Telling the user what happened: clear Chinese messages for expected errors, confirmation asks."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from app.ui.crash import handle_exception


def show_error(parent: QWidget | None, error: BaseException) -> None:
    """The crash hook's own handling: a UserFacingError is a plain message, anything else a crash report."""
    handle_exception(type(error), error, error.__traceback__, parent)


def confirm(parent: QWidget | None, question: str) -> bool:
    answer = QMessageBox.question(parent, QApplication.translate("Messages", "请确认"), question,
                                  QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                  QMessageBox.StandardButton.No)
    return answer == QMessageBox.StandardButton.Yes


def inform(parent: QWidget | None, text: str) -> None:
    QMessageBox.information(parent, QApplication.translate("Messages", "完成"), text)
