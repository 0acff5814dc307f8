"""The procedure as practice has it (issue 20): 信息比对 with the household's 承诺授权书, 结果公告
with its period, the fast track (先帮后认), the step list as the county's policy, and cases begun
under an older list."""

from __future__ import annotations

from datetime import date, timedelta

import openpyxl
import pytest
from sqlalchemy import select

from app.domain.errors import UserFacingError
from app.domain.procedure import STEP_ORDER, Consent, Stage, StepRefused
from app.services import policy_document
from app.services.cases import CaseService
from app.services.context import ServiceContext
from app.services.policy import PolicyService
from app.services.reports import ReportKind, ReportService
from app.store.models import CaseStep, Member, MonitoringCase
from tests.services.helpers import head_consent, poor_household

START = date(2026, 9, 1)
OLD_LIST = "申报、入户核实、村级民主评议、公示、乡镇审核、县级审定"
DAYS = {Stage.VERIFIED: 2, Stage.VILLAGE_REVIEWED: 3, Stage.POSTED: 4, Stage.TOWNSHIP_REVIEWED: 10,
        Stage.CROSS_CHECKED: 11, Stage.APPROVED: 12, Stage.ANNOUNCED: 13}


def _at(ctx: ServiceContext, people, stage: Stage, *, consent_at_visit: bool = True,
        category: str | None = None, fast_track: bool = False) -> str:
    """A case walked from 申报 up to ``stage`` (inclusive), the 承诺授权书 signed at the home visit."""
    household = poor_household(ctx, people)
    cases = CaseService(ctx)
    case = cases.propose(household.id, risk_types=["因病"], channel="基层干部排查", on=START,
                         category=category, fast_track=fast_track)
    steps = cases.step_list()
    for step, day in DAYS.items():
        if step not in steps.order or STEP_ORDER.index(step) > STEP_ORDER.index(stage):
            continue
        consent = head_consent(ctx, case.id, START + timedelta(days=2)) if (
            step is Stage.VERIFIED and consent_at_visit) else None
        cases.take_step(case.id, step, on=START + timedelta(days=day), consent=consent)
    return case.id


def _case(ctx: ServiceContext, case_id: str) -> MonitoringCase:
    with ctx.db.read() as session:
        return session.get(MonitoringCase, case_id)


def _steps(ctx: ServiceContext, case_id: str) -> list[CaseStep]:
    with ctx.db.read() as session:
        return list(session.scalars(select(CaseStep).where(CaseStep.case_id == case_id)
                                    .order_by(CaseStep.acted_on, CaseStep.created_hlc)))


def test_the_consent_signed_at_the_visit_lets_the_county_cross_check(ctx, people) -> None:
    case_id = _at(ctx, people, Stage.TOWNSHIP_REVIEWED)
    cases = CaseService(ctx)
    recorded = cases.consent(case_id)
    assert recorded is not None and recorded.signed_on == START + timedelta(days=2)
    visit = next(s for s in _steps(ctx, case_id) if s.step == Stage.VERIFIED)
    assert (visit.consent_signed_on, visit.consent_member_id) == (recorded.signed_on, recorded.member_id)
    cases.take_step(case_id, Stage.CROSS_CHECKED, on=START + timedelta(days=11),
                    note="与公安、住建、市场监管数据比对无异常")
    done = cases.take_step(case_id, Stage.APPROVED, on=START + timedelta(days=12))
    assert (done.stage, done.identified_on) == (Stage.APPROVED, START + timedelta(days=12))


def test_without_a_consent_on_record_the_cross_check_is_refused(ctx, people) -> None:
    case_id = _at(ctx, people, Stage.TOWNSHIP_REVIEWED, consent_at_visit=False)
    cases = CaseService(ctx)
    with pytest.raises(StepRefused, match="办理“信息比对”前须登记农户签署的承诺授权书"):
        cases.take_step(case_id, Stage.CROSS_CHECKED, on=START + timedelta(days=11))
    # Recorded with the check itself (signed at the visit, entered now), it passes.
    cases.take_step(case_id, Stage.CROSS_CHECKED, on=START + timedelta(days=11),
                    consent=head_consent(ctx, case_id, START + timedelta(days=2)))
    assert cases.consent(case_id) == head_consent(ctx, case_id, START + timedelta(days=2))


def test_a_consent_is_signed_by_a_member_of_the_household_and_not_after_the_step(ctx, people) -> None:
    case_id = _at(ctx, people, Stage.TOWNSHIP_REVIEWED, consent_at_visit=False)
    stranger = poor_household(ctx, people, name="李四")
    with ctx.db.read() as session:
        outsider = session.scalars(select(Member.id).where(Member.household_id == stranger.id)).first()
    cases = CaseService(ctx)
    on = START + timedelta(days=11)
    with pytest.raises(UserFacingError, match="签署人须是本户的家庭成员"):
        cases.take_step(case_id, Stage.CROSS_CHECKED, on=on, consent=Consent(START, outsider))
    with pytest.raises(UserFacingError, match="签署人须是本户的家庭成员"):
        cases.take_step(case_id, Stage.CROSS_CHECKED, on=on, consent=Consent(START, "no-such-member"))
    with pytest.raises(UserFacingError, match="晚于本步骤的办理日期"):
        cases.take_step(case_id, Stage.CROSS_CHECKED, on=on,
                        consent=head_consent(ctx, case_id, on + timedelta(days=1)))
    assert [s.step for s in _steps(ctx, case_id)][-1] == Stage.TOWNSHIP_REVIEWED


def test_the_result_is_announced_for_the_countys_days_and_the_household_stays_monitored(ctx, people) -> None:
    PolicyService(ctx).set_procedure_steps({"announcement_days": 7})
    case_id = _at(ctx, people, Stage.APPROVED)
    cases = CaseService(ctx)
    case = cases.take_step(case_id, Stage.ANNOUNCED, on=START + timedelta(days=13))
    assert (case.stage, case.identified_on, case.closed) == (Stage.ANNOUNCED, START + timedelta(days=12), False)
    announced = _steps(ctx, case_id)[-1]
    assert (announced.step, announced.acted_on, announced.period_end) == (
        Stage.ANNOUNCED, START + timedelta(days=13), START + timedelta(days=19))
    assert cases.next_step_for(case) is None
    # An announced household may leave monitoring like an approved one.
    with pytest.raises(UserFacingError, match="还不符合风险消除条件"):
        cases.start_elimination(case_id, method="帮扶消除")


def test_a_case_begun_under_the_old_list_goes_on_under_the_new_one(ctx, people) -> None:
    """Waiting for 县级审定 when the county adds 信息比对: the case goes through it, then approval."""
    policy = PolicyService(ctx)
    policy.set_procedure_steps({"order": OLD_LIST})
    case_id = _at(ctx, people, Stage.TOWNSHIP_REVIEWED)
    cases = CaseService(ctx)
    assert cases.next_step_for(_case(ctx, case_id)) is Stage.APPROVED
    policy.set_procedure_steps({"order": "、".join(
        ["申报", "入户核实", "村级民主评议", "公示", "乡镇审核", "信息比对", "县级审定", "结果公告"])})
    assert cases.next_step_for(_case(ctx, case_id)) is Stage.CROSS_CHECKED
    cases.take_step(case_id, Stage.CROSS_CHECKED, on=START + timedelta(days=11))
    assert cases.take_step(case_id, Stage.APPROVED, on=START + timedelta(days=12)).stage == Stage.APPROVED


def test_under_the_old_list_an_approved_case_is_finished(ctx, people) -> None:
    PolicyService(ctx).set_procedure_steps({"order": OLD_LIST})
    case_id = _at(ctx, people, Stage.TOWNSHIP_REVIEWED, consent_at_visit=False)
    cases = CaseService(ctx)
    with pytest.raises(StepRefused, match="办理“县级审定”前须登记"):  # no 信息比对: approval needs it
        cases.take_step(case_id, Stage.APPROVED, on=START + timedelta(days=12))
    cases.take_step(case_id, Stage.APPROVED, on=START + timedelta(days=12),
                    consent=head_consent(ctx, case_id, START + timedelta(days=2)))
    assert cases.next_step_for(_case(ctx, case_id)) is None


def test_the_fast_track_is_for_sudden_hardship_only(ctx, people) -> None:
    household = poor_household(ctx, people)
    with pytest.raises(UserFacingError, match="先帮后认只适用于"):
        CaseService(ctx).propose(household.id, risk_types=["因病"], channel="基层干部排查",
                                 category="脱贫不稳定户", fast_track=True)


def test_a_fast_track_case_is_flagged_until_the_county_approves_it(ctx, people) -> None:
    case_id = _at(ctx, people, Stage.POSTED, category="突发严重困难户", fast_track=True)
    cases = CaseService(ctx)
    assert _case(ctx, case_id).fast_track
    household_id = _case(ctx, case_id).household_id

    def flagged() -> list[str]:
        report = ReportService(ctx).build(ReportKind.QUARTERLY, "2026-Q3")
        return [r.text for v in report.attention for i in v.items if i.household_id == household_id
                for r in i.reasons if r.kind == "先帮后认待审定"]

    assert flagged() and "尚未县级审定" in flagged()[0]
    for step, day in ((Stage.TOWNSHIP_REVIEWED, 10), (Stage.CROSS_CHECKED, 11), (Stage.APPROVED, 12)):
        cases.take_step(case_id, step, on=START + timedelta(days=day))
    assert flagged() == []
    # Every step was still taken.
    assert [s.step for s in _steps(ctx, case_id)] == [
        "proposed", "verified", "village_reviewed", "posted", "township_reviewed", "cross_checked", "approved"]


def test_the_county_changes_its_steps_through_the_policy_workbook(ctx, people, tmp_path) -> None:
    """From a date the county drops 结果公告 and lets the stations do 信息比对; a bad list is refused
    naming the item, and changes nothing."""
    out = policy_document.export(ctx, tmp_path / "政策.xlsx")
    exported = [row for row in openpyxl.load_workbook(out)["政策参数"].iter_rows(values_only=True)
                if row[0] == "procedure_steps"]
    assert ("procedure_steps", "order", "步骤及先后（用“、”分隔）", None,
            "申报、入户核实、村级民主评议、公示、乡镇审核、信息比对、县级审定、结果公告") in exported
    book = openpyxl.load_workbook(out)
    book["政策参数"].append(["procedure_steps", "order", "", "2026-11-01",
                         "申报、入户核实、村级民主评议、公示、乡镇审核、信息比对、县级审定"])
    book["政策参数"].append(["procedure_steps", "cross_checked", "", "2026-11-01", "乡镇防贫工作站"])
    book.save(out)
    result = policy_document.import_workbook(ctx, out)
    assert result.written and not result.problems, result.problems
    steps = PolicyService(ctx).step_list()
    assert Stage.ANNOUNCED not in steps.order and steps.role(Stage.CROSS_CHECKED).label == "乡镇防贫工作站"
    assert Stage.ANNOUNCED in PolicyService(ctx).step_list(date(2026, 10, 31)).order  # the older version
    bad = openpyxl.load_workbook(out)
    bad["政策参数"].append(["procedure_steps", "approved", "", "2026-11-20", "网格员"])
    bad.save(out)
    refused = policy_document.import_workbook(ctx, out)
    assert not refused.written and any("“县级审定”至少须由县防贫中心办理" in p for p in refused.problems)
    assert PolicyService(ctx).step_list().role(Stage.APPROVED).label == "县防贫中心"
