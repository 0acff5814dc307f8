"""修改密码: the current password, the new one twice; the rule is app/domain/passwords.py."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QWidget

from app.domain.errors import UserFacingError, WrongPassword
from app.domain.passwords import password_problem
from app.services.context import ServiceContext
from app.services.password import PasswordChanged, PasswordService
from app.ui import tasks
from app.ui.messages import inform, show_error


def _password_field() -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    return field


def _problem_label() -> QLabel:
    label = QLabel()
    label.setObjectName("fieldError")
    label.setStyleSheet("color: #b00020;")
    label.setWordWrap(True)
    label.hide()
    return label


class PasswordChangeDialog(QDialog):
    """Re-encrypts the open database under a new password, off the UI thread (key derivation is slow)."""

    def __init__(self, ctx: ServiceContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(self.tr("修改密码"))
        self.setMinimumWidth(420)
        form = QFormLayout(self)
        self.old, self.new, self.again = _password_field(), _password_field(), _password_field()
        self.old_problem, self.new_problem, self.again_problem = (_problem_label(), _problem_label(),
                                                                  _problem_label())
        form.addRow(self.tr("原密码"), self.old)
        form.addRow("", self.old_problem)
        form.addRow(self.tr("新密码"), self.new)
        form.addRow("", self.new_problem)
        form.addRow(self.tr("再输入一次"), self.again)
        form.addRow("", self.again_problem)
        note = QLabel(self.tr("新密码至少 6 位，不能全是同一个字符。修改后请尽快向上级导出一次同步包，"
                              "忘记密码时乡镇工作站才能用新的恢复密钥找回。"))
        note.setWordWrap(True)
        note.setObjectName("hint")
        form.addRow(note)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("修改密码"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        self.buttons.accepted.connect(self.change)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)
        self.new.textEdited.connect(lambda _text: self._show(self.new_problem, None))
        self.again.textEdited.connect(lambda _text: self._show(self.again_problem, None))
        self.old.textEdited.connect(lambda _text: self._show(self.old_problem, None))
        self.result_value: PasswordChanged | None = None

    @staticmethod
    def _show(label: QLabel, text: str | None) -> None:
        label.setText(text or "")
        label.setVisible(bool(text))

    def _problems(self) -> bool:
        old, new, again = self.old.text(), self.new.text(), self.again.text()
        self._show(self.old_problem, self.tr("请输入原密码。") if not old else None)
        problem = password_problem(new)
        if problem is None and new == old:
            problem = self.tr("新密码与原密码相同。")
        self._show(self.new_problem, problem)
        self._show(self.again_problem, self.tr("两次输入的新密码不一致。")
                   if problem is None and again != new else None)
        return any(label.isVisibleTo(self) for label in (self.old_problem, self.new_problem, self.again_problem))

    def change(self) -> None:
        if self._problems():
            return
        old, new = self.old.text(), self.new.text()
        self.buttons.setEnabled(False)
        self.setWindowTitle(self.tr("修改密码 — 正在重新加密……"))
        tasks.start(lambda _progress, _cancelled: PasswordService(self.ctx).change(old, new),
                    self._changed, self._failed)

    def _changed(self, result: PasswordChanged) -> None:
        self.result_value = result
        text = self.tr("密码已修改。以后打开和解锁都用新密码。")
        if result.escrowed:
            text += self.tr("请尽快向“{station}”导出一次同步包，带上新的恢复密钥。").format(
                station=result.station_name or "")
        inform(self, text)
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self.buttons.setEnabled(True)
        self.setWindowTitle(self.tr("修改密码"))
        if isinstance(error, WrongPassword):
            self._show(self.old_problem, self.tr("原密码不正确。"))
            self.old.selectAll()
            self.old.setFocus()
        elif isinstance(error, UserFacingError) and error.field in ("密码", "新密码"):
            self._show(self.new_problem, error.message)
        else:
            show_error(self, error)
