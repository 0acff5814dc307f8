"""The one date field, driven from the keyboard: what is typed is what is kept, and it says what it understood."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QLineEdit, QTableView, QWidget
from pytestqt.qtbot import QtBot

from app.ui.date_input import DateInput
from tests.conftest import TODAY


@pytest.fixture
def make(qtbot: QtBot, ui_app: QApplication):
    def build(value: date | None = None, **options: object) -> DateInput:
        holder = QWidget()
        qtbot.addWidget(holder)
        widget = DateInput(value, holder, **options)  # type: ignore[arg-type]
        after = QLineEdit(holder)  # somewhere for the focus to go when the person leaves the date
        widget.move(0, 0)
        after.move(0, 60)
        holder.resize(600, 120)
        holder.show()
        qtbot.waitExposed(holder)
        widget.after = after  # type: ignore[attr-defined]
        widget.holder = holder  # type: ignore[attr-defined]  # kept alive with the widget
        return widget
    return build


def type_text(editor: QWidget, text: str) -> None:
    """Key presses carrying each character, as an input method delivers 年月日; keyClicks only knows ASCII."""
    for character in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(editor, QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier,
                                                     character))


def retype(qtbot: QtBot, widget: DateInput, text: str) -> None:
    widget.line.setFocus()
    qtbot.waitUntil(widget.line.hasFocus)
    qtbot.keyClick(widget.line, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(widget.line, Qt.Key.Key_Delete)
    if text.isascii():
        qtbot.keyClicks(widget.line, text)
    else:
        type_text(widget.line, text)


def leave(qtbot: QtBot, widget: DateInput) -> None:
    qtbot.keyClick(widget.line, Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: not widget.line.hasFocus())


@pytest.mark.parametrize("typed", ["20261205", "2026-12-05", "2026.12.5", "2026/12/5", "2026年12月5日",
                                   "２０２６－１２－０５"])
def test_every_way_of_typing_a_date_into_an_empty_field(qtbot: QtBot, make, typed: str) -> None:
    widget = make()
    assert widget.value() is None and widget.status_text() == ""
    retype(qtbot, widget, typed)
    assert widget.value() == date(2026, 12, 5)
    assert widget.status_text() == "2026年12月5日 星期六"
    leave(qtbot, widget)
    assert widget.text() == "2026-12-05" and widget.value() == date(2026, 12, 5)


def test_a_short_month_and_day(qtbot: QtBot, make) -> None:
    widget = make()
    retype(qtbot, widget, "2026-1-7")
    leave(qtbot, widget)
    assert widget.value() == date(2026, 1, 7) and widget.text() == "2026-01-07"
    assert widget.status_text() == "2026年1月7日 星期三"


def test_a_retyped_date_is_kept(qtbot: QtBot, make) -> None:
    widget = make(TODAY)
    assert widget.text() == "2026-11-23" and widget.status_text() == "2026年11月23日 星期一"
    with qtbot.waitSignal(widget.changed):
        retype(qtbot, widget, "20261120")
    leave(qtbot, widget)
    assert widget.value() == date(2026, 11, 20) and widget.text() == "2026-11-20"


@pytest.mark.parametrize(("typed", "message"), [
    ("2026-02-30", "“2026-02-30”不是日期：2026年2月只有 28 天，没有 30 日。"),
    ("abc", "“abc”不是日期，请按 20261205、2026-12-05"),
    ("2026120", "“2026120”不是日期"),
])
def test_what_is_not_a_date_is_refused_beside_the_field(qtbot: QtBot, make, typed: str, message: str) -> None:
    widget = make(TODAY)
    retype(qtbot, widget, typed)
    # Typing is not a mistake yet: a gentle hint, and the old date is not silently kept.
    assert widget.value() is None and widget.status_text() == "请输入完整日期，如 20261205"
    leave(qtbot, widget)
    assert widget.value() is None and widget.problem() is not None
    assert widget.status_text().startswith(message)
    assert widget.text() == typed  # left as typed, so the person can correct it


def test_an_empty_optional_date_stays_empty(qtbot: QtBot, make) -> None:
    widget = make(TODAY)
    retype(qtbot, widget, "")
    leave(qtbot, widget)
    assert widget.value() is None and widget.problem() is None and widget.status_text() == ""
    assert widget.text() == ""


def test_a_required_date_left_blank_says_so(qtbot: QtBot, make) -> None:
    widget = make(TODAY, required=True)
    retype(qtbot, widget, "")
    assert widget.status_text() == ""
    leave(qtbot, widget)
    assert widget.value() is None and widget.status_text() == "请填写日期。"


def test_not_after_today_when_the_caller_says_so(qtbot: QtBot, make) -> None:
    widget = make(TODAY)
    widget.setMaximum(TODAY, "今天")
    widget.setMinimum(date(2026, 1, 1))
    retype(qtbot, widget, "20261124")
    leave(qtbot, widget)
    assert widget.value() is None
    assert widget.status_text() == "2026年11月24日不行：日期不能晚于今天（2026年11月23日）。"
    retype(qtbot, widget, "2025-12-31")
    leave(qtbot, widget)
    assert widget.value() is None and "日期不能早于2026年1月1日" in widget.status_text()
    retype(qtbot, widget, "20261123")
    assert widget.value() == TODAY and widget.problem() is None


def test_set_value_and_changed(qtbot: QtBot, make) -> None:
    widget = make()
    with qtbot.waitSignal(widget.changed):
        widget.setValue(date(2027, 1, 7))
    assert widget.text() == "2027-01-07" and widget.status_text() == "2027年1月7日 星期四"
    with qtbot.assertNotEmitted(widget.changed):
        widget.setValue(date(2027, 1, 7))
    widget.setValue(None)
    assert widget.value() is None and widget.text() == ""


def test_the_calendar_opens_on_this_month_and_a_day_is_picked_from_the_keyboard(qtbot: QtBot, make) -> None:
    widget = make(today=TODAY)
    qtbot.mouseClick(widget.button, Qt.MouseButton.LeftButton)
    calendar = widget.calendar()
    assert calendar is not None
    qtbot.waitUntil(calendar.isVisible)
    assert (calendar.yearShown(), calendar.monthShown()) == (2026, 11) and widget.value() is None
    view = calendar.findChild(QTableView)
    assert view is not None
    qtbot.keyClick(view, Qt.Key.Key_Right)
    with qtbot.waitSignal(widget.changed):
        qtbot.keyClick(view, Qt.Key.Key_Return)
    assert not calendar.isVisible()
    assert widget.value() == date(2026, 11, 24) and widget.text() == "2026-11-24"
    assert widget.status_text() == "2026年11月24日 星期二"


def test_alt_down_opens_the_calendar_on_the_date_shown(qtbot: QtBot, make) -> None:
    widget = make(date(2025, 3, 9))
    widget.line.setFocus()
    qtbot.keyClick(widget.line, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    calendar = widget.calendar()
    assert calendar is not None
    qtbot.waitUntil(calendar.isVisible)
    assert (calendar.yearShown(), calendar.monthShown()) == (2025, 3)
    assert calendar.selectedDate().day() == 9
    calendar.parentWidget().hide()


def test_read_only_keeps_the_date_and_no_calendar(qtbot: QtBot, make) -> None:
    widget = make(TODAY)
    widget.setReadOnly(True)
    qtbot.keyClicks(widget.line, "1999")
    assert widget.value() == TODAY and not widget.button.isEnabled()


def test_the_visit_date_retyped_in_the_visit_form_is_the_one_stored(qtbot: QtBot, demo_ctx) -> None:
    from app.forms.xlsform import load_form
    from app.resources import resource_path
    from app.services.households import HouseholdService
    from app.services.listing import HouseholdFilter, HouseholdListing
    from app.services.visits import VisitService
    from app.ui.form_view import FormView
    from app.ui.form_view.fields import DateField

    household_id = HouseholdListing(demo_ctx).page(HouseholdFilter(overdue=True))[0].id
    detail = HouseholdService(demo_ctx).get(household_id)
    form = load_form(resource_path("forms", "visit.xlsx"))
    answers = {
        "present": "head", "family_change": "none",
        "member": [{"member_name": m.name, "member_id": m.id_number, "member_health": "healthy"}
                   for m in detail.members],
        "food": "yes", "clothing": "yes", "compulsory_education": "yes", "basic_medical": "yes",
        "housing_safe": "yes", "water_safe": "yes", "risks": "none"}
    view = FormView(form, "zh", answers, today=TODAY)
    qtbot.addWidget(view)
    view.show()
    visit_date = view.field("visit_date")
    next_visit = view.field("next_visit")
    assert isinstance(visit_date, DateField) and isinstance(next_visit, DateField)
    assert visit_date.editor.text() == "2026-11-23"  # the form's default: today
    retype(qtbot, visit_date.editor, "20261120")  # the visit was made three days ago
    assert visit_date.editor.status_text() == "2026年11月20日 星期五"
    retype(qtbot, next_visit.editor, "2026年12月20日")  # an empty date, typed with an input method
    qtbot.keyClick(next_visit.editor.line, Qt.Key.Key_Tab)
    assert next_visit.editor.text() == "2026-12-20"
    with qtbot.waitSignal(view.saved) as saved:
        assert view.save(), [p.message for p in view.problems()]
    stored = saved.args[0]
    assert stored["visit_date"] == "2026-11-20" and stored["next_visit"] == "2026-12-20"
    VisitService(demo_ctx).record_form(household_id, form, stored)
    after = HouseholdService(demo_ctx).get(household_id)
    assert after.household.last_visit_date == date(2026, 11, 20)
    assert after.household.next_visit_due == date(2026, 12, 20)


def test_the_step_dialog_takes_a_typed_date_and_refuses_one_after_today(qtbot: QtBot, demo_ctx) -> None:
    from PySide6.QtWidgets import QDialogButtonBox

    from app.domain.procedure import Stage
    from app.services.cases import CaseService
    from app.services.households import HouseholdService
    from app.services.listing import HouseholdFilter, HouseholdListing
    from app.ui.dialogs.case_dialogs import StepDialog

    service = CaseService(demo_ctx)
    case = next(c for row in HouseholdListing(demo_ctx).page(HouseholdFilter(), size=500)
                for c in HouseholdService(demo_ctx).get(row.id).cases
                if c.stage == Stage.VERIFIED and c.stage_since < TODAY and not c.closed)
    dialog = StepDialog(service, case.id, Stage.VILLAGE_REVIEWED, TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    retype(qtbot, dialog.on, "20261124")
    ok.click()
    assert "晚于今天（2026-11-23）" in dialog.message.text() and dialog.result() == 0  # the procedure refuses
    assert "不能晚于今天（2026年11月23日）" in dialog.on.status_text()  # and the field said so as it was left
    retype(qtbot, dialog.on, "2026-11-31")
    ok.click()
    assert dialog.message.text().startswith("办理日期：“2026-11-31”不是日期")
    retype(qtbot, dialog.on, "2026年11月23日")
    assert dialog.on.status_text() == "2026年11月23日 星期一"
    ok.click()
    assert dialog.result() == dialog.DialogCode.Accepted, dialog.message.text()
    steps = HouseholdService(demo_ctx).get(case.household_id).steps[case.id]
    assert steps[-1].step == Stage.VILLAGE_REVIEWED and steps[-1].acted_on == TODAY


def test_the_dialogs_date_fields_read_typed_dates_and_refuse_others(qtbot: QtBot, ui_app: QApplication) -> None:
    from app.services.fields import HOUSEHOLD_FIELDS
    from app.ui.field_form import FieldForm

    form = FieldForm([HOUSEHOLD_FIELDS["next_visit_due"], HOUSEHOLD_FIELDS["phone"]])
    qtbot.addWidget(form)
    form.show()
    widget = form.inputs["next_visit_due"]
    assert isinstance(widget, DateInput)
    form.set_values({"next_visit_due": date(2026, 12, 20)})
    assert widget.text() == "2026-12-20" and form.values()["next_visit_due"] == "2026-12-20"
    with qtbot.waitSignal(form.changed):
        retype(qtbot, widget, "2026/12/5")
    assert form.values()["next_visit_due"] == "2026-12-05" and form.check()
    retype(qtbot, widget, "2026-02-30")
    assert not form.check()
    assert widget.status_text() == "“2026-02-30”不是日期：2026年2月只有 28 天，没有 30 日。"
    retype(qtbot, widget, "")
    assert form.values()["next_visit_due"] == "" and form.check()  # an empty optional date stays empty
