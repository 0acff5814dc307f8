"""Starting the desktop application: first-run wizard or unlock, then the main window.

The first window (unlock or wizard) shows before the store's and the screens' libraries load;
they load on a worker thread while the user types the password.
"""

from __future__ import annotations

import gc
import importlib
import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QDialog, QInputDialog, QLineEdit, QWidget

from app.domain.errors import UserFacingError
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
    """Load what the main window needs on a thread, then set aside from garbage collection what the
    start made (modules, classes, functions: they live as long as the program). The UI-thread
    collector's first full collections walked all of it, most of a second on the UI thread right when
    the window was being built."""
    def load() -> None:
        for name in _WARM_MODULES:
            importlib.import_module(name)
            gc.freeze()

    thread = threading.Thread(target=load, name="warm-up", daemon=True)
    thread.start()
    return thread


def open_session(settings: Settings, location: str | None = None) -> ServiceContext | None:
    """The first-run wizard when there is no database yet, else the unlock dialog.

    A server database (postgresql://…) is opened directly: the server checks who connects. ``location``
    is the address given on the command line, which may hold a password the settings never keep; without
    it, the remembered database opens.
    """
    location = location or settings.database
    if is_url(location):
        return _open_server_database(location)
    database = Path(location)
    remembered = without_password(location) == settings.database
    if not database.exists():
        from app.ui.first_run import FirstRunWizard

        wizard = FirstRunWizard(database)
        if wizard.exec() != QDialog.DialogCode.Accepted or wizard.ctx is None:
            return None
        if remembered:
            settings.demo_database = wizard.is_demo
            settings.save()
        return wizard.ctx
    hint = (QApplication.translate("Startup", "这是演示数据库，密码是“{password}”。").format(password=DEMO_PASSWORD)
            if settings.demo_database and remembered else "")
    dialog = UnlockDialog(database, hint)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.ctx


def open_other(location: str, parent: QWidget | None = None) -> ServiceContext | None:
    """Another database, opened from 文件 → 打开数据库 or 最近使用: a file asks for its password (a wrong
    one is asked again; 取消 gives None), a server database connects as at startup."""
    if is_url(location):
        return _open_server_database(location)
    database = Path(location)
    if not database.is_file():
        from app.ui.messages import show_error

        show_error(parent, UserFacingError(QApplication.translate("Startup", "找不到数据库文件：{path}").format(
            path=database)))
        return None
    dialog = UnlockDialog(database, parent=parent, cancel_text=QApplication.translate("Startup", "取消"))
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


class Session(QObject):
    """The open database and its main window; 文件 → 打开数据库 replaces both.

    Switching waits for running jobs, shows the new database's window, closes every window of the old
    one (an open visit form keeps its draft) and only then closes the old database.
    """

    def __init__(self, ctx: ServiceContext, settings: Settings) -> None:
        super().__init__()
        self.ctx = ctx
        self.settings = settings
        self.window = self._window(ctx)

    def _window(self, ctx: ServiceContext) -> Any:
        window = main_window(ctx, self.settings)
        window.open_database.connect(self.switch)
        return window

    def switch(self, location: str) -> bool:
        """Open ``location`` in place of the open database; False (the open one stays) when it is not opened."""
        if _same_database(location, self.ctx.db.location):
            return False  # already open: opening it a second time beside itself would only confuse
        ctx = open_other(location, self.window)
        if ctx is None:
            return False
        tasks.wait_all()
        old_ctx, old_window = self.ctx, self.window
        self.ctx, self.window = ctx, self._window(ctx)
        self.settings.database, self.settings.demo_database = without_password(location), False
        self.settings.note_opened(location)
        self.settings.save()
        self.window.show()
        for widget in QApplication.topLevelWidgets():
            if widget is not self.window and widget.isVisible() and widget.isWindow():
                widget.close()
        old_window.deleteLater()
        tasks.wait_all()
        old_ctx.db.close()
        return True

    def close(self) -> None:
        tasks.wait_all()
        self.window.scratch.remove()
        self.ctx.db.close()


def _same_database(one: str | Path, other: str | Path) -> bool:
    if is_url(one) or is_url(other):
        return without_password(one) == without_password(other)
    return Path(one).resolve() == Path(other).resolve()


def run(database: str | None = None, remember: bool = False) -> int:
    """Start the application. ``database`` (a file or postgresql://…) opens this once instead of the
    remembered one; with ``remember`` it becomes the remembered one (without its password, even if
    connecting fails: the password comes from PGPASSWORD, ~/.pgpass or a prompt next time)."""
    app = application()
    warm_up()
    remove_leftovers(scratch_root())  # print previews of a run that crashed
    settings = Settings.load()
    if database is not None and remember:
        settings.database, settings.demo_database = without_password(database), False
        settings.save()
    ctx = open_session(settings, database)
    if ctx is None:
        return 0
    import_old_drafts(ctx)
    settings.note_opened(database or settings.database)
    settings.save()
    session = Session(ctx, settings)
    session.window.show()
    try:
        return app.exec()
    finally:
        session.close()


def import_old_drafts(ctx: ServiceContext) -> int:
    """Drafts an older version left as plaintext files move into the database; the files are deleted."""
    from app.services.drafts import DraftService

    return DraftService(ctx).import_draft_files(old_drafts_directory())
