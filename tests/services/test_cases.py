from datetime import date, timedelta

import pytest

from app.domain.errors import UserFacingError
from app.domain.procedure import Decision, Procedure, Stage
from app.services.cases import CaseService
from app.services.households import HouseholdService
from app.services.income import IncomeService
from app.services.measures import MeasureService
from app.services.visits import CHECK_FIELDS, VisitService
from tests.conftest import TODAY
from tests.services.helpers import cross_check, poor_household

IDENTIFICATION_STEPS = (Stage.VERIFIED, Stage.VILLAGE_REVIEWED, Stage.POSTED)


def _approved_case(ctx, people, on: date = date(2026, 1, 5)):
    household = poor_household(ctx, people)
    cases = CaseService(ctx)
    case = cases.propose(household.id, risk_types=["因病"], channel="基层干部排查", on=on)
    for offset, step in enumerate(IDENTIFICATION_STEPS, start=1):
        cases.take_step(case.id, step, on=on + timedelta(days=offset))
    cases.take_step(case.id, Stage.TOWNSHIP_REVIEWED, on=on + timedelta(days=10))
    cross_check(ctx, case.id, on + timedelta(days=11))
    return household, cases.take_step(case.id, Stage.APPROVED, on=on + timedelta(days=12))


def test_proposal_suggests_the_category_with_its_reason(ctx, people) -> None:
    household = poor_household(ctx, people, household_type="一般农户", per_capita=4000)
    case = CaseService(ctx).propose(household.id, risk_types=["因学", "因病"],
                                    channel="农户自主申报")
    assert case.category == "边缘易致贫户"
    assert "低于监测线 6600" in case.category_reason
    assert (case.procedure, case.stage, case.status) == ("identification", "proposed", "风险未消除")
    assert case.risk_types == ["因学", "因病"]


def test_no_suggestion_means_the_category_must_be_chosen(ctx, people) -> None:
    household = poor_household(ctx, people, household_type="一般农户", per_capita=30000)
    with pytest.raises(UserFacingError, match="请选择类别"):
        CaseService(ctx).propose(household.id, risk_types=["因病"], channel="农户自主申报")
    case = CaseService(ctx).propose(household.id, risk_types=["因病"], channel="农户自主申报",
                                    category="突发严重困难户")
    assert case.category == "突发严重困难户"


def test_risk_types_and_channel_are_checked(ctx, people) -> None:
    household = poor_household(ctx, people)
    cases = CaseService(ctx)
    with pytest.raises(UserFacingError, match="至少选择一种风险"):
        cases.propose(household.id, risk_types=[], channel="农户自主申报")
    with pytest.raises(UserFacingError, match="最多填5项"):
        cases.propose(household.id, risk_types=["因病", "因学", "因残", "缺劳动力", "其他",
                                                "因意外事故"], channel="农户自主申报")
    with pytest.raises(UserFacingError, match="发现方式"):
        cases.propose(household.id, risk_types=["因病"], channel="电话")


def test_the_whole_identification_is_dated_and_attributed(ctx, people) -> None:
    household, case = _approved_case(ctx, people)
    assert (case.stage, case.status, case.identified_on) == ("approved", "风险未消除",
                                                             date(2026, 1, 17))
    assert (case.posting_start, case.posting_end) == (date(2026, 1, 8), date(2026, 1, 12))
    steps = HouseholdService(ctx).get(household.id).steps[case.id]
    assert [s.step for s in steps] == ["proposed", "verified", "village_reviewed", "posted",
                                       "township_reviewed", "cross_checked", "approved"]
    assert all(s.actor_name == "county用户" for s in steps)
    assert [s.acted_on for s in steps] == sorted(s.acted_on for s in steps)


def test_a_second_open_case_is_refused(ctx, people) -> None:
    household, _ = _approved_case(ctx, people)
    with pytest.raises(UserFacingError, match="不能重复申报"):
        CaseService(ctx).propose(household.id, risk_types=["因病"], channel="农户自主申报")


def test_steps_out_of_order_or_too_early_are_refused(ctx, people) -> None:
    household = poor_household(ctx, people)
    cases = CaseService(ctx)
    case = cases.propose(household.id, risk_types=["因病"], channel="农户自主申报",
                         on=date(2026, 3, 1))
    with pytest.raises(UserFacingError, match="不能跳步"):
        cases.take_step(case.id, Stage.POSTED, on=date(2026, 3, 2))
    with pytest.raises(UserFacingError, match="不能早于上一步"):
        cases.take_step(case.id, Stage.VERIFIED, on=date(2026, 2, 1))
    cases.take_step(case.id, Stage.VERIFIED, on=date(2026, 3, 2))
    cases.take_step(case.id, Stage.VILLAGE_REVIEWED, on=date(2026, 3, 3))
    cases.take_step(case.id, Stage.POSTED, on=date(2026, 3, 4))
    with pytest.raises(UserFacingError, match="公示期到 2026-03-08 结束"):
        cases.take_step(case.id, Stage.TOWNSHIP_REVIEWED, on=date(2026, 3, 8))


def test_a_grid_worker_cannot_review_or_approve(open_copy, people) -> None:
    worker = open_copy("worker")
    household = poor_household(worker, people)
    cases = CaseService(worker)
    case = cases.propose(household.id, risk_types=["因病"], channel="基层干部排查",
                         on=date(2026, 3, 1))
    for offset, step in enumerate(IDENTIFICATION_STEPS, start=1):
        cases.take_step(case.id, step, on=date(2026, 3, 1) + timedelta(days=offset))
    with pytest.raises(UserFacingError, match="网格员无权办理“乡镇审核”"):
        cases.take_step(case.id, Stage.TOWNSHIP_REVIEWED, on=date(2026, 3, 20))
    posted = HouseholdService(worker).get(household.id).active_case
    assert posted.stage == "posted"
    assert cases.next_step_for(posted) is None


def _posted_case(ctx, people, start: date):
    """A case taken up to and including its posting, one step a day from ``start``."""
    household = poor_household(ctx, people)
    cases = CaseService(ctx)
    case = cases.propose(household.id, risk_types=["因病"], channel="基层干部排查", on=start)
    for offset, step in enumerate(IDENTIFICATION_STEPS, start=1):
        cases.take_step(case.id, step, on=start + timedelta(days=offset))
    return household, cases, case


def test_returning_needs_a_reason_and_sends_the_case_back_to_verification(ctx, people) -> None:
    start = date(2026, 4, 1)
    _household, cases, case = _posted_case(ctx, people, start)
    with pytest.raises(UserFacingError, match="必须写明原因"):
        cases.take_step(case.id, Stage.TOWNSHIP_REVIEWED, decision=Decision.RETURN,
                        on=start + timedelta(days=10))
    returned = cases.take_step(case.id, Stage.TOWNSHIP_REVIEWED, decision=Decision.RETURN,
                               note="收入核算缺少务工收入", on=start + timedelta(days=10))
    assert returned.stage == "returned"
    assert cases.next_step_for(returned) is Stage.VERIFIED
    with pytest.raises(UserFacingError, match="下一步应为“入户核实”"):
        cases.take_step(case.id, Stage.VILLAGE_REVIEWED, on=start + timedelta(days=11))


def test_rejection_closes_the_identification(ctx, people) -> None:
    start = date(2026, 4, 1)
    household, cases, case = _posted_case(ctx, people, start)
    rejected = cases.take_step(case.id, Stage.TOWNSHIP_REVIEWED, decision=Decision.REJECT,
                               note="收入核实后高于监测线", on=start + timedelta(days=10))
    assert (rejected.stage, rejected.closed) == ("rejected", True)
    CaseService(ctx).propose(household.id, risk_types=["因病"], channel="农户自主申报",
                             on=start + timedelta(days=40))


def _make_eliminable(ctx, household, case) -> None:
    MeasureService(ctx).add(household.id, {"kind": "健康帮扶", "item": "大病保险",
                                           "risk_type": "因病", "start_date": "2026-02-01",
                                           "amount": "3000"})
    VisitService(ctx).record(household.id, visit_date=TODAY - timedelta(days=3),
                             checks=dict.fromkeys(CHECK_FIELDS, True))
    income = IncomeService(ctx)
    income.record_year(household.id, 2025, {"wage": 16000, "assessed_on": "2025-12-31"})
    income.record_year(household.id, 2026, {"wage": 18000, "assessed_on": "2026-10-31"})


def test_elimination_is_refused_until_the_four_criteria_are_met(ctx, people) -> None:
    household, case = _approved_case(ctx, people)
    cases = CaseService(ctx)
    assessment = cases.assess(case.id)
    assert not assessment.eligible
    assert [c.met for c in assessment.criteria] == [False, False, False, True]
    with pytest.raises(UserFacingError, match="还不符合风险消除条件"):
        cases.start_elimination(case.id, method="帮扶消除")
    _make_eliminable(ctx, household, case)
    assert cases.assess(case.id).eligible, cases.assess(case.id).problems()


def eliminated(ctx, household, case, approved_on: date = TODAY):
    """The monitored household's risk eliminated: every step of the elimination up to 县级审定."""
    _make_eliminable(ctx, household, case)
    cases = CaseService(ctx)
    cases.start_elimination(case.id, method="帮扶消除", on=approved_on - timedelta(days=20))
    for offset, step in enumerate(IDENTIFICATION_STEPS, start=1):
        cases.take_step(case.id, step, on=approved_on - timedelta(days=20 - offset))
    cases.take_step(case.id, Stage.TOWNSHIP_REVIEWED, on=approved_on - timedelta(days=5))
    cross_check(ctx, case.id, approved_on - timedelta(days=3))
    return cases.take_step(case.id, Stage.APPROVED, on=approved_on)


def test_elimination_runs_the_same_steps_and_closes_the_case(ctx, people) -> None:
    household, case = _approved_case(ctx, people)
    done = eliminated(ctx, household, case)
    cases = CaseService(ctx)
    assert (done.status, done.closed, done.eliminated_on) == ("风险已消除", True, TODAY)
    assert done.procedure == Procedure.ELIMINATION
    # 有进有出: the household can be identified again later.
    again = cases.propose(household.id, risk_types=["因残"], channel="基层干部排查",
                          category="脱贫不稳定户")
    assert again.stage == "proposed"


def test_a_refused_elimination_leaves_the_household_monitored(ctx, people) -> None:
    household, case = _approved_case(ctx, people)
    _make_eliminable(ctx, household, case)
    cases = CaseService(ctx)
    cases.start_elimination(case.id, method="自然消除", on=TODAY - timedelta(days=20))
    for offset, step in enumerate(IDENTIFICATION_STEPS, start=1):
        cases.take_step(case.id, step, on=TODAY - timedelta(days=20 - offset))
    back = cases.take_step(case.id, Stage.TOWNSHIP_REVIEWED, decision=Decision.REJECT,
                           note="收入不稳定", on=TODAY - timedelta(days=5))
    assert (back.procedure, back.stage, back.closed) == ("identification", "approved", False)
