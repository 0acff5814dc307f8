"""帮扶责任人: who is responsible for this household now, and who was before."""

from __future__ import annotations

from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import UserFacingError
from app.services.assistance import AssistanceService
from app.services.context import ServiceContext
from app.ui.dialogs.text_prompt import ask_text
from app.ui.field_form import PROBLEM_STYLE
from app.ui.messages import inform
from app.ui.pages.household.tab import HouseholdTab
from app.ui.widgets import fill_table, selected_key, table_view


class AssignDialog(QDialog):
    def __init__(self, service: AssistanceService, household_id: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.service, self.household_id = service, household_id
        self.warning: str | None = None
        self.setWindowTitle(self.tr("分配帮扶责任人"))
        form = QFormLayout(self)
        self.person = QComboBox()
        for load in service.loads():
            if not load.person.active:
                continue
            mark = self.tr("（已满）") if load.households >= load.limit else ""
            self.person.addItem(f"{load.person.name}  {load.person.unit}  "
                                f"{load.households}/{load.limit}{mark}", load.person.id)
        form.addRow(self.tr("帮扶责任人"), self.person)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(self.tr("如：新识别监测对象、原责任人工作调动"))
        form.addRow(self.tr("原因"), self.reason)
        self.message = QLabel()
        self.message.setStyleSheet(PROBLEM_STYLE)
        self.message.setWordWrap(True)
        form.addRow(self.message)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("确定"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        buttons.accepted.connect(self.assign)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.setMinimumWidth(560)

    def assign(self) -> None:
        if self.person.currentData() is None:
            self.message.setText(self.tr("还没有登记帮扶责任人，请先在“帮扶责任人”页登记。"))
            return
        if not self.reason.text().strip():
            self.message.setText(self.tr("请填写原因。"))
            return
        try:
            result = self.service.assign(self.household_id, self.person.currentData(),
                                         reason=self.reason.text().strip())
        except UserFacingError as error:
            self.message.setText(str(error))
            return
        self.warning = result.workload_warning
        self.accept()


class AssistanceTab(HouseholdTab):
    def __init__(self, ctx: ServiceContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.service = AssistanceService(ctx)
        layout = QVBoxLayout(self)
        self.current = QLabel()
        self.current.setObjectName("emphasis")
        self.current.setWordWrap(True)
        layout.addWidget(self.current)
        self.model = QStandardItemModel(self)
        self.table = table_view()
        self.table.setModel(self.model)
        layout.addWidget(self.table)
        buttons = QHBoxLayout()
        assign = QPushButton(self.tr("分配或更换帮扶责任人"))
        assign.clicked.connect(self.assign)
        end = QPushButton(self.tr("结束帮扶"))
        end.clicked.connect(self.end)
        buttons.addWidget(assign)
        buttons.addWidget(end)
        buttons.addStretch()
        layout.addLayout(buttons)

    def refresh(self) -> None:
        assert self.detail is not None
        pairs = self.detail.assignments
        active = [(a, p) for a, p in pairs if a.end_date is None]
        self.current.setText(
            self.tr("现任帮扶责任人：") + "；".join(f"{p.name}（{p.unit}，{p.phone}）" for _a, p in active)
            if active else self.tr("目前没有帮扶责任人。"))
        fill_table(self.model, [self.tr("姓名"), self.tr("单位"), self.tr("电话"), self.tr("开始"),
                                self.tr("结束"), self.tr("原因")],
                   [(p.name, p.unit, p.phone, a.start_date.isoformat(),
                     a.end_date.isoformat() if a.end_date else self.tr("至今"),
                     a.end_reason or a.start_reason) for a, p in pairs],
                   keys=[a.id for a, _p in pairs])
        self.table.resizeColumnsToContents()

    def assign(self) -> None:
        dialog = AssignDialog(self.service, self.household_id, self)
        if dialog.exec():
            if dialog.warning:
                inform(self, dialog.warning)
            self.changed.emit()

    def end(self) -> None:
        assignment_id = selected_key(self.table)
        if assignment_id is None:
            return
        reason = ask_text(self, self.tr("结束帮扶"), self.tr("结束原因："))
        if reason is not None:
            self.run(lambda: self.service.end_assignment(assignment_id, reason=reason))
