"""Qt's own dialogs and buttons speak Chinese in the Chinese UI; 帮助 → 关于 shows the version."""

from __future__ import annotations

import tomllib
from pathlib import Path

from PySide6.QtWidgets import QDialogButtonBox, QMessageBox

from app.ui.i18n import install_language
from app.ui.main_window import MainWindow
from app.ui.settings import Settings
from app.ui.version import application_version

ROOT = Path(__file__).resolve().parents[2]


def test_standard_buttons_read_chinese(qtbot, ui_app) -> None:
    install_language(ui_app, "zh_CN")
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    qtbot.addWidget(buttons)
    assert buttons.button(QDialogButtonBox.StandardButton.Cancel).text() == "取消"
    assert buttons.button(QDialogButtonBox.StandardButton.Ok).text() == "确定"
    box = QMessageBox(QMessageBox.Icon.Question, "标题", "文字",
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
    qtbot.addWidget(box)
    assert box.button(QMessageBox.StandardButton.No).text().startswith("否")


def test_english_ui_leaves_qt_in_english(qtbot, ui_app) -> None:
    install_language(ui_app, "en")
    try:
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        qtbot.addWidget(buttons)
        assert buttons.button(QDialogButtonBox.StandardButton.Cancel).text() == "Cancel"
    finally:
        install_language(ui_app, "zh_CN")


def test_about_shows_the_version(qtbot, demo_ctx, messages, ui_app) -> None:
    window = MainWindow(demo_ctx, Settings(database=str(demo_ctx.db.location)))
    qtbot.addWidget(window)
    window.about()
    version = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    assert application_version() == version
    assert f"防贫网格通 {version}" in messages.texts()


def test_the_build_ships_qt_chinese_only() -> None:
    spec = (ROOT / "build.spec").read_text(encoding="utf-8")
    assert 'KEPT_QT_TRANSLATIONS = ("qtbase_zh_CN.qm",)' in spec
    assert '*files("pyproject.toml", "resources")' in spec  # the version when frozen
