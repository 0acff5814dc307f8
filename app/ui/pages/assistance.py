"""帮扶责任人: the registry, each person's households, and who carries more than the limit."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex
from PySide6.QtGui import QBrush, QColor, QStandardItemModel
from PySide6.QtWidgets import QGroupBox, QInputDialog, QVBoxLayout, QWidget

from app.domain.errors import UserFacingError
from app.services.assistance import PERSON_FIELDS, AssistanceService, PersonLoad
from app.services.context import ServiceContext
from app.services.listing import AssignedHousehold, households_of
from app.ui.dialogs.fields_dialog import FieldsDialog
from app.ui.dialogs.text_prompt import ask_text
from app.ui.messages import inform, show_error
from app.ui.pages.list_page import ListPage
from app.ui.widgets import fill_table, table_view

OVER_LIMIT = QColor("#b00020")


class AssistancePage(ListPage):
    def __init__(self, ctx: ServiceContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, self.tr("帮扶责任人"), parent)
        self.service = AssistanceService(ctx)
        self.add_button(self.tr("登记帮扶责任人"), self.add_person)
        self.add_button(self.tr("修改"), self.edit_person)
        self.add_button(self.tr("转移全部帮扶户…"), self.transfer)
        self.loads: list[PersonLoad] = []
        box = QGroupBox(self.tr("所帮扶的农户（双击打开）"))
        self.households_model = QStandardItemModel(self)
        self.households_view = table_view()
        self.households_view.setModel(self.households_model)
        self.households_view.doubleClicked.connect(self._open_assigned)
        QVBoxLayout(box).addWidget(self.households_view)
        self.layout_.insertWidget(2, box, 1)
        self.table.selectionModel().selectionChanged.connect(self.show_households)
        self.assigned: list[AssignedHousehold] = []

    def refresh(self) -> None:
        self.loads = self.service.loads()
        rows = [(load.person.name, load.person.unit, load.person.post, load.person.phone,
                 f"{load.households}/{load.limit}",
                 self.tr("超过上限") if load.over_limit else ("" if load.person.active else self.tr("已停止帮扶")))
                for load in self.loads]
        self.show_rows([self.tr("姓名"), self.tr("单位"), self.tr("职务"), self.tr("电话"),
                        self.tr("帮扶户数/上限"), self.tr("提示")], rows,
                       [load.person.id for load in self.loads], ["" for _ in self.loads])
        for number, load in enumerate(self.loads):
            if load.over_limit:
                for column in (4, 5):
                    self.model.item(number, column).setForeground(QBrush(OVER_LIMIT))

    def show_households(self) -> None:
        person_id = self.selected()
        self.assigned = households_of(self.ctx, person_id) if person_id else []
        fill_table(self.households_model, [self.tr("村"), self.tr("户主"), self.tr("人口"), self.tr("帮扶开始"),
                                           self.tr("监测类别")],
                   [(h.village_name, h.head_name, h.member_count, h.since.isoformat(), h.category)
                    for h in self.assigned])
        self.households_view.resizeColumnsToContents()

    def _open_assigned(self, index: QModelIndex) -> None:
        self.open_household.emit(self.assigned[index.row()].household_id)

    def transfer(self) -> None:
        """Someone leaves: all their households pass to one other person, history kept."""
        person_id = self.selected()
        leaving = next((load for load in self.loads if load.person.id == person_id), None)
        if leaving is None:
            return
        others = [load for load in self.loads if load.person.active and load.person.id != person_id]
        labels = [f"{load.person.name}  {load.person.unit}  {load.households}/{load.limit}" for load in others]
        if not labels:
            show_error(self, UserFacingError(self.tr("没有其他在职的帮扶责任人可以接手。")))
            return
        chosen, ok = QInputDialog.getItem(
            self, self.tr("转移帮扶户"),
            self.tr("{name}帮扶的 {n} 户转给：").format(name=leaving.person.name, n=leaving.households),
            labels, 0, False)
        if not ok:
            return
        reason = ask_text(self, self.tr("转移帮扶户"), self.tr("原因（如：工作调动、退休）："))
        if reason is None:
            return
        try:
            result = self.service.transfer_all(person_id, others[labels.index(chosen)].person.id, reason=reason)
        except UserFacingError as error:
            show_error(self, error)
            return
        self.refresh()
        inform(self, result.workload_warning if result and result.workload_warning
               else self.tr("已转移，原帮扶记录保留在各户的帮扶责任人历史中。"))

    def add_person(self) -> None:
        dialog = FieldsDialog(self.tr("登记帮扶责任人"), PERSON_FIELDS.values(), self.service.add_person,
                              parent=self)
        if dialog.exec():
            self.refresh()

    def edit_person(self) -> None:
        person_id = self.selected()
        load = next((item for item in self.loads if item.person.id == person_id), None)
        if load is None:
            return
        values = {name: getattr(load.person, name) for name in PERSON_FIELDS}
        dialog = FieldsDialog(self.tr("修改帮扶责任人"), PERSON_FIELDS.values(),
                              lambda changes: self.service.update_person(load.person.id, changes), values, self)
        if dialog.exec():
            self.refresh()
