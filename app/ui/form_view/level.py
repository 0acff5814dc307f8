"""The widgets of one level of a form (the top, or one row of a repeat): fields, group boxes, repeats.

A level reads its answers out of its widgets and shows what the engine worked out from them:
what `relevant` hides, live calculations and labels, narrowed choices, required marks and errors.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QGroupBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.forms.expressions import Context, evaluate_bool
from app.forms.filling import Filled, Path, available_choices, default_value, fill_text, other_name, repeat_rows
from app.forms.model import GROUP, REPEAT, Form, Question
from app.ui.form_view.fields import DisplayField, FieldWidget, SelectMultipleField, SelectOneField, make_field

Answers = Mapping[str, object]


class Level:
    """Builds the widgets for `questions` into `layout` and keeps track of them."""

    def __init__(self, owner: FormViewHooks, questions: tuple[Question, ...], parent: QWidget,
                 layout: QVBoxLayout, answers: Answers, context: Context) -> None:
        self.owner = owner
        self.fields: list[FieldWidget] = []
        self.groups: dict[str, QGroupBox] = {}
        self.repeats: list[RepeatBox] = []
        # Everything in form order, for tab order and for finding a question's widget.
        self.items: list[FieldWidget | RepeatBox] = []
        self._build(questions, parent, layout, answers, context)

    def _build(self, questions: tuple[Question, ...], parent: QWidget, layout: QVBoxLayout, answers: Answers,
               context: Context) -> None:
        for question in questions:
            if question.type == GROUP:
                box = QGroupBox(parent)
                box.setTitle(question.label(self.owner.language) or question.name)
                inner = QVBoxLayout(box)
                self.groups[question.name] = box
                layout.addWidget(box)
                self._build(question.children, box, inner, answers, context)
            elif question.type == REPEAT:
                rows = answers.get(question.name)
                repeat = RepeatBox(self.owner, question, parent,
                                   list(rows) if isinstance(rows, list | tuple) else [], context)
                self.repeats.append(repeat)
                self.items.append(repeat)
                layout.addWidget(repeat)
            else:
                field = make_field(self.owner.form, question, self.owner.language, parent, context.today)
                if field is None:
                    continue
                if question.name in answers:
                    field.set_value(answers[question.name])
                else:
                    field.set_value(default_value(question, context))
                if isinstance(field, SelectOneField | SelectMultipleField):
                    field.set_other(answers.get(other_name(question)))
                field.edited.connect(self.owner.refresh)
                self.fields.append(field)
                self.items.append(field)
                layout.addWidget(field)

    def answers(self) -> dict[str, object]:
        found: dict[str, object] = {}
        for field in self.fields:
            if not isinstance(field, DisplayField):
                found[field.question.name] = field.value()
                found.update(field.extra_answers())
        for repeat in self.repeats:
            found[repeat.question.name] = [row.level.answers() for row in repeat.rows]
        return found

    def apply(self, filled: Filled, prefix: Path, problems: Mapping[Path, str], show_all: bool) -> None:
        context = filled.contexts.get(prefix)
        if context is None:
            return  # a row of a repeat the engine did not reach: it is hidden anyway
        for name, box in self.groups.items():
            box.setVisible((*prefix, name) not in filled.hidden)
        for field in self.fields:
            self._apply_field(field, filled, context, prefix, problems, show_all)
        for repeat in self.repeats:
            path = (*prefix, repeat.question.name)
            repeat.setVisible(path not in filled.hidden)
            repeat.apply(filled, path, problems, show_all, context)

    def _apply_field(self, field: FieldWidget, filled: Filled, context: Context, prefix: Path,
                     problems: Mapping[Path, str], show_all: bool) -> None:
        question = field.question
        path = (*prefix, question.name)
        field.setVisible(path not in filled.hidden)
        if path in filled.hidden:
            return
        here = replace(context, current=context.values.get(question.name))
        if isinstance(question.required, str):
            field.set_required(evaluate_bool(question.required, here), context)
        field.update_texts(context)
        if question.choice_filter:
            field.set_choices(available_choices(self.owner.form, question, context))
        message = problems.get(path) or problems.get((*prefix, other_name(question)))
        field.set_error(message if message and (field.touched or show_all) else None)

    def widget_of(self, name: str) -> QWidget | None:
        """The widget of a question of this level itself (a group's box, a field, a repeat), if it has one."""
        if name in self.groups:
            return self.groups[name]
        return next((item for item in self.items if item.question.name == name), None)

    def walk(self) -> Iterator[FieldWidget | RepeatBox]:
        """Every widget in form order, those in repeat rows included."""
        for item in self.items:
            yield item
            if isinstance(item, RepeatBox):
                for row in item.rows:
                    yield from row.level.walk()

    def find(self, path: Path) -> FieldWidget | RepeatBox | None:
        name, rest = path[0], path[1:]
        for item in self.items:
            if isinstance(item, RepeatBox) and item.question.name == name:
                if not rest:
                    return item
                index = rest[0]
                if isinstance(index, int) and 0 <= index < len(item.rows):
                    return item.rows[index].level.find(rest[1:]) if len(rest) > 1 else item.rows[index]
                return item
            if isinstance(item, FieldWidget) and isinstance(name, str) and item.owns(name):
                return item
        return None


class FormViewHooks:
    """What the widgets of a level need from the view that owns them."""

    form: Form
    language: str
    refresh: Callable[[], None]
    structure_changed: Callable[[], None]
    base_context: Callable[[], Context]


class RepeatRow(QFrame):
    def __init__(self, owner: FormViewHooks, repeat: RepeatBox, answers: Answers, context: Context) -> None:
        super().__init__(repeat)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        header = QHBoxLayout()
        self.heading = QLabel(self)
        header.addWidget(self.heading)
        header.addStretch(1)
        self.remove = QPushButton(self.tr("删除这一项"), self)
        self.remove.clicked.connect(lambda: repeat.remove_row(self))
        self.remove.setVisible(repeat.editable)
        header.addWidget(self.remove)
        layout.addLayout(header)
        self.level = Level(owner, repeat.question.children, self, layout, answers, context)

    def number(self, position: int, label: str) -> None:
        self.heading.setText(self.tr("<b>%1 第 %2 项</b>").replace("%1", label).replace("%2", str(position)))


class RepeatBox(QGroupBox):
    """A repeat: a row per item (one per family member, one per large expense), added and removed here
    unless `repeat_count` fixes how many there are."""

    def __init__(self, owner: FormViewHooks, question: Question, parent: QWidget, rows: list[object],
                 context: Context) -> None:
        super().__init__(parent)
        self.owner = owner
        self.question = question
        self.editable = not question.repeat_count
        self.label = question.label(owner.language) or question.name
        self.setTitle(self.label)
        self.rows: list[RepeatRow] = []
        layout = QVBoxLayout(self)
        self.rows_layout = QVBoxLayout()
        layout.addLayout(self.rows_layout)
        self.empty = QLabel(self.tr("（还没有填写，点“添加”增加一项）"), self)
        self.empty.setStyleSheet("color: #5f6368;")
        layout.addWidget(self.empty)
        self.add = QPushButton(self.tr("添加一项：%1").replace("%1", self.label), self)
        self.add.clicked.connect(lambda: self.add_row({}))
        self.add.setVisible(self.editable)
        layout.addWidget(self.add, 0, Qt.AlignmentFlag.AlignLeft)
        for row in rows:
            self._append(row if isinstance(row, Mapping) else {}, context)
        self._renumber()

    def _append(self, answers: Answers, context: Context) -> RepeatRow:
        row = RepeatRow(self.owner, self, answers, context)
        self.rows.append(row)
        self.rows_layout.addWidget(row)
        return row

    def add_row(self, answers: Answers | None = None) -> RepeatRow:
        row = self._append(answers or {}, self.owner.base_context())
        self._renumber()
        self.owner.structure_changed()
        first = next((item for item in row.level.items if isinstance(item, FieldWidget)), None)
        if first is not None:
            first.focus()
        return row

    def remove_row(self, row: RepeatRow) -> None:
        self.rows.remove(row)
        self.rows_layout.removeWidget(row)
        row.hide()
        row.deleteLater()
        self._renumber()
        self.owner.structure_changed()

    def _renumber(self) -> None:
        for position, row in enumerate(self.rows, start=1):
            row.number(position, self.label)
        self.empty.setVisible(not self.rows and self.editable)

    def apply(self, filled: Filled, path: Path, problems: Mapping[Path, str], show_all: bool,
              context: Context) -> None:
        if not self.editable:
            wanted = len(repeat_rows(self.question, [{}] * len(self.rows), context))
            if wanted != len(self.rows):
                while len(self.rows) < wanted:
                    self._append({}, context)
                while len(self.rows) > wanted:
                    extra = self.rows.pop()
                    self.rows_layout.removeWidget(extra)
                    extra.hide()
                    extra.deleteLater()
                self._renumber()
                self.owner.structure_changed()
                return
        self.setTitle(fill_text(self.label, context.values))
        for index, row in enumerate(self.rows):
            row.level.apply(filled, (*path, index), problems, show_all)
