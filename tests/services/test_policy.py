from datetime import date
from decimal import Decimal

import pytest

from app.domain.errors import UserFacingError
from app.services.policy import PolicyService
from app.services.warnings import WarningService
from tests.services.helpers import poor_household


def test_defaults_are_the_hebei_seed(ctx) -> None:
    policy = PolicyService(ctx)
    assert policy.line_on(date(2021, 9, 30)) == Decimal(6000)
    assert policy.line_on(date(2021, 10, 1)) == Decimal(6600)
    assert policy.workload_limit() == 5
    assert policy.posting_days() == 5
    assert policy.category_thresholds().rigid_spending_share == Decimal("0.5")


def test_a_new_income_line_changes_which_households_are_flagged(ctx, people) -> None:
    household = poor_household(ctx, people, per_capita=7000, household_type="一般农户")
    rules = {w.rule for w in WarningService(ctx).listing(household_id=household.id)}
    assert "income_below_line" not in rules
    PolicyService(ctx).add_income_line(date(2026, 1, 1), "7200", "2026年监测线")
    assert PolicyService(ctx).line_on(date(2026, 6, 1)) == Decimal(7200)
    WarningService(ctx).evaluate(household.id)
    rules = {w.rule for w in WarningService(ctx).listing(household_id=household.id)}
    assert "income_below_line" in rules
    with pytest.raises(UserFacingError, match="2026-01-01 起执行"):
        PolicyService(ctx).add_income_line(date(2026, 1, 1), "7300")


def test_thresholds_are_validated_and_only_the_county_sets_policy(ctx, open_copy) -> None:
    policy = PolicyService(ctx)
    assert policy.set_warning_thresholds({"workload_limit": 8}).workload_limit == 8
    assert policy.workload_limit() == 8
    with pytest.raises(UserFacingError, match="收入降幅比例"):
        policy.set_category_thresholds({"income_drop_share": "2"})
    with pytest.raises(UserFacingError, match="不能少于 5 天"):
        policy.set_posting_days(3)
    policy.set_posting_days(7)
    assert policy.posting_days() == 7
    township = PolicyService(open_copy("township"))
    with pytest.raises(UserFacingError, match="只能由县防贫中心修改"):
        township.set_posting_days(7)
    with pytest.raises(UserFacingError, match="只能由县防贫中心修改"):
        township.add_income_line(date(2027, 1, 1), "7500")
