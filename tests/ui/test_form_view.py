"""The visit form filled through its widgets: inline messages as the person types, skip logic, repeats, saving."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QFont, QFontDatabase, QKeyEvent
from PySide6.QtWidgets import QApplication, QCheckBox, QRadioButton, QWidget
from pytestqt.qtbot import QtBot

from app.forms.model import Form
from app.forms.xlsform import load_form
from app.resources import resource_path
from app.ui.form_view import FormView
from app.ui.form_view.fields import DateField, FieldWidget, SelectMultipleField, SelectOneField, TextField
from tests.forms.conftest import WriteForm

TODAY = date(2026, 11, 23)
MONEY = "金额不能为负数，也不能达到100万元，请核对。"


@pytest.fixture(scope="module", autouse=True)
def cjk_font(qapp: QApplication) -> None:
    font_id = QFontDatabase.addApplicationFont(str(resource_path("fonts", "wqy-microhei.ttc")))
    assert font_id >= 0
    qapp.setFont(QFont(QFontDatabase.applicationFontFamilies(font_id)[0], 11))


@pytest.fixture
def write_form(tmp_path: Path) -> WriteForm:
    def write(survey: list[list[object]], choices: list[list[object]]) -> Path:
        workbook = Workbook()
        workbook.remove(workbook.active)
        for title, rows in (("survey", survey), ("choices", choices)):
            sheet = workbook.create_sheet(title)
            for row in rows:
                sheet.append(row)
        path = tmp_path / "form.xlsx"
        workbook.save(path)
        return path

    return write


@pytest.fixture(scope="module")
def visit_form() -> Form:
    return load_form(resource_path("forms", "visit.xlsx"))


@pytest.fixture
def view(qtbot: QtBot, visit_form: Form) -> FormView:
    widget = FormView(visit_form, "zh", today=TODAY)
    qtbot.addWidget(widget)
    widget.resize(900, 700)
    widget.show()
    return widget


def field(view: FormView, path: str | tuple[str | int, ...]) -> FieldWidget:
    found = view.field(path)
    assert found is not None, path
    return found


def type_into(qtbot: QtBot, view: FormView, path: str | tuple[str | int, ...], text: str) -> None:
    widget = field(view, path)
    assert isinstance(widget, TextField)
    widget.editor.selectAll()
    qtbot.keyClick(widget.editor, Qt.Key.Key_Delete)
    type_text(widget.editor, text)


def type_text(editor: QWidget, text: str) -> None:
    """Key presses carrying each character, as a keyboard or an input method (拼音) delivers them;
    QTest.keyClicks only knows ASCII."""
    for character in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(editor, QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier,
                                                     character))


def pick(qtbot: QtBot, view: FormView, path: str | tuple[str | int, ...], *names: str) -> None:
    widget = field(view, path)
    for name in names:
        button: QRadioButton | QCheckBox = (widget.buttons[name] if isinstance(widget, SelectOneField)
                                            else widget.boxes[name])  # type: ignore[attr-defined]
        # On the box itself: a check box takes clicks on its box and text, not on the space beside them.
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=QPoint(8, button.height() // 2))


def set_date(view: FormView, path: str, day: date) -> None:
    widget = field(view, path)
    assert isinstance(widget, DateField)
    widget.editor.setValue(day)


def test_labels_hints_and_required_marks_in_chinese(view: FormView) -> None:
    wage = field(view, "income_wage")
    assert "工资性收入" in wage.title.text() and wage.hint.text() == "含公益岗位工资。"
    assert "*" in field(view, "visit_date").title.text() and "*" not in wage.title.text()
    # The visit date starts as today (`default` today()), nothing is shown as wrong before typing.
    assert view.raw_answers()["visit_date"] == "2026-11-23"
    assert all(not widget.error_text for widget in view.level.walk() if isinstance(widget, FieldWidget))


def test_english_labels(qtbot: QtBot, visit_form: Form) -> None:
    english = FormView(visit_form, "en", today=TODAY)
    qtbot.addWidget(english)
    assert "Wage income" in english.field("income_wage").title.text()  # type: ignore[union-attr]


def test_a_constraint_failure_is_shown_inline_as_the_person_types(qtbot: QtBot, view: FormView) -> None:
    wage = field(view, "income_wage")
    type_into(qtbot, view, "income_wage", "-500")
    assert wage.error_text == MONEY
    type_into(qtbot, view, "income_wage", "12000")
    assert wage.error_text == ""
    type_into(qtbot, view, "income_business", "3500.5")
    type_into(qtbot, view, "business_expense", "800")
    # The calculations are shown live in the note under the income.
    assert field(view, "income_summary").title.text() == "收入合计 15500.5 元，纯收入 14700.5 元。"


def test_numbers_only_take_what_can_be_a_number(qtbot: QtBot, view: FormView) -> None:
    type_into(qtbot, view, "income_wage", "12a00")
    assert field(view, "income_wage").value() == "1200"


def test_relevant_hides_and_shows_questions_live(qtbot: QtBot, view: FormView) -> None:
    note = field(view, "water_safe_note")
    pick(qtbot, view, "water_safe", "no")
    assert note.isVisible() and "*" in note.title.text()
    pick(qtbot, view, "water_safe", "yes")
    assert not note.isVisible()
    assert not field(view, "present_other").isVisible()
    pick(qtbot, view, "present", "head", "other")
    assert field(view, "present_other").isVisible()


def test_repeat_rows_are_added_checked_and_removed(qtbot: QtBot, view: FormView) -> None:
    expenses = view.repeat("expense")
    assert expenses is not None and expenses.rows == []
    qtbot.mouseClick(expenses.add, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(expenses.add, Qt.MouseButton.LeftButton)
    assert len(expenses.rows) == 2
    pick(qtbot, view, ("expense", 0, "expense_kind"), "medical")
    type_into(qtbot, view, ("expense", 0, "expense_amount"), "18000")
    type_into(qtbot, view, ("expense", 0, "expense_reimbursed"), "20000")
    assert field(view, ("expense", 0, "expense_reimbursed")).error_text == "报销金额不能为负数，也不能超过支出金额。"
    type_into(qtbot, view, ("expense", 0, "expense_reimbursed"), "9000")
    assert field(view, ("expense", 0, "expense_reimbursed")).error_text == ""
    pick(qtbot, view, ("expense", 1, "expense_kind"), "education")
    type_into(qtbot, view, ("expense", 1, "expense_amount"), "6000")
    assert field(view, "expense_summary").title.text() == "大额支出合计 24000 元。"
    qtbot.mouseClick(expenses.rows[0].remove, Qt.MouseButton.LeftButton)
    assert [row["expense_amount"] for row in view.answers()["expense"]] == ["6000"]  # type: ignore[index]
    assert "第 1 项" in expenses.rows[0].heading.text()
    assert field(view, "expense_summary").title.text() == "大额支出合计 6000 元。"


def test_saving_refuses_an_invalid_form_and_goes_to_the_first_problem(qtbot: QtBot, view: FormView) -> None:
    with qtbot.assertNotEmitted(view.saved):
        assert view.save() is False
    present = field(view, "present")
    assert present.error_text == "此项必须填写。"
    assert "需要填写或修改" in view.summary.text()
    qtbot.waitUntil(lambda: QApplication.focusWidget() in present.editors())


def fill_a_whole_visit(qtbot: QtBot, view: FormView) -> None:
    set_date(view, "visit_date", date(2026, 11, 20))
    pick(qtbot, view, "present", "head", "grid_worker")
    pick(qtbot, view, "family_change", "illness")
    type_into(qtbot, view, "family_change_note", "妻子确诊糖尿病。")
    members = view.repeat("member")
    assert members is not None
    qtbot.mouseClick(members.add, Qt.MouseButton.LeftButton)
    type_into(qtbot, view, ("member", 0, "member_name"), "张建国")
    type_into(qtbot, view, ("member", 0, "member_id"), "131122196001010010")
    pick(qtbot, view, ("member", 0, "member_health"), "chronic")
    type_into(qtbot, view, "income_wage", "12000")
    for name in ("food", "clothing", "compulsory_education", "basic_medical", "water_safe"):
        pick(qtbot, view, name, "yes")
    pick(qtbot, view, "housing_safe", "no")
    type_into(qtbot, view, "housing_safe_note", "后墙开裂。")
    pick(qtbot, view, "risks", "illness", "housing")
    set_date(view, "next_visit", date(2026, 12, 20))


def test_a_whole_visit_filled_through_the_widgets_is_saved(qtbot: QtBot, view: FormView) -> None:
    fill_a_whole_visit(qtbot, view)
    id_field = field(view, ("member", 0, "member_id"))
    assert id_field.error_text == "身份证号码不正确（位数、出生日期或校验位有误），请核对。"
    from app.domain.idnumber import make_id_number
    type_into(qtbot, view, ("member", 0, "member_id"), make_id_number("131122", date(1960, 1, 1), 11))
    assert id_field.error_text == ""
    with qtbot.waitSignal(view.saved) as saved:
        assert view.save() is True
    answers = saved.args[0]
    assert answers["visit_date"] == "2026-11-20" and answers["present"] == "head grid_worker"
    assert answers["member"][0]["member_health"] == "chronic"
    assert answers["housing_safe_note"] == "后墙开裂。" and "food_note" not in answers
    assert answers["total_income"] == "12000" and answers["risks"] == "illness housing"


def test_initial_answers_are_shown(qtbot: QtBot, visit_form: Form) -> None:
    view = FormView(visit_form, "zh", {"income_wage": "300", "present": "head", "food": "no",
                                       "member": [{"member_name": "甲"}, {"member_name": "乙"}]}, today=TODAY)
    qtbot.addWidget(view)
    answers = view.raw_answers()
    assert answers["income_wage"] == "300" and answers["present"] == "head" and answers["food"] == "no"
    assert [row["member_name"] for row in answers["member"]] == ["甲", "乙"]  # type: ignore[union-attr]


def test_tab_goes_through_the_form_in_order(qtbot: QtBot, view: FormView) -> None:
    date_editor = field(view, "visit_date").editors()[0]
    date_editor.setFocus()
    qtbot.waitUntil(date_editor.hasFocus)
    qtbot.keyClick(date_editor, Qt.Key.Key_Tab)
    present = field(view, "present")
    assert isinstance(present, SelectMultipleField)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is present.boxes["head"])


def test_choice_filter_repeat_count_and_or_other(qtbot: QtBot, write_form: WriteForm) -> None:
    form = load_form(write_form(
        survey=[["type", "name", "label", "choice_filter", "repeat_count", "calculation"],
                ["select_one town", "town", "乡镇"], ["select_one village", "village", "村", "town = ${town}"],
                ["integer", "n", "人数"],
                ["begin repeat", "person", "成员", "", "${n}"], ["text", "who", "姓名"], ["end repeat"],
                ["select_one kind or_other", "kind", "类别"],
                ["calculate", "names", "人数合计", "", "", "count(${person})"]],
        choices=[["list_name", "name", "label", "town"], ["town", "t1", "一乡"], ["town", "t2", "二乡"],
                 ["village", "v1", "一村", "t1"], ["village", "v2", "二村", "t2"], ["kind", "a", "甲"]]))
    view = FormView(form, None)
    qtbot.addWidget(view)
    view.show()
    pick(qtbot, view, "town", "t1")
    village = field(view, "village")
    assert isinstance(village, SelectOneField)
    assert village.buttons["v1"].isVisible() and not village.buttons["v2"].isVisible()
    type_into(qtbot, view, "n", "3")
    person = view.repeat("person")
    assert person is not None and len(person.rows) == 3 and not person.add.isVisible()
    assert field(view, "names").shown.text() == "3"  # type: ignore[attr-defined]
    type_into(qtbot, view, "n", "1")
    assert len(person.rows) == 1
    pick(qtbot, view, "kind", "other")
    kind = field(view, "kind")
    assert isinstance(kind, SelectOneField) and kind.other is not None and kind.other.isVisible()
    assert kind.error_text == "选了“其他”，请写明具体内容。"
    type_text(kind.other, "捐赠")
    assert view.answers()["kind_other"] == "捐赠" and kind.error_text == ""


def test_screenshot_of_the_visit_form(qtbot: QtBot, view: FormView, tmp_path: Path) -> None:
    view.resize(900, 1400)
    image = view.grab()
    assert image.width() == 900 and image.save(str(tmp_path / "visit_form.png"))


def test_an_old_visit_is_shown_read_only_with_its_own_form(qtbot: QtBot, visit_form: Form) -> None:
    answers = {"visit_date": "2026-10-08", "present": "head", "income_wage": "800", "food": "yes",
               "expense": [{"expense_kind": "medical", "expense_amount": "500"}]}
    view = FormView(visit_form, "zh", answers, today=TODAY, read_only=True)
    qtbot.addWidget(view)
    assert view.raw_answers()["visit_date"] == "2026-10-08" and view.answers()["income_wage"] == "800"
    wage = field(view, "income_wage")
    assert isinstance(wage, TextField) and wage.editor.isReadOnly()
    assert view.save_button.isHidden() and view.repeat("expense").add.isHidden()  # type: ignore[union-attr]
    with qtbot.assertNotEmitted(view.saved):
        assert view.save() is False


def test_rows_made_by_repeat_count_are_evaluated_at_once(qtbot: QtBot, write_form: WriteForm) -> None:
    form = load_form(write_form(
        survey=[["type", "name", "label", "relevant", "repeat_count"], ["integer", "n", "人数"],
                ["select_one yn", "ill", "有病人吗"],
                ["begin repeat", "person", "成员", "", "${n}"], ["text", "illness", "病情", "${ill} = 'y'"],
                ["end repeat"]],
        choices=[["list_name", "name", "label"], ["yn", "y", "是"], ["yn", "n", "否"]]))
    view = FormView(form, None)
    qtbot.addWidget(view)
    view.show()
    pick(qtbot, view, "ill", "n")
    type_into(qtbot, view, "n", "2")
    assert not field(view, ("person", 1, "illness")).isVisible()


def test_a_blank_date_opens_on_today(qtbot: QtBot, view: FormView) -> None:
    next_visit = field(view, "next_visit")
    assert isinstance(next_visit, DateField) and next_visit.value() == ""
    # The button beside the text opens the calendar, on the form's today.
    qtbot.mouseClick(next_visit.editor.button, Qt.MouseButton.LeftButton)
    calendar = next_visit.editor.calendar()
    assert calendar is not None
    qtbot.waitUntil(calendar.isVisible)
    assert (calendar.yearShown(), calendar.monthShown()) == (TODAY.year, TODAY.month) and next_visit.value() == ""
    calendar.parentWidget().hide()


def test_ctrl_s_saves_from_the_keyboard(qtbot: QtBot, view: FormView) -> None:
    wage = field(view, "income_wage")
    assert isinstance(wage, TextField)
    view.activateWindow()
    wage.editor.setFocus()
    qtbot.waitUntil(wage.editor.hasFocus)
    qtbot.keyClick(wage.editor, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert "需要填写或修改" in view.summary.text()


def test_saving_scrolls_down_to_a_problem_at_the_end(qtbot: QtBot, visit_form: Form) -> None:
    complete = {"visit_date": "2026-11-20", "present": "head", "family_change": "none",
                **dict.fromkeys(("food", "clothing", "compulsory_education", "basic_medical", "housing_safe",
                                 "water_safe"), "yes")}
    view = FormView(visit_form, "zh", complete, today=TODAY)
    qtbot.addWidget(view)
    view.resize(900, 600)
    view.show()
    assert view.scroll.verticalScrollBar().value() == 0
    assert view.save() is False
    assert [problem.path for problem in view.problems()] == [("next_visit",)]
    next_visit = field(view, "next_visit")
    assert next_visit.error_text == "此项必须填写。"
    qtbot.waitUntil(lambda: view.scroll.verticalScrollBar().value() > 0)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is next_visit.editors()[0])
