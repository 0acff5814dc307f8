"""The elimination timing is policy data (issue 20): the months of stable income and the months
blocked after identification are a dated setting, and every elimination check reads the one in
force on its assessment day."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from app.domain.errors import UserFacingError
from app.services import policy_document
from app.services.cases import CaseService
from app.services.context import ServiceContext
from app.services.income import IncomeService
from app.services.measures import MeasureService
from app.services.policy import ELIMINATION_TIMING, PolicyService
from app.services.visits import CHECK_FIELDS, VisitService
from tests.conftest import TODAY
from tests.services.test_cases import _approved_case
from tests.services.test_policy_lists import _edit_policy

SHORTER_FROM = date(2026, 11, 20)
BEFORE = SHORTER_FROM - timedelta(days=1)


def _stable_four_months(ctx: ServiceContext, household_id: str) -> None:
    """Every criterion met except that income is above the line only since 2026-07-20 (4 months)."""
    MeasureService(ctx).add(household_id, {"kind": "健康帮扶", "item": "大病保险", "risk_type": "因病",
                                           "start_date": "2026-02-01", "amount": "3000"})
    VisitService(ctx).record(household_id, visit_date=BEFORE - timedelta(days=3),
                             checks=dict.fromkeys(CHECK_FIELDS, True))
    income = IncomeService(ctx)
    income.record_year(household_id, 2025, {"wage": 16000, "assessed_on": "2026-07-20"})
    income.record_year(household_id, 2026, {"wage": 18000, "assessed_on": "2026-10-31"})


def test_three_months_from_a_date_let_a_household_stable_four_months_go_after_it_not_before(
        ctx: ServiceContext, people, tmp_path: Path) -> None:
    household, case = _approved_case(ctx, people)
    _stable_four_months(ctx, household.id)
    cases = CaseService(ctx)
    assert "不足6个月" in cases.assess(case.id).criterion("income").reason  # Hebei's six months

    result = _edit_policy(ctx, tmp_path, [
        [ELIMINATION_TIMING, "months_income_stable_required", "", SHORTER_FROM.isoformat(), 3]])
    assert result.written and not result.problems, result.problems

    view = policy_document.show(ctx)
    assert view.settings[ELIMINATION_TIMING]["months_income_stable_required"] == 3
    assert view.effective[ELIMINATION_TIMING] == SHORTER_FROM
    assert policy_document.show(ctx, BEFORE).settings[ELIMINATION_TIMING]["months_income_stable_required"] == 6

    before = cases.assess(case.id, on=BEFORE)
    assert not before.eligible and "不足6个月" in before.criterion("income").reason
    with pytest.raises(UserFacingError, match="还不符合风险消除条件"):
        cases.start_elimination(case.id, method="帮扶消除", on=BEFORE)
    after = cases.assess(case.id, on=TODAY)
    assert after.eligible, after.problems()
    assert "近3个月" in after.criterion("income").reason
    cases.start_elimination(case.id, method="帮扶消除", on=TODAY)


def test_the_blocked_months_follow_the_policy_of_the_assessment_day(ctx: ServiceContext, people) -> None:
    household, case = _approved_case(ctx, people, on=date(2026, 10, 1))  # approved 2026-10-13
    _stable_four_months(ctx, household.id)
    PolicyService(ctx).set_version(ELIMINATION_TIMING, {"months_income_stable_required": 3}, date(2026, 11, 1))
    cases = CaseService(ctx)
    blocked = cases.assess(case.id, on=TODAY)
    assert blocked.blockers == ("识别当月及次月不得消除风险：2026年10月识别，2026年12月起才能消除。",)

    PolicyService(ctx).set_version(ELIMINATION_TIMING, {"months_income_stable_required": 3,
                                                        "months_blocked_after_identification": 0}, SHORTER_FROM)
    assert cases.assess(case.id, on=TODAY).eligible
    assert cases.assess(case.id, on=BEFORE).blockers  # the version before it still blocks


def test_a_timing_no_county_means_is_refused_naming_the_item(ctx: ServiceContext, tmp_path: Path) -> None:
    result = _edit_policy(ctx, tmp_path, [
        [ELIMINATION_TIMING, "months_income_stable_required", "", SHORTER_FROM.isoformat(), 0]])
    assert not result.written and "收入稳定须连续达到监测线的月数" in "".join(result.problems)
    with pytest.raises(UserFacingError, match="识别当月之后不得消除的月数"):
        PolicyService(ctx).set_version(ELIMINATION_TIMING, {"months_blocked_after_identification": 99}, TODAY)
    assert PolicyService(ctx).elimination_timing().months_blocked_after_identification == 1
