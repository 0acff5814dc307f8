"""A household member: the ID number is checked as it is typed, and sex and birth date read from it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from PySide6.QtWidgets import QLabel, QLineEdit, QWidget

from app.domain.errors import UserFacingError
from app.domain.idnumber import parse_id_number
from app.services.fields import MEMBER_FIELDS
from app.ui.dialogs.fields_dialog import FieldsDialog, Save
from app.ui.field_form import PROBLEM_STYLE

OK_STYLE = "color: #1b5e20;"
NEW_MEMBER = {"ethnicity": "汉族", "pension_insurance": False, "medical_aid": False, "lives_in_household": True,
              "relation": ""}


class MemberDialog(FieldsDialog):
    def __init__(self, save: Save, values: dict[str, Any] | None = None,
                 parent: QWidget | None = None, today: date | None = None,
                 names: Sequence[str] | None = None) -> None:
        title = self.tr("修改成员") if values else self.tr("添加成员")
        specs = [MEMBER_FIELDS[name] for name in names] if names else MEMBER_FIELDS.values()
        super().__init__(title, specs, save, values, parent, columns=2)
        if values is None:
            # A new member starts from the register's defaults (共同生活 是, 养老保险 否 …), shown as such.
            self.form.set_values(NEW_MEMBER)
            self.initial = self.form.values()
        self.resize(980, 660)
        self.today = today or date.today()
        self.id_info = QLabel()
        self.id_info.setWordWrap(True)
        self.extra.addWidget(self.id_info)
        self.id_edit: QLineEdit = self.form.inputs["id_number"]  # type: ignore[assignment]
        self.id_edit.textChanged.connect(self.check_id_number)
        self.check_id_number(self.id_edit.text())

    def validate(self) -> bool:
        ok = super().validate()
        try:
            parse_id_number(self.id_edit.text(), today=self.today)
        except UserFacingError as error:
            if ok:
                self.form.show_problem(UserFacingError(error.message, field="id_number"))
            return False
        return ok

    def check_id_number(self, text: str) -> None:
        if not text.strip():
            self.id_info.clear()
            return
        if len(text.strip()) < 18:
            self.id_info.setStyleSheet("")
            self.id_info.setText(self.tr("已输入 {n} 位，身份证号共 18 位。").format(n=len(text.strip())))
            return
        try:
            info = parse_id_number(text, today=self.today)
        except UserFacingError as error:
            self.id_info.setStyleSheet(PROBLEM_STYLE)
            self.id_info.setText(error.message)
            return
        self.id_info.setStyleSheet(OK_STYLE)
        self.id_info.setText(self.tr("身份证号有效：{sex}，{birth} 出生，{age} 岁").format(
            sex=info.sex, birth=info.birth_date.isoformat(), age=info.age_on(self.today)))
