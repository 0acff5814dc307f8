"""Voiding from the household page: the reason is asked for, refused beside the field, and shown after."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QDialogButtonBox

from app.domain.procedure import CORRECTABLE_STEPS
from app.services.households import HouseholdService
from app.services.listing import CaseListing, HouseholdFilter, HouseholdListing
from app.ui.dialogs.case_dialogs import StepDialog
from app.ui.dialogs.void_dialog import VoidDialog
from app.ui.pages.household import HouseholdPage
from app.ui.pages.household import basic_tab as basic_module


@pytest.fixture
def page(qtbot, demo_ctx, ui_app, messages) -> HouseholdPage:
    widget = HouseholdPage(demo_ctx)
    qtbot.addWidget(widget)
    widget.show()
    return widget


def _household_of_several(ctx) -> str:
    return next(row.id for row in HouseholdListing(ctx).page(HouseholdFilter(), size=500)
                if row.member_count >= 3 and not row.category)


def _answering(monkeypatch, reason: str, note: str, seen: list[VoidDialog]) -> None:
    """The void dialog as the user fills it: OK without a reason first (refused beside the field)."""

    def exec_(dialog: VoidDialog) -> int:
        seen.append(dialog)
        dialog.submit()
        assert "请选择作废" in dialog.reason_message.text()
        dialog.reason.setCurrentIndex(dialog.reason.findData(reason))
        dialog.note.setText(note)
        dialog.submit()
        return dialog.result()

    monkeypatch.setattr(VoidDialog, "exec", exec_)


def test_removing_a_member_asks_why_and_the_history_shows_it(qtbot, page, demo_ctx, monkeypatch) -> None:
    household_id = _household_of_several(demo_ctx)
    page.show_household(household_id)
    tab = page.basic
    before = tab.members_model.rowCount()
    tab.members.selectRow(before - 1)
    name = tab.members_model.index(before - 1, 0).data()
    seen: list[VoidDialog] = []
    _answering(monkeypatch, "迁出", "到县城落户", seen)
    tab.remove_member_button.click()
    assert seen and seen[0].result() == VoidDialog.DialogCode.Accepted, seen[0].other_message.text()
    assert tab.members_model.rowCount() == before - 1
    history = page.history.model
    assert history.rowCount() == 1
    row = [history.index(0, column).data() for column in range(history.columnCount())]
    assert row[1] == "作废成员" and row[2].startswith(name) and row[3:5] == ["迁出", "到县城落户"]


def test_the_head_cannot_be_removed_and_the_refusal_stays_in_the_dialog(qtbot, page, demo_ctx,
                                                                        monkeypatch) -> None:
    household_id = _household_of_several(demo_ctx)
    page.show_household(household_id)
    page.basic.members.selectRow(0)  # the head comes first

    def exec_(dialog: VoidDialog) -> int:
        dialog.reason.setCurrentIndex(dialog.reason.findData("去世"))
        dialog.submit()
        assert "是户主" in dialog.other_message.text()
        return dialog.result()

    monkeypatch.setattr(VoidDialog, "exec", exec_)
    page.basic.remove_member()
    assert len(HouseholdService(demo_ctx).get(household_id).members) >= 3


def test_voiding_the_household_goes_back_to_the_list(qtbot, page, demo_ctx, monkeypatch) -> None:
    household_id = _household_of_several(demo_ctx)
    page.show_household(household_id)
    seen: list[VoidDialog] = []
    _answering(monkeypatch, "重复录入", "与本村另一户重复", seen)
    with qtbot.waitSignal(page.back), qtbot.waitSignal(page.household_changed):
        page.basic.void_household_button.click()
    assert basic_module.VoidService(demo_ctx).history(household_id)[0].kind == "农户"


def test_a_mistaken_step_is_corrected_by_a_new_step_from_the_case_tab(qtbot, page, demo_ctx,
                                                                     monkeypatch) -> None:
    household_id = next(row.household_id for stage in CORRECTABLE_STEPS
                        for row in CaseListing(demo_ctx).cases(stage=stage)
                        if HouseholdService(demo_ctx).get(row.household_id).active_case is not None)
    page.show_household(household_id)
    tab = page.case
    assert not tab.correct_button.isHidden()
    before = tab.steps_model.rowCount()
    seen: list[StepDialog] = []

    def exec_(dialog: StepDialog) -> int:
        seen.append(dialog)
        dialog.note.setPlainText("办理日期填错")
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
        return dialog.result()

    monkeypatch.setattr(StepDialog, "exec", exec_)
    tab.correct_button.click()
    assert seen and seen[0].decision.currentData() == "更正"
    assert tab.steps_model.rowCount() == before + 1
    rows = [[tab.steps_model.index(r, c).data() for c in range(tab.steps_model.columnCount())]
            for r in range(tab.steps_model.rowCount())]
    assert any(row[2] == "更正" and row[6] == "办理日期填错" for row in rows)
