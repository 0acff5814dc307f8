"""Early-warning rules (风险预警) for one household, with thresholds set by the county.

Each rule has a stable key (stored with the warning, used to avoid raising the same warning
twice), a Chinese title and a reason that quotes the figures. Thresholds are data
(:class:`WarningThresholds`, stored as JSON and sent down from the county); the defaults are the
Hebei/county practice recorded in DOMAIN.md.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field, fields
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from operator import attrgetter
from typing import Any

from app.domain.categories import HouseholdType
from app.domain.dates import months_before
from app.domain.errors import UserFacingError
from app.domain.income import format_yuan, to_decimal

# How a warning stands: waiting to be followed up, handled, dismissed, turned into a proposal.
WARNING_STATUSES: tuple[str, ...] = ("待处置", "已处置", "已排除", "已转申报")
OPEN, HANDLED, DISMISSED, PROPOSED = WARNING_STATUSES
# A member whose health changed this recently counts as "newly" ill or disabled.
HEALTH_CHANGE_WINDOW = timedelta(days=90)
SERIOUS_HEALTH_STATES = frozenset({"残疾", "患有大病"})
UNSAFE_HOUSE = "危房"


class WarningRule(StrEnum):
    INCOME_BELOW_LINE = "income_below_line"
    INCOME_NEAR_LINE = "income_near_line"
    INCOME_DROP = "income_drop"
    MEDICAL_INPATIENT_YEAR = "medical_inpatient_year"
    MEDICAL_SINGLE_STAY = "medical_single_stay"
    OUTPATIENT_MONTHLY = "outpatient_monthly"
    EDUCATION_COST = "education_cost"
    DISASTER_LOSS = "disaster_loss"
    MEMBER_HEALTH = "member_health"
    HOUSE_UNSAFE = "house_unsafe"
    VISIT_OVERDUE = "visit_overdue"

    @property
    def title(self) -> str:
        return RULE_TITLES[self]


RULE_TITLES: Mapping[WarningRule, str] = {
    WarningRule.INCOME_BELOW_LINE: "人均纯收入低于监测线",
    WarningRule.INCOME_NEAR_LINE: "人均纯收入接近监测线",
    WarningRule.INCOME_DROP: "收入大幅下降",
    WarningRule.MEDICAL_INPATIENT_YEAR: "年度住院自付费用较高",
    WarningRule.MEDICAL_SINGLE_STAY: "单次住院自付费用较高",
    WarningRule.OUTPATIENT_MONTHLY: "门诊慢特病自付费用较高",
    WarningRule.EDUCATION_COST: "教育支出较高",
    WarningRule.DISASTER_LOSS: "灾害或意外损失较大",
    WarningRule.MEMBER_HEALTH: "家庭成员新增残疾或大病",
    WarningRule.HOUSE_UNSAFE: "住房安全问题",
    WarningRule.VISIT_OVERDUE: "走访超期",
}


class SpendingKind(StrEnum):
    INPATIENT = "医疗住院"
    OUTPATIENT_SPECIAL = "门诊慢特病"
    EDUCATION = "教育"
    DISASTER = "灾害"
    ACCIDENT = "意外"
    OTHER = "其他"


SPENDING_KINDS: tuple[str, ...] = tuple(SpendingKind)


# --- thresholds -----------------------------------------------------------------------------


@dataclass(frozen=True)
class WarningThresholds:
    """County settings of the warning rules; amounts in yuan, shares as fractions."""

    near_line_factor: Decimal = Decimal("1.5")
    income_drop_share: Decimal = Decimal("0.3")
    inpatient_year_poverty_exited: Decimal = Decimal(5000)
    inpatient_year_other: Decimal = Decimal(20000)
    single_stay_monitored: Decimal = Decimal(6000)
    single_stay_other: Decimal = Decimal(10000)
    outpatient_month: Decimal = Decimal(500)
    education_school_year: Decimal = Decimal(10000)
    # Lower for watched households (脱贫户, monitored): DOMAIN.md's Jizhou seed case, a non-stable
    # household's 8,000 yuan for a daughter at university, sent the center to the home the same
    # day; the county's 10,000 a school year is for high school, and its spending lines are lower
    # for 脱贫 people (inpatient 5,000 a year against 20,000), so watched households get 5,000.
    education_school_year_watched: Decimal = Decimal(5000)
    disaster_loss_year: Decimal = Decimal(5000)
    visit_interval_monitored_days: int = 30
    visit_interval_other_days: int = 90
    workload_limit: int = 5

    def __post_init__(self) -> None:
        for item in fields(self):
            object.__setattr__(self, item.name, _coerce(item.name, getattr(self, item.name)))

    def to_dict(self) -> dict[str, str | int]:
        """Plain JSON: Decimals as strings, whole numbers as ints."""
        return {name: value if isinstance(value, int) else str(value)
                for name, value in asdict(self).items()}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> WarningThresholds:
        """Read stored settings. Missing keys take the default; unknown keys (settings of a newer
        version) are ignored; a bad value raises :class:`UserFacingError` naming the setting."""
        known = {item.name for item in fields(cls)}
        return cls(**{name: value for name, value in data.items() if name in known})


THRESHOLD_LABELS: Mapping[str, str] = {
    "near_line_factor": "接近监测线倍数",
    "income_drop_share": "收入降幅比例",
    "inpatient_year_poverty_exited": "脱贫户和监测户年度住院自付预警线（元）",
    "inpatient_year_other": "其他农户年度住院自付预警线（元）",
    "single_stay_monitored": "监测对象单次住院自付预警线（元）",
    "single_stay_other": "其他农户单次住院自付预警线（元）",
    "outpatient_month": "门诊慢特病月自付预警线（元）",
    "education_school_year": "其他农户每名学生每学年教育支出预警线（元）",
    "education_school_year_watched": "脱贫户和监测户每名学生每学年教育支出预警线（元）",
    "disaster_loss_year": "近12个月灾害意外损失预警线（元）",
    "visit_interval_monitored_days": "监测户走访周期（天）",
    "visit_interval_other_days": "其他农户走访周期（天）",
    "workload_limit": "乡村干部帮扶户数上限",
}

_INT_SETTINGS = frozenset({"visit_interval_monitored_days", "visit_interval_other_days",
                           "workload_limit"})
_SHARE_SETTINGS = frozenset({"income_drop_share"})


def _read_number(value: object) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, Decimal | int | float | str):
        raise ValueError
    number = to_decimal(value.strip() if isinstance(value, str) else value)
    if not number.is_finite():
        raise ValueError
    return number


def _coerce(name: str, value: object) -> Decimal | int:
    label = THRESHOLD_LABELS[name]
    try:
        number: Decimal | int = _read_number(value)
        if name in _INT_SETTINGS:
            if number != number.to_integral_value():
                raise ValueError
            number = int(number)
    except (ValueError, InvalidOperation):
        raise UserFacingError(f"预警设置“{label}”的值“{value}”不是有效的数字。",
                              field=name) from None
    if name in _SHARE_SETTINGS and not 0 < number <= 1:
        raise UserFacingError(f"预警设置“{label}”应在0到1之间，实际为{number}。", field=name)
    if name == "near_line_factor" and number < 1:
        raise UserFacingError(f"预警设置“{label}”不能小于1，实际为{number}。", field=name)
    if name in _INT_SETTINGS and number < 1:
        raise UserFacingError(f"预警设置“{label}”至少为1，实际为{number}。", field=name)
    if number < 0:
        raise UserFacingError(f"预警设置“{label}”不能为负数，实际为{number}。", field=name)
    return number


def default_warning_thresholds() -> WarningThresholds:
    """The Hebei/county seed values (DOMAIN.md); the disaster line of 5000 is this app's own
    starting value, the seeds name no figure."""
    return WarningThresholds()


# --- facts and findings ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SpendingItem:
    kind: str
    on: date
    out_of_pocket: Decimal
    member: str | None = None


@dataclass(frozen=True)
class HouseholdWarningFacts:
    household_type: str
    monitored: bool
    per_capita_income: Decimal | None
    income_line: Decimal
    today: date
    previous_per_capita_income: Decimal | None = None
    spending: Sequence[SpendingItem | tuple[str, date, Decimal]] = field(default_factory=tuple)
    members_newly_disabled_or_ill: Sequence[str] = field(default_factory=tuple)
    house_dangerous: bool = False
    last_visit_date: date | None = None

    @property
    def watched(self) -> bool:
        """Monitored, or a household that left poverty."""
        return self.monitored or self.household_type == HouseholdType.POVERTY_EXITED

    def spending_items(self) -> list[SpendingItem]:
        return [item if isinstance(item, SpendingItem) else SpendingItem(*item)
                for item in self.spending]


def warning_facts(household: Any, *, members: Iterable[Any], incomes: Sequence[Any],
                  expenses: Iterable[Any] = (), monitored: bool, income_line: Decimal,
                  today: date) -> HouseholdWarningFacts:
    """The one builder of a household's warning facts, from its rows as ORM objects or dicts.

    ``incomes`` newest first (their ``per_capita_income``); ``expenses`` with kind, occurred_on,
    out_of_pocket and member_id; ``members`` with id, name, health and health_changed_on (a
    member's health is looked at only when it changed lately). The services, the Excel import and
    the demo generator all build their facts here; a bundle's upkeep builds thirty thousand at
    once, so each row is asked only what the rules need."""
    members, expenses = list(members), list(expenses)
    names = {_value(m, "id"): _value(m, "name") for m in members} if expenses else {}
    household_type, house_safety, housing_secure, last_visit_date = _values(household, _HOUSEHOLD_FIELDS)
    return HouseholdWarningFacts(
        household_type=household_type,
        monitored=monitored,
        per_capita_income=(to_decimal(_value(incomes[0], "per_capita_income")) if incomes else None),
        previous_per_capita_income=(to_decimal(_value(incomes[1], "per_capita_income"))
                                    if len(incomes) > 1 else None),
        income_line=income_line,
        today=today,
        spending=[SpendingItem(kind, occurred_on, to_decimal(out_of_pocket), names.get(member_id or ""))
                  for kind, occurred_on, out_of_pocket, member_id in (
                      _values(e, _EXPENSE_FIELDS) for e in expenses)],
        members_newly_disabled_or_ill=[
            _value(m, "name") for m in members
            if (changed := _value(m, "health_changed_on")) is not None
            and timedelta(0) <= today - changed <= HEALTH_CHANGE_WINDOW
            and SERIOUS_HEALTH_STATES & set(_value(m, "health") or ())],
        house_dangerous=house_safety == UNSAFE_HOUSE or housing_secure is False,
        last_visit_date=last_visit_date,
    )


_HOUSEHOLD_FIELDS = ("household_type", "house_safety", "housing_secure", "last_visit_date")
_EXPENSE_FIELDS = ("kind", "occurred_on", "out_of_pocket", "member_id")
# Whether rows of a type are mappings (dicts) or objects (ORM objects, plain rows): asked once per
# type, not by an abstract-class check for each of the hundreds of thousands of values a bulk
# upkeep reads.
_MAPPING_TYPES: dict[type, bool] = {}


def _is_mapping(row: Any) -> bool:
    kind = type(row)
    known = _MAPPING_TYPES.get(kind)
    if known is None:
        known = _MAPPING_TYPES[kind] = isinstance(row, Mapping)
    return known


def _value(row: Any, name: str) -> Any:
    return row.get(name) if _is_mapping(row) else getattr(row, name)


def _values(row: Any, names: tuple[str, ...]) -> tuple[Any, ...]:
    return tuple(map(row.get, names)) if _is_mapping(row) else _ATTRIBUTES[names](row)


_ATTRIBUTES = {names: attrgetter(*names) for names in (_HOUSEHOLD_FIELDS, _EXPENSE_FIELDS)}


@dataclass(frozen=True, slots=True)
class WarningFinding:
    rule: WarningRule
    title: str
    reason: str
    value: Decimal | None
    threshold: Decimal | None


def _finding(rule: WarningRule, reason: str, value: Decimal | int | None,
             threshold: Decimal | int | None) -> WarningFinding:
    return WarningFinding(
        rule, rule.title, reason,
        None if value is None else Decimal(value),
        None if threshold is None else Decimal(threshold),
    )


def _yuan(value: Decimal) -> str:
    return f"{format_yuan(value)} 元"


def _reaches(value: Decimal, threshold: Decimal) -> str:
    return "超过" if value > threshold else "达到"


def _number(value: Decimal) -> str:
    return f"{value.normalize():f}"


def _recent(items: Iterable[SpendingItem], kinds: Iterable[str], today: date) -> list[SpendingItem]:
    """Items of these kinds within the 12 months up to today."""
    start = months_before(today, 12)
    wanted = set(kinds)
    return [item for item in items if item.kind in wanted and start < item.on <= today]


def _who(member: str | None) -> str:
    return f"{member} " if member else ""


# --- the rules ------------------------------------------------------------------------------


def _income_rules(facts: HouseholdWarningFacts, t: WarningThresholds) -> list[WarningFinding]:
    income = facts.per_capita_income
    if income is None:
        return []
    found: list[WarningFinding] = []
    line = facts.income_line
    if income < line:
        found.append(_finding(
            WarningRule.INCOME_BELOW_LINE,
            f"人均纯收入 {format_yuan(income, cents=True)} 元，低于监测线 {_yuan(line)}。", income, line))
    elif facts.watched and income < line * t.near_line_factor:
        near = line * t.near_line_factor
        found.append(_finding(
            WarningRule.INCOME_NEAR_LINE,
            f"人均纯收入 {format_yuan(income, cents=True)} 元，低于{_number(t.near_line_factor)}倍监测线 "
            f"{_yuan(near)}。", income, near))
    previous = facts.previous_per_capita_income
    if previous is not None and previous > 0:
        drop = (previous - income) / previous
        if drop >= t.income_drop_share:
            found.append(_finding(
                WarningRule.INCOME_DROP,
                f"人均纯收入由 {format_yuan(previous, cents=True)} 元降至 {format_yuan(income, cents=True)} 元，"
                f"降幅 {drop * 100:.1f}%，{_reaches(drop, t.income_drop_share)}阈值 "
                f"{_number(t.income_drop_share * 100)}%。",
                drop.quantize(Decimal("0.0001")), t.income_drop_share))
    return found


def _inpatient_year(facts: HouseholdWarningFacts, items: list[SpendingItem],
                    t: WarningThresholds) -> list[WarningFinding]:
    year = facts.today.year
    total = sum((item.out_of_pocket for item in items
                 if item.kind == SpendingKind.INPATIENT and item.on.year == year
                 and item.on <= facts.today), Decimal(0))
    threshold = t.inpatient_year_poverty_exited if facts.watched else t.inpatient_year_other
    if total > 0 and total >= threshold:
        return [_finding(WarningRule.MEDICAL_INPATIENT_YEAR,
                         f"{year}年住院自付 {_yuan(total)}，{_reaches(total, threshold)}阈值 "
                         f"{_yuan(threshold)}。",
                         total, threshold)]
    return []


def _single_stay(facts: HouseholdWarningFacts, items: list[SpendingItem],
                 t: WarningThresholds) -> list[WarningFinding]:
    threshold = t.single_stay_monitored if facts.monitored else t.single_stay_other
    stays = [item for item in _recent(items, [SpendingKind.INPATIENT], facts.today)
             if item.out_of_pocket > 0 and item.out_of_pocket >= threshold]
    if not stays:
        return []
    worst = max(stays, key=lambda item: (item.out_of_pocket, item.on))
    more = f"（近12个月共{len(stays)}次）" if len(stays) > 1 else ""
    return [_finding(WarningRule.MEDICAL_SINGLE_STAY,
                     f"{_who(worst.member)}{worst.on.isoformat()} 单次住院自付 "
                     f"{_yuan(worst.out_of_pocket)}，{_reaches(worst.out_of_pocket, threshold)}"
                     f"阈值 {_yuan(threshold)}{more}。",
                     worst.out_of_pocket, threshold)]


def _outpatient_monthly(facts: HouseholdWarningFacts, items: list[SpendingItem],
                        t: WarningThresholds) -> list[WarningFinding]:
    by_month: dict[tuple[int, int], Decimal] = defaultdict(Decimal)
    for item in _recent(items, [SpendingKind.OUTPATIENT_SPECIAL], facts.today):
        by_month[(item.on.year, item.on.month)] += item.out_of_pocket
    over = sorted(month for month, total in by_month.items()
                  if total > 0 and total >= t.outpatient_month)
    if not over:
        return []
    year, month = over[-1]
    total = by_month[(year, month)]
    more = f"（近12个月共{len(over)}个月超过）" if len(over) > 1 else ""
    return [_finding(WarningRule.OUTPATIENT_MONTHLY,
                     f"{year}年{month}月门诊慢特病自付 {_yuan(total)}，"
                     f"{_reaches(total, t.outpatient_month)}阈值 "
                     f"{_yuan(t.outpatient_month)}{more}。", total, t.outpatient_month)]


def school_year_of(day: date) -> tuple[date, date]:
    """The school year (1 September to 31 August) containing ``day``."""
    start_year = day.year if day.month >= 9 else day.year - 1
    return date(start_year, 9, 1), date(start_year + 1, 8, 31)


def _education_cost(facts: HouseholdWarningFacts, items: list[SpendingItem],
                    t: WarningThresholds) -> list[WarningFinding]:
    start, _end = school_year_of(facts.today)
    by_member: dict[str | None, Decimal] = defaultdict(Decimal)
    for item in items:
        if item.kind == SpendingKind.EDUCATION and start <= item.on <= facts.today:
            by_member[item.member] += item.out_of_pocket
    threshold = t.education_school_year_watched if facts.watched else t.education_school_year
    over = {member: total for member, total in by_member.items() if total > threshold}
    if not over:
        return []
    member, total = max(over.items(), key=lambda pair: pair[1])
    who = f"{member}的" if member else "家庭"
    return [_finding(WarningRule.EDUCATION_COST,
                     f"{start.year}-{start.year + 1}学年{who}教育支出 {_yuan(total)}，"
                     f"超过阈值 {_yuan(threshold)}。",
                     total, threshold)]


def _disaster_loss(facts: HouseholdWarningFacts, items: list[SpendingItem],
                   t: WarningThresholds) -> list[WarningFinding]:
    recent = _recent(items, [SpendingKind.DISASTER, SpendingKind.ACCIDENT], facts.today)
    total = sum((item.out_of_pocket for item in recent), Decimal(0))
    if total > 0 and total >= t.disaster_loss_year:
        return [_finding(WarningRule.DISASTER_LOSS,
                         f"近12个月灾害、意外损失和支出 {_yuan(total)}，"
                         f"{_reaches(total, t.disaster_loss_year)}阈值 "
                         f"{_yuan(t.disaster_loss_year)}。", total, t.disaster_loss_year)]
    return []


def _member_health(facts: HouseholdWarningFacts) -> list[WarningFinding]:
    names = list(dict.fromkeys(name for name in facts.members_newly_disabled_or_ill if name))
    if not names:
        return []
    return [_finding(WarningRule.MEMBER_HEALTH,
                     f"家庭成员{'、'.join(names)}新增残疾或患大病。", len(names), None)]


def _house_unsafe(facts: HouseholdWarningFacts) -> list[WarningFinding]:
    if not facts.house_dangerous:
        return []
    return [_finding(WarningRule.HOUSE_UNSAFE, "住房为危房或受损，住房安全没有保障。", None, None)]


def _visit_overdue(facts: HouseholdWarningFacts, t: WarningThresholds) -> list[WarningFinding]:
    interval = (t.visit_interval_monitored_days if facts.monitored
                else t.visit_interval_other_days)
    kind = "监测户" if facts.monitored else "农户"
    if facts.last_visit_date is None:
        return [_finding(WarningRule.VISIT_OVERDUE,
                         f"尚无走访记录（{kind}走访周期 {interval} 天）。", None, interval)]
    days = (facts.today - facts.last_visit_date).days
    if days > interval:
        return [_finding(WarningRule.VISIT_OVERDUE,
                         f"距上次走访（{facts.last_visit_date.isoformat()}）已 {days} 天，"
                         f"超过{kind}走访周期 {interval} 天。", days, interval)]
    return []


def evaluate_warnings(facts: HouseholdWarningFacts,
                      thresholds: WarningThresholds) -> list[WarningFinding]:
    """Every warning the household's facts raise today, in the order of :class:`WarningRule`."""
    items = facts.spending_items()
    # Most households have no spending on record: their spending rules cannot fire (a bulk import
    # evaluates thousands of households at once).
    spending = [
        *_inpatient_year(facts, items, thresholds),
        *_single_stay(facts, items, thresholds),
        *_outpatient_monthly(facts, items, thresholds),
        *_education_cost(facts, items, thresholds),
        *_disaster_loss(facts, items, thresholds),
    ] if items else []
    return [
        *_income_rules(facts, thresholds),
        *spending,
        *_member_health(facts),
        *_house_unsafe(facts),
        *_visit_overdue(facts, thresholds),
    ]
