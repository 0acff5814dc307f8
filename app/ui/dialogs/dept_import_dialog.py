"""预警 → 导入部门数据: a department's monthly list read off the UI thread, then what it found."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import UserFacingError
from app.national.templates import DEPARTMENTS
from app.services.context import ServiceContext
from app.services.departments import REFUSED, UNMATCHED, DepartmentImportService, DeptImportResult
from app.ui import tasks
from app.ui.message_line import MessageLine
from app.ui.messages import show_error


class DeptImportDialog(QDialog):
    """Choose the department and the list; the import runs in one transaction off the UI thread."""

    def __init__(self, ctx: ServiceContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("导入部门数据"))
        self.service = DepartmentImportService(ctx)
        self.result_: DeptImportResult | None = None
        self.source = QComboBox()
        self.source.addItems(list(DEPARTMENTS))
        self.file = QLineEdit()
        self.template = QLineEdit()
        self.template.setPlaceholderText(self.tr("不填则用程序自带的模板"))
        form = QFormLayout()
        form.addRow(self.tr("部门"), self.source)
        form.addRow(self.tr("名单文件"), self._with_button(self.file, self._choose_file))
        form.addRow(self.tr("列名模板"), self._with_button(self.template, self._choose_template))
        self.message = MessageLine()
        self.message.setStyleSheet("color: #b00020;")
        self.summary = QPlainTextEdit()
        self.summary.setReadOnly(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Close)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("导入"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.summary)
        layout.addWidget(self.buttons)
        self.resize(640, 420)

    def _with_button(self, edit: QLineEdit, choose: Any) -> QWidget:
        box = QWidget()
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(edit)
        button = QPushButton(self.tr("选择…"))
        button.clicked.connect(choose)
        row.addWidget(button)
        return box

    def _choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("选择部门名单"), str(Path.home()),
                                              self.tr("Excel 表格 (*.xlsx *.xlsm *.xls *.ods)"))
        if path:
            self.file.setText(path)

    def _choose_template(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("选择模板"), str(Path.home()), self.tr("模板 (*.json)"))
        if path:
            self.template.setText(path)

    def submit(self) -> None:
        self.message.setText("")
        if not self.file.text().strip():
            self.message.setText(self.tr("请选择部门名单文件。"))
            return
        source, path = self.source.currentText(), Path(self.file.text().strip())
        template = Path(self.template.text().strip()) if self.template.text().strip() else None
        self.buttons.setEnabled(False)

        def job(_progress: tasks.Progress, _cancelled: Any) -> DeptImportResult:
            return self.service.run(path, source=source, template=template)

        tasks.start_with_progress(self, self.tr("正在导入部门数据……"), job, self._done, self._failed,
                                  cancellable=False)

    def _done(self, result: DeptImportResult) -> None:
        self.buttons.setEnabled(True)
        self.result_ = result
        s = result.summary()
        lines = [self.tr("{source}部门名单（{day}）：更新 {updated} 人，未变化 {unchanged} 人，未匹配 {unmatched} 人，"
                         "有误 {refused} 行；涉及 {households} 户，新预警 {warnings} 条。").format(
            source=result.source, day=result.list_date.isoformat(), **s)]
        lines += result.notes
        follow = [o for o in result.outcomes if o.result in (UNMATCHED, REFUSED)]
        if follow:
            lines.append(self.tr("待核实："))
            lines += [f"{o.sheet} {o.row}  {o.result}  {o.name}  {o.id_number}  {o.detail}" for o in follow]
        self.summary.setPlainText("\n".join(lines))

    def _failed(self, error: BaseException) -> None:
        self.buttons.setEnabled(True)
        if isinstance(error, UserFacingError):
            self.message.setText(error.message)
            return
        show_error(self, error)
