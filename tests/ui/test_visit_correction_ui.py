"""Correcting a visit from the household page: reason asked beside its field, both versions listed."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QDialogButtonBox

from app.services.form_answers import member_rows_for
from app.services.forms import FormService
from app.services.households import HouseholdService
from app.services.listing import HouseholdFilter, HouseholdListing
from app.services.visits import VisitService
from app.ui.dialogs.correct_visit_dialog import CorrectVisitDialog
from app.ui.pages.household import HouseholdPage
from tests.forms.test_form_services import a_visit


@pytest.fixture
def page(qtbot, demo_ctx, ui_app, messages) -> HouseholdPage:
    widget = HouseholdPage(demo_ctx)
    qtbot.addWidget(widget)
    widget.show()
    return widget


def test_a_visit_is_corrected_with_a_reason_and_both_versions_are_listed(qtbot, page, demo_ctx, messages,
                                                                         monkeypatch) -> None:
    household_id = next(row.id for row in HouseholdListing(demo_ctx).page(HouseholdFilter(), size=500)
                        if not row.category)
    form = FormService(demo_ctx).load("visit")
    rows = [row | {"member_health": "healthy"}
            for row in member_rows_for(form, HouseholdService(demo_ctx).get(household_id).members)["member"]]
    first = VisitService(demo_ctx).record_form(household_id, form, a_visit(rows, expense=[])).visit
    page.show_household(household_id)
    tab = page.visits
    row = next(r for r in range(tab.model.rowCount()) if tab.model.index(r, 0).data(0x0100) == first.id)
    tab.table.selectRow(row)
    seen: list[CorrectVisitDialog] = []

    said: list[str] = []

    def exec_(dialog: CorrectVisitDialog) -> int:
        seen.append(dialog)
        save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
        save.click()
        said.extend([dialog.reason_message.text(), dialog.message.text(), dialog.view.summary.text()])
        dialog.reason.setText("工资收入填错")
        save.click()
        return dialog.result()

    monkeypatch.setattr(CorrectVisitDialog, "exec", exec_)
    tab.correct_button.click()
    assert said[0] == "请写明更正原因（如：收入金额填错）。", said
    assert seen and seen[0].result() == CorrectVisitDialog.DialogCode.Accepted, seen[0].message.text()
    assert "更正已保存" in messages.texts() and "更正了" in messages.texts()
    statuses = [tab.model.index(r, 2).data() for r in range(tab.model.rowCount())]
    assert "已更正" in statuses
    assert any(s.startswith("更正 ") and s.endswith("工资收入填错") for s in statuses)
    history = page.history.model
    assert [history.index(r, 1).data() for r in range(history.rowCount())] == ["更正走访"]
    assert history.index(0, 4).data() == "工资收入填错"
