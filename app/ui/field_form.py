"""A form built from the services' field declarations: one widget per field, problems shown inline.

The services own the rules (FieldSpec parsers); this widget only offers fitting inputs and puts a
refused value's message next to the field it names.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from app.domain.dates import parse_typed_date
from app.domain.errors import UserFacingError
from app.services.fields import FieldSpec
from app.ui.date_input import DateInput

BLANK = ""
UNKNOWN = "未核实"
PROBLEM_STYLE = "color: #b00020;"


class _MultiChoice(QWidget):
    changed = Signal()

    def _changed(self, *_args: object) -> None:
        self.changed.emit()

    def __init__(self, options: Iterable[str]) -> None:
        super().__init__()
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.boxes: list[QCheckBox] = []
        options = tuple(options)
        # Long options (因产业项目失败) get fewer columns, so no label is ever cut short.
        columns = 3 if any(len(option) > 5 for option in options) else 4
        for number, option in enumerate(options):
            box = QCheckBox(option)
            box.toggled.connect(self._changed)
            layout.addWidget(box, number // columns, number % columns)
            self.boxes.append(box)

    def value(self) -> list[str]:
        return [b.text() for b in self.boxes if b.isChecked()]

    def set_value(self, values: Iterable[str]) -> None:
        chosen = set(values or ())
        for box in self.boxes:
            box.setChecked(box.text() in chosen)


def _date_value(widget: DateInput) -> str:
    """An understood date as 2026-12-05, blank as "", and text that is not a date as typed (the parser refuses it)."""
    day = widget.value()
    return day.isoformat() if day is not None else widget.text().strip()


def _as_date(value: Any) -> date | None:
    if isinstance(value, date) or value is None:
        return value
    try:
        return parse_typed_date(str(value))
    except UserFacingError:
        return None


class FieldForm(QWidget):
    """Inputs for ``specs``; ``values()`` gives what was typed, ready for the service's parser."""

    changed = Signal()

    def _changed(self, *_args: object) -> None:
        self.changed.emit()

    def __init__(self, specs: Iterable[FieldSpec], parent: QWidget | None = None,
                 columns: int = 1) -> None:
        super().__init__(parent)
        self.specs = {s.name: s for s in specs}
        self.inputs: dict[str, QWidget] = {}
        self.problems: dict[str, QLabel] = {}
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        forms = [QFormLayout() for _ in range(columns)]
        for number, form in enumerate(forms):
            form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
            grid.addLayout(form, 0, number)
        per_column = -(-len(self.specs) // columns)
        for number, spec in enumerate(self.specs.values()):
            widget = self._input_for(spec)
            self.inputs[spec.name] = widget
            problem = QLabel()
            problem.setStyleSheet(PROBLEM_STYLE)
            problem.setWordWrap(True)
            problem.hide()
            self.problems[spec.name] = problem
            label = spec.label + (" *" if spec.required else "")
            form = forms[number // per_column]
            form.addRow(label, widget)
            form.addRow("", problem)

    def _input_for(self, spec: FieldSpec) -> QWidget:
        offered = spec.input
        if offered.kind == "choice":
            box = QComboBox()
            if offered.optional or spec.required:  # a required choice starts unchosen, never guessed
                box.addItem(BLANK)
            box.addItems(list(offered.options))
            box.currentIndexChanged.connect(self._changed)
            return box
        if offered.kind == "suggest":  # a list to pick from, or type another
            box = QComboBox()
            box.setEditable(True)
            box.addItems([BLANK, *offered.options])
            box.currentTextChanged.connect(self._changed)
            return box
        if offered.kind == "boolean":
            box = QComboBox()
            box.addItems(([UNKNOWN] if offered.optional else []) + ["是", "否"])
            box.currentIndexChanged.connect(self._changed)
            return box
        if offered.kind == "choices":
            multi = _MultiChoice(offered.options)
            multi.changed.connect(self._changed)
            return multi
        if offered.kind == "date":
            edit = DateInput()
            edit.changed.connect(self._changed)
            return edit
        line = QLineEdit()
        line.textChanged.connect(self._changed)
        return line

    # --- values ------------------------------------------------------------------------------

    def set_values(self, values: dict[str, Any]) -> None:
        for name, value in values.items():
            widget = self.inputs.get(name)
            if widget is None:
                continue
            if isinstance(widget, DateInput):
                widget.setValue(_as_date(value))
            elif isinstance(widget, _MultiChoice):
                widget.set_value(value)
            elif isinstance(widget, QComboBox):
                text = UNKNOWN if value is None and widget.findText(UNKNOWN) >= 0 else (
                    ("是" if value else "否") if isinstance(value, bool) else str(value or ""))
                position = widget.findText(text)
                if widget.isEditable() and position < 0:
                    widget.setEditText(text)  # a stored name no longer offered is kept as it is
                else:
                    widget.setCurrentIndex(max(position, 0))
            elif isinstance(widget, QLineEdit):
                widget.setText(_as_text(value))

    def values(self, names: Iterable[str] | None = None) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for name in names or self.inputs:
            widget = self.inputs[name]
            if isinstance(widget, DateInput):
                result[name] = _date_value(widget)
            elif isinstance(widget, _MultiChoice):
                result[name] = widget.value()
            elif isinstance(widget, QComboBox):
                text = widget.currentText()
                result[name] = "" if text == UNKNOWN else text
            elif isinstance(widget, QLineEdit):
                result[name] = widget.text()
        return result

    # --- problems ------------------------------------------------------------------------------

    def clear_problems(self) -> None:
        for label in self.problems.values():
            label.hide()
            label.clear()

    def show_problem(self, error: UserFacingError) -> bool:
        """Put the message next to the field it names; False when it names none of ours."""
        name = next((s.name for s in self.specs.values() if error.field in (s.name, s.label)), None)
        if name is None:
            return False
        self.problems[name].setText(error.message)
        self.problems[name].show()
        self.inputs[name].setFocus()
        return True

    def check(self) -> bool:
        """Run each field's own parser now, marking every refused value; True when all pass."""
        self.clear_problems()
        ok = True
        for name, value in self.values().items():
            spec = self.specs[name]
            widget = self.inputs[name]
            if isinstance(widget, DateInput) and widget.problem():
                # Not a date: the widget says why beside itself.
                if ok:
                    widget.setFocus()
                widget.reveal_problem()
                ok = False
                continue
            try:
                parsed = spec.parse(value, spec.label)
                if spec.required and parsed in ("", None, []):
                    raise UserFacingError(f"“{spec.label}”不能为空。", field=spec.label)
            except UserFacingError as error:
                if ok:
                    self.inputs[name].setFocus()
                self.problems[name].setText(error.message)
                self.problems[name].show()
                ok = False
        return ok


def _as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value:f}"
    if isinstance(value, list | tuple):
        return "、".join(str(v) for v in value)
    return str(value)
