"""A grid worker's day, driven through the widgets: find, register, visit, propose, assign, handle."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from app.domain.idnumber import make_id_number
from app.services.assistance import AssistanceService
from app.services.drafts import DraftService
from app.services.households import HouseholdService
from app.services.listing import HouseholdFilter, HouseholdListing
from app.services.warnings import WarningService
from app.ui.dialogs.case_dialogs import ProposeDialog
from app.ui.dialogs.new_household import NewHouseholdDialog
from app.ui.dialogs.visit_dialog import VisitDialog
from app.ui.main_window import MainWindow
from app.ui.settings import Settings
from tests.conftest import TODAY


@pytest.fixture
def window(qtbot, demo_ctx, ui_app, messages) -> MainWindow:
    main = MainWindow(demo_ctx, Settings(database=demo_ctx.db.location))
    qtbot.addWidget(main)
    main.show()
    return main


def _save(dialog) -> None:
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()


def test_search_by_initials_and_id_number_ending(qtbot, window: MainWindow, demo_ctx) -> None:
    page = window.households
    qtbot.waitUntil(lambda: "共 120 户" in page.count.text())
    assert page.model.rowCount() > 0
    member = HouseholdService(demo_ctx).get(page.model.rows[0].id).members[0]
    qtbot.keyClicks(page.search, member.id_number[-6:])
    qtbot.waitUntil(lambda: page.model.text == member.id_number[-6:], timeout=3000)
    assert member.household_id in {row.id for row in page.model.rows}
    page.search.clear()
    qtbot.keyClicks(page.search, member.name_initials)
    qtbot.keyClick(page.search, Qt.Key.Key_Return)
    assert member.household_id in {row.id for row in page.model.rows}
    assert all(row.matched for row in page.model.rows)
    page.search.clear()
    page.refresh()
    qtbot.waitUntil(lambda: "共 120 户" in page.count.text())


def test_add_household_refuses_a_bad_id_number_then_accepts_a_good_one(qtbot, window, demo_ctx) -> None:
    from app.services.divisions import DivisionService

    dialog = NewHouseholdDialog(HouseholdService(demo_ctx), DivisionService(demo_ctx).villages(), window, TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    good = make_id_number("131122", date(1980, 3, 4), 517)
    bad = good[:-1] + ("0" if good[-1] != "0" else "1")
    dialog.form.inputs["name"].insert("邢新户")  # QTest types ASCII only
    qtbot.keyClicks(dialog.id_edit, bad)
    assert "校验" in dialog.id_info.text() or "不对" in dialog.id_info.text()
    _save(dialog)
    assert dialog.isVisible() and dialog.form.problems["id_number"].isVisibleTo(dialog)
    dialog.id_edit.setText(good)
    assert "有效" in dialog.id_info.text() and "1980-03-04" in dialog.id_info.text()
    _save(dialog)
    assert not dialog.isVisible()
    household = dialog.result_value
    detail = HouseholdService(demo_ctx).get(household.id)
    assert detail.head.name == "邢新户" and detail.head.id_number == good


def test_record_a_visit_with_the_visit_form(qtbot, window, demo_ctx, monkeypatch) -> None:
    household_id = HouseholdListing(demo_ctx).page(HouseholdFilter(overdue=True))[0].id
    window.open_household(household_id)
    detail = HouseholdService(demo_ctx).get(household_id)
    dialog = VisitDialog(demo_ctx, detail, window)
    qtbot.addWidget(dialog)
    members = dialog.view.raw_answers()["member"]  # prefilled from the register, one row each
    assert [row["member_id"] for row in members] == [m.id_number for m in detail.members]
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()  # required answers missing
    assert dialog.recorded is None and dialog.view.problems()
    dialog.reject()  # closed half-way: what was typed is kept as a draft
    drafts = DraftService(demo_ctx)
    draft = drafts.load(household_id, "visit")
    assert draft is not None
    answers = {
        "visit_date": "2026-11-20", "present": "head grid_worker", "family_change": "none",
        "member": [row | {"member_health": "healthy"} for row in members],
        "income_wage": "3000", "income_transfer": "600", "business_expense": "0", "expense": [],
        "food": "yes", "clothing": "yes", "compulsory_education": "yes", "basic_medical": "yes",
        "housing_safe": "yes", "water_safe": "no", "water_safe_note": "自来水管冻裂，已报修。",
        "risks": "none", "needs": "", "measures": "", "next_visit": "2026-12-20"}
    drafts.save(household_id, "visit", draft.form_version, answers)
    again = VisitDialog(demo_ctx, detail, window)
    qtbot.addWidget(again)
    assert "草稿" in again.message.text()
    again.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    assert again.recorded is not None, [p.message for p in again.view.problems()] or again.message.text()
    after = HouseholdService(demo_ctx).get(household_id)
    assert after.household.water_secure is False
    assert after.household.last_visit_date == date(2026, 11, 20)
    assert after.household.next_visit_due == date(2026, 12, 20)
    assert after.visits[0].form_id == "visit" and after.visits[0].answers["water_safe"] == "no"
    assert drafts.load(household_id, "visit") is None


def test_propose_a_case_from_the_household_page(qtbot, window, demo_ctx) -> None:
    household_id = next(row.id for row in HouseholdListing(demo_ctx).page(HouseholdFilter(), size=500)
                        if not row.category)
    window.open_household(household_id)
    tab = window.household.case
    assert not tab.propose_button.isHidden()
    dialog = ProposeDialog(tab.service, household_id, parent=window)
    qtbot.addWidget(dialog)
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert "至少选择一种风险" in dialog.message.text()
    next(box for box in dialog.risks.boxes if box.text() == "因病").setChecked(True)
    assert "因病" in dialog.suggestion.text() or dialog.suggestion.text()
    dialog.category.setCurrentIndex(dialog.category.findData("突发严重困难户"))
    dialog.note.setPlainText("户主住院，自付医疗费用大。")  # the proposer's reason, stored as theirs
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert dialog.result() == dialog.DialogCode.Accepted, dialog.message.text()
    window.household.reload()
    assert tab.propose_button.isHidden()
    assert "突发严重困难户" in tab.labels["category"].text()
    assert not tab.step_button.isHidden() and "入户核实" in tab.step_button.text()


def test_assign_an_assistance_person(qtbot, window, demo_ctx) -> None:
    from app.ui.pages.household.assistance_tab import AssignDialog

    service = AssistanceService(demo_ctx)
    person = service.add_person({"name": "周帮扶", "unit": "县农业农村局", "phone": "13900001111"})
    household_id = HouseholdListing(demo_ctx).page(HouseholdFilter())[3].id
    window.open_household(household_id)
    dialog = AssignDialog(service, household_id, window)
    qtbot.addWidget(dialog)
    dialog.person.setCurrentIndex(dialog.person.findData(person.id))
    dialog.assign()
    assert "原因" in dialog.message.text()
    dialog.reason.insert("新识别监测对象")
    dialog.assign()
    assert dialog.result() == dialog.DialogCode.Accepted
    window.household.reload()
    assert "周帮扶" in window.household.assistance.current.text()


def test_handle_and_dismiss_warnings_from_the_warnings_page(qtbot, window, demo_ctx, messages) -> None:
    window.navigation.setCurrentRow(4)
    page = window.warnings
    open_before = len(WarningService(demo_ctx).listing())
    assert page.model.rowCount() == open_before > 1
    page.table.selectRow(0)
    messages.answers = [""]
    page._act(__import__("app.ui.dialogs.warning_actions", fromlist=["x"]).handle_warning)
    assert "请写明处置情况" in messages.texts()
    messages.answers = ["已联系民政办理临时救助"]
    page.table.selectRow(0)
    page.buttons.itemAt(2).widget().click()
    assert len(WarningService(demo_ctx).listing()) == open_before - 1
    assert page.model.rowCount() == open_before - 1


def test_a_step_is_taken_from_the_cases_list_and_a_worker_is_refused_a_review(qtbot, window, demo_ctx) -> None:
    from app.domain.procedure import Stage
    from app.services.cases import CaseService
    from app.store.changelog import Actor
    from app.ui.dialogs.case_dialogs import StepDialog

    window.navigation.setCurrentRow(2)
    page = window.cases
    # The county opens on its own worklist: cases waiting for its 信息比对 or 县级审定.
    assert page.rows and {row.stage for row in page.rows.values()} == {Stage.TOWNSHIP_REVIEWED, Stage.CROSS_CHECKED}
    page.stage.setCurrentIndex(0)  # 全部
    posted = next(row for row in page.rows.values()
                  if row.stage == Stage.POSTED and row.posting_end >= demo_ctx.today())
    page.table.selectRow(list(page.rows).index(posted.case_id))
    # Still in posting: the page says so before any dialog opens.
    assert "乡镇审核" in page.step_button.text() and not page.step_button.isEnabled()
    assert "公示期" in page.step_hint.text()
    case = next(c for c in HouseholdService(demo_ctx).get(posted.household_id).cases if c.id == posted.case_id)
    dialog = StepDialog(CaseService(demo_ctx), posted.case_id, Stage.TOWNSHIP_REVIEWED, case.posting_end, window)
    qtbot.addWidget(dialog)
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert "公示期" in dialog.message.text()  # reviewing inside the posting period: refused, plainly
    dialog.on.setValue(case.posting_end + timedelta(days=1))
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert "晚于今天" in dialog.message.text()  # nor by dating the review after the posting, ahead of today
    # The day after the posting ends, the county may review.
    the_day_after = case.posting_end + timedelta(days=1)
    demo_ctx.today = lambda: the_day_after
    page.table.clearSelection()
    page.table.selectRow(list(page.rows).index(posted.case_id))
    assert page.step_button.isEnabled() and not page.step_hint.text()
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert dialog.result() == dialog.DialogCode.Accepted, dialog.message.text()
    page.refresh()
    assert page.rows[posted.case_id].stage == Stage.TOWNSHIP_REVIEWED

    demo_ctx.actor = Actor(user_name="李娜", role="worker", division_code=demo_ctx.scope_code)
    proposed = next(row for row in page.rows.values() if row.stage == Stage.TOWNSHIP_REVIEWED)
    page.refresh()
    page.table.selectRow(list(page.rows).index(proposed.case_id))
    assert not page.step_button.isEnabled() and "县防贫中心" in page.step_hint.text()


def test_a_leaving_assistance_person_hands_over_from_the_page(qtbot, window, demo_ctx, messages,
                                                             monkeypatch) -> None:
    from PySide6.QtWidgets import QInputDialog

    window.navigation.setCurrentRow(3)
    page = window.assistance
    busiest = max((load for load in page.loads if load.person.active), key=lambda load: load.households)
    taker = next(load for load in page.loads if load.person.active and load.person.id != busiest.person.id)
    page.table.selectRow([load.person.id for load in page.loads].index(busiest.person.id))
    assert page.households_model.rowCount() == busiest.households
    monkeypatch.setattr(QInputDialog, "getItem", staticmethod(
        lambda _p, _t, _l, labels, *_a: (next(label for label in labels if label.startswith(taker.person.name)), True)))
    messages.answers = ["工作调动"]
    page.transfer()
    after = {load.person.id: load for load in AssistanceService(demo_ctx).loads()}
    assert after[busiest.person.id].households == 0 and not after[busiest.person.id].person.active
    assert after[taker.person.id].households >= busiest.households
