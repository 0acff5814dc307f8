"""打印: each document for the current selection, made off the UI thread, previewed, then printed."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import UserFacingError
from app.services.context import ServiceContext
from app.services.divisions import DivisionService, Place
from app.services.excel import LEDGERS, LedgerExporter
from app.services.printouts import DocumentKind, PrintCancelled, PrintRequest, write_card_files, write_document
from app.services.scratch import ScratchFolder
from app.ui import tasks
from app.ui.messages import show_error
from app.ui.pages.fund_ledger_box import FundLedgerBox
from app.ui.pdf_preview import PdfPreview
from app.ui.settings import scratch_root
from app.ui.widgets import heading

# What each document is chosen by.
NEEDS_HOUSEHOLD = {DocumentKind.CARD, DocumentKind.CONSENT}
NEEDS_AREA = {DocumentKind.CARDS, DocumentKind.LEDGER, DocumentKind.POSTING, DocumentKind.DUE}
NEEDS_VILLAGE = {DocumentKind.POSTING}
NEEDS_MONTH = {DocumentKind.DUE, DocumentKind.MONTHLY}


class PrintingPage(QWidget):
    def __init__(self, ctx: ServiceContext, parent: QWidget | None = None,
                 scratch: ScratchFolder | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        # Previews go to the run's private folder, never the shared temporary one.
        self.scratch = scratch or ScratchFolder(scratch_root())
        self.household_id = ""
        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.tr("打印")))
        box = QGroupBox(self.tr("选择要打印的文件"))
        form = QFormLayout(box)
        self.kind = QComboBox()
        for kind in DocumentKind:
            self.kind.addItem(kind.title, kind)
        form.addRow(self.tr("文件"), self.kind)
        self.household = QLineEdit()
        self.household.setPlaceholderText(self.tr("户编号或成员身份证号（在农户页打开一户后自动填入）"))
        form.addRow(self.tr("农户"), self.household)
        self.area = QComboBox()
        places = DivisionService(ctx).in_scope()
        for place in places:
            indent = "    " if place.level == "village" else ""
            self.area.addItem(f"{indent}{place.name}（{place.code}）", place.code)
        self.villages = {p.code for p in places if p.level == "village"}
        form.addRow(self.tr("范围"), self.area)
        self.month = QDateEdit(QDate(ctx.today().year, ctx.today().month, 1))
        self.month.setDisplayFormat("yyyy-MM")
        form.addRow(self.tr("月份"), self.month)
        self.folder = QCheckBox(self.tr("每户一个文件，存入文件夹"))
        form.addRow("", self.folder)
        self.make_button = QPushButton(self.tr("生成并预览"))
        self.make_button.clicked.connect(self.make)
        form.addRow(self.make_button)
        layout.addWidget(box)
        layout.addWidget(self._ledger_box(places))
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.fund_ledger = FundLedgerBox(ctx, places, self.status)
        layout.addWidget(self.fund_ledger)
        layout.addWidget(self.status)
        layout.addStretch()
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self._kind_changed()

    def refresh(self) -> None:
        pass

    def _ledger_box(self, places: list[Place]) -> QGroupBox:
        box = QGroupBox(self.tr("导出 Excel 台账"))
        form = QFormLayout(box)
        self.ledger = QComboBox()
        for kind in LEDGERS:
            self.ledger.addItem(kind.name, kind.key)
        form.addRow(self.tr("台账"), self.ledger)
        self.ledger_village = QComboBox()
        self.ledger_village.addItem(self.tr("本机全部范围"), None)
        for place in places:
            if place.level == "village":
                self.ledger_village.addItem(place.name, place.code)
        form.addRow(self.tr("村"), self.ledger_village)
        self.ledger_posting = QCheckBox(self.tr("用于张贴公示（只有公示名单可以张贴，不含身份证号、电话和健康状况）"))
        form.addRow("", self.ledger_posting)
        self.export_button = QPushButton(self.tr("导出…"))
        self.export_button.clicked.connect(self.export_ledger)
        form.addRow(self.export_button)
        return box

    def export_ledger(self) -> None:
        name = self.ledger.currentText()
        path, _ = QFileDialog.getSaveFileName(self, self.tr("导出 Excel 台账"), str(Path.home() / f"{name}.xlsx"),
                                              self.tr("Excel 表格 (*.xlsx)"))
        if not path:
            return
        key, village = self.ledger.currentData(), self.ledger_village.currentData()
        posting = self.ledger_posting.isChecked()
        self.export_button.setEnabled(False)

        def done(rows: int) -> None:
            self.export_button.setEnabled(True)
            self.status.setText(self.tr("已导出{name}（{n} 行）：{path}").format(name=name, n=rows, path=path))

        def failed(error: BaseException) -> None:
            self.export_button.setEnabled(True)
            show_error(self, error)

        tasks.start_with_progress(
            self, self.tr("正在导出{name}……").format(name=name),
            lambda progress, _cancelled: LedgerExporter(self.ctx).export(
                key, Path(path), village=village, posting=posting, progress=tasks.staged(progress)),
            done, failed, cancellable=False)

    def use_household(self, household_id: str, label: str) -> None:
        """The household page's selection, so its card is one click away."""
        self.household_id = household_id
        self.household.setText(label)
        self.kind.setCurrentIndex(self.kind.findData(DocumentKind.CARD))

    def _kind_changed(self) -> None:
        kind = DocumentKind(self.kind.currentData())
        self.household.setEnabled(kind in NEEDS_HOUSEHOLD)
        self.area.setEnabled(kind in NEEDS_AREA)
        self.month.setEnabled(kind in NEEDS_MONTH)
        self.folder.setEnabled(kind is DocumentKind.CARDS)
        self.make_button.setText(self.tr("生成到文件夹…") if self._to_folder() else self.tr("生成并预览"))

    def _to_folder(self) -> bool:
        return self.kind.currentData() == DocumentKind.CARDS and self.folder.isChecked()

    def request(self) -> PrintRequest:
        kind = DocumentKind(self.kind.currentData())
        typed = self.household.text().strip()
        household = self.household_id if self.household_id and typed else typed
        chosen = self.month.date()
        return PrintRequest(kind=kind, household=household if kind in NEEDS_HOUSEHOLD else "",
                            area=(self.area.currentData() or "") if kind in NEEDS_AREA else "",
                            month=date(chosen.year(), chosen.month(), 1) if kind in NEEDS_MONTH else None)

    def make(self) -> None:
        request = self.request()
        if request.kind in NEEDS_VILLAGE and request.area not in self.villages:
            show_error(self, UserFacingError(self.tr("公示名单按村打印，请在“范围”中选择一个村。")))
            return
        self.make_button.setEnabled(False)
        if self._to_folder():
            folder = QFileDialog.getExistingDirectory(self, self.tr("选择存放明白卡的文件夹"), str(Path.home()))
            if not folder:
                self.make_button.setEnabled(True)
                return
            tasks.start_with_progress(
                self, self.tr("正在生成明白卡……"),
                lambda progress, cancelled: write_card_files(self.ctx, request.area, Path(folder),
                                                             progress=_counting(progress), cancelled=cancelled),
                lambda result: self._finished(result.message), self._failed)
            return
        target = self.scratch.new_file(f"{request.kind.title}.pdf")
        tasks.start_with_progress(
            self, self.tr("正在生成{what}……").format(what=request.kind.title),
            lambda progress, cancelled: write_document(self.ctx, request, target, progress=_counting(progress),
                                                       cancelled=cancelled),
            lambda result: self._preview(result.path, result.message), self._failed)

    def _preview(self, path: Path, message: str) -> None:
        self._finished(message)
        PdfPreview(path, path.name, self, scratch=self.scratch).exec()

    def _finished(self, message: str) -> None:
        self.make_button.setEnabled(True)
        self.status.setText(message)

    def _failed(self, error: BaseException) -> None:
        self.make_button.setEnabled(True)
        if isinstance(error, PrintCancelled):
            self.status.setText(self.tr("已取消，没有留下文件。"))
            return
        show_error(self, error)




def _counting(progress: tasks.Progress) -> Callable[[int, int | None], None]:
    """The printers may not know the total yet (None); the progress bar then just moves."""
    return lambda done, total: progress(done, total or 0)
