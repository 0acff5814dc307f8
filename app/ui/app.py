"""Starting the desktop application: first-run wizard or unlock, then the main window."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog

from app.services.context import ServiceContext
from app.ui.crash import install_crash_hook
from app.ui.first_run import DEMO_PASSWORD, FirstRunWizard
from app.ui.fonts import register_font
from app.ui.i18n import install_language
from app.ui.main_window import MainWindow
from app.ui.settings import Settings
from app.ui.style import STYLE_SHEET
from app.ui.unlock import UnlockDialog


def application(argv: list[str] | None = None) -> QApplication:
    """The QApplication, set up once: font, language, look and the crash hook."""
    existing = QApplication.instance()
    if not isinstance(existing, QApplication):
        # Fractional scaling (125 %, 150 %) as the laptop's screen asks, not rounded to 100 or 200 %.
        QApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
    app = existing if isinstance(existing, QApplication) else QApplication(argv or sys.argv[:1])
    app.setApplicationName("防贫网格通")
    app.setOrganizationName("fangpin-field")
    register_font(app)
    app.setStyleSheet(STYLE_SHEET)
    install_language(app, Settings.load().language)
    install_crash_hook()
    return app


def open_session(settings: Settings) -> ServiceContext | None:
    """The first-run wizard when there is no database yet, else the unlock dialog."""
    database = Path(settings.database)
    if not database.exists():
        wizard = FirstRunWizard(database)
        if wizard.exec() != QDialog.DialogCode.Accepted or wizard.ctx is None:
            return None
        settings.demo_database = wizard.is_demo
        settings.save()
        return wizard.ctx
    hint = (QApplication.translate("Startup", "这是演示数据库，密码是“{password}”。").format(password=DEMO_PASSWORD)
            if settings.demo_database else "")
    dialog = UnlockDialog(database, hint)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.ctx


def run() -> int:
    app = application()
    settings = Settings.load()
    ctx = open_session(settings)
    if ctx is None:
        return 0
    window = MainWindow(ctx, settings)
    window.show()
    try:
        return app.exec()
    finally:
        ctx.db.close()
