"""申报监测对象 in the desktop: the category and reason follow the answers (issue 19, item 7)."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QDialogButtonBox

from app.services.cases import CaseService, split_reason
from app.services.households import HouseholdService
from app.ui.dialogs.case_dialogs import ProposeDialog
from tests.services.helpers import poor_household
from tests.ui.test_form_view import type_text


def _tick(dialog: ProposeDialog, *risks: str) -> None:
    for risk in risks:
        next(box for box in dialog.risks.boxes if box.text() == risk).setChecked(True)


def _ok(dialog: ProposeDialog) -> None:
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()


def test_choosing_against_the_suggestion_asks_for_a_reason_and_stores_it_as_the_proposers(
        qtbot, ctx, people, ui_app) -> None:
    household = poor_household(ctx, people, household_type="一般农户", per_capita=30000)
    service = CaseService(ctx)
    dialog = ProposeDialog(service, household.id)
    qtbot.addWidget(dialog)
    dialog.show()
    _tick(dialog, "因病", "因学")
    assert dialog.suggestion.text().startswith("不建议纳入：未发现返贫致贫风险")
    assert dialog.reason_hint.text() == ""
    hint_height = dialog.reason_hint.height()
    dialog.category.setCurrentIndex(dialog.category.findData("边缘易致贫户"))
    assert "请在纳入理由中写明" in dialog.reason_hint.text()
    assert dialog.reason_hint.height() == hint_height  # the space was reserved: nothing moves
    _ok(dialog)
    assert "请写明纳入理由" in dialog.message.text()
    assert dialog.result() != dialog.DialogCode.Accepted
    dialog.note.setFocus()
    type_text(dialog.note, "住院两次，孩子上高中")
    assert dialog.reason_hint.text() == ""
    _ok(dialog)
    assert dialog.result() == dialog.DialogCode.Accepted, dialog.message.text()
    case = dialog.result_value
    assert case.category == "边缘易致贫户"
    own, system = split_reason(case.category_reason)
    assert own == "住院两次，孩子上高中" and system.startswith("不建议纳入：")


def test_the_suggestion_counts_a_member_added_while_the_dialog_was_open(qtbot, ctx, people, ui_app) -> None:
    household = poor_household(ctx, people, household_type="一般农户", per_capita=7000)
    dialog = ProposeDialog(CaseService(ctx), household.id)
    qtbot.addWidget(dialog)
    _tick(dialog, "因病")
    assert dialog.suggestion.text().startswith("不建议纳入")
    HouseholdService(ctx).add_member(household.id, people.member("张小明", "之子", birth=date(2010, 3, 4)))
    _ok(dialog)  # 按系统建议: worked out again from the household as it is now
    assert dialog.result() == dialog.DialogCode.Accepted, dialog.message.text()
    assert dialog.suggestion.text().startswith("边缘易致贫户")
    case = dialog.result_value
    assert case.category == "边缘易致贫户"
    assert split_reason(case.category_reason)[0] == "按系统建议申报。"
