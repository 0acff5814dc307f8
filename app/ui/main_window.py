"""The main window: navigation on the left, one page at a time, who and where in the status bar."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from datetime import UTC
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QWidget,
)

from app.domain.procedure import ROLE_LABELS
from app.services.context import ServiceContext
from app.services.divisions import DivisionService
from app.services.households import HouseholdService
from app.services.peers import PeerService
from app.services.scratch import ScratchFolder
from app.services.setup import check_password
from app.store.location import is_url, redacted, short_name, without_password
from app.ui.crash import log_file
from app.ui.dialogs.backup_dialogs import BackupActions
from app.ui.dialogs.new_household import NewHouseholdDialog
from app.ui.idle_lock import IdleWatcher, ScreenLock
from app.ui.pages.households import HouseholdsPage
from app.ui.pages.lazy import BuiltPage, LazyPage
from app.ui.scanner import ScanCatcher
from app.ui.screen_fit import fit_to_screen
from app.ui.settings import Settings, scratch_root
from app.ui.settings_dialog import SettingsDialog
from app.ui.unlock import UnlockDialog
from app.ui.version import application_version


class MainWindow(QMainWindow):
    # 文件 → 打开数据库 / 最近使用: the location to open in place of this window's database (app/ui/app.py).
    open_database = Signal(str)
    # The pages built when first shown (or first asked for), each in its holder on the stack.
    visits = BuiltPage("visits_holder")
    cases = BuiltPage("cases_holder")
    assistance = BuiltPage("assistance_holder")
    warnings = BuiltPage("warnings_holder")
    sync = BuiltPage("sync_holder")
    printing = BuiltPage("printing_holder")
    stats = BuiltPage("stats_holder")
    reports = BuiltPage("reports_holder")
    policy = BuiltPage("policy_holder")

    def __init__(self, ctx: ServiceContext, settings: Settings) -> None:
        super().__init__()
        self.ctx = ctx
        self.settings = settings
        # This run's private folder for print previews: emptied on lock, removed on exit.
        self.scratch = ScratchFolder(scratch_root())
        self.locked = False
        self.setWindowTitle(self.tr("防贫网格通"))
        # 1366×768 where there is room; on a smaller screen, all of it the window manager leaves free.
        fit_to_screen(self, QSize(1366, 768), QSize(1024, 640))

        # The window opens on 农户; every other list is built, and reads its rows, when first shown.
        self.households = HouseholdsPage(ctx)
        self._household: Any = None  # one household's page: built when the first is opened
        self.visits_holder = self._lazy("app.ui.pages.visits", "VisitsPage", self._connect_opening)
        self.cases_holder = self._lazy("app.ui.pages.cases", "CasesPage", self._connect_opening)
        self.assistance_holder = self._lazy("app.ui.pages.assistance", "AssistancePage", self._connect_opening)
        self.warnings_holder = self._lazy("app.ui.pages.warnings", "WarningsPage", self._connect_opening)
        self.sync_holder = LazyPage(self._sync_page, self._connect_sync)
        self.printing_holder = LazyPage(self._printing_page)
        self.reports_holder = LazyPage(self._reports_page)
        self.stats_holder = self._lazy("app.ui.pages.stats", "StatsPage")
        self.policy_holder = self._lazy("app.ui.pages.policy", "PolicyPage")
        self.pages: list[tuple[str, QWidget]] = [
            (self.tr("农户"), self.households), (self.tr("走访"), self.visits_holder),
            (self.tr("监测对象"), self.cases_holder), (self.tr("帮扶责任人"), self.assistance_holder),
            (self.tr("预警"), self.warnings_holder), (self.tr("同步"), self.sync_holder),
            (self.tr("打印"), self.printing_holder), (self.tr("统计"), self.stats_holder),
            (self.tr("报表"), self.reports_holder), (self.tr("政策"), self.policy_holder)]

        self.navigation = QListWidget()
        self.navigation.setObjectName("navigation")
        self.navigation.setIconSize(QSize(0, 0))
        self.stack = QStackedWidget()
        for title, page in self.pages:
            self.navigation.addItem(QListWidgetItem(title))
            self.stack.addWidget(page)
        self.navigation.setFixedWidth(150)
        self.navigation.currentRowChanged.connect(self.show_page)
        central = QWidget()
        row = QHBoxLayout(central)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.navigation)
        row.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self.households.open_household.connect(self.open_household)
        self.households.new_household.connect(self.new_household)
        self.households.import_excel.connect(self.import_excel)

        self.backups = BackupActions(ctx, settings, self)
        self.backups.restored.connect(lambda: self.show_page(self.navigation.currentRow()))
        self._build_menu()
        self._build_status_bar()
        self.idle = IdleWatcher(settings.idle_lock_minutes, self.lock, self)
        QApplication.instance().installEventFilter(self.idle)
        self.scanner = ScanCatcher(self)  # a card scanned with no text field focused
        self.scanner.scanned.connect(self.take_scan)
        QApplication.instance().installEventFilter(self.scanner)
        self.navigation.setCurrentRow(0)

    # --- pages built when first shown ----------------------------------------------------------

    def _lazy(self, module: str, page_class: str,
              on_built: Callable[[Any], None] | None = None) -> LazyPage:
        """A page of this database whose module, too, loads when the page is first shown."""
        return LazyPage(lambda: getattr(importlib.import_module(module), page_class)(self.ctx), on_built)

    def _connect_opening(self, page: Any) -> None:
        page.open_household.connect(self.open_household)

    def _sync_page(self) -> QWidget:
        from app.ui.pages.sync_page import SyncPage

        return SyncPage(self.ctx)

    def _connect_sync(self, page: Any) -> None:
        page.synced.connect(self.note_sync)
        page.open_household.connect(self.open_household)

    def _printing_page(self) -> QWidget:
        from app.ui.pages.printing_page import PrintingPage

        return PrintingPage(self.ctx, scratch=self.scratch)

    def _reports_page(self) -> QWidget:
        from app.ui.pages.reports import ReportsPage

        return ReportsPage(self.ctx)

    @property
    def household(self) -> Any:
        if self._household is None:
            from app.ui.pages.household import HouseholdPage

            self._household = HouseholdPage(self.ctx)
            self.stack.addWidget(self._household)
            self._household.back.connect(self.return_from_household)
            self._household.print_card.connect(self.print_card)
        return self._household

    # --- navigation --------------------------------------------------------------------------

    def show_page(self, row: int) -> None:
        if row < 0:
            return
        page = self.pages[row][1]
        self.stack.setCurrentWidget(page)
        if hasattr(page, "refresh"):
            page.refresh()  # type: ignore[attr-defined]

    def return_from_household(self) -> None:
        """Back to the page the household was opened from. The lists kept current by what each use
        case changed are shown as they are (no reload, the scroll position kept); others are read again."""
        row = self.navigation.currentRow()
        page = self.pages[row][1] if row >= 0 else None
        if page in (self.households, self.visits_holder, self.cases_holder, self.warnings_holder):
            self.stack.setCurrentWidget(page)
        else:
            self.show_page(row)

    def open_household(self, household_id: str) -> None:
        self.household.show_household(household_id)
        self.stack.setCurrentWidget(self.household)

    def print_card(self, household_id: str, label: str) -> None:
        self.printing.use_household(household_id, label)
        self.navigation.setCurrentRow(next(row for row, (_title, page) in enumerate(self.pages)
                                           if page is self.printing_holder))

    def import_excel(self) -> None:
        from app.ui.excel_import import ExcelImportWizard

        ExcelImportWizard(self.ctx, self).exec()
        self.households.refresh()

    # The national system's dialogs load the Excel and printing machinery: only when asked for.
    def import_national(self) -> None:
        from app.ui.dialogs.national_import import NationalImportWizard

        NationalImportWizard(self.ctx, self).exec()

    def national_entries(self) -> None:
        from app.ui.dialogs.national_entries import NationalEntriesDialog

        NationalEntriesDialog(self.ctx, self).exec()

    def new_household(self) -> None:
        dialog = NewHouseholdDialog(HouseholdService(self.ctx), DivisionService(self.ctx).villages(), self,
                                    self.ctx.today())
        if dialog.exec() and dialog.result_value is not None:
            self.households.refresh()
            self.open_household(dialog.result_value.id)

    # --- menu and status -----------------------------------------------------------------------

    def _build_menu(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("文件"))
        import_excel = QAction(self.tr("从 Excel 导入…"), self)
        import_excel.triggered.connect(self.import_excel)
        file_menu.addAction(import_excel)
        # 全国防返贫监测信息系统: start from its export; what is still to be entered in it.
        from_national = QAction(self.tr("从全国系统导入…"), self)
        from_national.triggered.connect(self.import_national)
        to_national = QAction(self.tr("全国系统待录入…"), self)
        to_national.triggered.connect(self.national_entries)
        file_menu.addActions([from_national, to_national])
        file_menu.addActions(self.backups.actions())
        file_menu.addSeparator()
        open_database = QAction(self.tr("打开数据库…"), self)
        open_database.triggered.connect(self.choose_database)
        file_menu.addAction(open_database)
        self.recent_menu = file_menu.addMenu(self.tr("最近使用"))
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        self._fill_recent()
        file_menu.addSeparator()
        settings = QAction(self.tr("设置…"), self)
        settings.triggered.connect(self.edit_settings)
        lock = QAction(self.tr("锁定"), self)
        lock.setShortcut(QKeySequence("Ctrl+L"))
        lock.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)  # also from an open visit form
        lock.triggered.connect(self.lock)
        # A server database has no password of its own to ask for: the server checks who connects,
        # and a station computer is locked by its own screen lock.
        lock.setEnabled(not is_url(self.ctx.db.location))
        quit_action = QAction(self.tr("退出"), self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        for action in (settings, lock, quit_action):
            file_menu.addAction(action)
        find = QAction(self.tr("查找农户"), self)
        find.setShortcut(QKeySequence.StandardKey.Find)
        find.triggered.connect(self.focus_search)
        self.addAction(find)
        help_menu = self.menuBar().addMenu(self.tr("帮助"))
        keys = QAction(self.tr("快捷键"), self)
        keys.triggered.connect(self.show_shortcuts)
        help_menu.addAction(keys)
        about = QAction(self.tr("关于"), self)
        about.triggered.connect(self.about)
        help_menu.addAction(about)

    def _build_status_bar(self) -> None:
        role = ROLE_LABELS.get(self.ctx.role, self.ctx.actor.role)
        self.user_label = QLabel(self.tr("使用人：{user}（{role}）").format(user=self.ctx.actor.user_name, role=role))
        self.database_label = QLabel(self.tr("数据库：{name}").format(name=short_name(self.ctx.db.location)))
        self.database_label.setToolTip(redacted(self.ctx.db.location))
        self.sync_label = QLabel()
        self.note_sync()
        for label in (self.backups.reminder, self.user_label, self.database_label, self.sync_label):
            self.statusBar().addPermanentWidget(label)

    def note_sync(self, _when: str = "") -> None:
        """上次同步 as the open database records it: its last bundle imported or exported."""
        last = PeerService(self.ctx).history(limit=1)
        at = last[0].at if last else None
        # Recorded in UTC (naive from SQLite); shown in local time.
        when = (at if at.tzinfo else at.replace(tzinfo=UTC)).astimezone().strftime("%Y-%m-%d %H:%M") if at else ""
        self.sync_label.setText(self.tr("上次同步：{when}").format(when=when or self.tr("从未同步")))

    # --- other databases -----------------------------------------------------------------------

    def choose_database(self) -> None:
        current = Path(self.ctx.db.location).parent if not is_url(self.ctx.db.location) else Path.home()
        path, _ = QFileDialog.getOpenFileName(self, self.tr("打开数据库"), str(current),
                                              self.tr("数据库文件 (*.db);;所有文件 (*)"))
        if path:
            self.open_database.emit(path)

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        here = without_password(self.ctx.db.location)
        for location in self.settings.recent_databases:
            if location == here or (not is_url(location) and not is_url(here)
                                    and Path(location) == Path(here).resolve()):
                continue
            action = self.recent_menu.addAction(short_name(location))
            action.setToolTip(location)
            action.setStatusTip(location)
            action.triggered.connect(lambda _checked=False, chosen=location: self.open_database.emit(chosen))
        self.recent_menu.setEnabled(bool(self.recent_menu.actions()))

    def focus_search(self) -> None:
        self.navigation.setCurrentRow(0)
        self.households.search.setFocus()
        self.households.search.selectAll()

    def take_scan(self, payload: str) -> None:
        """A card scanned while no text field had the focus: searched as if scanned into the box."""
        if self.locked or QApplication.activeModalWidget() is not None:
            return
        self.focus_search()
        self.households.search.setText(payload)
        self.households.search_entered()

    def edit_settings(self) -> None:
        change_password = None if is_url(self.ctx.db.location) else self.backups.change_password
        if SettingsDialog(self.settings, self, change_password).exec():
            self.idle.set_minutes(self.settings.idle_lock_minutes)
            self.backups.remind()

    def show_shortcuts(self) -> None:
        from app.ui.shortcuts import ShortcutsDialog  # it loads the form machinery to list its keys

        ShortcutsDialog(self).exec()

    def about(self) -> None:
        QMessageBox.about(self, self.tr("关于防贫网格通"), self.tr(
            "防贫网格通 {version}\n防止返贫动态监测和帮扶的离线桌面工具。\n数据库：{db}\n日志：{log}").format(
            version=application_version(), db=redacted(self.ctx.db.location), log=log_file()))

    # --- locking -------------------------------------------------------------------------------

    def lock(self) -> None:
        """Cover every window until the user's password is typed again; open forms keep their input.

        Open print previews close (their files are deleted with this run's private folder's contents).
        Leaving the prompt with 退出 closes every window, so an open visit form keeps its draft.
        """
        if self.locked or is_url(self.ctx.db.location):
            return
        self.locked = True
        from app.ui.pdf_preview import PdfPreview  # loaded with the first preview, not with the window

        for preview in [w for w in QApplication.topLevelWidgets() if isinstance(w, PdfPreview) and w.isVisible()]:
            preview.reject()
        self.scratch.clear()
        self.centralWidget().hide()
        dialog = UnlockDialog(Path(self.ctx.db.location), parent=self, locked_user=self.ctx.actor.user_name,
                              opener=check_password)
        dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
        screen = ScreenLock(dialog)
        screen.cover()
        try:
            unlocked = dialog.exec()
        finally:
            self.locked = False
        if unlocked:
            screen.uncover()
            self.centralWidget().show()
        else:
            QApplication.closeAllWindows()

    def closeEvent(self, event: object) -> None:
        QApplication.instance().removeEventFilter(self.idle)
        QApplication.instance().removeEventFilter(self.scanner)
        self.scratch.remove()
        super().closeEvent(event)  # type: ignore[arg-type]
