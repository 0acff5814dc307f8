"""设置: language, the idle time after which the window locks itself, the backup reminder, the password."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QWidget,
)

from app.ui.settings import LANGUAGES, Settings


class SettingsDialog(QDialog):
    def __init__(self, settings: Settings, parent: QWidget | None = None,
                 change_password: Callable[[], object] | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.setWindowTitle(self.tr("设置"))
        form = QFormLayout(self)
        self.language = QComboBox()
        for code, name in LANGUAGES.items():
            self.language.addItem(name, code)
        self.language.setCurrentIndex(max(self.language.findData(settings.language), 0))
        form.addRow(self.tr("界面语言"), self.language)
        self.idle = QSpinBox()
        self.idle.setRange(1, 240)
        self.idle.setSuffix(self.tr(" 分钟"))
        self.idle.setValue(settings.idle_lock_minutes)
        form.addRow(self.tr("无操作自动锁定"), self.idle)
        self.backup_days = QSpinBox()
        self.backup_days.setRange(0, 90)
        self.backup_days.setSuffix(self.tr(" 天"))
        self.backup_days.setSpecialValueText(self.tr("不提醒"))
        self.backup_days.setValue(settings.backup_reminder_days)
        form.addRow(self.tr("超过几天未备份时提醒"), self.backup_days)
        if change_password is not None:
            self.password_button = QPushButton(self.tr("修改密码…"))
            self.password_button.clicked.connect(change_password)
            form.addRow(self.tr("数据库密码"), self.password_button)
        note = QLabel(self.tr("界面语言在下次启动时生效。"))
        note.setWordWrap(True)
        form.addRow(note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("保存"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def accept(self) -> None:
        self.settings.language = self.language.currentData()
        self.settings.idle_lock_minutes = self.idle.value()
        self.settings.backup_reminder_days = self.backup_days.value()
        self.settings.save()
        super().accept()
