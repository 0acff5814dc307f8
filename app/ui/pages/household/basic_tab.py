"""基本信息与成员: the household's own facts and its members."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.idnumber import mask_id_number
from app.services.context import ServiceContext
from app.services.fields import HOUSEHOLD_FIELDS, MEMBER_FIELDS
from app.services.households import HouseholdService
from app.store.models import Member
from app.ui.dialogs.fields_dialog import FieldsDialog
from app.ui.dialogs.member_dialog import MemberDialog
from app.ui.messages import confirm
from app.ui.pages.household.tab import HouseholdTab
from app.ui.widgets import fill_table, selected_key, table_view, yes_no

SHOWN_FIELDS = ("household_number", "group_name", "address", "household_type", "registered_poor",
                "phone", "house_safety", "food_secure", "clothing_secure", "education_secure",
                "medical_secure", "housing_secure", "water_secure", "next_visit_due", "note")


def _display(value: Any) -> str:
    if isinstance(value, bool) or value is None:
        return yes_no(value)
    return str(value)


class BasicTab(HouseholdTab):
    def __init__(self, ctx: ServiceContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.service = HouseholdService(ctx)
        layout = QVBoxLayout(self)
        facts_box = QGroupBox(self.tr("农户基本情况"))
        facts_layout = QHBoxLayout(facts_box)
        self.facts = [QFormLayout(), QFormLayout(), QFormLayout()]
        for form in self.facts:
            facts_layout.addLayout(form)
        self.fact_labels: dict[str, QLabel] = {}
        for number, name in enumerate(SHOWN_FIELDS):
            label = QLabel()
            label.setWordWrap(True)
            self.fact_labels[name] = label
            self.facts[number * 3 // len(SHOWN_FIELDS)].addRow(HOUSEHOLD_FIELDS[name].label, label)
        layout.addWidget(facts_box)
        edit = QPushButton(self.tr("修改农户信息"))
        edit.clicked.connect(self.edit_household)
        row = QHBoxLayout()
        row.addWidget(edit)
        row.addStretch()
        layout.addLayout(row)

        members_box = QGroupBox(self.tr("家庭成员"))
        members_layout = QVBoxLayout(members_box)
        self.members_model = QStandardItemModel(self)
        self.members = table_view()
        self.members.setModel(self.members_model)
        self.members.doubleClicked.connect(lambda _index: self.edit_member())
        members_layout.addWidget(self.members)
        buttons = QHBoxLayout()
        self.add_member_button = QPushButton(self.tr("添加成员"))
        self.edit_member_button = QPushButton(self.tr("修改成员"))
        self.remove_member_button = QPushButton(self.tr("删除成员"))
        self.add_member_button.clicked.connect(self.add_member)
        self.edit_member_button.clicked.connect(self.edit_member)
        self.remove_member_button.clicked.connect(self.remove_member)
        for button in (self.add_member_button, self.edit_member_button, self.remove_member_button):
            buttons.addWidget(button)
        buttons.addStretch()
        members_layout.addLayout(buttons)
        layout.addWidget(members_box, 1)

    def refresh(self) -> None:
        assert self.detail is not None
        household = self.detail.household
        for name, label in self.fact_labels.items():
            label.setText(_display(getattr(household, name)))
        headers = [self.tr("姓名"), self.tr("与户主关系"), self.tr("身份证号"), self.tr("性别"),
                   self.tr("出生日期"), self.tr("健康状况"), self.tr("劳动技能"), self.tr("务工/在校")]
        rows = [(m.name, m.relation, mask_id_number(m.id_number), m.sex,
                 m.birth_date.isoformat() if m.birth_date else "", "、".join(m.health or []),
                 m.labour_skill, m.school_stage or m.migrant_work_place)
                for m in self.detail.members]
        fill_table(self.members_model, headers, rows, keys=[m.id for m in self.detail.members])
        self.members.resizeColumnsToContents()

    # --- actions ---------------------------------------------------------------------------------

    def edit_household(self) -> None:
        assert self.detail is not None
        household = self.detail.household
        specs = [s for s in HOUSEHOLD_FIELDS.values() if s.name != "village_code"]
        values = {s.name: getattr(household, s.name) for s in specs}
        dialog = FieldsDialog(self.tr("修改农户信息"), specs,
                              lambda changes: self.service.update(household.id, changes),
                              values, self, columns=2)
        if dialog.exec():
            self.changed.emit()

    def add_member(self) -> None:
        dialog = MemberDialog(lambda values: self.service.add_member(self.household_id, values),
                              parent=self, today=self.ctx.today())
        if dialog.exec():
            self.changed.emit()

    def _selected_member(self) -> Member | None:
        member_id = selected_key(self.members)
        assert self.detail is not None
        return next((m for m in self.detail.members if m.id == member_id), None)

    def edit_member(self) -> None:
        member = self._selected_member()
        if member is None:
            return
        values = {name: getattr(member, name) for name in MEMBER_FIELDS}
        dialog = MemberDialog(lambda changes: self.service.update_member(member.id, changes),
                              values, self, today=self.ctx.today())
        if dialog.exec():
            self.changed.emit()

    def remove_member(self) -> None:
        member = self._selected_member()
        if member is None:
            return
        if confirm(self, self.tr("确定删除成员“{name}”吗？删除后仍保留修改记录。").format(name=member.name)):
            self.run(lambda: self.service.remove_member(member.id))
