"""Screenshots of 文件 → 备份 and 文件 → 从备份恢复 (the restore after it has read the backup), and
设置 → 修改密码, from a small demo database.

    QT_QPA_PLATFORM=offscreen .venv/bin/python docs/screenshots/make_backup_screenshots.py

Writes docs/screenshots/dialog_backup.png, dialog_restore.png and dialog_password.png. Everything
else lives in a temporary folder that is thrown away.
"""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))

from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

TODAY = date(2026, 11, 23)
PASSWORD = "demo"


def save(widget: QWidget, name: str) -> None:
    widget.show()
    QApplication.processEvents()
    widget.grab().save(str(HERE / f"{name}.png"))
    print(HERE / f"{name}.png")


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        for variable in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
            os.environ[variable] = str(Path(folder) / variable.lower())
        from app.services.backup import BackupService, read_backup
        from app.services.demo import create_demo_database
        from app.ui.app import application
        from app.ui.dialogs.backup_dialogs import BackupActions, BackupDialog, RestoreDialog
        from app.ui.dialogs.password_dialog import PasswordChangeDialog
        from app.ui.settings import Settings

        application()
        database = Path(folder) / "fangpin.db"
        ctx = create_demo_database(database, PASSWORD, households=300, seed=3, today=lambda: TODAY)
        backup = Path(folder) / "防贫网格通备份-20261116.fpbak"
        BackupService(ctx).backup(PASSWORD, backup)

        dialog = BackupDialog(ctx, today=TODAY)
        dialog.path.setText(str(Path.home() / "U盘" / "防贫网格通备份-20261123.fpbak"))
        dialog.password.setText(PASSWORD)
        save(dialog, "dialog_backup")

        restore = RestoreDialog(BackupActions(ctx, Settings(), None)._restore)
        restore.path.setText(str(Path.home() / "U盘" / backup.name))
        restore.password.setText(PASSWORD)
        restore.show_info(read_backup(backup, PASSWORD))
        restore.confirmed.setChecked(True)
        save(restore, "dialog_restore")

        password = PasswordChangeDialog(ctx)
        password.old.setText(PASSWORD)
        password.new.setText("12345")
        password.again.setText("12345")
        password.change()  # shows the rule's message next to the field
        save(password, "dialog_password")
        ctx.db.close()


if __name__ == "__main__":
    main()
