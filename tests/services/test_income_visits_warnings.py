from datetime import date, timedelta
from decimal import Decimal

import pytest

from app.domain.errors import UserFacingError
from app.services.households import HouseholdService
from app.services.income import IncomeService
from app.services.visits import VisitService
from app.services.warnings import WarningService
from tests.conftest import TODAY
from tests.services.helpers import poor_household


def _rules(ctx, household_id) -> dict[str, str]:
    return {w.rule: w.status for w in WarningService(ctx).listing(open_only=False,
                                                                  household_id=household_id)}


def test_per_capita_income_is_computed_from_the_components(ctx, people) -> None:
    household = poor_household(ctx, people, per_capita=20000)
    record = IncomeService(ctx).record_year(household.id, 2025, {
        "wage": "12,000", "business": "6000元", "property": "500", "pension": "1200",
        "dibao": "2400", "business_expense": "1500", "household_size": "3"})
    assert record.transfer == Decimal("3600")
    assert record.net_income == Decimal("20600")
    assert record.per_capita_income == Decimal("6866.67")


def test_income_input_mistakes_are_refused(ctx, people) -> None:
    household = poor_household(ctx, people, per_capita=20000)
    service = IncomeService(ctx)
    with pytest.raises(UserFacingError, match="工资性收入"):
        service.record_year(household.id, 2025, {"wage": "-100"})
    with pytest.raises(UserFacingError, match="分项合计"):
        service.record_year(household.id, 2025, {"transfer": "100", "dibao": "500"})
    with pytest.raises(UserFacingError, match="年度 1999 不合理"):
        service.record_year(household.id, 1999, {"wage": "1"})
    with pytest.raises(UserFacingError, match="不是有效的金额"):
        service.record_year(household.id, 2025, {"wage": "很多"})


def test_income_below_the_line_raises_a_warning_that_closes_when_income_recovers(ctx,
                                                                                people) -> None:
    household = poor_household(ctx, people, per_capita=3000)
    assert _rules(ctx, household.id)["income_below_line"] == "待处置"
    IncomeService(ctx).record_year(household.id, 2026, {"wage": 60000})
    assert _rules(ctx, household.id)["income_below_line"] == "已处置"


def test_large_medical_spending_raises_a_warning_with_figures(ctx, people) -> None:
    household = poor_household(ctx, people, per_capita=30000, household_type="一般农户")
    IncomeService(ctx).add_expense(household.id, {
        "kind": "医疗住院", "occurred_on": (TODAY - timedelta(days=20)).isoformat(),
        "total_amount": "60000", "reimbursed": "35000"})
    warnings = WarningService(ctx).listing(household_id=household.id)
    medical = [w for w in warnings if w.rule.startswith("medical")]
    assert medical and "25,000" in medical[0].reason
    with pytest.raises(UserFacingError, match="报销金额"):
        IncomeService(ctx).add_expense(household.id, {
            "kind": "医疗住院", "occurred_on": "2026-01-01", "total_amount": "10",
            "reimbursed": "20"})


def test_warnings_are_not_raised_twice_and_can_be_handled_or_dismissed(ctx, people) -> None:
    household = poor_household(ctx, people, per_capita=3000)
    service = WarningService(ctx)
    assert service.evaluate(household.id) == []
    below = next(w for w in service.listing(household_id=household.id)
                 if w.rule == "income_below_line")
    with pytest.raises(UserFacingError, match="必须写明理由"):
        service.dismiss(below.id, "")
    service.dismiss(below.id, "收入核算有误，已更正")
    with pytest.raises(UserFacingError, match="已经已排除"):
        service.handle(below.id, "再处理")
    assert service.evaluate(household.id) == []


def test_a_warning_turns_into_a_proposal(ctx, people) -> None:
    household = poor_household(ctx, people, per_capita=3000)
    service = WarningService(ctx)
    below = next(w for w in service.listing(household_id=household.id)
                 if w.rule == "income_below_line")
    row = service.to_proposal(below.id, risk_types=["因病"])
    assert row.status == "已转申报" and row.case_id
    case = HouseholdService(ctx).get(household.id).active_case
    assert (case.id, case.discovery_channel) == (row.case_id, "部门筛查预警")


def test_a_visit_updates_the_household_and_closes_the_overdue_warning(ctx, people) -> None:
    household = poor_household(ctx, people, per_capita=30000, household_type="一般农户")
    assert _rules(ctx, household.id)["visit_overdue"] == "待处置"
    visit = VisitService(ctx).record(
        household.id, visit_date=TODAY - timedelta(days=1),
        checks={"不愁吃": True, "住房安全": False}, answers={"在家成员": "户主"}, summary="房屋漏雨")
    assert visit.form_id == "visit" and visit.answers == {"在家成员": "户主"}
    current = HouseholdService(ctx).get(household.id).household
    assert (current.food_secure, current.housing_secure) == (True, False)
    assert current.last_visit_date == TODAY - timedelta(days=1)
    assert current.next_visit_due == TODAY - timedelta(days=1) + timedelta(days=90)
    rules = _rules(ctx, household.id)
    assert rules["visit_overdue"] == "已处置"
    assert rules["house_unsafe"] == "待处置"


def test_visit_input_mistakes_are_refused(ctx, people) -> None:
    household = poor_household(ctx, people)
    service = VisitService(ctx)
    with pytest.raises(UserFacingError, match="不能晚于今天"):
        service.record(household.id, visit_date=TODAY + timedelta(days=1))
    with pytest.raises(UserFacingError, match="没有“吃饱”这一项"):
        service.record(household.id, checks={"吃饱": True})
    with pytest.raises(UserFacingError, match="应晚于本次走访日期"):
        service.record(household.id, next_visit_date=TODAY)


def test_due_visits_are_sorted_by_urgency(ctx, people) -> None:
    first = poor_household(ctx, people, name="甲一")
    second = poor_household(ctx, people, name="乙二")
    visits = VisitService(ctx)
    visits.record(first.id, visit_date=date(2026, 9, 1), next_visit_date=date(2026, 10, 1))
    visits.record(second.id, visit_date=date(2026, 10, 1), next_visit_date=date(2026, 11, 1))
    due = visits.due()
    assert [d.head_name for d in due] == ["甲一", "乙二"]
    assert [d.days_overdue for d in due] == [53, 22]


def test_household_and_member_changes_are_checked_at_once(ctx, people) -> None:
    household = poor_household(ctx, people, per_capita=30000, household_type="一般农户")
    HouseholdService(ctx).update(household.id, {"house_safety": "危房"})
    assert _rules(ctx, household.id)["house_unsafe"] == "待处置"
    spouse = HouseholdService(ctx).get(household.id).members[1]
    HouseholdService(ctx).update_member(spouse.id, {
        "health": "患有大病", "health_changed_on": (TODAY - timedelta(days=10)).isoformat()})
    member_health = next(w for w in WarningService(ctx).listing(household_id=household.id)
                         if w.rule == "member_health")
    assert spouse.name in member_health.reason
