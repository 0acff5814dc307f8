"""Starting the desktop application: first-run wizard or unlock, then the main window.

The first window (unlock or wizard) shows before the store's and the screens' libraries load;
they load on a worker thread while the user types the password.
"""

from __future__ import annotations

import importlib
import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QDialog, QInputDialog, QLineEdit

from app.resources import resource_path
from app.services.scratch import remove_leftovers
from app.store.location import has_password, is_url, with_password, without_password
from app.ui import tasks
from app.ui.crash import install_crash_hook
from app.ui.fonts import register_font
from app.ui.garbage_collector import UiThreadCollector
from app.ui.i18n import install_language
from app.ui.settings import DEMO_PASSWORD, Settings, old_drafts_directory, scratch_root
from app.ui.style import STYLE_SHEET
from app.ui.unlock import UnlockDialog

if TYPE_CHECKING:
    from app.services.context import ServiceContext

# What the main window needs, in import order; loading it early hides the cost behind typing.
_WARM_MODULES = ("app.services.setup", "app.ui.main_window")


def application(argv: list[str] | None = None) -> QApplication:
    """The QApplication, set up once: font, language, look and the crash hook."""
    existing = QApplication.instance()
    if not isinstance(existing, QApplication):
        # Fractional scaling (125 %, 150 %) as the laptop's screen asks, not rounded to 100 or 200 %.
        QApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
    app = existing if isinstance(existing, QApplication) else QApplication(argv or sys.argv[:1])
    app.setApplicationName("防贫网格通")
    app.setOrganizationName("fangpin-field")
    app.setWindowIcon(QIcon(str(resource_path("icons", "fangpin.png"))))
    register_font(app)
    app.setStyleSheet(STYLE_SHEET)
    install_language(app, Settings.load().language)
    install_crash_hook()
    if app.findChild(UiThreadCollector) is None:
        UiThreadCollector(app)
    return app


def warm_up() -> threading.Thread:
    def load() -> None:
        for name in _WARM_MODULES:
            importlib.import_module(name)

    thread = threading.Thread(target=load, name="warm-up", daemon=True)
    thread.start()
    return thread


def open_session(settings: Settings, location: str | None = None) -> ServiceContext | None:
    """The first-run wizard when there is no database yet, else the unlock dialog.

    A server database (postgresql://…) is opened directly: the server checks who connects. ``location``
    is the address given on the command line, which may hold a password the settings never keep.
    """
    if is_url(location or settings.database):
        return _open_server_database(location or settings.database)
    database = Path(settings.database)
    if not database.exists():
        from app.ui.first_run import FirstRunWizard

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


def _open_server_database(location: str) -> ServiceContext | None:
    """Connect as libpq does (the address, PGPASSWORD, ~/.pgpass); when the server asks for a password
    none of them gave, ask the user for it, and keep it only for this connection."""
    from app.services.setup import open_context
    from app.ui.messages import show_error

    while True:
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            return open_context(location, None)
        except Exception as error:  # shown to the user; the application then ends
            QApplication.restoreOverrideCursor()
            if _password_refused(error) and not has_password(location):
                password, given = QInputDialog.getText(
                    None, QApplication.translate("Startup", "数据库服务器密码"),
                    QApplication.translate("Startup", "服务器要求密码：\n{address}").format(
                        address=without_password(location)), QLineEdit.EchoMode.Password)
                if given and password:
                    location = with_password(location, password)
                    continue
                return None
            show_error(None, error)
            return None
        finally:
            if QApplication.overrideCursor() is not None:
                QApplication.restoreOverrideCursor()


def _password_refused(error: BaseException | None) -> bool:
    """The server refused the connection for want of the right password (libpq's own wording)."""
    while error is not None:
        text = str(error)
        if "no password supplied" in text or "password authentication failed" in text:
            return True
        error = error.__cause__ or error.__context__
    return False


def main_window(ctx: ServiceContext, settings: Settings) -> Any:
    from app.ui.main_window import MainWindow

    return MainWindow(ctx, settings)


def run(database: str | None = None) -> int:
    """Start the application; ``database`` (a file or postgresql://…) replaces the remembered one."""
    app = application()
    warm_up()
    remove_leftovers(scratch_root())  # print previews of a run that crashed
    settings = Settings.load()
    if database is not None:
        # Remembered without its password, even if connecting fails (it comes from PGPASSWORD,
        # ~/.pgpass or a prompt next time).
        settings.database, settings.demo_database = without_password(database), False
        settings.save()
    ctx = open_session(settings, database)
    if ctx is None:
        return 0
    import_old_drafts(ctx)
    window = main_window(ctx, settings)
    window.show()
    try:
        return app.exec()
    finally:
        tasks.wait_all()
        window.scratch.remove()
        ctx.db.close()


def import_old_drafts(ctx: ServiceContext) -> int:
    """Drafts an older version left as plaintext files move into the database; the files are deleted."""
    from app.services.drafts import DraftService

    return DraftService(ctx).import_draft_files(old_drafts_directory())
