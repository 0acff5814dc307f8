"""The stations' review through the screens: a township decides 乡镇审核 (passes one case, returns
another with a reason) from its worklist with the household's context in view, then the county
checks it against the departments' data (信息比对, the household's 承诺授权书 recorded with it) and
decides 县级审定 on what the township passed."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtWidgets import QDialogButtonBox, QLabel

from app.domain.procedure import Decision, Stage
from app.services.cases import CaseService
from app.services.households import HouseholdService
from app.services.listing import CaseListing
from app.store.changelog import Actor
from app.ui.dialogs.case_dialogs import StepDialog
from app.ui.dialogs.review_dialog import ReviewDialog
from app.ui.main_window import MainWindow
from app.ui.settings import Settings
from tests.conftest import TODAY


@pytest.fixture
def window(qtbot, demo_ctx, ui_app, messages) -> MainWindow:
    main = MainWindow(demo_ctx, Settings(database=demo_ctx.db.location))
    qtbot.addWidget(main)
    main.show()
    return main


def _posting_end(ctx, row) -> date:
    return next(c for c in HouseholdService(ctx).get(row.household_id).cases if c.id == row.case_id).posting_end


def _decide(monkeypatch, decisions: list) -> list[ReviewDialog]:
    """Answer each ReviewDialog the page opens with the next (decision, note) in ``decisions``,
    first trying to return without a reason, which must be refused on screen."""
    shown: list[ReviewDialog] = []

    def run(dialog: ReviewDialog) -> int:
        shown.append(dialog)
        decision, note = decisions.pop(0)
        dialog.decision.setCurrentIndex(dialog.decision.findData(decision))
        if decision is not Decision.PASS:
            dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
            assert "必须写明原因" in dialog.message.text()
        dialog.note.setPlainText(note)
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
        assert dialog.result() == dialog.DialogCode.Accepted, dialog.message.text()
        return 1

    monkeypatch.setattr(ReviewDialog, "exec", run)
    return shown


def test_township_reviews_and_county_approves_from_their_worklists(qtbot, window, demo_ctx, monkeypatch) -> None:
    posted = [row for row in CaseListing(demo_ctx).cases() if row.stage == Stage.POSTED]
    assert len(posted) >= 2, "the demo county should have cases waiting for 乡镇审核"
    first, second = posted[0], posted[1]
    # The stations decide the day after the later of the two posting periods ends.
    review_day = max(TODAY, *(_posting_end(demo_ctx, row) for row in (first, second))) + timedelta(days=1)
    demo_ctx.today = lambda: review_day
    township = HouseholdService(demo_ctx).get(first.household_id).household.village_code[:9]
    demo_ctx.actor = Actor(user_name="杨丽", role="township", division_code=township)

    window.navigation.setCurrentRow(2)
    page = window.cases
    page.refresh()
    # The township's own worklist: every case waiting for 乡镇审核, nothing else.
    assert set(page.rows) >= {first.case_id, second.case_id}
    assert all(row.stage == Stage.POSTED for row in page.rows.values())

    dialogs = _decide(monkeypatch, [(Decision.PASS, "审核通过"), (Decision.RETURN, "收入核实有误，请重新入户核实")])
    for case in (first, second):
        page.table.selectRow(list(page.rows).index(case.case_id))
        assert page.step_button.isEnabled() and "乡镇审核" in page.step_button.text()
        page.step_button.click()
    # The reviewer saw the household, its history, visits and warnings before deciding.
    titles = [dialogs[0].tabs.tabText(i) for i in range(dialogs[0].tabs.count())]
    assert titles[:2] == ["农户和案例", "办理记录"] and any("入户走访" in t for t in titles)
    assert any("预警" in t for t in titles)
    stages = {row.case_id: row.stage for row in CaseListing(demo_ctx).cases(open_only=False)}
    assert stages[first.case_id] == Stage.TOWNSHIP_REVIEWED
    assert stages[second.case_id] == Stage.RETURNED
    assert first.case_id not in page.rows and second.case_id not in page.rows  # off the worklist
    returned = HouseholdService(demo_ctx).get(second.household_id).steps[second.case_id][-1]
    assert (returned.decision, returned.note, returned.actor_name) == (
        Decision.RETURN, "收入核实有误，请重新入户核实", "杨丽")

    demo_ctx.actor = Actor(user_name="王亚楠", role="county", division_code=demo_ctx.scope_code)
    page.refresh()
    # The county's worklist: cases waiting for its 信息比对 or its 县级审定.
    assert first.case_id in page.rows
    assert {row.stage for row in page.rows.values()} <= {Stage.TOWNSHIP_REVIEWED, Stage.CROSS_CHECKED}
    page.table.selectRow(list(page.rows).index(first.case_id))
    assert "信息比对" in page.step_button.text()
    checked: list[StepDialog] = []

    def cross_check(dialog: StepDialog) -> int:
        checked.append(dialog)
        # The head signed the 承诺授权书 at the home visit (入户核实): the dialog shows it on record and
        # leaves the box to record another unticked, the head first among the signers.
        assert any("已登记" in label.text() and "（户主）" in label.text() for label in dialog.findChildren(QLabel))
        assert dialog.consent is not None and not dialog.consent.isChecked() and dialog.signer.currentIndex() == 0
        assert "（户主）" in dialog.signer.currentText()
        dialog.note.setPlainText("与公安、住建、市场监管数据比对无异常")
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
        assert dialog.result() == dialog.DialogCode.Accepted, dialog.message.text()
        return 1

    monkeypatch.setattr(StepDialog, "exec", cross_check)
    page.step_button.click()
    assert checked and CaseService(demo_ctx).consent(first.case_id) is not None
    page.refresh()
    _decide(monkeypatch, [(Decision.PASS, "县级审定通过")])
    page.table.selectRow(list(page.rows).index(first.case_id))
    assert "县级审定" in page.step_button.text()
    page.step_button.click()
    final = {row.case_id: row for row in CaseListing(demo_ctx).cases(open_only=False)}[first.case_id]
    assert final.stage == Stage.APPROVED and final.stage_since == review_day


def test_the_worklist_shows_when_each_posting_period_ends(qtbot, window, demo_ctx) -> None:
    posted = next(row for row in CaseListing(demo_ctx).cases() if row.stage == Stage.POSTED)
    end = _posting_end(demo_ctx, posted)
    township = HouseholdService(demo_ctx).get(posted.household_id).household.village_code[:9]
    demo_ctx.actor = Actor(user_name="杨丽", role="township", division_code=township)
    page = window.cases

    demo_ctx.today = lambda: end  # the last day of the posting period
    page.refresh()
    row = list(page.rows).index(posted.case_id)
    assert page.model.item(row, 7).text() == f"公示中，{end.isoformat()} 期满"
    page.table.selectRow(row)
    assert f"公示期到 {end.isoformat()} 结束" in page.step_hint.text() and not page.step_button.isEnabled()

    demo_ctx.today = lambda: end + timedelta(days=1)
    page.refresh()
    row = list(page.rows).index(posted.case_id)
    assert page.model.item(row, 7).text() == f"已期满（{end.isoformat()}）"
    page.table.selectRow(row)
    assert page.step_hint.text() == "" and "乡镇审核" in page.step_button.text() and page.step_button.isEnabled()
