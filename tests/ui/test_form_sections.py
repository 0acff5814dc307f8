"""Moving through a form by section: the 目录 list (what is missing where, jump there) and one group
per page with 上一页/下一页, driven through the widgets with the real visit form."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from app.forms.model import Form
from app.forms.xlsform import load_form
from app.resources import resource_path
from app.ui.form_view import FormView
from app.ui.form_view.fields import FieldWidget
from app.ui.form_view.section_list import SectionListDialog
from tests.ui.test_form_view import cjk_font, field, pick, set_date, type_into  # noqa: F401  (cjk_font: fixture)

TODAY = date(2026, 11, 23)
VISIT_SECTIONS = ["走访日期、在场人员等", "家庭变化", "家庭成员健康状况", "上次走访以来的收入（元）", "大额支出",
                  "两不愁三保障及饮水安全", "发现的风险、家庭诉求等"]


@pytest.fixture(scope="module")
def visit_form() -> Form:
    return load_form(resource_path("forms", "visit.xlsx"))


def make_view(qtbot: QtBot, form: Form, paged: bool | None = None) -> FormView:
    view = FormView(form, "zh", today=TODAY, paged=paged)
    qtbot.addWidget(view)
    view.resize(900, 700)
    view.show()
    view.activateWindow()
    qtbot.waitUntil(view.isActiveWindow)
    return view


def shown_page(view: FormView) -> list[str]:
    return [section.title for section, box in zip(view.sections, view.containers, strict=True) if box.isVisible()]


def focused_field(view: FormView) -> FieldWidget | None:
    widget: QWidget | None = QApplication.focusWidget()
    while widget is not None and not isinstance(widget, FieldWidget):
        widget = widget.parentWidget()
    return widget


def answer_page_one(qtbot: QtBot, view: FormView) -> None:
    pick(qtbot, view, "present", "head")


def test_the_sections_of_the_visit_form_are_its_groups_and_the_questions_between_them(qtbot: QtBot,
                                                                                      visit_form: Form) -> None:
    view = make_view(qtbot, visit_form)
    assert [section.title for section in view.sections] == VISIT_SECTIONS
    # Not paged (the visit form's settings do not ask for pages): every section shows, no page buttons.
    assert shown_page(view) == VISIT_SECTIONS
    assert view.pager.isVisible() and view.pager.list_button.isVisible()
    assert not view.pager.next_button.isVisible() and view.pager.place.text() == ""


def lines_of(dialog: SectionListDialog) -> list[str]:
    return [dialog.list.item(row).text() for row in range(dialog.list.count())]


def test_the_section_list_says_what_is_missing_in_each_and_jumps_there(qtbot: QtBot, visit_form: Form) -> None:
    view = make_view(qtbot, visit_form)
    answer_page_one(qtbot, view)
    seen: list[list[str]] = []

    def choose_checks() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, SectionListDialog):
            QTimer.singleShot(10, choose_checks)  # not open yet
            return
        seen.append(lines_of(dialog))
        dialog.list.setCurrentRow(5)
        qtbot.keyClick(dialog.list, Qt.Key.Key_Return)

    QTimer.singleShot(0, choose_checks)
    editor = field(view, "needs").editors()[0]
    editor.setFocus()
    qtbot.keyClick(editor, Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier)  # the shortcut opens it
    lines = seen[0]
    assert lines[0] == "走访日期、在场人员等　—　已填完"
    # 家庭变化: the change and its explanation; 两不愁三保障: six required choices; the last part: 下次走访日期.
    assert lines[1] == "家庭变化　—　还有 2 处需填写或修改"
    assert lines[5] == "两不愁三保障及饮水安全　—　还有 6 处需填写或修改"
    assert lines[6] == "发现的风险、家庭诉求等　—　还有 1 处需填写或修改"
    assert lines[3] == "上次走访以来的收入（元）　—　已填完"
    # Chosen: the cursor is on the section's first missing answer, scrolled into view.
    qtbot.waitUntil(view.isActiveWindow)
    focused = focused_field(view)
    assert focused is not None and focused.question.name == "food"
    assert focused.visibleRegion().boundingRect().height() > 0


def test_one_group_per_page_checks_each_page_before_the_next(qtbot: QtBot, visit_form: Form) -> None:
    view = make_view(qtbot, visit_form, paged=True)
    pager = view.pager
    assert shown_page(view) == VISIT_SECTIONS[:1]
    assert pager.place.text() == "第 1/7 页：走访日期、在场人员等"
    assert not pager.previous_button.isEnabled() and pager.next_button.isEnabled()
    # 在场人员 is required: 下一页 stays, says so under the question (only there) and goes to it.
    qtbot.mouseClick(pager.next_button, Qt.MouseButton.LeftButton)
    assert shown_page(view) == VISIT_SECTIONS[:1]
    assert field(view, "present").error_text
    assert field(view, "family_change").error_text == ""
    assert focused_field(view) is field(view, "present")
    answer_page_one(qtbot, view)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert shown_page(view) == ["家庭变化"] and pager.place.text() == "第 2/7 页：家庭变化"
    assert focused_field(view) is field(view, "family_change")
    qtbot.mouseClick(pager.previous_button, Qt.MouseButton.LeftButton)  # back is never checked
    assert shown_page(view) == VISIT_SECTIONS[:1]


def test_saving_on_a_later_page_goes_back_to_the_page_with_the_problem(qtbot: QtBot, visit_form: Form) -> None:
    view = make_view(qtbot, visit_form, paged=True)
    answer_page_one(qtbot, view)
    view.pager.go_to_section(6)
    set_date(view, "next_visit", date(2026, 12, 20))
    assert not view.save()
    assert shown_page(view) == ["家庭变化"]
    assert focused_field(view) is field(view, "family_change")


def test_the_page_switch_can_be_turned_off_and_on(qtbot: QtBot, visit_form: Form) -> None:
    view = make_view(qtbot, visit_form, paged=True)
    view.pager.paged_box.click()
    assert shown_page(view) == VISIT_SECTIONS
    view.pager.paged_box.click()
    assert shown_page(view) == VISIT_SECTIONS[:1]


def write_paged_form(tmp_path: Path, style: str) -> Path:
    """A form whose settings ask for pages, with a group that an answer makes irrelevant."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    sheets = {
        "survey": [["type", "name", "label", "required", "relevant"],
                   ["begin_group", "who", "受访人", "", ""],
                   ["text", "name_text", "称呼", "yes", ""],
                   ["select_one yn", "works", "是否务工", "yes", ""],
                   ["end_group", "", "", "", ""],
                   ["begin_group", "job", "务工情况", "", "${works} = 'yes'"],
                   ["text", "employer", "务工单位", "yes", ""],
                   ["end_group", "", "", "", ""],
                   ["begin_group", "end", "结束", "", ""],
                   ["text", "remark", "备注", "", ""],
                   ["end_group", "", "", "", ""]],
        "choices": [["list_name", "name", "label"], ["yn", "yes", "是"], ["yn", "no", "否"]],
        "settings": [["form_id", "style"], ["paged_test", style]],
    }
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
    path = tmp_path / "paged.xlsx"
    workbook.save(path)
    return path


def test_a_form_whose_settings_say_pages_opens_paged_and_skips_pages_that_do_not_apply(
        qtbot: QtBot, tmp_path: Path) -> None:
    form = load_form(write_paged_form(tmp_path, "pages theme-grid"))
    assert form.paged and not load_form(write_paged_form(tmp_path, "theme-grid")).paged
    view = make_view(qtbot, form)
    assert shown_page(view) == ["受访人"]
    type_into(qtbot, view, "name_text", "老张")
    pick(qtbot, view, "works", "no")
    assert view.pager.place.text() == "第 1/2 页：受访人"
    qtbot.mouseClick(view.pager.next_button, Qt.MouseButton.LeftButton)
    assert shown_page(view) == ["结束"]  # 务工情况 does not apply
    assert not view.pager.next_button.isEnabled()
    qtbot.mouseClick(view.pager.previous_button, Qt.MouseButton.LeftButton)
    pick(qtbot, view, "works", "yes")
    qtbot.mouseClick(view.pager.next_button, Qt.MouseButton.LeftButton)
    assert shown_page(view) == ["务工情况"] and view.pager.place.text() == "第 2/3 页：务工情况"


def test_a_read_only_form_pages_without_checks(qtbot: QtBot, visit_form: Form) -> None:
    view = FormView(visit_form, "zh", today=TODAY, read_only=True, paged=True)
    qtbot.addWidget(view)
    view.show()
    assert view.pager.next_page()
    assert shown_page(view) == ["家庭变化"]
