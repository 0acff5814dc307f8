"""文件 → 全国系统待录入: what is still to be entered in the national system, by kind (新识别, 风险消除,
帮扶措施, 年度收入); export it (all pending, or what changed since a date) in the 信息采集表's field
order, and, once the clerk confirms it was typed in, mark the selected rows as entered. The same use
cases as ``fangpin national export`` and ``fangpin national mark-entered``."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.services.context import ServiceContext
from app.services.national.export import CHANGE_LABELS, ExportResult, NationalExportService, PendingRow
from app.ui import tasks
from app.ui.date_input import DateInput
from app.ui.message_line import MessageLine
from app.ui.messages import confirm, inform, show_error
from app.ui.widgets import table_view


class NationalEntriesDialog(QDialog):
    def __init__(self, ctx: ServiceContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.service = NationalExportService(ctx)
        self.rows: list[PendingRow] = []
        self.shown: list[PendingRow] = []
        self.setWindowTitle(self.tr("全国系统待录入"))

        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("内容")))
        self.kind = QComboBox()
        self.kind.addItem(self.tr("全部"), None)
        for kind, label in CHANGE_LABELS.items():
            self.kind.addItem(label, kind)
        self.kind.currentIndexChanged.connect(self._show)
        top.addWidget(self.kind)
        self.count = QLabel()
        top.addWidget(self.count, 1)
        export = QPushButton(self.tr("导出待录入…"))
        export.clicked.connect(self.export_pending)
        top.addWidget(export)

        self.model = QStandardItemModel(self)
        self.table = table_view()
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setModel(self.model)

        since_row = QHBoxLayout()
        since_row.addWidget(QLabel(self.tr("导出此日期以来的全部变化")))
        self.since = DateInput(today=ctx.today())
        self.since.setMaximum(ctx.today(), self.tr("今天"))
        since_row.addWidget(self.since)
        export_since = QPushButton(self.tr("导出…"))
        export_since.clicked.connect(self.export_since)
        since_row.addWidget(export_since)
        since_row.addStretch()

        actions = QHBoxLayout()
        select_all = QPushButton(self.tr("全选"))
        select_all.clicked.connect(self.table.selectAll)
        actions.addWidget(select_all)
        self.mark = QPushButton(self.tr("标记选中为已录入…"))
        self.mark.setToolTip(self.tr("在全国系统中录入并核对后再标记；标记后下次导出待录入时不再包含。"))
        self.mark.clicked.connect(self.mark_selected)
        actions.addWidget(self.mark)
        actions.addStretch()
        close = QPushButton(self.tr("关闭"))
        close.clicked.connect(self.accept)
        actions.addWidget(close)

        self.message = MessageLine()
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        layout.addLayout(since_row)
        layout.addLayout(actions)
        self.resize(900, 560)
        self.refresh()

    # --- the list ------------------------------------------------------------------------------

    def refresh(self) -> None:
        self.rows = self.service.pending()
        self._show()

    def _show(self) -> None:
        wanted = self.kind.currentData()
        self.shown = [r for r in self.rows if wanted is None or r.kind == wanted]
        self.model.clear()
        self.model.setHorizontalHeaderLabels([self.tr("村"), self.tr("户主"), self.tr("内容"), self.tr("日期"),
                                              self.tr("说明")])
        for row in self.shown:
            self.model.appendRow([_cell(row.village), _cell(row.head_name), _cell(row.label),
                                  _cell(row.on.isoformat() if row.on else ""), _cell(row.what)])
        for column in range(self.model.columnCount() - 1):
            self.table.resizeColumnToContents(column)
        households = len({r.household_id for r in self.shown})
        self.count.setText(self.tr("待录入 {items} 项，涉及 {households} 户").format(
            items=len(self.shown), households=households))

    def selected_rows(self) -> list[PendingRow]:
        return [self.shown[i.row()] for i in self.table.selectionModel().selectedRows()]

    # --- marking -------------------------------------------------------------------------------

    def mark_selected(self) -> None:
        chosen = self.selected_rows()
        if not chosen:
            self.message.setText(self.tr("请先选中已在全国系统录入的行。"))
            return
        households = len({r.household_id for r in chosen})
        question = self.tr("确认这 {items} 项（{households} 户）已在全国系统录入并核对无误？"
                           "标记后，下次导出待录入时不再包含它们。").format(items=len(chosen), households=households)
        if not confirm(self, question):
            return
        try:
            result = self.service.mark_entered(items=[r.key for r in chosen])
        except Exception as error:
            show_error(self, error)
            return
        text = self.tr("已标记 {marked} 项为已录入全国系统。").format(marked=result.marked)
        if result.changed:
            text += self.tr("另有 {changed} 项在列出后又有变化，仍为待录入，请核对后再标记。").format(
                changed=result.changed)
        self.message.setText(text)
        self.refresh()

    # --- exporting -----------------------------------------------------------------------------

    def export_pending(self) -> None:
        self._export(self.tr("待录入全国系统.xlsx"), pending=True)

    def export_since(self) -> None:
        since = self.since.value()
        if since is None:
            self.message.setText(self.since.problem() or self.tr("请填写开始日期。"))
            return
        self._export(self.tr("{day}以来的变化.xlsx").format(day=since.isoformat()), since=since)

    def _export(self, name: str, *, pending: bool = False, since: date | None = None) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("导出到 Excel"), str(Path.home() / name),
                                              self.tr("Excel 表格 (*.xlsx)"))
        if not path:
            return

        def job(_progress: tasks.Progress, _cancelled: Any) -> ExportResult:
            return self.service.export(path, since=since, pending=pending)

        def done(result: ExportResult) -> None:
            if result.households:
                inform(self, self.tr("已导出 {households} 户、{rows} 行（{items} 项内容）：{path}").format(
                    households=result.households, rows=result.rows, items=result.items, path=path))
            else:
                inform(self, self.tr("没有需要录入全国系统的内容；文件只有表头：{path}").format(path=path))

        tasks.start_with_progress(self, self.tr("正在导出……"), job, done, lambda error: show_error(self, error),
                                  cancellable=False)


def _cell(text: str) -> QStandardItem:
    item = QStandardItem(text)
    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
    return item
