"""The proposal's category and reason follow the answers (issue 19, item 7): the suggestion is
worked out from the household as it is when the proposal is made, and the 纳入理由 stored is the
proposer's, with the system's suggestion kept apart and labelled."""

from __future__ import annotations

from datetime import date

from app.services.cases import SUGGESTION_LABEL, CaseService, compose_reason, split_reason
from app.services.households import HouseholdService
from tests.services.helpers import poor_household


def test_the_reason_stored_is_the_proposers_with_the_suggestion_kept_apart(ctx, people) -> None:
    household = poor_household(ctx, people, household_type="一般农户", per_capita=30000)
    service = CaseService(ctx)
    assert service.suggest(household.id, ["因病", "因学"]).category is None
    case = service.propose(household.id, risk_types=["因病", "因学"], channel="基层干部排查",
                           category="边缘易致贫户", note="张建国住院两次，孩子上高中学费高。")
    assert case.category == "边缘易致贫户"
    own, system = split_reason(case.category_reason)
    assert own == "张建国住院两次，孩子上高中学费高。"
    assert system.startswith("不建议纳入：未发现返贫致贫风险")
    assert not case.category_reason.startswith("不建议纳入")
    assert case.category_reason.index(SUGGESTION_LABEL) > case.category_reason.index("张建国住院")


def test_without_a_word_the_reason_says_the_proposer_chose_against_the_suggestion(ctx, people) -> None:
    household = poor_household(ctx, people, household_type="一般农户", per_capita=30000)
    case = CaseService(ctx).propose(household.id, risk_types=["因病", "因学"], channel="农户自主申报",
                                    category="边缘易致贫户")
    own, system = split_reason(case.category_reason)
    assert own == "申报人选定“边缘易致贫户”，未写明理由。"
    assert system.startswith("不建议纳入：")


def test_a_member_added_moments_before_changes_the_suggestion(ctx, people) -> None:
    # 14,000 yuan for two people is 7,000 each, above the 6,600 line; for three it is 4,666.67.
    household = poor_household(ctx, people, household_type="一般农户", per_capita=7000)
    service = CaseService(ctx)
    assert service.suggest(household.id, ["因病"]).category is None
    HouseholdService(ctx).add_member(household.id, people.member("张小明", "之子", birth=date(2010, 3, 4)))
    suggestion = service.suggest(household.id, ["因病"])
    assert str(suggestion.category) == "边缘易致贫户"
    assert "4,666.67" in suggestion.reason or "4666.67" in suggestion.reason, suggestion.reason
    assert "按现有 3 人计算" in suggestion.reason
    case = service.propose(household.id, risk_types=["因病"], channel="基层干部排查")
    assert case.category == "边缘易致贫户"
    own, system = split_reason(case.category_reason)
    assert own == "按系统建议申报。" and system.startswith("边缘易致贫户：") and "3 人" in system


def test_a_long_reason_fits_the_field_and_older_reasons_read_as_the_suggestion(ctx, people) -> None:
    household = poor_household(ctx, people, household_type="一般农户", per_capita=4000)
    suggestion = CaseService(ctx).suggest(household.id, ["因病"])
    stored = compose_reason("理由" * 200, "边缘易致贫户", suggestion)
    assert len(stored) <= 300 and SUGGESTION_LABEL in stored
    assert split_reason("一般农户，人均纯收入 4,000.00 元，低于监测线 6,600 元。") == (
        "", "一般农户，人均纯收入 4,000.00 元，低于监测线 6,600 元。")
