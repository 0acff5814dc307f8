"""走访: the visits due by the end of the month, most overdue first, and the unfinished drafts below."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any

from PySide6.QtWidgets import QCheckBox, QWidget

from app.domain.errors import UserFacingError
from app.domain.procedure import Role
from app.services.context import ServiceContext
from app.services.drafts import DraftService
from app.services.grids import GridService
from app.services.households import HouseholdService
from app.services.visits import VisitService
from app.ui.dialogs.visit_dialog import VISIT_FORM, VisitDialog
from app.ui.messages import inform, show_error
from app.ui.pages.list_page import ListPage
from app.ui.pages.visits_drafts import DraftsPanel
from app.ui.pages.visits_grids import GridDialog


class VisitsPage(ListPage):
    def __init__(self, ctx: ServiceContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, self.tr("本月应走访"), parent)
        self.service = VisitService(ctx)
        self.add_button(self.tr("开始走访"), self.start_visit)
        self.add_button(self.tr("打开农户"), self._open_selected)
        self.grids = GridService(ctx)
        # A station draws the grids; a worker's device only reads them.
        if ctx.role is Role.WORKER:
            self.add_button(self.tr("查看网格…"), lambda: GridDialog(self.grids, self, read_only=True).exec())
        else:
            self.add_button(self.tr("网格划分…"), self.edit_grids)
        # A grid worker sees the households of her own grid(s) first; the box shows the whole village.
        self.mine_only = QCheckBox(self.tr("只看我的网格"))
        self.mine_only.setChecked(True)
        self.mine_only.toggled.connect(lambda _checked: self.refresh())
        self.top.addWidget(self.mine_only)
        self.drafts = DraftsPanel(DraftService(ctx), self)
        self.drafts.open_draft.connect(self.continue_draft)
        self.layout_.addWidget(self.drafts)
        self.follow_changes()

    def refresh(self) -> None:
        self.show_rows([self.tr("村"), self.tr("网格"), self.tr("户主"), self.tr("应走访日期"), self.tr("紧急程度"),
                        self.tr("类别")], *self.rows_for(None))
        self.drafts.refresh()

    def rows_for(self, household_ids: Collection[str] | None) -> tuple[list[Sequence[Any]], list[Any], list[str]]:
        """The visits due (of these households only, when given): a household visited leaves the list."""
        due = self.service.due(household_ids=household_ids)
        mine = self.grids.my_households()
        self.mine_only.setVisible(mine is not None)
        if mine is not None and self.mine_only.isChecked():
            due = [d for d in due if d.household_id in mine]
        grid_names = self.grids.names_of([d.household_id for d in due])
        rows: list[Sequence[Any]] = [
            (d.village_name, grid_names.get(d.household_id, ""), d.head_name, d.due.isoformat() if d.due else "",
             self.tr("逾期 {n} 天").format(n=d.days_overdue) if d.days_overdue else self.tr("本月到期"),
             self.tr("监测对象") if d.monitored else "") for d in due]
        return rows, [d.household_id for d in due], [d.household_id for d in due]

    def edit_grids(self) -> None:
        GridDialog(self.grids, self).exec()
        self.refresh()

    def start_visit(self) -> None:
        household_id = self.selected()
        if household_id is not None:
            self.open_visit(household_id, VISIT_FORM)

    def continue_draft(self, household_id: str, form_id: str) -> None:
        self.open_visit(household_id, form_id)

    def open_visit(self, household_id: str, form_id: str) -> None:
        """The visit dialog for a household (restoring its draft of the form, if any)."""
        try:
            dialog = VisitDialog(self.ctx, HouseholdService(self.ctx).get(household_id), self, form_id=form_id)
        except UserFacingError as error:
            show_error(self, error)
            return
        recorded = dialog.exec()
        if recorded and dialog.recorded and dialog.recorded.changes:
            inform(self, self.tr("走访已保存，并更新了：") + "\n" + "\n".join(dialog.recorded.changes))
        # Saved, the household's row was updated from what the visit changed; saved or left as a
        # draft, the drafts list changes.
        self.drafts.refresh()
