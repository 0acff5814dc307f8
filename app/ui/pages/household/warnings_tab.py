"""预警: this household's warnings, open and handled."""

from __future__ import annotations

from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from app.services.context import ServiceContext
from app.services.warnings import WarningService
from app.ui.dialogs.warning_actions import dismiss_warning, handle_warning, propose_from_warning
from app.ui.pages.household.tab import HouseholdTab
from app.ui.widgets import fill_table, selected_key, table_view


class WarningsTab(HouseholdTab):
    def __init__(self, ctx: ServiceContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.service = WarningService(ctx)
        layout = QVBoxLayout(self)
        self.model = QStandardItemModel(self)
        self.table = table_view()
        self.table.setModel(self.model)
        layout.addWidget(self.table)
        buttons = QHBoxLayout()
        for text, action in ((self.tr("处置"), handle_warning), (self.tr("排除"), dismiss_warning)):
            button = QPushButton(text)
            button.clicked.connect(lambda _checked=False, act=action: self._act(act))
            buttons.addWidget(button)
        propose = QPushButton(self.tr("转为监测申报"))
        propose.clicked.connect(self.propose)
        buttons.addWidget(propose)
        buttons.addStretch()
        layout.addLayout(buttons)

    def refresh(self) -> None:
        assert self.detail is not None
        warnings = self.detail.warnings
        today = self.ctx.today()
        fill_table(self.model, [self.tr("预警"), self.tr("原因"), self.tr("发出日期"), self.tr("天数"),
                                self.tr("状态"), self.tr("处置情况")],
                   [(w.title, w.reason, w.raised_on.isoformat(), (today - w.raised_on).days, w.status,
                     w.handling_note) for w in warnings], keys=[w.id for w in warnings])
        self.table.resizeColumnsToContents()

    def _act(self, action: object) -> None:
        warning_id = selected_key(self.table)
        if warning_id and action(self, self.service, warning_id):  # type: ignore[operator]
            self.changed.emit()

    def propose(self) -> None:
        warning_id = selected_key(self.table)
        if warning_id and propose_from_warning(self, self.service, warning_id, self.household_id):
            self.changed.emit()
