"""预警: open warnings with their reason and age; handle, dismiss, or turn into a proposal."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any

from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QCheckBox, QWidget

from app.domain.warnings import OPEN
from app.services.context import ServiceContext
from app.services.warnings import WarningRow, WarningService
from app.ui.dialogs.dept_import_dialog import DeptImportDialog
from app.ui.dialogs.warning_actions import dismiss_warning, handle_warning, propose_from_warning
from app.ui.pages.list_page import ListPage

# A warning left open longer than this is shown in red: the rules expect action within days.
STALE_DAYS = 15


class WarningsPage(ListPage):
    def __init__(self, ctx: ServiceContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, self.tr("风险预警"), parent)
        self.service = WarningService(ctx)
        self.show_all = QCheckBox(self.tr("包括已处理的"))
        self.show_all.toggled.connect(self.refresh)
        self.top.addWidget(self.show_all)
        self.add_button(self.tr("处置"), lambda: self._act(handle_warning))
        self.add_button(self.tr("排除"), lambda: self._act(dismiss_warning))
        self.add_button(self.tr("转为监测申报"), self.propose)
        self.add_button(self.tr("打开农户"), self._open_selected)
        self.add_button(self.tr("导入部门数据…"), self.import_department_list)
        self.warnings: dict[str, WarningRow] = {}
        self.follow_changes()

    def refresh(self) -> None:
        self.warnings = {}
        self.show_rows([self.tr("村"), self.tr("户主"), self.tr("预警"), self.tr("原因"), self.tr("发出日期"),
                        self.tr("已过天数"), self.tr("状态"), self.tr("来源")], *self.rows_for(None))
        self._mark_stale()

    def replace_rows(self, household_ids: Collection[str], rows: Sequence[Sequence[Any]], keys: Sequence[Any],
                     households: Sequence[str]) -> None:
        super().replace_rows(household_ids, rows, keys, households)
        self._mark_stale()

    def rows_for(self, household_ids: Collection[str] | None) -> tuple[list[Sequence[Any]], list[Any], list[str]]:
        """The warnings listed (of these households only, when given)."""
        open_only = not self.show_all.isChecked()
        if household_ids is None:
            warnings = self.service.listing(open_only=open_only)
        else:
            warnings = [w for household in sorted(household_ids)
                        for w in self.service.listing(open_only=open_only, household_id=household)]
            for key in [k for k, w in self.warnings.items() if w.household_id in household_ids]:
                del self.warnings[key]
        self.warnings |= {w.id: w for w in warnings}
        rows: list[Sequence[Any]] = [(w.village_name, w.head_name, w.title, w.reason, w.raised_on.isoformat(),
                                      w.age_days, w.status, w.source_label) for w in warnings]
        return rows, [w.id for w in warnings], [w.household_id for w in warnings]

    def _mark_stale(self) -> None:
        for number in range(self.model.rowCount()):
            warning = self.warnings.get(self._key(number))
            if warning is not None and warning.status == OPEN and warning.age_days > STALE_DAYS:
                self.model.item(number, 5).setForeground(QBrush(QColor("#b00020")))

    def _act(self, action: object) -> None:
        warning_id = self.selected()
        if warning_id:  # its row is then updated from what the use case changed (show_changes)
            action(self, self.service, warning_id)  # type: ignore[operator]

    def import_department_list(self) -> None:
        """A department's monthly list (医保, 民政, 残联, 教育, 住建, 应急): its people's warnings appear here."""
        DeptImportDialog(self.ctx, self).exec()
        self.refresh()

    def propose(self) -> None:
        warning_id = self.selected()
        if warning_id:
            propose_from_warning(self, self.service, warning_id, self.households[warning_id])
