"""Moving by keyboard: a set of choices is one Tab stop, arrows move inside it, Tab never selects."""

from __future__ import annotations

from datetime import date

import pytest
from openpyxl import Workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.forms.xlsform import load_form
from app.resources import resource_path
from app.ui.form_view import FormView
from app.ui.form_view.fields import SelectMultipleField, SelectOneField


@pytest.fixture
def view(qtbot, ui_app) -> FormView:
    widget = FormView(load_form(resource_path("forms", "visit.xlsx")), "zh", today=date(2026, 11, 23))
    qtbot.addWidget(widget)
    widget.resize(900, 700)
    widget.show()
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow)
    return widget


def _focused():
    return QApplication.focusWidget()


def test_a_set_of_check_boxes_is_one_tab_stop_and_arrows_move_inside(qtbot, view) -> None:
    present = view.field("present")
    assert isinstance(present, SelectMultipleField)
    boxes = list(present.boxes.values())
    boxes[0].setFocus()
    qtbot.waitUntil(lambda: _focused() is boxes[0])
    qtbot.keyClick(boxes[0], Qt.Key.Key_Right)
    assert _focused() is boxes[1] and not any(b.isChecked() for b in boxes)  # moving is not choosing
    qtbot.keyClick(boxes[1], Qt.Key.Key_Space)
    assert boxes[1].isChecked()
    qtbot.keyClick(boxes[1], Qt.Key.Key_Tab)
    assert _focused() not in boxes  # one Tab leaves the whole set
    qtbot.keyClick(_focused(), Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert _focused() is boxes[1]  # and Shift+Tab comes back to where the person was in it
    assert [b.isChecked() for b in boxes].count(True) == 1


def test_radio_buttons_take_one_tab_stop_and_tab_does_not_select(qtbot, view) -> None:
    food = view.field("food")
    assert isinstance(food, SelectOneField) and food.combo is None
    buttons = list(food.buttons.values())
    before = food.editors()[0]
    assert before is buttons[0]
    # Tab into the set from the question before it: the first button has the focus, nothing chosen.
    previous = before.previousInFocusChain()
    while previous.focusPolicy() & Qt.FocusPolicy.TabFocus == 0 or not previous.isVisible():
        previous = previous.previousInFocusChain()
    previous.setFocus()
    qtbot.waitUntil(lambda: _focused() is previous)
    qtbot.keyClick(previous, Qt.Key.Key_Tab)
    assert _focused() is buttons[0] and food.value() == ""
    qtbot.keyClick(buttons[0], Qt.Key.Key_Right)
    assert _focused() is buttons[1] and food.value() == list(food.buttons)[1]  # an arrow selects, natively
    qtbot.keyClick(buttons[1], Qt.Key.Key_Tab)
    assert _focused() not in buttons
    qtbot.keyClick(_focused(), Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert _focused() is buttons[1]  # the checked one is the set's stop


def test_ctrl_s_says_it_saved_and_the_next_change_clears_it(qtbot, ui_app, tmp_path) -> None:
    workbook = Workbook()
    survey = workbook.active
    survey.title = "survey"
    for row in (["type", "name", "label"], ["text", "note", "备注"]):
        survey.append(row)
    workbook.create_sheet("choices").append(["list_name", "name", "label"])
    workbook.save(tmp_path / "note.xlsx")
    view = FormView(load_form(tmp_path / "note.xlsx"), "zh", today=date(2026, 11, 23))
    qtbot.addWidget(view)
    view.show()
    view.activateWindow()
    qtbot.waitUntil(view.isActiveWindow)
    saved: list[object] = []
    view.saved.connect(saved.append)
    editor = view.field("note").editor
    editor.setFocus()
    qtbot.keyClicks(editor, "ok")
    qtbot.keyClick(editor, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert saved == [{"note": "ok"}]
    assert view.saved_note.text().startswith("已保存（")
    qtbot.keyClicks(editor, "!")
    assert view.saved_note.text() == ""


def test_the_help_menu_lists_the_shortcuts(qtbot, demo_ctx, ui_app, messages) -> None:
    from app.ui.main_window import MainWindow
    from app.ui.settings import Settings
    from app.ui.shortcuts import ShortcutsDialog

    window = MainWindow(demo_ctx, Settings(database=demo_ctx.db.location))
    qtbot.addWidget(window)
    help_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "帮助")
    assert [a.text() for a in help_menu.actions()][:1] == ["快捷键"]
    dialog = ShortcutsDialog(window)
    qtbot.addWidget(dialog)
    keys = [dialog.table.item(row, 0).text() for row in range(dialog.table.rowCount())]
    assert {"Ctrl+F", "Enter", "↓", "Ctrl+S", "Tab / Shift+Tab"} <= set(keys)
