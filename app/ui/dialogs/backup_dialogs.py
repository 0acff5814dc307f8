"""文件 → 备份 and 文件 → 从备份恢复 (app/services/backup.py does the work, off the UI thread)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from app.domain.errors import UserFacingError, WrongPassword
from app.services.backup import (
    BACKUP_SUFFIX,
    BackupInfo,
    BackupService,
    RestoreResult,
    read_backup,
    restore_backup,
)
from app.services.context import ServiceContext
from app.store.location import is_url
from app.ui import tasks
from app.ui.dialogs.password_dialog import PasswordChangeDialog
from app.ui.messages import inform, show_error
from app.ui.settings import Settings


def _password_field() -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setPlaceholderText(QCoreApplication.translate("Backup", "数据库密码"))
    return field


def _when(moment: datetime | None) -> str:
    return moment.astimezone().strftime("%Y-%m-%d %H:%M") if moment else "—"


def _message_label() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setObjectName("hint")
    return label


def _file_row(edit: QLineEdit, button: QPushButton) -> QWidget:
    row = QWidget()
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(edit, 1)
    layout.addWidget(button)
    return row


class BackupDialog(QDialog):
    """Writes an encrypted copy of the open database; the password is asked again (it makes the key)."""

    def __init__(self, ctx: ServiceContext, parent: QWidget | None = None, today: date | None = None) -> None:
        super().__init__(parent)
        self.service = BackupService(ctx)
        self.setWindowTitle(self.tr("备份数据库"))
        self.setMinimumWidth(520)
        form = QFormLayout(self)
        intro = QLabel(self.tr("备份是数据库的完整副本，仍然加密，只有本机的密码（或乡镇工作站的恢复密钥）能打开。"
                               "请存到 U 盘或另一块硬盘上，不要只放在这台电脑里。"))
        intro.setWordWrap(True)
        form.addRow(intro)
        last = self.service.last_backup()
        form.addRow(self.tr("上次备份"), QLabel(_when(last) if last else self.tr("从未备份")))
        day = (today or date.today()).strftime("%Y%m%d")
        self.path = QLineEdit(str(Path.home() / self.tr("防贫网格通备份-{day}{suffix}").format(
            day=day, suffix=BACKUP_SUFFIX)))
        choose = QPushButton(self.tr("选择…"))
        choose.clicked.connect(self.choose)
        form.addRow(self.tr("备份到"), _file_row(self.path, choose))
        self.password = _password_field()
        form.addRow(self.tr("密码"), self.password)
        self.message = _message_label()
        form.addRow(self.message)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("开始备份"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        self.buttons.accepted.connect(self.start)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)
        self.result_value: BackupInfo | None = None
        self.overwrite = False

    def choose(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("备份到"), self.path.text(),
                                              self.tr("防贫网格通备份 (*{suffix})").format(suffix=BACKUP_SUFFIX))
        if path:
            self.path.setText(path)
            self.overwrite = True  # the file dialog asked before choosing an existing file

    def _problem(self, text: str) -> None:
        self.message.setText(text)
        self.message.setStyleSheet("color: #b00020;")

    def start(self) -> None:
        target, password = Path(self.path.text().strip()), self.password.text()
        if not self.path.text().strip():
            self._problem(self.tr("请选择备份文件的位置。"))
            return
        if not password:
            self._problem(self.tr("请输入数据库密码。"))
            return
        self.buttons.setEnabled(False)
        self.message.setStyleSheet("")
        self.message.setText(self.tr("正在备份……程序可以照常使用。"))
        overwrite = self.overwrite
        tasks.start(lambda _p, _c: self.service.backup(password, target, overwrite=overwrite),
                    self._done, self._failed)

    def _done(self, info: BackupInfo) -> None:
        self.result_value = info
        inform(self, self.tr("已备份到 {path}（{households} 户）。").format(path=info.path, households=info.households))
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self.buttons.setEnabled(True)
        if isinstance(error, WrongPassword):
            self._problem(self.tr("密码不对，请重新输入。"))
        elif isinstance(error, UserFacingError):
            self._problem(error.message)
        else:
            self.message.setText("")
            show_error(self, error)


class RestoreDialog(QDialog):
    """Shows what a backup holds, then replaces the open database with it after a confirmation.

    ``restore(backup, password)`` is the main window's: it closes the database's connections, restores
    and reopens (it runs off the UI thread)."""

    def __init__(self, restore: Callable[[Path, str], RestoreResult], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.restore = restore
        self.info: BackupInfo | None = None
        self.setWindowTitle(self.tr("从备份恢复"))
        self.setMinimumWidth(560)
        form = QFormLayout(self)
        self.path = QLineEdit()
        self.path.setPlaceholderText(self.tr("备份文件（{suffix}）").format(suffix=BACKUP_SUFFIX))
        choose = QPushButton(self.tr("选择…"))
        choose.clicked.connect(self.choose)
        form.addRow(self.tr("备份文件"), _file_row(self.path, choose))
        self.password = _password_field()
        self.password.setPlaceholderText(self.tr("备份时的数据库密码"))
        form.addRow(self.tr("密码"), self.password)
        self.look = QPushButton(self.tr("查看备份内容"))
        self.look.clicked.connect(self.read)
        form.addRow("", self.look)
        self.made, self.device, self.households, self.sent = QLabel("—"), QLabel("—"), QLabel("—"), QLabel("—")
        form.addRow(self.tr("备份时间"), self.made)
        form.addRow(self.tr("设备"), self.device)
        form.addRow(self.tr("农户"), self.households)
        form.addRow(self.tr("最后导出的同步包"), self.sent)
        warning = QLabel(self.tr("恢复会用备份替换当前数据库中的全部数据：备份之后在本机做的修改不在备份中"
                                 "（已导出给上级的仍保存在上级），备份之后导入过的同步包需要重新导入。"))
        warning.setWordWrap(True)
        form.addRow(warning)
        self.confirmed = QCheckBox(self.tr("我明白，用这个备份替换当前数据库"))
        self.confirmed.setEnabled(False)
        self.confirmed.toggled.connect(self._enable)
        form.addRow(self.confirmed)
        self.message = _message_label()
        form.addRow(self.message)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.restore_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.restore_button.setText(self.tr("恢复"))
        self.restore_button.setEnabled(False)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        self.buttons.accepted.connect(self.start)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)
        self.path.textEdited.connect(lambda _text: self._forget())
        self.result_value: RestoreResult | None = None

    def choose(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("选择备份文件"), str(Path.home()),
                                              self.tr("防贫网格通备份 (*{suffix});;所有文件 (*)").format(
                                                  suffix=BACKUP_SUFFIX))
        if path:
            self.path.setText(path)
            self._forget()

    def _forget(self) -> None:
        self.info = None
        for label in (self.made, self.device, self.households, self.sent):
            label.setText("—")
        self.confirmed.setChecked(False)
        self.confirmed.setEnabled(False)

    def _enable(self) -> None:
        self.restore_button.setEnabled(self.info is not None and self.confirmed.isChecked())

    def _problem(self, text: str) -> None:
        self.message.setText(text)
        self.message.setStyleSheet("color: #b00020;")

    def read(self) -> None:
        path, password = Path(self.path.text().strip()), self.password.text()
        if not self.path.text().strip() or not password:
            self._problem(self.tr("请选择备份文件并输入备份时的密码。"))
            return
        self.look.setEnabled(False)
        self.message.setStyleSheet("")
        self.message.setText(self.tr("正在打开备份……"))
        tasks.start(lambda _p, _c: read_backup(path, password), self.show_info, self._failed)

    def show_info(self, info: BackupInfo) -> None:
        self.info = info
        self.look.setEnabled(True)
        self.made.setText(_when(info.made_at))
        self.device.setText(info.device_name)
        self.households.setText(self.tr("{n} 户").format(n=info.households))
        if info.last_bundle_sent is None:
            self.sent.setText(self.tr("从未导出"))
        else:
            self.sent.setText(self.tr("第 {n} 号，给“{to}”，{when}").format(
                n=info.last_bundle_sent, to=info.last_bundle_sent_to or self.tr("上级"),
                when=_when(info.last_bundle_sent_at)))
        self.message.setText("")
        self.confirmed.setEnabled(True)
        self._enable()

    def start(self) -> None:
        if self.info is None or not self.confirmed.isChecked():
            return
        path, password = self.info.path, self.password.text()
        self.buttons.setEnabled(False)
        self.look.setEnabled(False)
        self.message.setStyleSheet("")
        self.message.setText(self.tr("正在恢复……"))
        tasks.start(lambda _p, _c: self.restore(path, password), self._done, self._failed)

    def _done(self, result: RestoreResult) -> None:
        self.result_value = result
        inform(self, self.tr("已从备份恢复（{households} 户）。备份之后导入过的同步包，请重新导入一次。").format(
            households=result.info.households))
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self.buttons.setEnabled(True)
        self.look.setEnabled(True)
        if isinstance(error, WrongPassword):
            self._problem(self.tr("密码打不开这个备份，请输入备份时的数据库密码。"))
        elif isinstance(error, UserFacingError):
            self._problem(error.message)
        else:
            self.message.setText("")
            show_error(self, error)


class BackupActions(QObject):
    """The main window's 文件 → 备份 / 从备份恢复 entries and the backup reminder in its status bar."""

    restored = Signal()

    def __init__(self, ctx: ServiceContext, settings: Settings, window: QWidget) -> None:
        super().__init__(window)
        self.ctx, self.settings, self.window = ctx, settings, window
        local = not is_url(ctx.db.location)  # a server database is backed up with pg_dump
        self.backup_action = QAction(self.tr("备份…"), self)
        self.backup_action.triggered.connect(self.backup)
        self.restore_action = QAction(self.tr("从备份恢复…"), self)
        self.restore_action.triggered.connect(self.restore_from_backup)
        for action in (self.backup_action, self.restore_action):
            action.setEnabled(local)
        self.reminder = QLabel()
        self.reminder.setStyleSheet("color: #b00020;")
        self.remind()

    def actions(self) -> list[QAction]:
        return [self.backup_action, self.restore_action]

    def remind(self) -> None:
        """Say in the status bar when the last backup is older than the setting allows."""
        days = BackupService(self.ctx).backup_overdue(self.settings.backup_reminder_days)
        if days is None:
            self.reminder.hide()
            return
        self.reminder.setText(self.tr("从未备份，请备份（文件 → 备份）") if days < 0
                              else self.tr("已 {days} 天未备份，请备份（文件 → 备份）").format(days=days))
        self.reminder.show()

    def backup(self) -> None:
        if BackupDialog(self.ctx, self.window, self.ctx.today()).exec():
            self.remind()

    def change_password(self) -> None:
        PasswordChangeDialog(self.ctx, self.window).exec()

    def restore_from_backup(self) -> None:
        if RestoreDialog(self._restore, self.window).exec():
            self.remind()
            self.restored.emit()

    def _restore(self, backup: Path, password: str) -> RestoreResult:
        """Runs off the UI thread: close every connection, replace the file, open it again."""
        db = self.ctx.db
        info = read_backup(backup, password)
        if info.device_id != db.device.id:
            raise UserFacingError(QCoreApplication.translate(
                "Backup", "这个备份属于设备“{name}”，不是本机的备份，不能用它替换本机数据库。"
                "请在命令行用 fangpin restore 恢复为一个新文件。").format(name=info.device_name))
        db.engine.dispose()
        result = restore_backup(backup, password, db.location, replace=True)
        db.reconnect(password)
        return result
