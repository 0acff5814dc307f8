"""基本信息与成员: the household's own facts and its members."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
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
from app.domain.voiding import REASONS_FOR, Voidable
from app.services.context import ServiceContext
from app.services.fields import HOUSEHOLD_FIELDS, MEMBER_FIELDS
from app.services.households import HouseholdService
from app.services.voiding import VoidService
from app.store.models import Member
from app.ui.dialogs.fields_dialog import FieldsDialog
from app.ui.dialogs.member_dialog import MemberDialog
from app.ui.dialogs.void_dialog import VoidDialog
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
    household_voided = Signal(str)

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
        self.void_household_button = QPushButton(self.tr("作废此户…"))
        self.void_household_button.setToolTip(self.tr("重复录入或录入错误的农户：作废并注明原因"))
        self.void_household_button.clicked.connect(self.void_household)
        row = QHBoxLayout()
        row.addWidget(edit)
        row.addStretch()
        row.addWidget(self.void_household_button)
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
        self.remove_member_button = QPushButton(self.tr("移出成员…"))
        self.remove_member_button.setToolTip(self.tr("去世、迁出、重复录入等：注明原因后作废这名成员"))
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
        dialog = VoidDialog(self.tr("移出成员"), f"{member.name}（{member.relation}）",
                            REASONS_FOR[Voidable.MEMBER],
                            lambda reason, note: self.service.remove_member(member.id, reason, note), self)
        if dialog.exec():
            self.changed.emit()

    def void_household(self) -> None:
        assert self.detail is not None
        household = self.detail.household
        dialog = VoidDialog(self.tr("作废农户"), self.tr("{name}户").format(name=household.head_name),
                            REASONS_FOR[Voidable.HOUSEHOLD],
                            lambda reason, note: VoidService(self.ctx).void_household(household.id, reason, note),
                            self)
        if dialog.exec():
            self.household_voided.emit(household.id)
