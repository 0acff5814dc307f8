from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.categories import SECURITY_CHECKS
from app.domain.dates import month_index, months_before
from app.domain.elimination import (
    CRITERION_TITLES,
    EliminationFacts,
    EliminationTiming,
    evaluate_elimination,
)
from app.domain.errors import UserFacingError

D = Decimal
ALL_SECURE = dict.fromkeys(SECURITY_CHECKS, True)


def history(*points: tuple[str, str]) -> list[tuple[date, Decimal]]:
    return [(date.fromisoformat(day), D(value)) for day, value in points]


GOOD_HISTORY = history(("2025-12-10", "5200"), ("2026-03-10", "7000"), ("2026-06-10", "7400"),
                       ("2026-09-10", "7800"))


def good_facts(**changes: object) -> EliminationFacts:
    facts = EliminationFacts(
        identified_on=date(2025, 12, 10),
        assessed_on=date(2026, 11, 23),
        risk_types=["因病", "因学"],
        measures_by_risk={"因病": 2, "因学": 1},
        two_no_worries_three_guarantees=ALL_SECURE,
        per_capita_income_history=GOOD_HISTORY,
        income_line=D(6600),
    )
    return replace(facts, **changes)  # type: ignore[arg-type]


def reason(facts: EliminationFacts, key: str) -> str:
    result = evaluate_elimination(facts).criterion(key)
    return result.reason


def test_all_four_criteria_met() -> None:
    assessment = evaluate_elimination(good_facts())
    assert assessment.eligible
    assert assessment.blockers == ()
    assert [(c.key, c.title, c.met) for c in assessment.criteria] == [
        ("measures", "措施到位", True),
        ("security", "两不愁三保障和饮水安全", True),
        ("income", "收入稳定", True),
        ("rigid_spending", "刚性支出问题解决", True),
    ]
    assert [c.reason for c in assessment.criteria] == [
        "因病、因学风险均已落实帮扶措施（因病2项、因学1项）。",
        "不愁吃、不愁穿、义务教育、基本医疗、住房安全、饮水安全均有保障。",
        "近6个月2次人均纯收入记录均不低于监测线 6600 元（最低 7400.00 元）。",
        "没有未解决的大额刚性支出问题。",
    ]
    assert assessment.problems() == []


def test_titles_are_the_hebei_criteria() -> None:
    assert list(CRITERION_TITLES.values()) == [
        "措施到位", "两不愁三保障和饮水安全", "收入稳定", "刚性支出问题解决",
    ]


# --- 1 措施到位 ----------------------------------------------------------------------------


def test_single_risk_with_measures() -> None:
    facts = good_facts(risk_types=["因病"], measures_by_risk={"因病": 1})
    assert reason(facts, "measures") == "因病风险已落实帮扶措施（1项）。"


def test_a_risk_without_implemented_measures() -> None:
    facts = good_facts(measures_by_risk={"因学": 1})
    assessment = evaluate_elimination(facts)
    assert not assessment.eligible
    assert assessment.criterion("measures").reason == "因病风险尚无已落实的帮扶措施。"


def test_several_risks_without_measures() -> None:
    facts = good_facts(risk_types=["因病", "因学", "因残"], measures_by_risk={"因学": 1, "因残": 0})
    assert reason(facts, "measures") == "因病、因残风险尚无已落实的帮扶措施。"


def test_no_risk_types_recorded() -> None:
    assert reason(good_facts(risk_types=[]), "measures") == (
        "未登记风险类型，无法核对每项风险是否落实帮扶措施。"
    )


# --- 2 两不愁三保障和饮水安全 ---------------------------------------------------------------


def test_security_not_met_and_not_verified() -> None:
    answers = {**ALL_SECURE, "住房安全": False, "饮水安全": False, "不愁穿": None}
    del answers["基本医疗"]
    facts = good_facts(two_no_worries_three_guarantees=answers)
    result = evaluate_elimination(facts).criterion("security")
    assert not result.met
    assert result.reason == "住房安全、饮水安全未达到保障要求；不愁穿、基本医疗尚未核实。"


def test_security_with_a_county_list_of_checks() -> None:
    facts = good_facts(two_no_worries_three_guarantees={"不愁吃": True, "不愁穿": True},
                       security_checks=("不愁吃", "不愁穿"))
    assert reason(facts, "security") == "不愁吃、不愁穿均有保障。"


# --- 3 收入稳定 ----------------------------------------------------------------------------


def test_income_below_line_in_the_last_six_months() -> None:
    points = [*GOOD_HISTORY, *history(("2026-07-10", "6500"), ("2026-10-10", "6000"))]
    assert reason(good_facts(per_capita_income_history=points), "income") == (
        "近6个月人均纯收入有2次低于监测线 6600 元（最近一次 2026-10-10，6000.00 元）。"
    )


def test_income_records_too_short() -> None:
    points = history(("2026-08-01", "8000"), ("2026-10-01", "8200"))
    assert reason(good_facts(per_capita_income_history=points), "income") == (
        "人均纯收入记录自 2026-08-01 起，不足6个月，还不能判断收入稳定。"
    )


def test_no_recent_income_records() -> None:
    points = history(("2025-12-10", "8000"), ("2026-04-10", "8200"))
    assert reason(good_facts(per_capita_income_history=points), "income") == (
        "近6个月没有人均纯收入记录。"
    )


def test_no_income_records_at_all() -> None:
    assert reason(good_facts(per_capita_income_history=[]), "income") == (
        "没有人均纯收入记录，无法判断收入是否稳定。"
    )


def test_income_points_after_the_assessment_are_ignored() -> None:
    points = [*GOOD_HISTORY, *history(("2026-12-01", "1000"))]
    assert evaluate_elimination(good_facts(per_capita_income_history=points)).eligible


def test_income_window_starts_six_months_back_to_the_day() -> None:
    # assessed 2026-11-23: the window starts 2026-05-23; a low point on 05-22 is older.
    old_low = [*GOOD_HISTORY, *history(("2026-05-22", "6000"))]
    assert evaluate_elimination(good_facts(per_capita_income_history=old_low)).eligible
    new_low = [*GOOD_HISTORY, *history(("2026-05-23", "6000"))]
    assert not evaluate_elimination(good_facts(per_capita_income_history=new_low)).eligible


def test_income_exactly_at_the_line_counts_as_stable() -> None:
    points = history(("2026-01-01", "6600"), ("2026-08-01", "6600"))
    result = evaluate_elimination(good_facts(per_capita_income_history=points)).criterion("income")
    assert result.met


def test_a_county_may_require_a_longer_period() -> None:
    facts = good_facts(timing=EliminationTiming(months_income_stable_required=12))
    assert reason(facts, "income") == (
        "近12个月人均纯收入有1次低于监测线 6600 元（最近一次 2025-12-10，5200.00 元）。"
    )


# --- 4 刚性支出问题解决 --------------------------------------------------------------------


def test_rigid_spending_still_open() -> None:
    facts = good_facts(large_rigid_spending_open=True)
    assessment = evaluate_elimination(facts)
    assert not assessment.eligible
    assert assessment.criterion("rigid_spending").reason == "大额刚性支出问题尚未稳定解决。"
    assert assessment.problems() == ["刚性支出问题解决：大额刚性支出问题尚未稳定解决。"]


# --- county blockers ----------------------------------------------------------------------


@pytest.mark.parametrize("assessed", [date(2026, 3, 31), date(2026, 4, 1), date(2026, 4, 30)])
def test_no_elimination_in_the_month_of_identification_or_the_next(assessed: date) -> None:
    facts = good_facts(identified_on=date(2026, 3, 10), assessed_on=assessed)
    assessment = evaluate_elimination(facts)
    assert not assessment.eligible
    assert assessment.blockers[0] == (
        "识别当月及次月不得消除风险：2026年3月识别，2026年5月起才能消除。"
    )


def test_elimination_possible_from_the_second_month_after() -> None:
    facts = good_facts(identified_on=date(2026, 3, 10), assessed_on=date(2026, 5, 1))
    assert evaluate_elimination(facts).blockers == ()


def test_blocker_across_the_year_end() -> None:
    facts = good_facts(identified_on=date(2025, 12, 10), assessed_on=date(2026, 1, 15))
    assert evaluate_elimination(facts).blockers == (
        "识别当月及次月不得消除风险：2025年12月识别，2026年2月起才能消除。",
    )
    facts = good_facts(identified_on=date(2025, 11, 30), assessed_on=date(2025, 12, 1))
    assert "2026年1月起才能消除" in evaluate_elimination(facts).blockers[0]


def test_blocked_months_are_a_county_setting() -> None:
    facts = good_facts(identified_on=date(2026, 3, 10), assessed_on=date(2026, 4, 1),
                       timing=EliminationTiming(months_blocked_after_identification=0))
    assert evaluate_elimination(facts).blockers == ()
    facts = good_facts(identified_on=date(2026, 3, 10), assessed_on=date(2026, 5, 1),
                       timing=EliminationTiming(months_blocked_after_identification=2))
    assert evaluate_elimination(facts).blockers == (
        "识别当月及其后2个月不得消除风险：2026年3月识别，2026年6月起才能消除。",
    )
    facts = good_facts(identified_on=date(2026, 3, 10), assessed_on=date(2026, 3, 20),
                       timing=EliminationTiming(months_blocked_after_identification=0))
    assert evaluate_elimination(facts).blockers[0].startswith("识别当月不得消除风险")


def test_assessment_before_identification() -> None:
    facts = good_facts(identified_on=date(2026, 3, 10), assessed_on=date(2026, 3, 1))
    assert evaluate_elimination(facts).blockers == (
        "评估日期 2026-03-01 早于识别日期 2026-03-10。",
    )


def test_no_labour_households_on_social_protection_stay_monitored() -> None:
    assessment = evaluate_elimination(good_facts(no_labour_relying_on_social_protection=True))
    assert all(c.met for c in assessment.criteria)
    assert not assessment.eligible
    assert assessment.blockers == (
        "家庭无劳动能力、生活依靠兜底保障，按规定保持“风险未消除”，继续跟踪监测。",
    )


def test_problems_list_blockers_first_then_unmet_criteria() -> None:
    facts = good_facts(no_labour_relying_on_social_protection=True, measures_by_risk={})
    assert evaluate_elimination(facts).problems() == [
        "家庭无劳动能力、生活依靠兜底保障，按规定保持“风险未消除”，继续跟踪监测。",
        "措施到位：因病、因学风险尚无已落实的帮扶措施。",
    ]


# --- month arithmetic ---------------------------------------------------------------------


@pytest.mark.parametrize(("day", "months", "expected"), [
    (date(2026, 11, 23), 6, date(2026, 5, 23)),
    (date(2026, 8, 31), 6, date(2026, 2, 28)),
    (date(2024, 8, 31), 6, date(2024, 2, 29)),
    (date(2026, 3, 31), 1, date(2026, 2, 28)),
    (date(2026, 1, 15), 1, date(2025, 12, 15)),
    (date(2026, 1, 15), 0, date(2026, 1, 15)),
])
def test_months_before(day: date, months: int, expected: date) -> None:
    assert months_before(day, months) == expected


@given(st.dates(min_value=date(1901, 1, 1), max_value=date(2100, 1, 1)),
       st.integers(min_value=0, max_value=120))
def test_months_before_moves_whole_months(day: date, months: int) -> None:
    earlier = months_before(day, months)
    assert month_index(day) - month_index(earlier) == months
    assert earlier.day <= day.day


@pytest.mark.parametrize("value", [
    {"months_income_stable_required": 0}, {"months_income_stable_required": 25},
    {"months_blocked_after_identification": -1}, {"months_blocked_after_identification": 13},
    {"months_income_stable_required": "6"}, {"months_income_stable_required": True},
    {"months_income_stable_required": 6.5}, {"months_stable": 6}, ["6", "1"],
])
def test_the_timing_as_policy_data_refuses_what_no_county_means(value: object) -> None:
    with pytest.raises(UserFacingError, match=r"风险消除时间要求|月数"):
        EliminationTiming.from_dict(value)


def test_the_timing_carries_over_items_a_version_leaves_out() -> None:
    timing = EliminationTiming.from_dict({"months_income_stable_required": 3})
    assert timing == EliminationTiming(3, 1)
    assert EliminationTiming.from_dict(timing.to_dict()) == timing
