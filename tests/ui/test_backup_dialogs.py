"""文件 → 备份 / 从备份恢复, the backup reminder, and 设置 → 修改密码, offscreen."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import delete, func, select

from app.services.backup import BackupService
from app.services.setup import open_context
from app.store.engine import WrongPassword
from app.store.models import AuditEvent, Household
from app.ui.dialogs.backup_dialogs import BackupActions, BackupDialog, RestoreDialog
from app.ui.dialogs.password_dialog import PasswordChangeDialog
from app.ui.settings import Settings
from app.ui.settings_dialog import SettingsDialog
from tests.conftest import PASSWORD, TODAY


def _count(ctx) -> int:
    with ctx.db.read() as session:
        return session.scalar(select(func.count()).select_from(Household).where(~Household.deleted))


def test_backup_dialog_writes_the_copy_and_says_a_wrong_password_next_to_it(qtbot, demo_ctx, tmp_path,
                                                                             messages) -> None:
    dialog = BackupDialog(demo_ctx, today=TODAY)
    qtbot.addWidget(dialog)
    assert "防贫网格通备份-20261123.fpbak" in dialog.path.text()
    dialog.path.setText(str(tmp_path / "b.fpbak"))
    dialog.start()
    assert dialog.message.text() == "请输入数据库密码。"
    dialog.password.setText("不对的密码")
    dialog.start()
    qtbot.waitUntil(lambda: "密码不对" in dialog.message.text(), timeout=20000)
    assert not (tmp_path / "b.fpbak").exists()
    dialog.password.setText(PASSWORD)
    dialog.start()
    qtbot.waitUntil(lambda: dialog.result_value is not None, timeout=20000)
    assert dialog.result_value.households == _count(demo_ctx)
    assert "已备份到" in messages.texts()


def test_restore_dialog_shows_what_the_backup_holds_then_replaces_the_database(qtbot, demo_ctx, tmp_path,
                                                                               messages) -> None:
    backup = tmp_path / "b.fpbak"
    before = _count(demo_ctx)
    BackupService(demo_ctx).backup(PASSWORD, backup)
    with demo_ctx.db.write(demo_ctx.actor) as session:
        household = session.scalars(select(Household)).first()
        household.deleted = True
    assert _count(demo_ctx) == before - 1
    actions = BackupActions(demo_ctx, Settings(), None)
    dialog = RestoreDialog(actions._restore)
    qtbot.addWidget(dialog)
    dialog.path.setText(str(backup))
    dialog.password.setText(PASSWORD)
    dialog.read()
    qtbot.waitUntil(lambda: dialog.info is not None, timeout=20000)
    assert dialog.households.text() == f"{before} 户"
    assert dialog.sent.text() == "从未导出"
    assert not dialog.restore_button.isEnabled()  # not before the replacement is confirmed
    dialog.confirmed.setChecked(True)
    assert dialog.restore_button.isEnabled()
    dialog.start()
    qtbot.waitUntil(lambda: dialog.result_value is not None, timeout=20000)
    assert "已从备份恢复" in messages.texts()
    assert _count(demo_ctx) == before  # the open context goes on with the restored file


def test_restore_dialog_refuses_another_devices_backup(qtbot, demo_ctx, open_copy, tmp_path, messages) -> None:
    other = open_copy("worker")
    backup = tmp_path / "other.fpbak"
    BackupService(other).backup(PASSWORD, backup)
    dialog = RestoreDialog(BackupActions(demo_ctx, Settings(), None)._restore)
    qtbot.addWidget(dialog)
    dialog.path.setText(str(backup))
    dialog.password.setText(PASSWORD)
    dialog.read()
    qtbot.waitUntil(lambda: dialog.info is not None, timeout=20000)
    dialog.confirmed.setChecked(True)
    dialog.start()
    qtbot.waitUntil(lambda: "不是本机的备份" in dialog.message.text(), timeout=20000)
    assert _count(demo_ctx) > 0


def test_the_status_bar_reminds_when_the_last_backup_is_old(qtbot, demo_ctx, tmp_path, ui_app) -> None:
    settings = Settings()
    assert settings.backup_reminder_days == 7
    actions = BackupActions(demo_ctx, settings, None)
    assert actions.reminder.text() == "从未备份，请备份（文件 → 备份）"
    BackupService(demo_ctx).backup(PASSWORD, tmp_path / "b.fpbak")
    actions.remind()
    assert actions.reminder.isHidden()
    with demo_ctx.db.write(demo_ctx.actor) as session:
        session.execute(delete(AuditEvent).where(AuditEvent.action == "backup"))
        session.add(AuditEvent(at=datetime.now(UTC) - timedelta(days=9), user_name="x", action="backup"))
    actions.remind()
    assert not actions.reminder.isHidden() and actions.reminder.text() == "已 9 天未备份，请备份（文件 → 备份）"
    settings.backup_reminder_days = 0
    actions.remind()
    assert actions.reminder.isHidden()


def test_settings_keep_the_reminder_and_open_the_password_change(qtbot, ui_app) -> None:
    opened: list[bool] = []
    settings = Settings()
    dialog = SettingsDialog(settings, None, lambda: opened.append(True))
    qtbot.addWidget(dialog)
    dialog.password_button.click()
    assert opened == [True]
    dialog.backup_days.setValue(14)
    dialog.accept()
    assert Settings.load().backup_reminder_days == 14


@pytest.mark.parametrize(("old", "new", "again", "label", "problem"), [
    ("", "新密码-123", "新密码-123", "old_problem", "请输入原密码。"),
    (PASSWORD, "12345", "12345", "new_problem", "密码至少 6 位。"),
    (PASSWORD, "888888", "888888", "new_problem", "密码不能全是同一个字符。"),
    (PASSWORD, "新密码-123", "新密码-124", "again_problem", "两次输入的新密码不一致。"),
])
def test_password_change_says_what_is_wrong_next_to_the_field(qtbot, demo_ctx, ui_app, old, new, again, label,
                                                              problem) -> None:
    dialog = PasswordChangeDialog(demo_ctx)
    qtbot.addWidget(dialog)
    dialog.old.setText(old)
    dialog.new.setText(new)
    dialog.again.setText(again)
    dialog.change()
    assert getattr(dialog, label).text() == problem and getattr(dialog, label).isVisibleTo(dialog)
    assert dialog.buttons.isEnabled()


def test_password_change_dialog_rekeys_the_open_database(qtbot, demo_ctx, messages) -> None:
    dialog = PasswordChangeDialog(demo_ctx)
    qtbot.addWidget(dialog)
    dialog.old.setText("不是原来的")
    dialog.new.setText("新密码-123")
    dialog.again.setText("新密码-123")
    dialog.change()
    qtbot.waitUntil(lambda: dialog.old_problem.text() == "原密码不正确。", timeout=20000)
    dialog.old.setText(PASSWORD)
    dialog.change()
    qtbot.waitUntil(lambda: dialog.result_value is not None, timeout=20000)
    assert "密码已修改" in messages.texts()
    assert _count(demo_ctx) > 0  # the window goes on with the same context
    with pytest.raises(WrongPassword):
        open_context(demo_ctx.db.location, PASSWORD)
