"""Importing a village's spreadsheet: choose the file, check the column mapping, see the dry run
row by row, then import — every step off the UI thread, with progress and cancel."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from app.excel.mapping import ImportMapping, save_template
from app.excel.targets import TARGETS
from app.services.context import ServiceContext
from app.services.divisions import DivisionService
from app.services.excel import ExcelImportService, ImportCancelled, ImportResult, ImportSource
from app.ui import tasks
from app.ui.import_wizard import ImportResultPage, RowImportWizard
from app.ui.messages import show_error

GROUPS = {"household": "户", "member": "成员", "income": "收入", "helper": "帮扶", "info": "说明"}
NOT_IMPORTED = "（不导入）"


class _FilePage(QWizardPage):
    def __init__(self, wizard: ExcelImportWizard) -> None:
        super().__init__()
        self.owner = wizard
        self.setTitle(self.tr("选择表格"))
        self.setSubTitle(self.tr("花名册、收入台账或帮扶责任人台账（.xlsx）。标题行、多行表头、合并单元格都可以。"))
        form = QFormLayout(self)
        row = QHBoxLayout()
        self.path = QLineEdit()
        browse = QPushButton(self.tr("浏览…"))
        browse.clicked.connect(self.browse)
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        form.addRow(self.tr("文件"), row)
        self.village = QComboBox()
        self.village.addItem(self.tr("表格中有“村”列"), None)
        for place in DivisionService(wizard.ctx).villages():
            self.village.addItem(place.name, place.code)
        # A grid worker's roster usually has no 村 column: their own village is the default.
        own = wizard.service.default_village()
        if own is not None and self.village.findData(own) >= 0:
            self.village.setCurrentIndex(self.village.findData(own))
        form.addRow(self.tr("所属村"), self.village)
        template_row = QHBoxLayout()
        self.template = QLineEdit()
        self.template.setPlaceholderText(self.tr("可选：以前保存的列对应模板（.json）"))
        choose = QPushButton(self.tr("选择…"))
        choose.clicked.connect(self.choose_template)
        template_row.addWidget(self.template, 1)
        template_row.addWidget(choose)
        form.addRow(self.tr("列对应模板"), template_row)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #b00020;")
        form.addRow(self.problem)
        self.path.textChanged.connect(self.completeChanged)

    def browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("选择表格"), str(Path.home()),
                                              self.tr("Excel 表格 (*.xlsx *.xlsm *.xls)"))
        if path:
            self.path.setText(path)

    def choose_template(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("选择模板"), str(Path.home()), self.tr("模板 (*.json)"))
        if path:
            self.template.setText(path)

    def isComplete(self) -> bool:
        return bool(self.path.text().strip())

    def validatePage(self) -> bool:
        """Read the workbook (off the UI thread); the wizard moves on when it has been read."""
        if self.owner.advancing:
            return True
        self.problem.clear()
        self.owner.read(Path(self.path.text().strip()), self.template.text().strip() or None)
        return False


class _MappingPage(QWizardPage):
    def __init__(self, wizard: ExcelImportWizard) -> None:
        super().__init__()
        self.owner = wizard
        self.setTitle(self.tr("核对列的对应"))
        self.setSubTitle(self.tr("系统已按列名自动识别，请逐列核对；不需要的列选“（不导入）”。"))
        layout = QVBoxLayout(self)
        self.sheets = QTabWidget()
        layout.addWidget(self.sheets, 1)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("收入年度")))
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        row.addWidget(self.year)
        row.addStretch()
        save = QPushButton(self.tr("保存为模板…"))
        save.clicked.connect(self.save_template)
        row.addWidget(save)
        layout.addLayout(row)
        self.notes = QLabel()
        self.notes.setWordWrap(True)
        layout.addWidget(self.notes)

    def initializePage(self) -> None:
        mapping = self.owner.mapping
        assert mapping is not None
        self.sheets.clear()
        self.boxes: dict[tuple[str, str], QComboBox] = {}
        for sheet in mapping.sheets:
            table = QTableWidget(len(sheet.columns), 3)
            table.setHorizontalHeaderLabels([self.tr("列"), self.tr("表格中的列名"), self.tr("导入为")])
            table.verticalHeader().setVisible(False)
            table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
            for row, column in enumerate(sheet.columns):
                table.setItem(row, 0, _fixed(column.letter))
                table.setItem(row, 1, _fixed(column.label))
                box = QComboBox()
                box.addItem(NOT_IMPORTED, None)
                for target in TARGETS:
                    box.addItem(f"{GROUPS.get(target.group, target.group)} · {target.label}", target.key)
                box.setCurrentIndex(max(box.findData(column.target), 0))
                box.currentIndexChanged.connect(
                    lambda _index, name=sheet.sheet, letter=column.letter: self.retarget(name, letter))
                table.setCellWidget(row, 2, box)
                self.boxes[sheet.sheet, column.letter] = box
            table.resizeColumnToContents(0)
            table.setColumnWidth(2, 260)
            self.sheets.addTab(table, sheet.sheet)
        self.year.setValue(mapping.income_year or self.owner.ctx.today().year - 1)
        self.notes.setText("\n".join(mapping.notes))

    def retarget(self, sheet: str, letter: str) -> None:
        mapping = self.owner.mapping
        assert mapping is not None
        self.owner.mapping = mapping.with_target(sheet, letter, self.boxes[sheet, letter].currentData())
        # A field takes one column: another column that had it now shows as not imported.
        for (name, other), box in self.boxes.items():
            if name != sheet or other == letter:
                continue
            target = next(c.target for c in self.owner.mapping.sheet(name).columns if c.letter == other)
            if box.currentData() != target:
                box.blockSignals(True)
                box.setCurrentIndex(max(box.findData(target), 0))
                box.blockSignals(False)

    def save_template(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("保存列对应模板"), str(Path.home() / "列对应模板.json"),
                                              self.tr("模板 (*.json)"))
        if path and self.owner.mapping is not None:
            self.owner.mapping.income_year = self.year.value()
            save_template(self.owner.mapping, Path(path))

    def validatePage(self) -> bool:
        if self.owner.advancing:
            return True
        assert self.owner.mapping is not None
        self.owner.mapping.income_year = self.year.value()
        self.owner.dry_run()
        return False


class ExcelImportWizard(RowImportWizard):
    FILE, MAPPING, PREVIEW, DONE = range(4)

    def __init__(self, ctx: ServiceContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.service = ExcelImportService(ctx)
        self.source: ImportSource | None = None
        self.mapping: ImportMapping | None = None
        self.preview: ImportResult | None = None
        self.applied: ImportResult | None = None
        self.setWindowTitle(self.tr("从 Excel 导入"))
        self.file_page = _FilePage(self)
        self.mapping_page = _MappingPage(self)
        self.preview_page = ImportResultPage(self, final=False)
        self.done_page = ImportResultPage(self, final=True)
        for page_id, page in ((self.FILE, self.file_page), (self.MAPPING, self.mapping_page),
                              (self.PREVIEW, self.preview_page), (self.DONE, self.done_page)):
            self.setPage(page_id, page)
        self.preview_page.setButtonText(QWizard.WizardButton.NextButton, self.tr("正式导入"))
        self.resize(980, 680)

    def confirm(self) -> bool:
        """Ask before writing, with what the dry run found."""
        assert self.preview is not None
        counts = self.preview.counts
        question = self.tr("将新增 {added} 户、更新 {updated} 户、未变 {unchanged} 户、拒绝 {refused} 户。"
                           "确定正式导入吗？")
        return self.ask_to_import(
            question.format(added=counts.added, updated=counts.updated, unchanged=counts.unchanged,
                            refused=counts.refused),
            self.tr("导入在一个事务中完成：要么全部写入，要么什么都不写。被拒绝的户不导入，可保存报告改正后再导入。"))

    @property
    def village(self) -> str | None:
        return self.file_page.village.currentData()

    # --- the three jobs: each runs off the UI thread, then moves the wizard on -------------------

    def read(self, path: Path, template: str | None) -> None:
        def job(_progress: tasks.Progress, _cancelled: Any) -> tuple[ImportSource, ImportMapping]:
            source = self.service.open(path)
            return source, self.service.guess_mapping(source, template)

        def done(value: tuple[ImportSource, ImportMapping]) -> None:
            self.source, self.mapping = value
            self.move_on()

        tasks.start_with_progress(self, self.tr("正在读取表格……"), job, done, self._failed, cancellable=False)

    def dry_run(self) -> None:
        assert self.source is not None and self.mapping is not None
        source, mapping, village = self.source, self.mapping, self.village

        def done(result: ImportResult) -> None:
            self.preview = result
            self.move_on()

        tasks.start_with_progress(
            self, self.tr("正在核对每一户……"),
            lambda progress, cancelled: self.service.dry_run(source, mapping, village=village,
                                                             progress=tasks.staged(progress), cancelled=cancelled),
            done, self._failed)

    def apply(self) -> None:
        assert self.source is not None and self.mapping is not None
        source, mapping, village = self.source, self.mapping, self.village

        def done(result: ImportResult) -> None:
            self.applied = result
            self.move_on()

        tasks.start_with_progress(
            self, self.tr("正在导入……"),
            lambda progress, cancelled: self.service.apply(source, mapping, village=village,
                                                           progress=tasks.staged(progress), cancelled=cancelled),
            done, self._failed)

    def _failed(self, error: BaseException) -> None:
        if isinstance(error, ImportCancelled):
            self.currentPage().setSubTitle(str(error))
            return
        show_error(self, error)


def _fixed(text: str) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
    return item
