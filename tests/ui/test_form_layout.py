"""Forms that do not move: a message coming or going never shifts the questions under the pointer."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QCheckBox, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from app.forms.model import Form
from app.forms.xlsform import load_form
from app.resources import resource_path
from app.ui.form_view import FormView
from app.ui.form_view.fields import DateField, FieldWidget, SelectMultipleField

TODAY = date(2026, 11, 23)
REQUIRED = "此项必须填写。"


@pytest.fixture(scope="module")
def visit_form() -> Form:
    return load_form(resource_path("forms", "visit.xlsx"))


@pytest.fixture
def view(qtbot: QtBot, visit_form: Form, ui_app: QApplication) -> FormView:
    widget = FormView(visit_form, "zh", today=TODAY)
    qtbot.addWidget(widget)
    widget.resize(900, 700)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def geometry(view: FormView) -> dict[str, tuple[int, int, int]]:
    """Where every shown question and every box, button and line in it sits on the page (y, x, height)."""
    QApplication.processEvents()
    places: dict[str, tuple[int, int, int]] = {}
    for item in view.level.walk():
        if not isinstance(item, FieldWidget) or not item.isVisible():
            continue
        name = item.question.name
        top = item.mapTo(view.page, QPoint(0, 0))
        places[name] = (top.y(), top.x(), item.height())
        for child in item.findChildren(QAbstractButton) + item.findChildren(QLineEdit):
            if child.isVisible():
                point = child.mapTo(view.page, QPoint(0, 0))
                label = child.text() if isinstance(child, QAbstractButton) else child.objectName()
                places[f"{name}/{label}/{type(child).__name__}"] = (point.y(), point.x(), child.height())
    return places


def box(view: FormView, question: str, choice: str) -> QCheckBox:
    field = view.field(question)
    assert isinstance(field, SelectMultipleField)
    return field.boxes[choice]


def click(qtbot: QtBot, button: QAbstractButton) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=QPoint(8, button.height() // 2))


def test_a_required_message_appearing_and_going_moves_nothing(qtbot: QtBot, view: FormView) -> None:
    before = geometry(view)
    assert len(before) > 40
    present = view.field("present")
    assert present is not None and present.error_text == ""
    head = box(view, "present", "head")
    click(qtbot, head)
    click(qtbot, head)  # ticked and unticked: now the required message shows
    assert present.error_text == REQUIRED
    assert geometry(view) == before
    click(qtbot, head)  # answered: the message goes
    assert present.error_text == ""
    assert geometry(view) == before


def test_every_message_at_once_on_saving_moves_nothing(qtbot: QtBot, view: FormView) -> None:
    before = geometry(view)
    assert not view.save()
    shown = [item for item in view.level.walk() if isinstance(item, FieldWidget) and item.error_text]
    assert len(shown) >= 8 and view.field("family_change").error_text == REQUIRED  # type: ignore[union-attr]
    view.scroll.verticalScrollBar().setValue(0)
    assert geometry(view) == before


def test_a_click_meant_for_no_change_lands_on_no_change(qtbot: QtBot, view: FormView) -> None:
    """The issue's case: the pointer rests over 无变化 while the question above gets its 必填 message."""
    none = box(view, "family_change", "none")
    view.scroll.ensureWidgetVisible(none)
    QApplication.processEvents()
    aimed = none.mapTo(view.page, QPoint(8, none.height() // 2))
    head = box(view, "present", "head")
    click(qtbot, head)
    click(qtbot, head)
    assert view.field("present").error_text == REQUIRED  # type: ignore[union-attr]
    QApplication.processEvents()
    under_pointer = view.page.childAt(aimed)
    assert isinstance(under_pointer, QWidget)
    target = under_pointer if isinstance(under_pointer, QCheckBox) else under_pointer.parentWidget()
    assert target is none
    qtbot.mouseClick(none, Qt.MouseButton.LeftButton, pos=none.mapFrom(view.page, aimed))
    assert none.isChecked() and not box(view, "family_change", "marriage").isChecked()


def test_a_long_message_keeps_to_its_line_and_is_whole_in_the_tooltip(qtbot: QtBot, view: FormView) -> None:
    present = view.field("present")
    assert present is not None
    before = geometry(view)
    long_message = "在场人员" * 60
    present.set_error(long_message)
    QApplication.processEvents()
    assert present.error_text == long_message and present.error.toolTip() == long_message
    assert present.error.shown_text().endswith("…")
    assert geometry(view) == before


def test_a_date_that_is_not_a_date_says_so_beside_itself_without_moving_anything(qtbot: QtBot,
                                                                               view: FormView) -> None:
    visit_date = view.field("visit_date")
    assert isinstance(visit_date, DateField)
    before = geometry(view)
    line = visit_date.editor.line
    line.setFocus()
    qtbot.waitUntil(line.hasFocus)
    qtbot.keyClick(line, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(line, "2026-02-30")
    qtbot.keyClick(line, Qt.Key.Key_Tab)
    assert "2026年2月只有 28 天" in visit_date.editor.status_text()
    assert visit_date.error_text == ""  # said once, beside the date, not again under it
    assert view.problems() and not view.save()
    assert geometry(view) == before
