"""The 政策 page: the county changes policy; other roles only see what is in force."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtWidgets import QDialogButtonBox

from app.services.policy import PolicyService
from app.ui.dialogs.fields_dialog import FieldsDialog
from app.ui.pages.policy import PolicyPage
from tests.conftest import TODAY


def test_the_county_adds_an_income_line_and_changes_a_threshold(qtbot, demo_ctx, ui_app, messages,
                                                                monkeypatch) -> None:
    page = PolicyPage(demo_ctx)
    qtbot.addWidget(page)
    page.refresh()
    assert page.lines_model.rowCount() >= 2

    def fill_and_save(dialog: FieldsDialog) -> int:
        dialog.form.set_values({"effective_from": TODAY, "amount": "7,000元", "note": "2026年调整"})
        dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
        return dialog.result()

    monkeypatch.setattr(FieldsDialog, "exec", fill_and_save)
    page.add_line()
    assert PolicyService(demo_ctx).line_on(TODAY) == Decimal(7000)
    assert any(page.lines_model.item(row, 3).text() == "执行中" and page.lines_model.item(row, 1).text() == "7,000"
               for row in range(page.lines_model.rowCount()))

    page.thresholds["workload_limit"].setText("abc")
    page.save_thresholds()
    assert "帮扶户数上限" in page.message.text() or "整数" in page.message.text()
    page.thresholds["workload_limit"].setText("8")
    page.save_thresholds()
    assert PolicyService(demo_ctx).workload_limit() == 8


def test_a_township_sees_policy_but_cannot_change_it(qtbot, open_copy, ui_app) -> None:
    ctx = open_copy("township")
    page = PolicyPage(ctx)
    qtbot.addWidget(page)
    page.refresh()
    assert not page.editable and page.thresholds["workload_limit"].isReadOnly()
    assert not page.posting_days.isEnabled()
