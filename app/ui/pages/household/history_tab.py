"""作废和更正记录: what was voided in this household (why, by whom, when) and its corrected visits."""

from __future__ import annotations

from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from app.services.context import ServiceContext
from app.services.voiding import VoidService
from app.ui.pages.household.tab import HouseholdTab
from app.ui.widgets import fill_table, table_view


class HistoryTab(HouseholdTab):
    def __init__(self, ctx: ServiceContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.service = VoidService(ctx)
        layout = QVBoxLayout(self)
        explain = QLabel(self.tr("作废的成员和帮扶措施不再计入名单和统计，但保留在这里；"
                                 "更正过的走访，原记录和更正记录都保留在“走访”页。"))
        explain.setWordWrap(True)
        layout.addWidget(explain)
        self.model = QStandardItemModel(self)
        self.table = table_view()
        self.table.setModel(self.model)
        layout.addWidget(self.table)

    def refresh(self) -> None:
        assert self.detail is not None
        records = self.service.history(self.household_id)
        corrections = [v for v in self.detail.visits if v.corrects_id]
        rows = [(r.voided_on.isoformat() if r.voided_on else "", self.tr("作废") + r.kind, r.what,
                 r.reason, r.note, r.voided_by) for r in records]
        rows += [(v.visit_date.isoformat(), self.tr("更正走访"), v.summary, self.tr("更正"),
                  v.correction_reason, v.visitor) for v in corrections]
        rows.sort(key=lambda row: row[0], reverse=True)
        fill_table(self.model, [self.tr("日期"), self.tr("事项"), self.tr("对象"), self.tr("原因"),
                                self.tr("说明"), self.tr("经办人")], rows)
        self.table.resizeColumnsToContents()
