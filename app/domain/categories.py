"""The lists of the work (Hebei seed values) and the suggested monitoring category.

Every list here is data: the defaults a new county database starts from. The province may rename
or merge entries, so validation takes the allowed values as an argument instead of assuming
these tuples.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from app.domain.errors import UserFacingError
from app.domain.income import format_yuan, to_decimal


class HouseholdType(StrEnum):
    POVERTY_EXITED = "脱贫户"
    ORDINARY = "一般农户"
    MONITORED = "监测户"
    OTHER = "其他"


class MonitoringCategory(StrEnum):
    UNSTABLE_EXITED = "脱贫不稳定户"
    MARGINAL = "边缘易致贫户"
    SUDDEN_HARDSHIP = "突发严重困难户"


HOUSEHOLD_TYPES: tuple[str, ...] = tuple(HouseholdType)
MONITORING_CATEGORIES: tuple[str, ...] = tuple(MonitoringCategory)

# --- risk types (风险类型): at most five per household, the main one first -----------------

NATIONAL_RISK_TYPES: tuple[str, ...] = (
    "因病", "因学", "因残", "因自然灾害", "因意外事故", "因产业项目失败", "因务工就业不稳",
    "缺劳动力", "其他",
)
NATURAL_DISASTER_KINDS: tuple[str, ...] = ("洪涝", "地质", "旱灾", "生物", "气象", "地震", "其他")
RISK_SUB_KINDS: Mapping[str, tuple[str, ...]] = {"因自然灾害": NATURAL_DISASTER_KINDS}
PROVINCIAL_RISK_TYPES: tuple[str, ...] = (
    "住房出现安全问题", "饮水安全问题", "家庭刚性支出较大或收入大幅缩减",
)
RISK_TYPES: tuple[str, ...] = NATIONAL_RISK_TYPES + PROVINCIAL_RISK_TYPES
MAX_RISK_TYPES = 5

# The national system records these as yes/no flags beside the risk types.
NATIONAL_RISK_FLAGS: tuple[str, ...] = (
    "住房出现安全问题", "义务教育阶段适龄儿童少年失学辍学", "饮水出现安全问题",
    "家庭成员未参加基本医保",
)

# --- measures (帮扶措施) --------------------------------------------------------------------

MEASURE_KINDS: tuple[str, ...] = (
    "产业帮扶", "就业帮扶", "金融帮扶", "健康帮扶", "教育帮扶", "住房安全保障", "饮水安全保障",
    "扶贫项目资产帮扶", "兜底保障和社会救助", "社会帮扶", "扶志扶智",
)

MEASURE_SUB_ITEMS: Mapping[str, tuple[str, ...]] = {
    "产业帮扶": ("生产奖补", "种养殖扶持", "技术指导", "产销对接"),
    "就业帮扶": (
        "技能培训", "有组织劳务输出", "一次性求职补贴", "外出务工交通补贴", "稳岗就业",
        "护林员", "护路员", "保洁员", "其他公益岗位",
    ),
    "金融帮扶": ("扶贫小额贷款", "农业保险"),
    "健康帮扶": (
        "城乡居民医保", "大病保险", "医疗救助", "家庭医生签约", "先诊疗后付费", "大病集中救治",
        "慢病签约服务", "重病兜底保障",
    ),
    "教育帮扶": ("两免一补", "控辍保学", "三免一助", "雨露计划", "生源地助学贷款", "国家助学金"),
    "住房安全保障": ("危房改造", "易地搬迁"),
    "饮水安全保障": ("饮水工程", "水质提升"),
    "扶贫项目资产帮扶": ("资产收益分红", "基础设施建设", "生产生活条件改善"),
    "兜底保障和社会救助": ("低保", "特困供养", "临时救助", "养老保险", "防贫保险"),
    "社会帮扶": ("结对帮扶", "消费帮扶", "社会捐赠"),
    "扶志扶智": ("宣传教育", "典型示范", "移风易俗"),
}

NATIONAL_MEASURE_FIELDS: tuple[str, ...] = (
    "产业帮扶", "就业帮扶", "金融帮扶", "公益岗位帮扶", "健康帮扶", "义务教育保障", "其他教育帮扶",
    "综合保障", "住房安全保障", "饮水安全保障", "社会帮扶", "搬迁", "生产生活条件改善",
    "基础设施建设",
)
# 开发式帮扶, expected within a month of identification for a household with labour capacity.
DEVELOPMENT_NATIONAL_FIELDS: tuple[str, ...] = ("产业帮扶", "就业帮扶", "金融帮扶", "公益岗位帮扶")

# Where a Hebei measure kind goes in the national export …
MEASURE_TO_NATIONAL: Mapping[str, str] = {
    "产业帮扶": "产业帮扶",
    "就业帮扶": "就业帮扶",
    "金融帮扶": "金融帮扶",
    "健康帮扶": "健康帮扶",
    "教育帮扶": "其他教育帮扶",
    "住房安全保障": "住房安全保障",
    "饮水安全保障": "饮水安全保障",
    "扶贫项目资产帮扶": "产业帮扶",
    "兜底保障和社会救助": "综合保障",
    "社会帮扶": "社会帮扶",
    "扶志扶智": "其他教育帮扶",
}
# … unless its sub-item belongs to a more specific national field.
SUB_ITEM_TO_NATIONAL: Mapping[str, str] = {
    "护林员": "公益岗位帮扶",
    "护路员": "公益岗位帮扶",
    "保洁员": "公益岗位帮扶",
    "其他公益岗位": "公益岗位帮扶",
    "两免一补": "义务教育保障",
    "控辍保学": "义务教育保障",
    "易地搬迁": "搬迁",
    "基础设施建设": "基础设施建设",
    "生产生活条件改善": "生产生活条件改善",
}


def national_measure_field(kind: str, sub_item: str | None = None, *,
                           kinds: Mapping[str, str] = MEASURE_TO_NATIONAL,
                           sub_items: Mapping[str, str] = SUB_ITEM_TO_NATIONAL) -> str:
    """The national measure field a measure is exported under."""
    if sub_item and sub_item in sub_items:
        return sub_items[sub_item]
    if kind not in kinds:
        raise UserFacingError(
            f"帮扶措施类别“{kind}”没有对应的全国系统字段，请在措施类别设置中补充对应关系。",
            field="帮扶措施类别",
        )
    return kinds[kind]


def is_development_measure(kind: str, sub_item: str | None = None) -> bool:
    """开发式帮扶 (industry, employment, finance, public-welfare posts)?"""
    return national_measure_field(kind, sub_item) in DEVELOPMENT_NATIONAL_FIELDS


# --- members --------------------------------------------------------------------------------

HEAD_RELATION = "户主"
RELATIONS: tuple[str, ...] = (
    HEAD_RELATION, "配偶", "之子", "之女", "之儿媳", "之女婿", "之孙子/女", "之外孙子/女", "之父/母",
    "之岳父/母", "之公公/婆婆", "之(外)祖父/母", "之兄弟姐妹", "之曾孙子/女", "之侄儿/女",
    "之兄弟媳妇", "之叔伯", "其他",
)
OTHER_RELATION = RELATIONS[-1]

HEALTHY = "健康"
HEALTH_STATES: tuple[str, ...] = ("健康", "长期慢性病", "患有大病", "残疾")

DISABILITY_KINDS: Mapping[int, str] = {
    1: "视力残疾", 2: "听力残疾", 3: "言语残疾", 4: "肢体残疾", 5: "智力残疾", 6: "精神残疾",
    7: "多重残疾",
}
DISABILITY_GRADES: Mapping[int, str] = {1: "一级", 2: "二级", 3: "三级", 4: "四级"}

LABOUR_SKILLS: tuple[str, ...] = (
    "普通劳动力", "技能劳动力", "弱劳动力或半劳动力", "丧失劳动力", "无劳动力",
)
NO_LABOUR_SKILLS: tuple[str, ...] = ("丧失劳动力", "无劳动力")

EDUCATION_LEVELS: tuple[str, ...] = ("文盲或半文盲", "小学", "初中", "高中", "大专", "本科及以上")

SCHOOL_STAGES: tuple[str, ...] = (
    "学前教育",
    "小学一年级", "小学二年级", "小学三年级", "小学四年级", "小学五年级", "小学六年级",
    "七年级", "八年级", "九年级",
    "普高一年级", "普高二年级", "普高三年级",
    "中职一年级", "中职二年级", "中职三年级",
    "高职高专一年级", "高职高专二年级", "高职高专三年级",
    "本科一年级", "本科二年级", "本科三年级", "本科四年级", "本科五年级",
    "研究生及以上",
)
COMPULSORY_SCHOOL_STAGES: tuple[str, ...] = SCHOOL_STAGES[1:10]
# High school and vocational school: the stages of the "costs over 10,000 a school year" warning.
SENIOR_SECONDARY_STAGES: tuple[str, ...] = SCHOOL_STAGES[10:16]

MEDICAL_INSURANCE_KINDS: tuple[str, ...] = ("城乡居民医保", "职工医保", "大病保险", "商业补充")

# --- procedures and cases -------------------------------------------------------------------

DISCOVERY_CHANNELS: tuple[str, ...] = ("农户自主申报", "基层干部排查", "部门筛查预警")
ELIMINATION_METHODS: tuple[str, ...] = ("帮扶消除", "自然消除")
CASE_STATUSES: tuple[str, ...] = ("风险未消除", "风险已消除")

# 两不愁三保障 and drinking water: what a visit records as met / not met, and the household
# field each one is kept in.
CHECK_FIELDS: Mapping[str, str] = {
    "不愁吃": "food_secure", "不愁穿": "clothing_secure", "义务教育": "education_secure",
    "基本医疗": "medical_secure", "住房安全": "housing_secure", "饮水安全": "water_secure",
}
CHECK_LABELS: Mapping[str, str] = {name: label for label, name in CHECK_FIELDS.items()}
SECURITY_CHECKS: tuple[str, ...] = tuple(CHECK_FIELDS)


# --- validation helpers ---------------------------------------------------------------------


def check_choice(value: str, allowed: Collection[str], field_label: str) -> str:
    """Return ``value`` (trimmed) if it is one of ``allowed``; otherwise say what is allowed."""
    text = value.strip() if isinstance(value, str) else value
    if text in allowed:
        return text
    listed = "、".join(allowed)
    if not text:
        raise UserFacingError(f"请填写“{field_label}”，可选：{listed}。", field=field_label)
    raise UserFacingError(
        f"“{field_label}”不能填“{text}”，只能是以下之一：{listed}。", field=field_label
    )


def check_choices(values: Iterable[str], allowed: Collection[str], field_label: str, *,
                  max_count: int | None = None) -> tuple[str, ...]:
    """Check a multiple choice: every value allowed, none twice, at most ``max_count``."""
    checked = tuple(check_choice(value, allowed, field_label) for value in values)
    repeated = sorted({value for value in checked if checked.count(value) > 1}, key=checked.index)
    if repeated:
        raise UserFacingError(
            f"“{field_label}”中“{'、'.join(repeated)}”填了不止一次。", field=field_label
        )
    if max_count is not None and len(checked) > max_count:
        raise UserFacingError(
            f"“{field_label}”最多填{max_count}项，实际填了{len(checked)}项。", field=field_label
        )
    return checked


def check_risk_types(values: Iterable[str], allowed: Collection[str] = RISK_TYPES, *,
                     max_count: int = MAX_RISK_TYPES) -> tuple[str, ...]:
    """Up to five risk types, the main one first, none twice."""
    return check_choices(values, allowed, "风险类型", max_count=max_count)


def check_health_states(values: Iterable[str],
                        allowed: Collection[str] = HEALTH_STATES) -> tuple[str, ...]:
    """Health states may be combined, except that 健康 stands alone."""
    checked = check_choices(values, allowed, "健康状况")
    if not checked:
        raise UserFacingError("请填写“健康状况”。", field="健康状况")
    if HEALTHY in checked and len(checked) > 1:
        others = "、".join(value for value in checked if value != HEALTHY)
        raise UserFacingError(
            f"“健康状况”填了“健康”，就不能同时填“{others}”。", field="健康状况"
        )
    return checked


def check_single_head(relations: Sequence[str]) -> None:
    """Exactly one member of a household is its head (户主)."""
    heads = sum(1 for relation in relations if relation == HEAD_RELATION)
    if heads == 0:
        raise UserFacingError("这一户没有户主，请把一名成员的“与户主关系”填为“户主”。",
                              field="与户主关系")
    if heads > 1:
        raise UserFacingError(f"这一户有{heads}名户主，每户只能有一名户主。", field="与户主关系")


def check_education_or_stage(education: str | None, school_stage: str | None, *,
                             education_levels: Collection[str] = EDUCATION_LEVELS,
                             school_stages: Collection[str] = SCHOOL_STAGES) -> None:
    """A member has an education level or, while at school, a school stage — not both."""
    if education and school_stage:
        raise UserFacingError(
            f"“文化程度”（{education}）和“在校生情况”（{school_stage}）只能填一项："
            "在校学生填在校生情况，其他人填文化程度。",
            field="在校生情况",
        )
    if education:
        check_choice(education, education_levels, "文化程度")
    if school_stage:
        check_choice(school_stage, school_stages, "在校生情况")


# --- suggested monitoring category ----------------------------------------------------------


@dataclass(frozen=True)
class CategoryThresholds:
    """County settings for suggesting a category (defaults: Hebei seed practice)."""

    rigid_spending_share: Decimal = Decimal("0.5")
    income_drop_share: Decimal = Decimal("0.3")
    near_line_factor: Decimal = Decimal("1.5")

    def __post_init__(self) -> None:
        for name in ("rigid_spending_share", "income_drop_share", "near_line_factor"):
            object.__setattr__(self, name, to_decimal(getattr(self, name)))
        for name in ("rigid_spending_share", "income_drop_share"):
            share = getattr(self, name)
            if not Decimal(0) < share <= Decimal(1):
                raise UserFacingError(
                    f"“{_THRESHOLD_LABELS[name]}”应在0到1之间，实际为{share}。", field=name
                )
        if self.near_line_factor < 1:
            raise UserFacingError(
                f"“{_THRESHOLD_LABELS['near_line_factor']}”不能小于1，实际为"
                f"{self.near_line_factor}。",
                field="near_line_factor",
            )


_THRESHOLD_LABELS = {
    "rigid_spending_share": "刚性支出占纯收入比例",
    "income_drop_share": "收入降幅比例",
    "near_line_factor": "接近监测线倍数",
}
CATEGORY_THRESHOLD_LABELS: Mapping[str, str] = _THRESHOLD_LABELS


def default_category_thresholds() -> CategoryThresholds:
    return CategoryThresholds()


@dataclass(frozen=True)
class CategoryFacts:
    household_type: str
    per_capita_income: Decimal
    net_income: Decimal
    household_size: int
    out_of_pocket_spending: Decimal = Decimal(0)
    previous_per_capita_income: Decimal | None = None
    risk_types: Sequence[str] = field(default_factory=tuple)


@dataclass(frozen=True)
class CategorySuggestion:
    """``category``: the suggested category's name — the rules' default name until ``named`` gives
    it the county's name in force; ``role``: which of the rules' categories it is."""

    category: str | None
    reason: str
    role: MonitoringCategory | None = None

    def __post_init__(self) -> None:
        if self.role is None and self.category in tuple(MonitoringCategory):
            object.__setattr__(self, "role", MonitoringCategory(self.category))

    def named(self, names: Mapping[MonitoringCategory, str]) -> CategorySuggestion:
        """The same suggestion under the county's names in force (policy data); a category the
        county retired is no suggestion at all, saying so."""
        if self.role is None:
            return self
        name = names.get(self.role, "")
        if not name:
            return CategorySuggestion(None, f"{self.reason}（按规则应为“{self.role.value}”，但县里已停用这一类别，"
                                            "请选择类别）")
        return CategorySuggestion(name, self.reason, self.role)


_ELIGIBLE_TYPES = (HouseholdType.POVERTY_EXITED, HouseholdType.ORDINARY)


def _risk_phrase(risk_types: Sequence[str]) -> str:
    return f"存在{'、'.join(risk_types)}风险" if risk_types else "未登记风险类型"


def _number(value: Decimal) -> str:
    return f"{value.normalize():f}"


def _percent(share: Decimal) -> str:
    return f"{_number(share * 100)}%"


def _sudden_hardship_signs(facts: CategoryFacts, line: Decimal,
                           thresholds: CategoryThresholds) -> list[str]:
    signs: list[str] = []
    spending = facts.out_of_pocket_spending
    if spending > 0:
        limit = thresholds.rigid_spending_share * facts.net_income
        if facts.net_income <= 0 or spending > limit:
            signs.append(
                f"合规自付支出 {format_yuan(spending)} 元，超过家庭纯收入 "
                f"{format_yuan(facts.net_income)} 元的{_percent(thresholds.rigid_spending_share)}"
            )
        if facts.household_size >= 1:
            after = (facts.net_income - spending) / facts.household_size
            if after < line:
                signs.append(
                    f"扣除合规自付支出后人均纯收入 {format_yuan(after, cents=True)} 元，"
                    f"低于监测线 {format_yuan(line)} 元"
                )
    previous = facts.previous_per_capita_income
    if previous is not None and previous > 0:
        drop = (previous - facts.per_capita_income) / previous
        if drop >= thresholds.income_drop_share:
            signs.append(
                f"人均纯收入由 {format_yuan(previous, cents=True)} 元降至 "
                f"{format_yuan(facts.per_capita_income, cents=True)} 元，降幅 "
                f"{drop * 100:.1f}%，达到阈值 {_percent(thresholds.income_drop_share)}"
            )
    return signs


def suggest_category(facts: CategoryFacts, line: Decimal,
                     thresholds: CategoryThresholds) -> CategorySuggestion:
    """Suggest the monitoring category for a household, with the reason in Chinese.

    The suggestion supports the person verifying the household; the category itself is decided
    through the procedure (village review, township review, county approval).
    """
    kind = facts.household_type
    income = facts.per_capita_income
    income_text = f"人均纯收入 {format_yuan(income, cents=True)} 元"
    line_text = f"监测线 {format_yuan(line)} 元"
    if kind not in _ELIGIBLE_TYPES:
        return CategorySuggestion(
            None, f"户类型为“{kind}”，只对脱贫户和一般农户建议监测对象类别。"
        )
    if income < line:
        if not facts.risk_types:
            return CategorySuggestion(
                None,
                f"{kind}，{income_text}，低于{line_text}，"
                "但未登记风险类型，请核实风险后再判定。",
            )
        category = (MonitoringCategory.UNSTABLE_EXITED if kind == HouseholdType.POVERTY_EXITED
                    else MonitoringCategory.MARGINAL)
        return CategorySuggestion(
            category,
            f"{kind}，{income_text}，低于{line_text}，且{_risk_phrase(facts.risk_types)}。",
        )
    signs = _sudden_hardship_signs(facts, line, thresholds)
    if signs:
        return CategorySuggestion(
            MonitoringCategory.SUDDEN_HARDSHIP,
            f"{kind}，{income_text}，不低于{line_text}，但{'；'.join(signs)}"
            f"（{_risk_phrase(facts.risk_types)}）。",
        )
    near = line * thresholds.near_line_factor
    if income < near:
        return CategorySuggestion(
            None,
            f"未发现返贫致贫风险：{income_text}，不低于{line_text}，但低于"
            f"{_number(thresholds.near_line_factor)}倍监测线 {format_yuan(near)} 元，"
            "建议持续关注。",
        )
    return CategorySuggestion(None, f"未发现返贫致贫风险：{income_text}，不低于{line_text}。")


# Household conditions and social assistance status.
HOUSE_SAFETY: tuple[str, ...] = ("安全", "危房", "未鉴定")
SOCIAL_ASSISTANCE: tuple[str, ...] = ("低保", "特困")
