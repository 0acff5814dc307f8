"""政策: income lines, every policy setting (thresholds, visit intervals, posting, procedure limits,
the 返贫致贫 definition, risk types, measure kinds and items …) and forms.

The county sets them here, each setting as a version from a chosen day; they travel down in bundles
and take effect where they arrive. Other roles see what is in force, the editors disabled.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import (
    QFileDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import UserFacingError
from app.domain.procedure import Role
from app.services import policy_document
from app.services.context import ServiceContext
from app.services.fields import FieldSpec, amount, iso_date, text
from app.services.forms import FormService
from app.services.policy import PolicyService
from app.ui.dialogs.fields_dialog import FieldsDialog
from app.ui.messages import confirm, inform, show_error
from app.ui.pages.policy_settings import PolicySettingsEditor
from app.ui.widgets import fill_table, heading, table_view

INCOME_LINE_FIELDS = (
    FieldSpec("effective_from", "生效日期", iso_date(optional=False), required=True),
    FieldSpec("amount", "监测收入线（元/人·年）", amount(), required=True),
    FieldSpec("note", "依据", text(200)),
)


def line_warning_label() -> QLabel:
    """The stale monitoring line warning (app.domain.income.stale_line_warning), hidden while the
    line is current; the 政策 and 统计 pages show it."""
    label = QLabel()
    label.setObjectName("lineWarning")
    label.setWordWrap(True)
    label.setStyleSheet("QLabel#lineWarning { color: #b71c1c; font-weight: bold; "
                        "background: #fff3e0; border: 1px solid #e65100; padding: 6px; }")
    label.hide()
    return label


def show_line_warning(label: QLabel, warning: str | None) -> None:
    label.setText(warning or "")
    label.setVisible(bool(warning))


class PolicyPage(QWidget):
    def __init__(self, ctx: ServiceContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.policy = PolicyService(ctx)
        self.forms = FormService(ctx)
        self.editable = ctx.role is Role.COUNTY
        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.tr("政策参数")))
        note = QLabel(self.tr("由县防贫中心设置，修改后随同步包下发到各乡镇工作站和网格员，到达后生效。")
                      if self.editable else self.tr("以下参数由县防贫中心设置，随同步包下发；本机只能查看。"))
        note.setWordWrap(True)
        layout.addWidget(note)
        self.line_warning = line_warning_label()
        layout.addWidget(self.line_warning)
        workbook = QHBoxLayout()
        export = QPushButton(self.tr("导出政策工作簿…"))
        export.setToolTip(self.tr("全部政策及其生效日期，可在 Excel 里修改后导入"))
        export.clicked.connect(self.export_workbook)
        load = QPushButton(self.tr("导入政策工作簿…"))
        load.setEnabled(self.editable)
        load.clicked.connect(self.import_workbook)
        workbook.addWidget(export)
        workbook.addWidget(load)
        workbook.addStretch(1)
        layout.addLayout(workbook)
        grid = QGridLayout()
        grid.addWidget(self._lines_box(), 0, 0)
        grid.addWidget(self._forms_box(), 1, 0)
        grid.addWidget(self._settings_box(), 0, 1, 2, 1)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        layout.addLayout(grid, 1)

    # --- building ------------------------------------------------------------------------------

    def _lines_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("监测收入线"))
        layout = QVBoxLayout(box)
        self.lines_model = QStandardItemModel(self)
        self.lines_view = table_view()
        self.lines_view.setModel(self.lines_model)
        layout.addWidget(self.lines_view)
        add = QPushButton(self.tr("新增监测收入线…"))
        add.setEnabled(self.editable)
        add.clicked.connect(self.add_line)
        layout.addWidget(add)
        return box

    def _forms_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("走访和登记表单"))
        layout = QVBoxLayout(box)
        self.forms_model = QStandardItemModel(self)
        self.forms_view = table_view()
        self.forms_view.setModel(self.forms_model)
        layout.addWidget(self.forms_view)
        install = QPushButton(self.tr("安装新版本表单…"))
        install.setEnabled(self.ctx.role is not Role.WORKER)
        install.clicked.connect(self.install_form)
        layout.addWidget(install)
        return box

    def _settings_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("政策参数（每项带生效日期）"))
        layout = QVBoxLayout(box)
        self.settings = PolicySettingsEditor(self.ctx, self.editable)
        layout.addWidget(self.settings)
        return box

    # --- showing -------------------------------------------------------------------------------

    def refresh(self) -> None:
        today = self.ctx.today()
        lines = self.policy.income_lines()
        show_line_warning(self.line_warning, self.policy.line_warning(today))
        in_force = max((line for line in lines if line.effective_from <= today),
                       key=lambda line: line.effective_from, default=None)
        fill_table(self.lines_model, [self.tr("生效日期"), self.tr("元/人·年"), self.tr("依据"), self.tr("状态")],
                   [(line.effective_from.isoformat(), f"{line.amount:,.0f}", line.note,
                     self.tr("执行中") if line is in_force else
                     (self.tr("待生效") if line.effective_from > today else self.tr("已停止")))
                    for line in sorted(lines, key=lambda line: line.effective_from, reverse=True)])
        fill_table(self.forms_model, [self.tr("表单"), self.tr("版本"), self.tr("来源"), self.tr("新走访使用")],
                   [(entry.title, entry.version, entry.origin, self.tr("是") if entry.current else "")
                    for entry in self.forms.list()])
        self.lines_view.resizeColumnsToContents()
        self.forms_view.resizeColumnsToContents()
        self.settings.refresh()

    # --- changing ------------------------------------------------------------------------------

    def add_line(self) -> None:
        def save(values: dict[str, Any]) -> None:
            self.policy.add_income_line(date.fromisoformat(values["effective_from"]), values["amount"],
                                        values.get("note", ""))

        if FieldsDialog(self.tr("新增监测收入线"), INCOME_LINE_FIELDS, save, parent=self).exec():
            self.refresh()

    def export_workbook(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("导出政策工作簿"), str(Path.home() / "政策.xlsx"),
                                              self.tr("Excel 工作簿 (*.xlsx)"))
        if not path:
            return
        try:
            policy_document.export(self.ctx, Path(path))
        except UserFacingError as error:
            show_error(self, error)
            return
        inform(self, self.tr("已导出政策工作簿：{path}").format(path=path))

    def import_workbook(self) -> None:
        """Check the workbook first (nothing written), show what would change, then import it."""
        path, _ = QFileDialog.getOpenFileName(self, self.tr("选择政策工作簿"), str(Path.home()),
                                              self.tr("Excel 工作簿 (*.xlsx)"))
        if not path:
            return
        try:
            trial = policy_document.import_workbook(self.ctx, Path(path), dry_run=True)
            if trial.problems:
                raise UserFacingError("\n".join(trial.problems))
            if not trial.changes:
                inform(self, self.tr("工作簿与现行政策相同，没有变化。"))
                return
            start = self.tr("初始")
            listed = "\n".join(f"{c.kind} {c.item}（{c.effective_from or start}）：{c.old} → {c.new}"
                               for c in trial.changes[:20])
            if not confirm(self, self.tr("将导入以下 {count} 项变化：\n{listed}\n确定导入吗？").format(
                    count=len(trial.changes), listed=listed)):
                return
            result = policy_document.import_workbook(self.ctx, Path(path))
        except UserFacingError as error:
            show_error(self, error)
            return
        self.refresh()
        inform(self, self.tr("已导入 {count} 项变化，将随下次同步包下发。").format(count=len(result.changes)))

    def install_form(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("选择表单文件"), str(Path.home()),
                                              self.tr("XLSForm 表单 (*.xlsx)"))
        if not path:
            return
        try:
            entry = self.forms.install(path)
        except UserFacingError as error:
            show_error(self, error)
            return
        self.refresh()
        inform(self, self.tr("已安装“{title}”第 {version} 版，新的走访将使用这一版。").format(
            title=entry.title, version=entry.version))
