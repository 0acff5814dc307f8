"""The 政策 page: the county changes policy; other roles only see what is in force."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from PySide6.QtWidgets import QDialogButtonBox, QLineEdit

from app.services.policy import DEFAULT_SETTINGS, PolicyService
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

    editor = page.settings
    edit = editor.editors[("warning_thresholds", "workload_limit")]
    assert isinstance(edit, QLineEdit) and edit.isEnabled() and editor.save_button.isEnabled()
    assert editor.read_only_note.isHidden()
    edit.setText("abc")
    assert not editor.save()
    assert "帮扶户数上限" in editor.message.text() and "整数" in editor.message.text()
    edit.setText("8")
    assert editor.save(), editor.message.text()
    assert PolicyService(demo_ctx).workload_limit() == 8
    assert messages.shown[-1][0] == "information" and "自 2026-11-23 起执行" in messages.shown[-1][1]


def test_every_setting_is_editable_as_a_dated_version(qtbot, demo_ctx, ui_app, messages) -> None:
    page = PolicyPage(demo_ctx)
    qtbot.addWidget(page)
    page.refresh()
    editor = page.settings
    keys = {key for key, _item in editor.editors}
    assert keys == set(DEFAULT_SETTINGS)  # every setting that exists has its editors
    editor.editors[("line_review_years", "")].setText("2")
    editor.editors[("posting_days", "")].setText("7")
    assert "家庭人口（member_count）" in editor.editors[("posting_columns", "")].toolTip()
    editor.editors[("posting_columns", "")].setPlainText("member_count")
    editor.editors[("poverty_definition", "needs_insecurity")].setCurrentText("否")
    editor.editors[("procedure_time_limits", "proposed")].setText("3")
    editor.editors[("elimination_timing", "months_income_stable_required")].setText("3")
    editor.editors[("measure_kind_origins", "")].setPlainText("就业创业帮扶：就业帮扶")
    editor.editors[("warning_thresholds", "education_school_year_watched")].setText("4000")
    items = editor.editors[("measure_items", "")]
    items.setPlainText(items.toPlainText().replace("技能培训", "职业技能培训") + "\n防贫保险：防贫保险理赔")
    risks = editor.editors[("risk_types", "")]
    assert "因务工就业不稳" in risks.toPlainText()
    risks.setPlainText(risks.toPlainText() + "\n因婚丧嫁娶")  # a name per line is read like 、
    future = date(2027, 1, 1)
    editor.effective_from.setValue(future)
    assert editor.save(), editor.message.text()

    policy = PolicyService(demo_ctx)
    assert policy.posting_days() == 5 and policy.line_review_years() == 1  # today: unchanged
    assert policy.setting("posting_days", future) == 7 and policy.setting("line_review_years", future) == 2
    assert policy.setting("posting_columns", future) == ["member_count"]
    assert policy.setting("poverty_definition", future)["needs_insecurity"] is False
    assert policy.setting("procedure_time_limits", future)["proposed"] == 3
    assert policy.elimination_timing(future).months_income_stable_required == 3
    assert policy.elimination_timing().months_income_stable_required == 6
    assert policy.setting("measure_kind_origins", future) == {"就业创业帮扶": "就业帮扶"}
    assert policy.setting("warning_thresholds", future)["education_school_year_watched"] == "4000"
    assert "职业技能培训" in policy.measure_items(future)["就业帮扶"]
    assert policy.measure_items(future)["防贫保险"] == ["防贫保险理赔"]
    assert "因婚丧嫁娶" in policy.risk_types(future) and "因婚丧嫁娶" not in policy.risk_types()

    # A value the workbook would refuse is refused here too, naming the setting; nothing is written.
    editor.editors[("posting_days", "")].setText("3")
    assert not editor.save()
    assert "公示天数" in editor.message.text() and policy.posting_days() == 5


def _assert_read_only(page: PolicyPage) -> None:
    editor = page.settings
    assert not page.editable
    assert all(not widget.isEnabled() for widget in editor.editors.values())
    assert not editor.save_button.isEnabled() and not editor.effective_from.isEnabled()
    assert not editor.read_only_note.isHidden() and "只能查看" in editor.read_only_note.text()
    assert editor.editors[("posting_days", "")].text() == "5"  # what is in force is shown


def test_a_township_sees_policy_but_cannot_change_it(qtbot, open_copy, ui_app) -> None:
    ctx = open_copy("township")
    page = PolicyPage(ctx)
    qtbot.addWidget(page)
    page.refresh()
    _assert_read_only(page)


def test_a_worker_sees_policy_but_cannot_change_it(qtbot, open_copy, ui_app) -> None:
    ctx = open_copy("worker")
    page = PolicyPage(ctx)
    qtbot.addWidget(page)
    page.refresh()
    _assert_read_only(page)
