"""Unlocking a database with its password; opening runs off the UI thread (key derivation is slow)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import UserFacingError, WrongPassword
from app.ui import tasks
from app.ui.messages import show_error


class UnlockDialog(QDialog):
    """Asks for the password until ``opener`` accepts it; what it returned is ``self.ctx``.
    A wrong password is asked again; the dialog is left only with the password or with Cancel.

    The opener runs off the UI thread: deriving the key from a password takes a noticeable moment.
    """

    def __init__(self, database: Path, hint: str = "", parent: QWidget | None = None,
                 locked_user: str = "", opener: Callable[[Path, str], Any] | None = None,
                 cancel_text: str = "") -> None:
        super().__init__(parent)
        self.database = database
        self.opener = opener or _open_context
        self.ctx: Any = None
        self.setWindowTitle(self.tr("防贫网格通 — 解锁"))
        self.setMinimumWidth(440)
        layout = QVBoxLayout(self)
        title = QLabel(self.tr("请输入密码打开数据库") if not locked_user
                       else self.tr("{user}，窗口已锁定，请输入密码继续").format(user=locked_user))
        title.setObjectName("dialogTitle")
        layout.addWidget(title)
        path_label = QLabel(str(database))
        path_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        path_label.setWordWrap(True)
        layout.addWidget(path_label)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(self.tr("密码"))
        layout.addWidget(self.password)
        self.message = QLabel(hint)
        self.message.setWordWrap(True)
        self.message.setObjectName("hint")
        layout.addWidget(self.message)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("解锁"))
        # 退出 at startup and on the lock screen; 取消 when another database is being opened.
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(cancel_text or self.tr("退出"))
        self.buttons.accepted.connect(self.unlock)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.password.setFocus()

    def unlock(self) -> None:
        password = self.password.text()
        if not password:
            self._problem(self.tr("请输入密码。"))
            return
        self.buttons.setEnabled(False)
        self.message.setText(self.tr("正在打开数据库……"))
        tasks.start(lambda _progress, _cancelled: self.opener(self.database, password),
                    self._opened, self._failed)

    def _opened(self, ctx: Any) -> None:
        self.ctx = ctx
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self.buttons.setEnabled(True)
        if isinstance(error, WrongPassword):
            self._problem(self.tr("密码不对，请重新输入。注意大小写和输入法。"))
        elif isinstance(error, UserFacingError):
            self._problem(str(error))
        else:
            show_error(self, error)

    def _problem(self, text: str) -> None:
        self.message.setText(text)
        self.message.setStyleSheet("color: #b00020;")
        self.password.selectAll()
        self.password.setFocus()


def _open_context(database: Path, password: str) -> Any:
    # The key is derived first (hashlib only): when Enter comes before the store's libraries have
    # loaded on the warm-up thread, the derivation runs beside their loading instead of after it.
    from app.store.page_key import derive_for_file

    page_key = derive_for_file(database, password)
    # Imported in the worker: the store's libraries load while the user types, not before the
    # dialog can show.
    from app.services.setup import open_context

    return open_context(database, password, page_key)
