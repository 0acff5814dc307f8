"""What the roster import and the national import wizards share: the row-by-row result page (the dry
run's, then the import's), the question with the counts before 正式导入, and a last page that offers
only 完成 and 打开报告 — once imported there is nothing to go back to or cancel."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QBrush, QColor, QDesktopServices, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from app.excel.outcome import REFUSED, SKIPPED
from app.services.context import ServiceContext
from app.ui.messages import show_error
from app.ui.widgets import table_view

if TYPE_CHECKING:
    from app.services.excel import ExcelImportService, ImportResult

REFUSED_COLOUR = QColor("#fde7e9")
SKIPPED_COLOUR = QColor("#fff4ce")  # a member left out of an imported household


class ImportResultPage(QWizardPage):
    """The dry run's report (what would happen), later the import's (what happened)."""

    def __init__(self, wizard: RowImportWizard, final: bool) -> None:
        super().__init__()
        self.owner = wizard
        self.final = final
        self.setTitle(self.tr("导入完成") if final else self.tr("试导入结果（尚未写入）"))
        layout = QVBoxLayout(self)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setObjectName("emphasis")
        layout.addWidget(self.summary)
        self.model = QStandardItemModel(self)
        self.table = table_view()
        self.table.setWordWrap(True)
        self.table.setModel(self.model)
        layout.addWidget(self.table, 1)
        if not final:  # when done, the wizard's own 打开报告 button saves and opens it
            row = QHBoxLayout()
            report = QPushButton(self.tr("保存逐行报告（.xlsx）…"))
            report.clicked.connect(self.save_report)
            row.addWidget(report)
            row.addStretch()
            layout.addLayout(row)
        if final:
            self.setFinalPage(True)

    def initializePage(self) -> None:
        result = self.owner.applied if self.final else self.owner.preview
        assert result is not None
        counts = result.households()
        text = (self.tr("已新增 {added} 户，更新 {updated} 户；拒绝 {refused} 户（原因见下表）。") if self.final
                else self.tr("将新增 {added} 户，更新 {updated} 户；拒绝 {refused} 户（原因见下表，可保存报告，改正后重新导入）。"))  # noqa: E501 - one translatable sentence
        text = text.format(**counts)
        if result.counts.members_skipped:
            text += self.tr("另有 {count} 名成员缺少身份证号，不导入（所在户照常导入，详见下表）。").format(
                count=result.counts.members_skipped)
        self.summary.setText(text)
        self.model.clear()
        self.model.setHorizontalHeaderLabels([self.tr("工作表"), self.tr("行号"), self.tr("结果"), self.tr("户主"),
                                              self.tr("出错列"), self.tr("原因或说明")])
        for outcome in result.outcomes:
            column = f"{outcome.letter}（{outcome.label}）" if outcome.label else outcome.letter
            items = [_cell(outcome.sheet), _cell(str(outcome.row)), _cell(outcome.result_label),
                     _cell(outcome.household), _cell(column), _cell(outcome.detail)]
            colour = {REFUSED: REFUSED_COLOUR, SKIPPED: SKIPPED_COLOUR}.get(outcome.result)
            if colour is not None:
                for item in items:
                    item.setBackground(QBrush(colour))
            items[-1].setToolTip(outcome.detail)
            self.model.appendRow(items)
        # Reasons are sentences: the last column takes the rest of the width and wraps.
        for column in range(self.model.columnCount() - 1):
            self.table.resizeColumnToContents(column)
        self.table.resizeRowsToContents()

    def save_report(self) -> Path | None:
        result = self.owner.applied if self.final else self.owner.preview
        path, _ = QFileDialog.getSaveFileName(self, self.tr("保存报告"), str(Path.home() / "导入报告.xlsx"),
                                              self.tr("Excel 表格 (*.xlsx)"))
        if path and result is not None:
            try:
                self.owner.service.write_report(result, Path(path))
            except Exception as error:
                show_error(self, error)
                return None
            return Path(path)
        return None

    def open_report(self) -> None:
        """Save the import's report where the user chooses and open it in the spreadsheet program."""
        path = self.save_report()
        if path is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    def validatePage(self) -> bool:
        if self.final or self.owner.advancing:
            return True
        if self.owner.confirm():
            self.owner.apply()
        return False



class RowImportWizard(QWizard):
    """A wizard ending in a dry run, a confirmed import and its report. Subclasses set ``service`` (it
    writes the report), ``preview`` and ``applied`` (the two results), ``done_page`` and implement
    ``confirm`` and ``apply``."""

    DONE: int
    service: ExcelImportService
    done_page: ImportResultPage
    preview: ImportResult | None
    applied: ImportResult | None

    def __init__(self, ctx: ServiceContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        # Set while a finished job moves the wizard on, so the page lets it pass.
        self.advancing = False
        self.confirmation: QMessageBox | None = None  # the question before 正式导入, while it is asked
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setButtonText(QWizard.WizardButton.CustomButton1, self.tr("打开报告"))
        self.customButtonClicked.connect(self._custom_button)
        self.currentIdChanged.connect(self._buttons_for)

    def confirm(self) -> bool:
        raise NotImplementedError

    def apply(self) -> None:
        raise NotImplementedError

    def _buttons_for(self, page_id: int) -> None:
        if page_id == self.DONE:
            self.setOption(QWizard.WizardOption.HaveCustomButton1, True)
            self.setButtonLayout([QWizard.WizardButton.Stretch, QWizard.WizardButton.CustomButton1,
                                  QWizard.WizardButton.FinishButton])

    def _custom_button(self, which: int) -> None:
        if which == QWizard.WizardButton.CustomButton1.value and self.currentId() == self.DONE:
            self.done_page.open_report()

    def ask_to_import(self, question: str, consequence: str) -> bool:
        """Ask before writing (``question`` holds the dry run's counts); True when the user confirms."""
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("正式导入"), question, parent=self)
        box.setInformativeText(consequence)
        yes = box.addButton(self.tr("正式导入"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(self.tr("取消"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(yes)
        self.confirmation = box
        try:
            box.exec()
        finally:
            self.confirmation = None
        return box.clickedButton() is yes

    def move_on(self) -> None:
        self.advancing = True
        try:
            self.next()
        finally:
            self.advancing = False


def _cell(text: str) -> QStandardItem:
    item = QStandardItem(text)
    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
    return item
