"""农户: every household of the scope, searchable by name, initials, ID number or village."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.household_number import scanned_household_id
from app.domain.procedure import STAGE_LABELS
from app.services.context import ServiceContext
from app.services.divisions import DivisionService
from app.services.listing import HouseholdFilter, HouseholdListing
from app.services.policy import PolicyService
from app.services.search import SearchService
from app.ui import tasks
from app.ui.changes import ChangeFeed
from app.ui.messages import inform, show_error
from app.ui.models.household_table import HouseholdTableModel
from app.ui.pages.number_clashes import NumberClashBanner
from app.ui.table_export import enable_export_menu
from app.ui.widgets import heading, table_view

# Rows looked at to size the columns: what a tall screen shows of the list.
SIZED_FROM_ROWS = 40


class HouseholdsPage(QWidget):
    open_household = Signal(str)
    new_household = Signal()
    import_excel = Signal()

    def __init__(self, ctx: ServiceContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.listing = HouseholdListing(ctx)
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(heading(self.tr("农户")))
        top.addStretch()
        self.import_button = QPushButton(self.tr("从 Excel 导入…"))
        self.import_button.clicked.connect(self.import_excel.emit)
        top.addWidget(self.import_button)
        self.add_button = QPushButton(self.tr("新增农户"))
        self.add_button.clicked.connect(self.new_household.emit)
        top.addWidget(self.add_button)
        layout.addLayout(top)
        self.number_clashes = NumberClashBanner(ctx, self)
        self.number_clashes.renumbered.connect(self.refresh)
        layout.addWidget(self.number_clashes)

        filters = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("查找：姓名、拼音首字母（如 zjg）、身份证号或其后几位、户编号、村名，"
                                                "或扫描明白卡二维码（Ctrl+F）"))
        self.search.setClearButtonEnabled(True)
        self.search.installEventFilter(self)
        filters.addWidget(self.search, 3)
        self.village = QComboBox()
        self.village.addItem(self.tr("全部村"), None)
        for place in DivisionService(ctx).villages():
            self.village.addItem(place.name, place.code)
        filters.addWidget(self.village, 1)
        self.category = QComboBox()
        self.category.addItem(self.tr("全部类别"), None)
        # Every name a category has had: cases keep the name they were identified under.
        for name in PolicyService(ctx).category_names_ever():
            self.category.addItem(name, name)
        filters.addWidget(self.category, 1)
        self.stage = QComboBox()
        self.stage.addItem(self.tr("全部阶段"), None)
        for stage, label in STAGE_LABELS.items():
            self.stage.addItem(label, stage)
        filters.addWidget(self.stage, 1)
        self.overdue = QCheckBox(self.tr("走访逾期"))
        filters.addWidget(self.overdue)
        layout.addLayout(filters)

        self.model = HouseholdTableModel(self.listing, SearchService(ctx), ctx.today())
        # A use case's changes redraw only the rows of the households it touched.
        ChangeFeed(ctx, self).changed.connect(lambda changed: self.model.refresh_rows(changed.households))
        self.table = table_view()
        self.table.setModel(self.model)
        # Columns are sized once, from the rows a screen shows, not from the whole first page: asking the
        # model for every cell of 200 rows was a quarter of the wait between the password and the rows.
        self.table.horizontalHeader().setResizeContentsPrecision(SIZED_FROM_ROWS)
        self.table.doubleClicked.connect(lambda index: self.open_household.emit(
            self.model.household_id(index.row())))
        self.table.activated.connect(lambda index: self.open_household.emit(
            self.model.household_id(index.row())))
        enable_export_menu(self.table, self.tr("农户名单"), self.export_roster)
        layout.addWidget(self.table)
        self.count = QLabel()
        layout.addWidget(self.count)

        # Typing is answered after a short pause, so a fast typist's keystrokes make one query.
        self._debounce = QTimer(self, singleShot=True, interval=120)
        self._debounce.timeout.connect(self.refresh)
        self.search.textChanged.connect(self._debounce.start)
        self.search.returnPressed.connect(self.search_entered)
        for box in (self.village, self.category, self.stage):
            box.currentIndexChanged.connect(self.refresh)
        self.overdue.toggled.connect(self.refresh)
        self._columns_sized = False
        self._counting: HouseholdFilter | None = None
        self._counts_running = 0
        self._clash_check_waiting = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Down in the search box moves into the results, on the first row."""
        if (watched is self.search and event.type() == QEvent.Type.KeyPress
                and isinstance(event, QKeyEvent) and event.key() == Qt.Key.Key_Down and self.model.rowCount()):
            self.table.setFocus()
            self.table.selectRow(0)
            return True
        return super().eventFilter(watched, event)

    def search_entered(self) -> None:
        """Enter (typed, or sent by a barcode scanner after a card's QR code): search now, and open
        the household if exactly one matches; the text stays selected so the next scan replaces it."""
        self.refresh()
        text = self.search.text().strip()
        if not text:
            return
        if len(self.model.rows) == 1:
            self.search.selectAll()
            self.open_household.emit(self.model.household_id(0))
        elif not self.model.rows and scanned_household_id(text):
            self.count.setText(self.tr("没有找到这张明白卡上的农户：它可能不在本机的工作范围内，或已被作废。"))
        self.search.selectAll()

    def _count(self, wanted: HouseholdFilter) -> None:
        """Counting a county's households can take a moment: the rows show first, the total after."""
        self.count.setText(self.tr("正在统计户数……"))
        self._counting = wanted
        self._counts_running += 1

        def show(total: int) -> None:
            self._count_finished()
            if self._counting == wanted and not self.search.text().strip():
                self.count.setText(self.tr("共 {n} 户").format(n=total))

        def failed(error: BaseException) -> None:
            self._count_finished()
            show_error(self, error)

        tasks.start(lambda _progress, _cancelled: self.listing.count(wanted), show, failed)

    def _count_finished(self) -> None:
        self._counts_running -= 1
        if not self._counts_running and self._clash_check_waiting:
            self._clash_check_waiting = False
            self.number_clashes.check_later()

    def export_roster(self) -> None:
        """The whole list (not just the rows scrolled to) as the 农户花名册 ledger: every household, as the
        page lists them (the 监测对象花名册 has the monitoring objects only)."""
        from app.services.excel import LedgerExporter

        village = self.village.currentData()
        path, _ = QFileDialog.getSaveFileName(self, self.tr("导出花名册"), str(Path.home() / "农户花名册.xlsx"),
                                              self.tr("Excel 表格 (*.xlsx)"))
        if not path:
            return
        tasks.start_with_progress(
            self, self.tr("正在导出花名册……"),
            lambda progress, _cancelled: LedgerExporter(self.ctx).export(
                "households", Path(path), village=village, progress=tasks.staged(progress)),
            lambda rows: inform(self, self.tr("已导出 {n} 行：{path}").format(n=rows, path=path)),
            lambda error: show_error(self, error), cancellable=False)

    def showEvent(self, event: QShowEvent) -> None:
        """Coming back to the list (after a sync import, say) looks again for 户编号 used twice.

        While the total is being counted (the window just opened on this list), the look waits for it:
        both go over every household, and run one after the other on one connection instead of side by
        side with the first rows being drawn (and a second connection's key derivation)."""
        super().showEvent(event)
        if self._counts_running:
            self._clash_check_waiting = True
        else:
            self.number_clashes.check_later()

    def current_filter(self) -> HouseholdFilter:
        return HouseholdFilter(village=self.village.currentData(), category=self.category.currentData(),
                               stage=self.stage.currentData(), overdue=self.overdue.isChecked())

    def refresh(self) -> None:
        self._debounce.stop()
        wanted = self.current_filter()
        text = self.search.text().strip()
        if text:
            self.model.search(text, wanted)
            shown = len(self.model.rows)
            self.count.setText(self.tr("找到 {n} 户").format(n=shown) if shown < 200
                               else self.tr("显示前 200 户，请输入更多内容缩小范围"))
        else:
            self.model.show_all(wanted)
            self._count(wanted)
        if not self._columns_sized and self.model.rows:
            self.table.resizeColumnsToContents()
            self._columns_sized = True
