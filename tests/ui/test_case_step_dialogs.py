"""The case dialogs offer the new steps (issue 20): the 承诺授权书 recorded with a step, 信息比对
refused on screen without it, 结果公告 with its period, and the fast track when proposing."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtWidgets import QDialogButtonBox, QLabel

from app.domain.procedure import Stage
from app.services.cases import CaseService
from app.services.context import ServiceContext
from app.ui.dialogs.case_dialogs import ProposeDialog, StepDialog
from tests.conftest import TODAY
from tests.services.helpers import poor_household

START = TODAY - timedelta(days=30)


def _ok(dialog) -> None:
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()


def _open(qtbot, service: CaseService, case_id: str, step: Stage, on: date) -> StepDialog:
    dialog = StepDialog(service, case_id, step, on)
    qtbot.addWidget(dialog)
    return dialog


def _reviewed(ctx: ServiceContext, people) -> str:
    household = poor_household(ctx, people)
    cases = CaseService(ctx)
    case = cases.propose(household.id, risk_types=["因病"], channel="基层干部排查", on=START)
    for step, day in ((Stage.VERIFIED, 1), (Stage.VILLAGE_REVIEWED, 2), (Stage.POSTED, 3),
                      (Stage.TOWNSHIP_REVIEWED, 10)):
        cases.take_step(case.id, step, on=START + timedelta(days=day))
    return case.id


def test_the_home_visit_records_who_signed_the_consent_and_when(qtbot, ui_app, ctx, people) -> None:
    household = poor_household(ctx, people, name="张建国")
    service = CaseService(ctx)
    case = service.propose(household.id, risk_types=["因病"], channel="基层干部排查", on=START)
    dialog = _open(qtbot, service, case.id, Stage.VERIFIED, START + timedelta(days=1))
    assert dialog.consent is not None and dialog.consent.isChecked()  # none on record: offered ticked
    assert [dialog.signer.itemText(i) for i in range(dialog.signer.count())] == ["张建国（户主）", "张妻（配偶）"]
    dialog.signer.setCurrentIndex(1)
    dialog.signed_on.setValue(START + timedelta(days=2))
    _ok(dialog)
    assert "晚于本步骤的办理日期" in dialog.message.text()  # signed after the visit it is recorded with
    dialog.signed_on.setValue(START + timedelta(days=1))
    _ok(dialog)
    assert dialog.result() == dialog.DialogCode.Accepted, dialog.message.text()
    consent = service.consent(case.id)
    assert consent is not None and consent.signed_on == START + timedelta(days=1)
    assert consent.member_id == dialog.signer.itemData(1)


def test_the_cross_check_without_a_consent_is_refused_on_screen_and_shows_one_on_record(
        qtbot, ui_app, ctx, people) -> None:
    case_id = _reviewed(ctx, people)
    service = CaseService(ctx)
    on = START + timedelta(days=11)
    dialog = _open(qtbot, service, case_id, Stage.CROSS_CHECKED, on)
    assert any("尚未登记" in label.text() for label in dialog.findChildren(QLabel))
    dialog.consent.setChecked(False)
    assert not dialog.signer.isEnabled() and not dialog.signed_on.isEnabled()
    _ok(dialog)
    assert "承诺授权书" in dialog.message.text() and dialog.result() != dialog.DialogCode.Accepted
    dialog.consent.setChecked(True)
    dialog.signed_on.setValue(START + timedelta(days=1))
    _ok(dialog)
    assert dialog.result() == dialog.DialogCode.Accepted, dialog.message.text()
    # 县级审定's dialog shows the consent on record and does not ask for it again.
    approve = _open(qtbot, service, case_id, Stage.APPROVED, on)
    assert approve.consent is not None and not approve.consent.isChecked()
    assert any("已登记：张建国（户主）" in label.text() for label in approve.findChildren(QLabel))


def test_the_announcement_shows_its_period(qtbot, ui_app, ctx, people) -> None:
    case_id = _reviewed(ctx, people)
    service = CaseService(ctx)
    dialog = _open(qtbot, service, case_id, Stage.ANNOUNCED, TODAY)
    assert dialog.consent is None
    assert any(label.text() == "自办理日期起 5 天" for label in dialog.findChildren(QLabel))


def test_a_sudden_hardship_is_proposed_on_the_fast_track(qtbot, ui_app, ctx, people) -> None:
    household = poor_household(ctx, people)
    service = CaseService(ctx)
    dialog = ProposeDialog(service, household.id)
    qtbot.addWidget(dialog)
    dialog.risks.set_value(["因病"])
    dialog.category.setCurrentIndex(dialog.category.findData("边缘易致贫户"))
    dialog.note.setPlainText("突发大病")
    dialog.fast_track.setChecked(True)
    _ok(dialog)
    assert "先帮后认只适用于" in dialog.message.text()
    dialog.category.setCurrentIndex(dialog.category.findData("突发严重困难户"))
    _ok(dialog)
    assert dialog.result() == dialog.DialogCode.Accepted, dialog.message.text()
    assert dialog.result_value.fast_track


def test_an_eliminated_households_result_is_announced_from_its_tab(qtbot, ui_app, ctx, people, monkeypatch) -> None:
    from app.services.households import HouseholdService
    from app.ui.pages.household.case_tab import CaseTab
    from tests.services.test_cases import _approved_case, eliminated

    household, case = _approved_case(ctx, people)
    assert eliminated(ctx, household, case, TODAY - timedelta(days=1)).closed
    tab = CaseTab(ctx)
    qtbot.addWidget(tab)
    tab.show_detail(HouseholdService(ctx).get(household.id))
    assert not tab.step_button.isHidden() and "结果公告" in tab.step_button.text()
    assert "请在村里公告结果" in tab.step_hint.text()

    def announce(dialog: StepDialog) -> int:
        _ok(dialog)
        return dialog.result()

    monkeypatch.setattr(StepDialog, "exec", announce)
    tab.step_button.click()
    assert _stage_of(ctx, case.id) == Stage.ANNOUNCED
    tab.show_detail(HouseholdService(ctx).get(household.id))
    assert tab.step_button.isHidden() and "不是监测对象" in tab.step_hint.text()


def _stage_of(ctx: ServiceContext, case_id: str) -> str:
    from app.store.models import MonitoringCase

    with ctx.db.read() as session:
        return session.get(MonitoringCase, case_id).stage
