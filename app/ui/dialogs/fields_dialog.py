"""Add or edit a record through a service call; what the service refuses is shown, not lost."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import UserFacingError
from app.services.fields import FieldSpec
from app.ui.field_form import PROBLEM_STYLE, FieldForm
from app.ui.messages import show_error

Save = Callable[[dict[str, Any]], Any]


class FieldsDialog(QDialog):
    """``save`` gets every value when adding, only the changed ones when editing."""

    def __init__(self, title: str, specs: Iterable[FieldSpec], save: Save,
                 values: dict[str, Any] | None = None, parent: QWidget | None = None,
                 columns: int = 1) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.save = save
        self.editing = values is not None
        self.result_value: Any = None
        layout = QVBoxLayout(self)
        self.before = QVBoxLayout()
        layout.addLayout(self.before)
        self.form = FieldForm(specs, columns=columns)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.form)
        layout.addWidget(scroll)
        self.extra = QVBoxLayout()
        layout.addLayout(self.extra)
        self.message = QLabel()
        self.message.setStyleSheet(PROBLEM_STYLE)
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("保存"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        self.buttons.accepted.connect(self.try_save)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        if values:
            self.form.set_values(values)
        self.initial = self.form.values()
        self.resize(max(560, 420 * columns), 620)

    def changed_values(self) -> dict[str, Any]:
        """What the user changed; when adding, also every required field, so the service's own
        defaults stand for everything left as it was."""
        current = self.form.values()
        required = {spec.name for spec in self.form.specs.values() if spec.required and not self.editing}
        return {name: value for name, value in current.items()
                if value != self.initial.get(name) or name in required}

    def validate(self) -> bool:
        """Every field's own check before the service is asked; marks each refused field."""
        return self.form.check()

    def try_save(self) -> None:
        self.form.clear_problems()
        self.message.clear()
        if not self.validate():
            self.message.setText(self.tr("有填写不对的地方，请按红字提示修改。"))
            return
        values = self.changed_values()
        if self.editing and not values:
            self.accept()
            return
        try:
            self.result_value = self.save(values)
        except UserFacingError as error:
            if not self.form.show_problem(error):
                self.message.setText(str(error))
            return
        except Exception as error:  # unexpected: the crash hook logs it, the dialog stays open
            show_error(self, error)
            return
        self.accept()
