"""Registering a new household with its head; more members are added on the household page."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtWidgets import QComboBox, QFormLayout, QGroupBox, QLabel, QWidget

from app.services.divisions import Place
from app.services.fields import HOUSEHOLD_FIELDS
from app.services.households import HEAD, HouseholdService
from app.ui.dialogs.member_dialog import MemberDialog
from app.ui.field_form import FieldForm

HOUSEHOLD_PART = ("group_name", "address", "household_number", "household_type", "registered_poor",
                  "phone")
HEAD_PART = ("name", "id_number", "ethnicity", "health", "labour_skill", "education", "phone")


class NewHouseholdDialog(MemberDialog):
    """The household's own fields, and its head's with the member dialog's ID check."""

    def __init__(self, service: HouseholdService, villages: list[Place], parent: QWidget | None = None,
                 today: date | None = None) -> None:
        self.service = service
        super().__init__(self._create, None, parent, today, names=HEAD_PART)
        self.setWindowTitle(self.tr("新增农户"))
        box = QGroupBox(self.tr("农户"))
        layout = QFormLayout(box)
        self.village = QComboBox()
        for place in villages:
            self.village.addItem(place.name, place.code)
        layout.addRow(self.tr("所在村 *"), self.village)
        self.household_form = FieldForm([HOUSEHOLD_FIELDS[name] for name in HOUSEHOLD_PART])
        self.household_form.set_values({"household_type": "一般农户", "registered_poor": False})
        layout.addRow(self.household_form)
        self.before.addWidget(box)
        head = QLabel(self.tr("户主"))
        head.setObjectName("emphasis")
        self.before.addWidget(head)
        self.resize(780, 660)

    def _create(self, head_values: dict[str, Any]) -> Any:
        household = {name: value for name, value in self.household_form.values().items() if value != ""}
        household["village_code"] = self.village.currentData() or ""
        return self.service.create(household, [{**head_values, "relation": HEAD}])
