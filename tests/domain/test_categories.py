from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.categories import (
    CASE_STATUSES,
    COMPULSORY_SCHOOL_STAGES,
    DEVELOPMENT_NATIONAL_FIELDS,
    DISCOVERY_CHANNELS,
    EDUCATION_LEVELS,
    ELIMINATION_METHODS,
    HEALTH_STATES,
    HOUSEHOLD_TYPES,
    LABOUR_SKILLS,
    MEASURE_KINDS,
    MEASURE_SUB_ITEMS,
    MEASURE_TO_NATIONAL,
    MONITORING_CATEGORIES,
    NATIONAL_MEASURE_FIELDS,
    NATIONAL_RISK_TYPES,
    NATURAL_DISASTER_KINDS,
    RELATIONS,
    RISK_TYPES,
    SECURITY_CHECKS,
    SENIOR_SECONDARY_STAGES,
    SUB_ITEM_TO_NATIONAL,
    CategoryFacts,
    CategoryThresholds,
    HouseholdType,
    MonitoringCategory,
    check_choice,
    check_choices,
    check_education_or_stage,
    check_health_states,
    check_risk_types,
    check_single_head,
    default_category_thresholds,
    is_development_measure,
    national_measure_field,
    suggest_category,
)
from app.domain.errors import UserFacingError

D = Decimal
LINE = D(6600)


def message_of(call: object, *args: object, **kwargs: object) -> str:
    with pytest.raises(UserFacingError) as caught:
        call(*args, **kwargs)  # type: ignore[operator]
    return caught.value.message


# --- the lists ----------------------------------------------------------------------------


def test_lists_from_the_domain() -> None:
    assert HOUSEHOLD_TYPES == ("脱贫户", "一般农户", "监测户", "其他")
    assert MONITORING_CATEGORIES == ("脱贫不稳定户", "边缘易致贫户", "突发严重困难户")
    assert DISCOVERY_CHANNELS == ("农户自主申报", "基层干部排查", "部门筛查预警")
    assert ELIMINATION_METHODS == ("帮扶消除", "自然消除")
    assert CASE_STATUSES == ("风险未消除", "风险已消除")
    assert SECURITY_CHECKS == ("不愁吃", "不愁穿", "义务教育", "基本医疗", "住房安全", "饮水安全")
    assert HEALTH_STATES == ("健康", "长期慢性病", "患有大病", "残疾")
    assert LABOUR_SKILLS == ("普通劳动力", "技能劳动力", "弱劳动力或半劳动力", "丧失劳动力",
                             "无劳动力")
    assert EDUCATION_LEVELS == ("文盲或半文盲", "小学", "初中", "高中", "大专", "本科及以上")


def test_relations_are_exactly_the_domain_list() -> None:
    assert RELATIONS == (
        "户主", "配偶", "之子", "之女", "之儿媳", "之女婿", "之孙子/女", "之外孙子/女", "之父/母",
        "之岳父/母", "之公公/婆婆", "之(外)祖父/母", "之兄弟姐妹", "之曾孙子/女", "之侄儿/女",
        "之兄弟媳妇", "之叔伯", "其他",
    )


def test_risk_types() -> None:
    assert NATIONAL_RISK_TYPES[:4] == ("因病", "因学", "因残", "因自然灾害")
    assert len(NATIONAL_RISK_TYPES) == 9
    assert NATURAL_DISASTER_KINDS == ("洪涝", "地质", "旱灾", "生物", "气象", "地震", "其他")
    assert RISK_TYPES[-3:] == ("住房出现安全问题", "饮水安全问题", "家庭刚性支出较大或收入大幅缩减")
    assert len(set(RISK_TYPES)) == len(RISK_TYPES)


def test_measures_eleven_hebei_kinds_map_into_fourteen_national_fields() -> None:
    assert len(MEASURE_KINDS) == 11
    assert len(NATIONAL_MEASURE_FIELDS) == 14
    assert set(MEASURE_SUB_ITEMS) == set(MEASURE_KINDS) == set(MEASURE_TO_NATIONAL)
    assert set(MEASURE_TO_NATIONAL.values()) <= set(NATIONAL_MEASURE_FIELDS)
    assert set(SUB_ITEM_TO_NATIONAL.values()) <= set(NATIONAL_MEASURE_FIELDS)
    all_sub_items = {item for items in MEASURE_SUB_ITEMS.values() for item in items}
    assert set(SUB_ITEM_TO_NATIONAL) <= all_sub_items
    reachable = set(MEASURE_TO_NATIONAL.values()) | set(SUB_ITEM_TO_NATIONAL.values())
    assert reachable == set(NATIONAL_MEASURE_FIELDS)  # every national field can be filled
    assert set(DEVELOPMENT_NATIONAL_FIELDS) <= set(NATIONAL_MEASURE_FIELDS)


def test_school_stage_groups() -> None:
    assert COMPULSORY_SCHOOL_STAGES[0] == "小学一年级"
    assert COMPULSORY_SCHOOL_STAGES[-1] == "九年级"
    assert len(COMPULSORY_SCHOOL_STAGES) == 9
    assert SENIOR_SECONDARY_STAGES == ("普高一年级", "普高二年级", "普高三年级", "中职一年级",
                                       "中职二年级", "中职三年级")


@pytest.mark.parametrize(("kind", "sub_item", "national"), [
    ("就业帮扶", "技能培训", "就业帮扶"),
    ("就业帮扶", "护林员", "公益岗位帮扶"),
    ("教育帮扶", "两免一补", "义务教育保障"),
    ("教育帮扶", "雨露计划", "其他教育帮扶"),
    ("住房安全保障", "易地搬迁", "搬迁"),
    ("住房安全保障", None, "住房安全保障"),
    ("兜底保障和社会救助", "低保", "综合保障"),
    ("扶贫项目资产帮扶", "基础设施建设", "基础设施建设"),
])
def test_national_measure_field(kind: str, sub_item: str | None, national: str) -> None:
    assert national_measure_field(kind, sub_item) == national


def test_national_measure_field_unknown_kind() -> None:
    assert message_of(national_measure_field, "光伏帮扶") == (
        "帮扶措施类别“光伏帮扶”没有对应的全国系统字段，请在措施类别设置中补充对应关系。"
    )


def test_development_measures() -> None:
    assert is_development_measure("产业帮扶")
    assert is_development_measure("就业帮扶", "保洁员")
    assert not is_development_measure("健康帮扶", "大病保险")


# --- choice checks ------------------------------------------------------------------------


def test_check_choice() -> None:
    assert check_choice(" 之子 ", RELATIONS, "与户主关系") == "之子"
    assert message_of(check_choice, "儿子", ("户主", "配偶", "之子"), "与户主关系") == (
        "“与户主关系”不能填“儿子”，只能是以下之一：户主、配偶、之子。"
    )
    assert message_of(check_choice, " ", ("户主", "配偶"), "与户主关系") == (
        "请填写“与户主关系”，可选：户主、配偶。"
    )
    with pytest.raises(UserFacingError) as caught:
        check_choice("x", RELATIONS, "与户主关系")
    assert caught.value.field == "与户主关系"


def test_check_choices_and_risk_types() -> None:
    assert check_risk_types(["因病", "因学"]) == ("因病", "因学")
    assert message_of(check_risk_types, ["因病", "因学", "因病"]) == (
        "“风险类型”中“因病”填了不止一次。"
    )
    assert message_of(check_risk_types, ["因病", "因学", "因残", "缺劳动力", "其他",
                                         "因意外事故"]) == "“风险类型”最多填5项，实际填了6项。"
    assert message_of(check_risk_types, ["因穷"]).startswith("“风险类型”不能填“因穷”")
    assert check_choices([], RISK_TYPES, "风险类型") == ()


def test_risk_types_follow_a_county_list() -> None:
    assert check_risk_types(["因疫情"], allowed=(*RISK_TYPES, "因疫情")) == ("因疫情",)


def test_check_health_states() -> None:
    assert check_health_states(["长期慢性病", "残疾"]) == ("长期慢性病", "残疾")
    assert check_health_states(["健康"]) == ("健康",)
    assert message_of(check_health_states, ["健康", "残疾", "患有大病"]) == (
        "“健康状况”填了“健康”，就不能同时填“残疾、患有大病”。"
    )
    assert message_of(check_health_states, []) == "请填写“健康状况”。"


def test_check_single_head() -> None:
    check_single_head(["户主", "配偶", "之子"])
    assert message_of(check_single_head, ["配偶", "之子"]) == (
        "这一户没有户主，请把一名成员的“与户主关系”填为“户主”。"
    )
    assert message_of(check_single_head, ["户主", "户主", "之子"]) == (
        "这一户有2名户主，每户只能有一名户主。"
    )


def test_check_education_or_stage() -> None:
    check_education_or_stage("初中", None)
    check_education_or_stage(None, "七年级")
    check_education_or_stage(None, None)
    assert message_of(check_education_or_stage, "初中", "七年级") == (
        "“文化程度”（初中）和“在校生情况”（七年级）只能填一项：在校学生填在校生情况，其他人填文化程度。"
    )
    assert message_of(check_education_or_stage, "硕士", None).startswith("“文化程度”不能填“硕士”")
    assert message_of(check_education_or_stage, None, "初一").startswith("“在校生情况”不能填“初一”")


# --- suggested category -------------------------------------------------------------------


def facts(kind: str = "脱贫户", per_capita: str = "5200", size: int = 3,
          risks: tuple[str, ...] = ("因病",), spending: str = "0",
          previous: str | None = None) -> CategoryFacts:
    return CategoryFacts(
        household_type=kind,
        per_capita_income=D(per_capita),
        net_income=D(per_capita) * size,
        household_size=size,
        out_of_pocket_spending=D(spending),
        previous_per_capita_income=None if previous is None else D(previous),
        risk_types=risks,
    )


THRESHOLDS = default_category_thresholds()


def test_exited_household_below_line_with_risk_is_unstable() -> None:
    suggestion = suggest_category(facts(), LINE, THRESHOLDS)
    assert suggestion.category is MonitoringCategory.UNSTABLE_EXITED
    assert suggestion.reason == (
        "脱贫户，人均纯收入 5200.00 元，低于监测线 6600 元，且存在因病风险。"
    )


def test_ordinary_household_below_line_with_risks_is_marginal() -> None:
    suggestion = suggest_category(facts("一般农户", risks=("因病", "因学")), LINE, THRESHOLDS)
    assert suggestion.category is MonitoringCategory.MARGINAL
    assert suggestion.reason == (
        "一般农户，人均纯收入 5200.00 元，低于监测线 6600 元，且存在因病、因学风险。"
    )


def test_below_line_without_a_risk_asks_for_the_risk() -> None:
    suggestion = suggest_category(facts(risks=()), LINE, THRESHOLDS)
    assert suggestion.category is None
    assert suggestion.reason == (
        "脱贫户，人均纯收入 5200.00 元，低于监测线 6600 元，但未登记风险类型，请核实风险后再判定。"
    )


def test_large_rigid_spending_above_line_is_sudden_hardship() -> None:
    suggestion = suggest_category(facts("一般农户", "8000", spending="15000"), LINE, THRESHOLDS)
    assert suggestion.category is MonitoringCategory.SUDDEN_HARDSHIP
    assert suggestion.reason == (
        "一般农户，人均纯收入 8000.00 元，不低于监测线 6600 元，但合规自付支出 15,000 元，"
        "超过家庭纯收入 24,000 元的50%；扣除合规自付支出后人均纯收入 3000.00 元，"
        "低于监测线 6600 元（存在因病风险）。"
    )


def test_spending_that_pushes_income_after_spending_below_line_is_enough() -> None:
    # 3 × 7000 = 21000 net; 2000 spending is under half of it but leaves 6333.33 per person.
    suggestion = suggest_category(facts(per_capita="7000", spending="2000"), LINE, THRESHOLDS)
    assert suggestion.category is MonitoringCategory.SUDDEN_HARDSHIP
    assert "扣除合规自付支出后人均纯收入 6333.33 元，低于监测线 6600 元" in suggestion.reason
    assert "超过家庭纯收入" not in suggestion.reason


def test_spending_with_no_net_income_counts_as_large() -> None:
    f = CategoryFacts("一般农户", D(7000), D(0), 3, out_of_pocket_spending=D(100))
    assert suggest_category(f, LINE, THRESHOLDS).category is MonitoringCategory.SUDDEN_HARDSHIP


def test_sharp_income_drop_is_sudden_hardship() -> None:
    suggestion = suggest_category(facts("一般农户", "8000", previous="12000", risks=()), LINE,
                                  THRESHOLDS)
    assert suggestion.category is MonitoringCategory.SUDDEN_HARDSHIP
    assert suggestion.reason == (
        "一般农户，人均纯收入 8000.00 元，不低于监测线 6600 元，但人均纯收入由 12,000.00 元"
        "降至 8000.00 元，降幅 33.3%，达到阈值 30%（未登记风险类型）。"
    )


def test_drop_below_threshold_is_not_hardship() -> None:
    suggestion = suggest_category(facts("一般农户", "10000", previous="14000"), LINE, THRESHOLDS)
    assert suggestion.category is None


def test_near_line_is_noted_without_a_category() -> None:
    suggestion = suggest_category(facts("一般农户", "8000"), LINE, THRESHOLDS)
    assert suggestion.category is None
    assert suggestion.reason == (
        "未发现返贫致贫风险：人均纯收入 8000.00 元，不低于监测线 6600 元，"
        "但低于1.5倍监测线 9900 元，建议持续关注。"
    )


def test_no_risk_found() -> None:
    suggestion = suggest_category(facts("一般农户", "10000"), LINE, THRESHOLDS)
    assert suggestion.category is None
    assert suggestion.reason == (
        "未发现返贫致贫风险：人均纯收入 10,000.00 元，不低于监测线 6600 元。"
    )


def test_income_exactly_at_the_line_is_not_below() -> None:
    assert suggest_category(facts(per_capita="6600"), LINE, THRESHOLDS).category is None


@pytest.mark.parametrize("kind", ["监测户", "其他"])
def test_other_household_types_get_no_suggestion(kind: str) -> None:
    suggestion = suggest_category(facts(kind), LINE, THRESHOLDS)
    assert suggestion.category is None
    assert suggestion.reason == f"户类型为“{kind}”，只对脱贫户和一般农户建议监测对象类别。"


def test_household_type_enum_values_work_as_strings() -> None:
    suggestion = suggest_category(facts(HouseholdType.ORDINARY), LINE, THRESHOLDS)
    assert suggestion.category == "边缘易致贫户"


def test_thresholds_change_the_outcome() -> None:
    strict = CategoryThresholds(rigid_spending_share=D("0.9"), income_drop_share=D("0.5"))
    f = facts("一般农户", "20000", spending="31000", previous="30000")
    assert suggest_category(f, LINE, THRESHOLDS).category is MonitoringCategory.SUDDEN_HARDSHIP
    assert suggest_category(f, LINE, strict).category is None


def test_thresholds_are_checked() -> None:
    assert CategoryThresholds(rigid_spending_share="0.4").rigid_spending_share == D("0.4")  # type: ignore[arg-type]
    assert message_of(CategoryThresholds, rigid_spending_share=D(0)) == (
        "“刚性支出占纯收入比例”应在0到1之间，实际为0。"
    )
    assert message_of(CategoryThresholds, income_drop_share=D("1.5")) == (
        "“收入降幅比例”应在0到1之间，实际为1.5。"
    )
    assert message_of(CategoryThresholds, near_line_factor=D("0.9")) == (
        "“接近监测线倍数”不能小于1，实际为0.9。"
    )


@given(st.sampled_from(["脱贫户", "一般农户"]),
       st.decimals(min_value=-5000, max_value=50000, places=2),
       st.integers(min_value=1, max_value=10),
       st.lists(st.sampled_from(RISK_TYPES), max_size=3, unique=True))
def test_below_line_with_risk_always_gets_the_type_category(kind: str, income: Decimal, size: int,
                                                            risks: list[str]) -> None:
    f = CategoryFacts(kind, income, income * size, size, risk_types=risks)
    suggestion = suggest_category(f, LINE, THRESHOLDS)
    if income < LINE and risks:
        expected = "脱贫不稳定户" if kind == "脱贫户" else "边缘易致贫户"
        assert suggestion.category == expected
    elif income >= LINE:
        assert suggestion.category is None
    assert suggestion.reason.endswith("。")
