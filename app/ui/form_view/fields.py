"""One widget per question: its label, hint, required mark, the editor for its type and an inline error."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import QCoreApplication, QRegularExpression, Qt, Signal
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.dates import parse_typed_date
from app.domain.errors import UserFacingError
from app.forms.expressions import Context, answer_text
from app.forms.filling import fill_text, other_name
from app.forms.model import Choice, Form, Question, pick_text
from app.ui.date_input import DateInput
from app.ui.form_view.tab_stop import OneTabStop
from app.ui.message_line import MessageLine

# A select with more choices than this is a drop-down list rather than a column of radio buttons.
MAX_RADIO_CHOICES = 8
CHECKBOX_COLUMNS = 3
NUMBER_PATTERNS = {"integer": r"-?\d*", "decimal": r"-?\d*[.]?\d*", "time": r"[0-2]?\d?(:[0-5]?\d?)?"}


class FieldWidget(QWidget):
    """Base of every question widget; `edited` fires on any change the person makes."""

    edited = Signal()

    def __init__(self, form: Form, question: Question, language: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.form = form
        self.question = question
        self.language = language
        self.touched = False
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 4, 0, 4)
        self._layout.setSpacing(3)
        self.title = QLabel(self)
        self.title.setWordWrap(True)
        self.title.setTextFormat(Qt.TextFormat.RichText)
        self._layout.addWidget(self.title)
        hint = pick_text(question.hints, language)
        self.hint = QLabel(hint, self)
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color: #5f6368;")
        self.hint.setVisible(bool(hint))
        self._layout.addWidget(self.hint)
        # The message line is always there, empty when all is well: a message coming or going never moves
        # the questions below while the person is clicking them.
        self.error = MessageLine(self)
        self.error.setObjectName("fieldError")
        self.error.setStyleSheet("color: #c5221f; font-weight: bold;")
        self._required_now = question.required is True

    # --- what subclasses provide -----------------------------------------------------------------

    def value(self) -> object:
        return None

    def set_value(self, value: object) -> None:
        """Show an answer (as saved: text, numbers, space-separated choices)."""

    def editors(self) -> list[QWidget]:
        """The widgets that take keyboard focus, in tab order."""
        return []

    def extra_answers(self) -> dict[str, object]:
        return {}

    # --- shared behaviour ------------------------------------------------------------------------

    def _finish(self, editor: QWidget | None) -> None:
        """Add the editor (if any) under the label, then the error line, and make read-only fields so."""
        if editor is not None:
            self._layout.addWidget(editor)
        self._layout.addWidget(self.error)
        if self.question.read_only:
            for widget in self.editors():
                widget.setEnabled(False)
        self.update_texts(Context())

    def _changed(self) -> None:
        self.touched = True
        self.edited.emit()

    def update_texts(self, context: Context) -> None:
        """Labels may show answers (`${name}`); the required mark may depend on a formula."""
        label = fill_text(self.question.label(self.language), context.values) or self.question.name
        mark = ' <span style="color:#c5221f">*</span>' if self._required_now else ""
        self.title.setText(f"<b>{_escape(label)}</b>{mark}")

    def set_required(self, required: bool, context: Context) -> None:
        if required != self._required_now:
            self._required_now = required
            self.update_texts(context)

    def set_choices(self, choices: Sequence[Choice]) -> None:
        """Only selects have choices; a choice_filter narrows them as answers change."""

    def set_read_only(self) -> None:
        """Shown, not edited: text stays readable, choices keep their marks."""
        for widget in self.findChildren(QWidget):
            if isinstance(widget, QLineEdit | QPlainTextEdit):
                widget.setReadOnly(True)
            elif isinstance(widget, QAbstractButton | QComboBox):
                widget.setEnabled(False)

    def set_error(self, message: str | None) -> None:
        if (message or "") != self.error.text():
            self.error.setText(message or "")

    @property
    def error_text(self) -> str:
        """The message shown under the field now ("" when none)."""
        return self.error.text()

    def owns(self, name: str) -> bool:
        return name == self.question.name

    def focus(self) -> None:
        editors = [widget for widget in self.editors() if widget.isEnabled() and widget.isVisible()]
        if editors:
            editors[0].setFocus(Qt.FocusReason.OtherFocusReason)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\n", "<br>")


class TextField(FieldWidget):
    def __init__(self, form: Form, question: Question, language: str, parent: QWidget | None = None) -> None:
        super().__init__(form, question, language, parent)
        self.multiline = "multiline" in question.appearance.lower()
        if self.multiline:
            self.editor: QLineEdit | QPlainTextEdit = QPlainTextEdit(self)
            self.editor.setTabChangesFocus(True)
            self.editor.setFixedHeight(self.fontMetrics().lineSpacing() * 4 + 12)
            self.editor.textChanged.connect(self._changed)
        else:
            self.editor = QLineEdit(self)
            self.editor.textEdited.connect(self._changed)
            pattern = NUMBER_PATTERNS.get(question.type)
            if pattern:
                # Only what can become a number may be typed; the engine still checks the rest.
                self.editor.setValidator(QRegularExpressionValidator(QRegularExpression(pattern), self.editor))
                self.editor.setMaximumWidth(260)
        self._finish(self.editor)

    def value(self) -> object:
        text = self.editor.toPlainText() if isinstance(self.editor, QPlainTextEdit) else self.editor.text()
        return text.strip() if self.question.type in NUMBER_PATTERNS else text

    def set_value(self, value: object) -> None:
        text = answer_text(value)
        if isinstance(self.editor, QPlainTextEdit):
            self.editor.blockSignals(True)
            self.editor.setPlainText(text)
            self.editor.blockSignals(False)
        else:
            self.editor.setText(text)

    def editors(self) -> list[QWidget]:
        return [self.editor]


class DateField(FieldWidget):
    """A date typed as people type it (20261205, 2026年12月5日 …) or picked from a calendar; a datetime adds
    the time of day (HH:mm). Text that is not a date is kept as typed, so the form cannot be saved with it."""

    def __init__(self, form: Form, question: Question, language: str, parent: QWidget | None = None,
                 today: date | None = None) -> None:
        super().__init__(form, question, language, parent)
        self.with_time = question.type == "datetime"
        box = QWidget(self)
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        self.editor = DateInput(None, box, today=today)
        self.editor.changed.connect(self._changed)
        row.addWidget(self.editor, 1)
        self.time: QLineEdit | None = None
        if self.with_time:
            self.time = QLineEdit(box)
            self.time.setPlaceholderText(self.tr("时:分"))
            self.time.setValidator(QRegularExpressionValidator(QRegularExpression(NUMBER_PATTERNS["time"]),
                                                               self.time))
            self.time.setFixedWidth(self.time.fontMetrics().horizontalAdvance("00:00") + 24)
            self.time.textEdited.connect(self._changed)
            row.insertWidget(1, self.time)
        self._finish(box)

    def value(self) -> object:
        day = self.editor.value()
        if day is None:
            return "" if self.editor.problem() is None else self.editor.text().strip()
        if self.time is None:
            return day.isoformat()
        hours, _, minutes = (self.time.text() or "0:0").partition(":")
        return f"{day.isoformat()}T{int(hours or 0):02d}:{int(minutes or 0):02d}:00"

    def set_value(self, value: object) -> None:
        text = answer_text(value).strip()
        try:
            day = parse_typed_date(text[:10])
        except UserFacingError:
            day = None
        self.editor.blockSignals(True)
        self.editor.setValue(day)
        self.editor.blockSignals(False)
        if self.time is not None:
            self.time.setText(text[11:16] if day is not None and len(text) >= 16 else "")

    def set_error(self, message: str | None) -> None:
        problem = self.editor.problem()
        if message and problem is not None:
            # The date field says why its text is not a date, beside the text; the engine's
            # "请填写正确的日期" would only repeat it. While the person types there, nothing is shouted yet.
            if not self.editor.line.hasFocus():
                self.editor.reveal_problem()
            message = None
        super().set_error(message)

    def set_read_only(self) -> None:
        self.editor.setReadOnly(True)
        if self.time is not None:
            self.time.setReadOnly(True)

    def editors(self) -> list[QWidget]:
        return [self.editor.line] + ([self.time] if self.time is not None else [])


class _OtherMixin:
    """`or_other`: a line for the words appears when "other" is picked."""

    other: QLineEdit | None

    def _make_other(self, field: FieldWidget) -> None:
        self.other = None
        if field.question.or_other:
            self.other = QLineEdit(field)
            self.other.setPlaceholderText(QCoreApplication.translate("FieldWidget", "请写明“其他”的具体内容"))
            self.other.setVisible(False)
            self.other.textEdited.connect(field._changed)

    def _other_answers(self, field: FieldWidget, picked: list[str]) -> dict[str, object]:
        if self.other is None:
            return {}
        self.other.setVisible("other" in picked)
        return {other_name(field.question): self.other.text()} if "other" in picked else {}


class SelectOneField(FieldWidget, _OtherMixin):
    def __init__(self, form: Form, question: Question, language: str, parent: QWidget | None = None) -> None:
        super().__init__(form, question, language, parent)
        self.choices: tuple[Choice, ...] = form.choices_for(question)
        self.use_combo = len(self.choices) > MAX_RADIO_CHOICES or "minimal" in question.appearance.lower()
        self.box = QWidget(self)
        self.group = QButtonGroup(self)
        self.buttons: dict[str, QRadioButton] = {}
        self.combo: QComboBox | None = None
        layout = QGridLayout(self.box)
        layout.setContentsMargins(0, 0, 0, 0)
        if self.use_combo:
            self.combo = QComboBox(self.box)
            self.combo.addItem("", "")
            for choice in self.choices:
                self.combo.addItem(pick_text(choice.labels, language) or choice.name, choice.name)
            self.combo.activated.connect(self._changed)
            self.combo.setMinimumWidth(260)
            layout.addWidget(self.combo, 0, 0, Qt.AlignmentFlag.AlignLeft)
        else:
            for index, choice in enumerate(self.choices):
                button = QRadioButton(pick_text(choice.labels, language) or choice.name, self.box)
                self.group.addButton(button)
                self.buttons[choice.name] = button
                layout.addWidget(button, index // CHECKBOX_COLUMNS, index % CHECKBOX_COLUMNS)
            self.group.buttonClicked.connect(self._changed)
        self.tab_stop = OneTabStop(list(self.buttons.values()), CHECKBOX_COLUMNS, self, select_on_arrow=True)
        self.group.buttonClicked.connect(lambda _button: self.tab_stop.update())
        self._make_other(self)
        if self.other is not None:
            layout.addWidget(self.other, layout.rowCount(), 0, 1, CHECKBOX_COLUMNS)
        self._finish(self.box)

    def value(self) -> object:
        if self.combo is not None:
            return self.combo.currentData() or ""
        checked: QAbstractButton | None = self.group.checkedButton()
        return next((name for name, button in self.buttons.items() if button is checked), "")

    def set_value(self, value: object) -> None:
        text = answer_text(value).strip()
        if self.combo is not None:
            index = self.combo.findData(text)
            self.combo.setCurrentIndex(max(index, 0))
        elif text in self.buttons:
            self.buttons[text].setChecked(True)
            self.tab_stop.update()

    def set_other(self, text: object) -> None:
        if self.other is not None:
            self.other.setText(answer_text(text))

    def extra_answers(self) -> dict[str, object]:
        return self._other_answers(self, [str(self.value())])

    def owns(self, name: str) -> bool:
        return name == self.question.name or (self.question.or_other and name == other_name(self.question))

    def set_choices(self, choices: Sequence[Choice]) -> None:
        allowed = {choice.name for choice in choices}
        if self.combo is not None:
            view = self.combo.view()
            for row in range(1, self.combo.count()):
                view.setRowHidden(row, self.combo.itemData(row) not in allowed)
        else:
            for name, button in self.buttons.items():
                button.setVisible(name in allowed)
            self.tab_stop.update()

    def editors(self) -> list[QWidget]:
        if self.combo is not None:
            widgets: list[QWidget] = [self.combo]
        else:
            # All in the tab chain; only the set's current button takes Tab (tab_stop.py).
            current = self.tab_stop.current
            widgets = [current] if current is not None else []
            widgets += [b for b in self.buttons.values() if not b.isHidden() and b is not current]
        return widgets + ([self.other] if self.other is not None else [])


class SelectMultipleField(FieldWidget, _OtherMixin):
    def __init__(self, form: Form, question: Question, language: str, parent: QWidget | None = None) -> None:
        super().__init__(form, question, language, parent)
        self.box = QWidget(self)
        layout = QGridLayout(self.box)
        layout.setContentsMargins(0, 0, 0, 0)
        self.boxes: dict[str, QCheckBox] = {}
        for index, choice in enumerate(form.choices_for(question)):
            box = QCheckBox(pick_text(choice.labels, language) or choice.name, self.box)
            box.toggled.connect(self._changed)
            self.boxes[choice.name] = box
            layout.addWidget(box, index // CHECKBOX_COLUMNS, index % CHECKBOX_COLUMNS)
        self.tab_stop = OneTabStop(list(self.boxes.values()), CHECKBOX_COLUMNS, self)
        self._make_other(self)
        if self.other is not None:
            layout.addWidget(self.other, layout.rowCount(), 0, 1, CHECKBOX_COLUMNS)
        self._finish(self.box)

    def picked(self) -> list[str]:
        return [name for name, box in self.boxes.items() if box.isChecked() and not box.isHidden()]

    def value(self) -> object:
        return " ".join(self.picked())

    def set_value(self, value: object) -> None:
        picked = set(answer_text(value).split())
        for name, box in self.boxes.items():
            box.blockSignals(True)
            box.setChecked(name in picked)
            box.blockSignals(False)

    def set_other(self, text: object) -> None:
        if self.other is not None:
            self.other.setText(answer_text(text))

    def extra_answers(self) -> dict[str, object]:
        return self._other_answers(self, self.picked())

    def owns(self, name: str) -> bool:
        return name == self.question.name or (self.question.or_other and name == other_name(self.question))

    def set_choices(self, choices: Sequence[Choice]) -> None:
        allowed = {choice.name for choice in choices}
        for name, box in self.boxes.items():
            box.setVisible(name in allowed)
        self.tab_stop.update()

    def editors(self) -> list[QWidget]:
        # All in the tab chain; only the set's current box takes Tab (tab_stop.py).
        current = self.tab_stop.current
        boxes: list[QWidget] = [current] if current is not None else []
        boxes += [box for box in self.boxes.values() if not box.isHidden() and box is not current]
        return boxes + ([self.other] if self.other is not None else [])


class AcknowledgeField(FieldWidget):
    def __init__(self, form: Form, question: Question, language: str, parent: QWidget | None = None) -> None:
        super().__init__(form, question, language, parent)
        self.box = QCheckBox(self.tr("确认"), self)
        self.box.toggled.connect(self._changed)
        self._finish(self.box)

    def value(self) -> object:
        return "OK" if self.box.isChecked() else ""

    def set_value(self, value: object) -> None:
        self.box.setChecked(answer_text(value) == "OK")

    def editors(self) -> list[QWidget]:
        return [self.box]


class DisplayField(FieldWidget):
    """A note, or a labelled calculation shown live; nothing to type."""

    def __init__(self, form: Form, question: Question, language: str, parent: QWidget | None = None) -> None:
        super().__init__(form, question, language, parent)
        self.shown = QLabel(self)
        self.shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.shown.setVisible(question.type == "calculate")
        if question.type == "note":
            self.title.setStyleSheet("background: #eef3fb; padding: 6px;")
        self._finish(self.shown)

    def update_texts(self, context: Context) -> None:
        label = fill_text(self.question.label(self.language), context.values)
        if self.question.type == "note":
            self.title.setText(_escape(label))
        else:
            self.title.setText(f"<b>{_escape(label)}</b>")
            self.shown.setText(answer_text(context.values.get(self.question.name)))


FIELD_TYPES: dict[str, type[FieldWidget]] = {
    "text": TextField, "integer": TextField, "decimal": TextField, "time": TextField,
    "date": DateField, "datetime": DateField,
    "select_one": SelectOneField, "select_multiple": SelectMultipleField,
    "acknowledge": AcknowledgeField, "note": DisplayField,
}


def make_field(form: Form, question: Question, language: str, parent: QWidget | None = None,
               today: date | None = None) -> FieldWidget | None:
    """The widget for a question, or None for what is never shown (meta data, unlabelled calculations).

    ``today`` is the form's today: a blank date's calendar opens on its month."""
    if question.type == "calculate":
        return DisplayField(form, question, language, parent) if question.labels else None
    kind = FIELD_TYPES.get(question.type)
    if kind is DateField:
        return DateField(form, question, language, parent, today=today)
    return kind(form, question, language, parent) if kind else None
