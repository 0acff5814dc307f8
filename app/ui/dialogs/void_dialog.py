"""作废: asking why a member, a household or a measure is voided, with the refusal beside the field."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import UserFacingError
from app.domain.voiding import NOTE_LIMIT
from app.ui.message_line import MessageLine


class VoidDialog(QDialog):
    """Choose a reason (no default: the user must say why) and an optional note; ``action(reason,
    note)`` is called on OK and a refusal is shown under the field it is about."""

    def __init__(self, title: str, what: str, reasons: Sequence[str],
                 action: Callable[[str, str], Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.action = action
        self.result_value: Any = None
        layout = QVBoxLayout(self)
        explain = QLabel(self.tr("“{what}”将被作废：不再出现在名单和统计中，但作废原因、作废人和日期"
                                 "会保留在历史记录和作废记录台账里，并同步到其他设备。").format(what=what))
        explain.setWordWrap(True)
        layout.addWidget(explain)
        form = QFormLayout()
        self.reason = QComboBox()
        self.reason.addItem(self.tr("请选择…"), "")
        for reason in reasons:
            self.reason.addItem(reason, reason)
        self.reason_message = MessageLine()
        self.note = QLineEdit()
        self.note.setMaxLength(NOTE_LIMIT)
        self.note.setPlaceholderText(self.tr("如：2026年11月病故；与某某户重复"))
        self.note_message = MessageLine()
        for message in (self.reason_message, self.note_message):
            message.setStyleSheet("color: #b00020;")
        form.addRow(self.tr("作废原因"), self.reason)
        form.addRow("", self.reason_message)
        form.addRow(self.tr("说明"), self.note)
        form.addRow("", self.note_message)
        layout.addLayout(form)
        self.other_message = MessageLine()
        self.other_message.setStyleSheet("color: #b00020;")
        layout.addWidget(self.other_message)
        buttons = QDialogButtonBox()
        buttons.addButton(self.tr("作废"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.tr("取消"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(460, self.sizeHint().height())

    def submit(self) -> None:
        for message in (self.reason_message, self.note_message, self.other_message):
            message.setText("")
        try:
            self.result_value = self.action(str(self.reason.currentData() or ""), self.note.text())
        except UserFacingError as error:
            target = {"作废原因": self.reason_message, "说明": self.note_message}.get(
                error.field or "", self.other_message)
            target.setText(error.message)
            return
        self.accept()
