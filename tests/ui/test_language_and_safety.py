"""Language switching, the English translation's completeness, the crash hook and the idle lock."""

from __future__ import annotations

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog

from app.resources import resource_path
from app.services.setup import check_password
from app.store.engine import WrongPassword
from app.ui import crash
from app.ui.i18n import install_language
from app.ui.idle_lock import IdleWatcher
from app.ui.main_window import MainWindow
from app.ui.settings import Settings
from app.ui.settings_dialog import SettingsDialog
from app.ui.unlock import UnlockDialog
from tests.conftest import PASSWORD

ROOT = Path(__file__).resolve().parents[2]


def test_every_interface_string_has_an_english_translation(tmp_path: Path) -> None:
    translations = tmp_path / "fangpin_en.ts"
    shutil.copy(resource_path("i18n", "fangpin_en.ts"), translations)
    sources = sorted(str(path) for path in (ROOT / "app" / "ui").rglob("*.py"))
    lupdate = Path(sys.executable).with_name("pyside6-lupdate")
    subprocess.run([str(lupdate), *sources, "-ts", str(translations), "-no-obsolete"], check=True,
                   capture_output=True)
    unfinished = [message.findtext("source") for message in ElementTree.parse(translations).iter("message")
                  if message.find("translation").get("type") == "unfinished"]
    assert unfinished == [], "run: .venv/bin/python resources/i18n/update.py, then translate these"


def test_the_window_speaks_english_when_asked(qtbot, demo_ctx, ui_app) -> None:
    install_language(ui_app, "en")
    try:
        window = MainWindow(demo_ctx, Settings(database=demo_ctx.db.location))
        qtbot.addWidget(window)
        titles = [window.navigation.item(row).text() for row in range(window.navigation.count())]
        assert titles[0] == "Households" and all(title.isascii() for title in titles)
    finally:
        install_language(ui_app, "zh_CN")
    window = MainWindow(demo_ctx, Settings(database=demo_ctx.db.location))
    qtbot.addWidget(window)
    assert window.navigation.item(0).text() == "农户"


def test_the_language_is_chosen_in_settings(qtbot, ui_app) -> None:
    settings = Settings()
    dialog = SettingsDialog(settings)
    qtbot.addWidget(dialog)
    dialog.language.setCurrentIndex(dialog.language.findData("en"))
    dialog.idle.setValue(3)
    dialog.accept()
    stored = Settings.load()
    assert (stored.language, stored.idle_lock_minutes) == ("en", 3)


def test_an_unexpected_error_is_logged_shown_and_unsaved_work_kept(ui_app, messages) -> None:
    rescued: list[bool] = []

    def rescue() -> None:
        rescued.append(True)

    crash.configure_logging()
    crash.on_crash(rescue)
    try:
        raise RuntimeError("模拟的程序错误")
    except RuntimeError as error:
        crash.handle_exception(type(error), error, error.__traceback__)
    finally:
        crash.forget(rescue)
    assert rescued == [True]
    assert "模拟的程序错误" in crash.log_file().read_text(encoding="utf-8")
    assert "日志" in messages.texts()


def test_a_user_facing_error_is_a_plain_message_not_a_crash(ui_app, messages) -> None:
    from app.domain.errors import UserFacingError

    error = UserFacingError("身份证号码校验位不对。", location="第 3 行")
    crash.handle_exception(UserFacingError, error, None)
    assert messages.shown == [("warning", "第 3 行：身份证号码校验位不对。")]


def test_the_window_locks_when_idle_and_unlocks_with_the_password(qtbot, demo_ctx, ui_app, monkeypatch) -> None:
    fired: list[bool] = []
    watcher = IdleWatcher(1, lambda: fired.append(True))
    watcher.timer.setInterval(50)
    watcher.timer.start()
    qtbot.waitUntil(lambda: bool(fired), timeout=2000)

    window = MainWindow(demo_ctx, Settings(database=demo_ctx.db.location))
    qtbot.addWidget(window)
    window.show()
    seen: list[bool] = []

    def unlock(dialog: UnlockDialog) -> int:
        seen.append(window.centralWidget().isVisible())
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(UnlockDialog, "exec", unlock)
    window.lock()
    assert seen == [False]  # the data is hidden while the password is asked
    assert window.centralWidget().isVisible()
    with pytest.raises(WrongPassword):
        check_password(demo_ctx.db.location, "not-the-password")
    assert check_password(demo_ctx.db.location, PASSWORD)
