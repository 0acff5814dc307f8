import json
from dataclasses import fields, replace
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.errors import UserFacingError
from app.domain.warnings import (
    RULE_TITLES,
    THRESHOLD_LABELS,
    HouseholdWarningFacts,
    SpendingItem,
    SpendingKind,
    WarningFinding,
    WarningRule,
    WarningThresholds,
    default_warning_thresholds,
    evaluate_warnings,
    school_year_of,
)

D = Decimal
TODAY = date(2026, 11, 23)
T = default_warning_thresholds()


def quiet(**changes: object) -> HouseholdWarningFacts:
    """A household that raises no warning; tests change one thing at a time."""
    facts = HouseholdWarningFacts(
        household_type="一般农户",
        monitored=False,
        per_capita_income=D(12000),
        income_line=D(6600),
        today=TODAY,
        previous_per_capita_income=D(12000),
        last_visit_date=date(2026, 11, 1),
    )
    return replace(facts, **changes)  # type: ignore[arg-type]


def findings(facts: HouseholdWarningFacts,
             thresholds: WarningThresholds = T) -> dict[str, WarningFinding]:
    result = evaluate_warnings(facts, thresholds)
    assert len({f.rule for f in result}) == len(result)
    return {f.rule.value: f for f in result}


def only(facts: HouseholdWarningFacts, thresholds: WarningThresholds = T) -> WarningFinding:
    result = evaluate_warnings(facts, thresholds)
    assert len(result) == 1, result
    return result[0]


def spend(kind: str, day: str, amount: str, member: str | None = None) -> SpendingItem:
    return SpendingItem(kind, date.fromisoformat(day), D(amount), member)


def test_a_quiet_household_raises_nothing() -> None:
    assert evaluate_warnings(quiet(), T) == []


def test_titles_and_keys() -> None:
    assert [rule.value for rule in WarningRule] == [
        "income_below_line", "income_near_line", "income_drop", "medical_inpatient_year",
        "medical_single_stay", "outpatient_monthly", "education_cost", "disaster_loss",
        "member_health", "house_unsafe", "visit_overdue",
    ]
    assert set(RULE_TITLES) == set(WarningRule)
    assert WarningRule.VISIT_OVERDUE.title == "走访超期"


# --- income -------------------------------------------------------------------------------


def test_income_below_line() -> None:
    finding = only(quiet(per_capita_income=D("5200"), previous_per_capita_income=None))
    assert finding.rule is WarningRule.INCOME_BELOW_LINE
    assert finding.title == "人均纯收入低于监测线"
    assert finding.reason == "人均纯收入 5200.00 元，低于监测线 6600 元。"
    assert (finding.value, finding.threshold) == (D(5200), D(6600))


def test_income_at_the_line_is_not_below() -> None:
    assert evaluate_warnings(quiet(per_capita_income=D(6600), previous_per_capita_income=None),
                             T) == []


@pytest.mark.parametrize(("kind", "monitored"), [("脱贫户", False), ("一般农户", True)])
def test_income_near_line_for_watched_households(kind: str, monitored: bool) -> None:
    facts = quiet(household_type=kind, monitored=monitored, per_capita_income=D("9000"),
                  previous_per_capita_income=None, last_visit_date=date(2026, 11, 20))
    finding = only(facts)
    assert finding.rule is WarningRule.INCOME_NEAR_LINE
    assert finding.reason == "人均纯收入 9000.00 元，低于1.5倍监测线 9900 元。"
    assert finding.threshold == D(9900)


def test_income_near_line_ignored_for_other_households() -> None:
    assert evaluate_warnings(quiet(per_capita_income=D(9000), previous_per_capita_income=None),
                             T) == []


def test_income_near_line_upper_bound() -> None:
    facts = quiet(household_type="脱贫户", per_capita_income=D(9900),
                  previous_per_capita_income=None)
    assert evaluate_warnings(facts, T) == []


def test_income_drop() -> None:
    finding = only(quiet(per_capita_income=D(8400), previous_per_capita_income=D(12000)))
    assert finding.rule is WarningRule.INCOME_DROP
    assert finding.reason == (
        "人均纯收入由 12,000.00 元降至 8400.00 元，降幅 30.0%，达到阈值 30%。"
    )
    assert (finding.value, finding.threshold) == (D("0.3000"), D("0.3"))


def test_small_drop_and_unknown_income_raise_nothing() -> None:
    assert evaluate_warnings(quiet(per_capita_income=D(8500)), T) == []
    assert evaluate_warnings(quiet(per_capita_income=None), T) == []
    assert evaluate_warnings(quiet(previous_per_capita_income=D(0)), T) == []


def test_below_line_and_drop_together() -> None:
    facts = quiet(per_capita_income=D(5000), previous_per_capita_income=D(10000))
    assert list(findings(facts)) == ["income_below_line", "income_drop"]


# --- medical ------------------------------------------------------------------------------


def test_inpatient_year_threshold_for_exited_households() -> None:
    facts = quiet(household_type="脱贫户", per_capita_income=D(20000), spending=[
        spend("医疗住院", "2026-02-01", "2000"), spend("医疗住院", "2026-07-01", "3000"),
        spend("医疗住院", "2025-12-31", "9000"),
    ])
    finding = only(facts)
    assert finding.rule is WarningRule.MEDICAL_INPATIENT_YEAR
    assert finding.reason == "2026年住院自付 5000 元，达到阈值 5000 元。"


def test_inpatient_year_threshold_for_others() -> None:
    items = [spend("医疗住院", "2026-02-01", "9900"), spend("医疗住院", "2026-05-01", "9500"),
             spend("医疗住院", "2026-09-01", "4000")]
    result = findings(quiet(spending=items))
    assert result["medical_inpatient_year"].reason == (
        "2026年住院自付 23,400 元，超过阈值 20,000 元。"
    )
    assert set(result) == {"medical_inpatient_year"}
    assert "medical_inpatient_year" not in findings(quiet(spending=items[:2]))


def test_single_stay_for_monitored_households() -> None:
    facts = quiet(monitored=True, last_visit_date=date(2026, 11, 20), spending=[
        spend("医疗住院", "2026-03-02", "6000", "张秀英"),
        spend("医疗住院", "2026-06-02", "7000", "张秀英"),
        spend("医疗住院", "2025-10-02", "30000"),
    ])
    result = findings(facts)
    assert set(result) == {"medical_inpatient_year", "medical_single_stay"}
    assert result["medical_single_stay"].reason == (
        "张秀英 2026-06-02 单次住院自付 7000 元，超过阈值 6000 元（近12个月共2次）。"
    )
    assert result["medical_single_stay"].value == D(7000)


def test_single_stay_for_others() -> None:
    assert evaluate_warnings(quiet(spending=[spend("医疗住院", "2026-03-02", "9999")]), T) == []
    finding = only(quiet(spending=[spend("医疗住院", "2025-12-24", "10000")]))
    assert finding.reason == "2025-12-24 单次住院自付 10,000 元，达到阈值 10,000 元。"


def test_outpatient_special_disease_per_month() -> None:
    facts = quiet(spending=[
        spend("门诊慢特病", "2026-03-02", "300"), spend("门诊慢特病", "2026-03-20", "220"),
        spend("门诊慢特病", "2026-05-02", "499"),
        spend("门诊慢特病", "2026-08-02", "600"),
        spend("门诊慢特病", "2025-11-02", "900"),
    ])
    finding = only(facts)
    assert finding.rule is WarningRule.OUTPATIENT_MONTHLY
    assert finding.reason == (
        "2026年8月门诊慢特病自付 600 元，超过阈值 500 元（近12个月共2个月超过）。"
    )


# --- education, disaster ------------------------------------------------------------------


def test_school_year() -> None:
    assert school_year_of(date(2026, 11, 23)) == (date(2026, 9, 1), date(2027, 8, 31))
    assert school_year_of(date(2026, 8, 31)) == (date(2025, 9, 1), date(2026, 8, 31))


def test_education_cost_per_student_and_school_year() -> None:
    facts = quiet(spending=[
        spend("教育", "2026-09-01", "6000", "李小红"),
        spend("教育", "2026-10-15", "4500", "李小红"),
        spend("教育", "2026-09-01", "6000", "李小明"),
        spend("教育", "2026-08-31", "9000", "李小明"),
    ])
    finding = only(facts)
    assert finding.rule is WarningRule.EDUCATION_COST
    assert finding.reason == "2026-2027学年李小红的教育支出 10,500 元，超过阈值 10,000 元。"


def test_jizhou_university_cost_of_a_watched_household_is_caught_by_default() -> None:
    """DOMAIN.md (seed, Jizhou): a non-stable household's 8,000 yuan for a daughter at university
    sent the center to the home the same day. With the shipped thresholds a 脱贫户 or a monitored
    household is caught at 5,000 a school year; other households keep the county's 10,000."""
    jizhou = [spend("教育", "2026-11-23", "8000", "刘欣然")]
    finding = only(quiet(household_type="脱贫户", per_capita_income=D(10000),
                         previous_per_capita_income=D(10000), spending=jizhou))
    assert finding.rule is WarningRule.EDUCATION_COST
    assert finding.reason == "2026-2027学年刘欣然的教育支出 8000 元，超过阈值 5000 元。"
    assert only(quiet(monitored=True, spending=jizhou)).threshold == D(5000)
    assert evaluate_warnings(quiet(spending=jizhou), T) == []  # 一般农户: 8,000 < 10,000


def test_education_cost_without_member_and_exactly_at_threshold() -> None:
    assert evaluate_warnings(quiet(spending=[spend("教育", "2026-09-10", "10000")]), T) == []
    finding = only(quiet(spending=[spend("教育", "2026-09-10", "10000.01")]))
    assert finding.reason == "2026-2027学年家庭教育支出 10,000.01 元，超过阈值 10,000 元。"


def test_disaster_loss_above_threshold_says_exceeds() -> None:
    finding = only(quiet(spending=[spend("灾害", "2026-07-30", "12000")]))
    assert finding.reason == "近12个月灾害、意外损失和支出 12,000 元，超过阈值 5000 元。"


def test_disaster_and_accident_losses() -> None:
    facts = quiet(spending=[
        spend("灾害", "2026-07-30", "3000"), spend("意外", "2026-09-01", "2000"),
        spend("灾害", "2025-11-23", "8000"), spend("其他", "2026-09-01", "9000"),
    ])
    finding = only(facts)
    assert finding.rule is WarningRule.DISASTER_LOSS
    assert finding.reason == "近12个月灾害、意外损失和支出 5000 元，达到阈值 5000 元。"


def test_spending_may_be_given_as_plain_tuples() -> None:
    facts = quiet(spending=[("灾害", date(2026, 7, 30), D(6000))])
    assert only(facts).rule is WarningRule.DISASTER_LOSS
    assert SpendingKind.DISASTER == "灾害"


def test_future_spending_is_ignored() -> None:
    assert evaluate_warnings(quiet(spending=[spend("灾害", "2026-12-01", "9000")]), T) == []


# --- members, house, visits ---------------------------------------------------------------


def test_members_newly_disabled_or_ill() -> None:
    finding = only(quiet(members_newly_disabled_or_ill=["王大明", "", "刘芳", "王大明"]))
    assert finding.rule is WarningRule.MEMBER_HEALTH
    assert finding.reason == "家庭成员王大明、刘芳新增残疾或患大病。"
    assert finding.value == D(2)


def test_house_unsafe() -> None:
    finding = only(quiet(house_dangerous=True))
    assert finding.rule is WarningRule.HOUSE_UNSAFE
    assert finding.reason == "住房为危房或受损，住房安全没有保障。"


def test_visit_overdue_for_monitored_households() -> None:
    assert evaluate_warnings(quiet(monitored=True, last_visit_date=date(2026, 10, 24)), T) == []
    finding = only(quiet(monitored=True, last_visit_date=date(2026, 10, 23)))
    assert finding.rule is WarningRule.VISIT_OVERDUE
    assert finding.reason == "距上次走访（2026-10-23）已 31 天，超过监测户走访周期 30 天。"
    assert (finding.value, finding.threshold) == (D(31), D(30))


def test_visit_overdue_for_other_households() -> None:
    assert evaluate_warnings(quiet(last_visit_date=date(2026, 8, 25)), T) == []
    finding = only(quiet(last_visit_date=date(2026, 8, 24)))
    assert finding.reason == "距上次走访（2026-08-24）已 91 天，超过农户走访周期 90 天。"


def test_never_visited() -> None:
    finding = only(quiet(last_visit_date=None, monitored=True))
    assert finding.reason == "尚无走访记录（监测户走访周期 30 天）。"
    assert finding.value is None


def test_findings_come_in_rule_order() -> None:
    facts = quiet(monitored=True, per_capita_income=D(3000), house_dangerous=True,
                  last_visit_date=None, members_newly_disabled_or_ill=["王大明"],
                  spending=[spend("医疗住院", "2026-10-01", "25000")])
    assert list(findings(facts)) == [
        "income_below_line", "income_drop", "medical_inpatient_year", "medical_single_stay",
        "member_health", "house_unsafe", "visit_overdue",
    ]


# --- thresholds ---------------------------------------------------------------------------


def test_default_thresholds_are_the_domain_values() -> None:
    assert T.to_dict() == {
        "near_line_factor": "1.5", "income_drop_share": "0.3",
        "inpatient_year_poverty_exited": "5000", "inpatient_year_other": "20000",
        "single_stay_monitored": "6000", "single_stay_other": "10000",
        "outpatient_month": "500", "education_school_year": "10000",
        "education_school_year_watched": "5000", "disaster_loss_year": "5000",
        "visit_interval_monitored_days": 30, "visit_interval_other_days": 90,
        "workload_limit": 5,
    }
    assert set(THRESHOLD_LABELS) == {f.name for f in fields(WarningThresholds)}


def test_thresholds_round_trip_through_json() -> None:
    custom = WarningThresholds(outpatient_month=D("650.5"), visit_interval_other_days=60)
    stored = json.dumps(custom.to_dict())
    assert WarningThresholds.from_dict(json.loads(stored)) == custom


def test_from_dict_fills_defaults_and_ignores_unknown_settings() -> None:
    loaded = WarningThresholds.from_dict({"outpatient_month": 800, "new_rule_threshold": "1"})
    assert loaded == replace(T, outpatient_month=D(800))
    assert WarningThresholds.from_dict({}) == T


def test_from_dict_accepts_numbers_as_json_gives_them() -> None:
    loaded = WarningThresholds.from_dict({"income_drop_share": 0.25, "workload_limit": 8.0,
                                          "near_line_factor": " 1.2 "})
    assert loaded.income_drop_share == D("0.25")
    assert loaded.workload_limit == 8
    assert loaded.near_line_factor == D("1.2")


OUTPATIENT = "预警设置“门诊慢特病月自付预警线（元）”"


@pytest.mark.parametrize(("data", "message"), [
    ({"outpatient_month": "abc"}, f"{OUTPATIENT}的值“abc”不是有效的数字。"),
    ({"outpatient_month": None}, f"{OUTPATIENT}的值“None”不是有效的数字。"),
    ({"outpatient_month": True}, f"{OUTPATIENT}的值“True”不是有效的数字。"),
    ({"outpatient_month": "NaN"}, f"{OUTPATIENT}的值“NaN”不是有效的数字。"),
    ({"outpatient_month": -1}, f"{OUTPATIENT}不能为负数，实际为-1。"),
    ({"workload_limit": 2.5}, "预警设置“乡村干部帮扶户数上限”的值“2.5”不是有效的数字。"),
    ({"workload_limit": 0}, "预警设置“乡村干部帮扶户数上限”至少为1，实际为0。"),
    ({"visit_interval_monitored_days": "0"}, "预警设置“监测户走访周期（天）”至少为1，实际为0。"),
    ({"income_drop_share": "1.2"}, "预警设置“收入降幅比例”应在0到1之间，实际为1.2。"),
    ({"income_drop_share": 0}, "预警设置“收入降幅比例”应在0到1之间，实际为0。"),
    ({"near_line_factor": "0.8"}, "预警设置“接近监测线倍数”不能小于1，实际为0.8。"),
])
def test_bad_threshold_values(data: dict[str, object], message: str) -> None:
    with pytest.raises(UserFacingError) as caught:
        WarningThresholds.from_dict(data)
    assert caught.value.message == message
    assert caught.value.field == next(iter(data))


def test_thresholds_change_the_outcome() -> None:
    facts = quiet(spending=[spend("门诊慢特病", "2026-10-01", "450")])
    assert evaluate_warnings(facts, T) == []
    lower = WarningThresholds(outpatient_month=D(400))
    assert only(facts, lower).reason == "2026年10月门诊慢特病自付 450 元，超过阈值 400 元。"


money = st.decimals(min_value=0, max_value=100000, places=2)


@given(money, money, st.decimals(min_value=1, max_value=3, places=2),
       st.decimals(min_value=D("0.01"), max_value=1, places=2),
       st.integers(min_value=1, max_value=365))
def test_any_valid_thresholds_round_trip(outpatient: Decimal, education: Decimal,
                                         factor: Decimal, share: Decimal, days: int) -> None:
    thresholds = WarningThresholds(outpatient_month=outpatient, education_school_year=education,
                                   near_line_factor=factor, income_drop_share=share,
                                   visit_interval_other_days=days)
    assert WarningThresholds.from_dict(json.loads(json.dumps(thresholds.to_dict()))) == thresholds


@given(st.lists(st.tuples(st.sampled_from(list(SpendingKind)),
                          st.dates(min_value=date(2025, 1, 1), max_value=date(2027, 1, 1)),
                          money), max_size=12),
       st.booleans(), st.sampled_from(["脱贫户", "一般农户", "监测户", "其他"]))
def test_findings_are_well_formed_for_any_spending(items: list[tuple[str, date, Decimal]],
                                                   monitored: bool, kind: str) -> None:
    facts = quiet(spending=items, monitored=monitored, household_type=kind)
    result = evaluate_warnings(facts, T)
    assert len({f.rule for f in result}) == len(result)
    for finding in result:
        assert finding.title == RULE_TITLES[finding.rule]
        assert finding.reason.endswith("。")
        if finding.value is not None and finding.threshold is not None:
            assert finding.value >= finding.threshold
