"""帮扶措施: the measures taken for this household; add, edit, close."""

from __future__ import annotations

from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from app.domain.voiding import REASONS_FOR, Voidable
from app.services.context import ServiceContext
from app.services.measures import MeasureService
from app.services.voiding import VoidService
from app.ui.dialogs.measure_dialog import MeasureDialog
from app.ui.dialogs.void_dialog import VoidDialog
from app.ui.messages import confirm
from app.ui.pages.household.tab import HouseholdTab
from app.ui.widgets import fill_table, selected_key, table_view


class MeasuresTab(HouseholdTab):
    def __init__(self, ctx: ServiceContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.service = MeasureService(ctx)
        layout = QVBoxLayout(self)
        self.model = QStandardItemModel(self)
        self.table = table_view()
        self.table.setModel(self.model)
        self.table.doubleClicked.connect(lambda _index: self.edit())
        layout.addWidget(self.table)
        buttons = QHBoxLayout()
        for text, slot in ((self.tr("添加措施"), self.add), (self.tr("修改"), self.edit),
                           (self.tr("标记完成"), self.close_measure), (self.tr("作废…"), self.void_measure)):
            button = QPushButton(text)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        buttons.addStretch()
        layout.addLayout(buttons)

    def refresh(self) -> None:
        assert self.detail is not None
        measures = self.detail.measures
        fill_table(self.model, [self.tr("类别"), self.tr("具体措施"), self.tr("针对风险"), self.tr("开始"),
                                self.tr("结束"), self.tr("金额（元）"), self.tr("状态"), self.tr("实施单位")],
                   [(m.kind, m.item, m.risk_type, m.start_date.isoformat(),
                     m.end_date.isoformat() if m.end_date else "", f"{m.amount:,.2f}", m.status,
                     m.provider_unit) for m in measures], keys=[m.id for m in measures])
        self.table.resizeColumnsToContents()

    def add(self) -> None:
        # The county's kinds, items and risk types in force today (policy data).
        dialog = MeasureDialog(self.tr("添加帮扶措施"), self.service.fields().values(),
                               lambda values: self.service.add(self.household_id, values),
                               self.service.items_by_kind(), parent=self)
        dialog.form.set_values({"start_date": self.ctx.today(), "status": "实施中"})
        if dialog.exec():
            self.changed.emit()

    def edit(self) -> None:
        measure_id = selected_key(self.table)
        assert self.detail is not None
        measure = next((m for m in self.detail.measures if m.id == measure_id), None)
        if measure is None:
            return
        specs = self.service.fields(measure.id)  # today's choices, plus the names it was made with
        values = {name: getattr(measure, name) for name in specs}
        dialog = MeasureDialog(self.tr("修改帮扶措施"), specs.values(),
                               lambda changes: self.service.update(measure.id, changes),
                               self.service.items_by_kind(), values, self)
        if dialog.exec():
            self.changed.emit()

    def close_measure(self) -> None:
        measure_id = selected_key(self.table)
        if measure_id and confirm(self, self.tr("把这项措施标记为已完成？")):
            self.run(lambda: self.service.close(measure_id))

    def void_measure(self) -> None:
        measure_id = selected_key(self.table)
        assert self.detail is not None
        measure = next((m for m in self.detail.measures if m.id == measure_id), None)
        if measure is None:
            return
        dialog = VoidDialog(self.tr("作废帮扶措施"), f"{measure.kind} {measure.item}".strip(),
                            REASONS_FOR[Voidable.MEASURE],
                            lambda reason, note: VoidService(self.ctx).void_measure(measure.id, reason, note),
                            self)
        if dialog.exec():
            self.changed.emit()
