"""Hebei's four risk-elimination criteria (风险消除), checked for one monitored household.

All four must be met, and none of the county rules may block, before the elimination procedure
is started: 1 措施到位, 2 两不愁三保障和饮水安全, 3 收入稳定, 4 刚性支出问题解决.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from app.domain.categories import SECURITY_CHECKS
from app.domain.dates import first_of_month_index, month_index, months_before
from app.domain.errors import UserFacingError
from app.domain.income import format_yuan

# The bounds a county may set the timing within: beyond them a typing slip, not a policy.
STABLE_MONTHS_RANGE = (1, 24)
BLOCKED_MONTHS_RANGE = (0, 12)


@dataclass(frozen=True)
class EliminationTiming:
    """The timing of criterion 3 and of the county's blocker, policy ``elimination_timing``:
    Hebei's six months of stable income, no elimination in the identification month or the next."""

    months_income_stable_required: int = 6
    months_blocked_after_identification: int = 1

    def __post_init__(self) -> None:
        for name, label, (low, high) in (
                ("months_income_stable_required", TIMING_LABELS["months_income_stable_required"],
                 STABLE_MONTHS_RANGE),
                ("months_blocked_after_identification", TIMING_LABELS["months_blocked_after_identification"],
                 BLOCKED_MONTHS_RANGE)):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
                raise UserFacingError(f"“{label}”应为 {low} 到 {high} 的整数，填写的是“{value}”。", field=label)

    def to_dict(self) -> dict[str, int]:
        return {"months_income_stable_required": self.months_income_stable_required,
                "months_blocked_after_identification": self.months_blocked_after_identification}

    @classmethod
    def from_dict(cls, value: object) -> EliminationTiming:
        if not isinstance(value, Mapping):
            raise UserFacingError("“风险消除时间要求”应按项目列出月数。", field="风险消除时间要求")
        unknown = set(value) - set(TIMING_LABELS)
        if unknown:
            raise UserFacingError(f"风险消除时间要求没有“{'、'.join(sorted(map(str, unknown)))}”这一项。",
                                  field="风险消除时间要求")
        return cls(**{**cls().to_dict(), **value})


TIMING_LABELS: Mapping[str, str] = {
    "months_income_stable_required": "收入稳定须连续达到监测线的月数",
    "months_blocked_after_identification": "识别当月之后不得消除的月数（1：识别当月及次月）",
}


@dataclass(frozen=True)
class EliminationFacts:
    """What is known about a household on the assessment date.

    ``measures_by_risk`` counts the implemented measures answering each risk type;
    ``two_no_worries_three_guarantees`` maps each of the six checks to True (met), False (not met)
    or None (not verified); ``per_capita_income_history`` holds (date, per-capita net income)
    points, e.g. one per visit.
    """

    identified_on: date
    assessed_on: date
    risk_types: Sequence[str]
    measures_by_risk: Mapping[str, int]
    two_no_worries_three_guarantees: Mapping[str, bool | None]
    per_capita_income_history: Sequence[tuple[date, Decimal]]
    income_line: Decimal
    large_rigid_spending_open: bool = False
    no_labour_relying_on_social_protection: bool = False
    timing: EliminationTiming = EliminationTiming()
    security_checks: Sequence[str] = SECURITY_CHECKS


@dataclass(frozen=True, slots=True)
class CriterionResult:
    key: str
    title: str
    met: bool
    reason: str


@dataclass(frozen=True)
class EliminationAssessment:
    criteria: tuple[CriterionResult, ...]
    blockers: tuple[str, ...]

    @property
    def eligible(self) -> bool:
        return not self.blockers and all(result.met for result in self.criteria)

    def criterion(self, key: str) -> CriterionResult:
        return next(result for result in self.criteria if result.key == key)

    def problems(self) -> list[str]:
        """Everything that stands in the way, blockers first, in Chinese."""
        unmet = [f"{result.title}：{result.reason}" for result in self.criteria if not result.met]
        return [*self.blockers, *unmet]


CRITERION_TITLES: Mapping[str, str] = {
    "measures": "措施到位",
    "security": "两不愁三保障和饮水安全",
    "income": "收入稳定",
    "rigid_spending": "刚性支出问题解决",
}


def _check_measures(facts: EliminationFacts) -> CriterionResult:
    title = CRITERION_TITLES["measures"]
    risks = list(dict.fromkeys(facts.risk_types))
    if not risks:
        return CriterionResult("measures", title, False,
                               "未登记风险类型，无法核对每项风险是否落实帮扶措施。")
    missing = [risk for risk in risks if facts.measures_by_risk.get(risk, 0) < 1]
    if missing:
        return CriterionResult("measures", title, False,
                               f"{'、'.join(missing)}风险尚无已落实的帮扶措施。")
    if len(risks) == 1:
        count = facts.measures_by_risk[risks[0]]
        return CriterionResult("measures", title, True,
                               f"{risks[0]}风险已落实帮扶措施（{count}项）。")
    counts = "、".join(f"{risk}{facts.measures_by_risk[risk]}项" for risk in risks)
    return CriterionResult("measures", title, True,
                           f"{'、'.join(risks)}风险均已落实帮扶措施（{counts}）。")


def _check_security(facts: EliminationFacts) -> CriterionResult:
    title = CRITERION_TITLES["security"]
    answers = facts.two_no_worries_three_guarantees
    failed = [check for check in facts.security_checks if answers.get(check) is False]
    unverified = [check for check in facts.security_checks if answers.get(check) is None]
    parts = []
    if failed:
        parts.append(f"{'、'.join(failed)}未达到保障要求")
    if unverified:
        parts.append(f"{'、'.join(unverified)}尚未核实")
    if parts:
        return CriterionResult("security", title, False, "；".join(parts) + "。")
    return CriterionResult("security", title, True,
                           f"{'、'.join(facts.security_checks)}均有保障。")


def _check_income(facts: EliminationFacts) -> CriterionResult:
    title = CRITERION_TITLES["income"]
    months = facts.timing.months_income_stable_required
    line = facts.income_line
    points = sorted(point for point in facts.per_capita_income_history
                    if point[0] <= facts.assessed_on)
    if not points:
        return CriterionResult("income", title, False, "没有人均纯收入记录，无法判断收入是否稳定。")
    window_start = months_before(facts.assessed_on, months)
    recent = [point for point in points if point[0] >= window_start]
    below = [point for point in recent if point[1] < line]
    if below:
        last_day, last_value = below[-1]
        return CriterionResult(
            "income", title, False,
            f"近{months}个月人均纯收入有{len(below)}次低于监测线 {format_yuan(line)} 元"
            f"（最近一次 {last_day.isoformat()}，{format_yuan(last_value, cents=True)} 元）。",
        )
    if points[0][0] > window_start:
        return CriterionResult(
            "income", title, False,
            f"人均纯收入记录自 {points[0][0].isoformat()} 起，不足{months}个月，"
            "还不能判断收入稳定。",
        )
    if not recent:
        return CriterionResult("income", title, False, f"近{months}个月没有人均纯收入记录。")
    lowest = min(value for _day, value in recent)
    return CriterionResult(
        "income", title, True,
        f"近{months}个月{len(recent)}次人均纯收入记录均不低于监测线 {format_yuan(line)} 元"
        f"（最低 {format_yuan(lowest, cents=True)} 元）。",
    )


def _check_rigid_spending(facts: EliminationFacts) -> CriterionResult:
    title = CRITERION_TITLES["rigid_spending"]
    if facts.large_rigid_spending_open:
        return CriterionResult("rigid_spending", title, False, "大额刚性支出问题尚未稳定解决。")
    return CriterionResult("rigid_spending", title, True, "没有未解决的大额刚性支出问题。")


def _month_text(day: date) -> str:
    return f"{day.year}年{day.month}月"


def _blockers(facts: EliminationFacts) -> list[str]:
    blockers: list[str] = []
    if facts.assessed_on < facts.identified_on:
        blockers.append(
            f"评估日期 {facts.assessed_on.isoformat()} 早于识别日期 "
            f"{facts.identified_on.isoformat()}。"
        )
    else:
        blocked = facts.timing.months_blocked_after_identification
        if month_index(facts.assessed_on) - month_index(facts.identified_on) <= blocked:
            first_allowed = first_of_month_index(month_index(facts.identified_on) + blocked + 1)
            span = {0: "识别当月", 1: "识别当月及次月"}.get(blocked, f"识别当月及其后{blocked}个月")
            blockers.append(
                f"{span}不得消除风险：{_month_text(facts.identified_on)}识别，"
                f"{_month_text(first_allowed)}起才能消除。"
            )
    if facts.no_labour_relying_on_social_protection:
        blockers.append("家庭无劳动能力、生活依靠兜底保障，按规定保持“风险未消除”，继续跟踪监测。")
    return blockers


def evaluate_elimination(facts: EliminationFacts) -> EliminationAssessment:
    criteria = (
        _check_measures(facts),
        _check_security(facts),
        _check_income(facts),
        _check_rigid_spending(facts),
    )
    return EliminationAssessment(criteria=criteria, blockers=tuple(_blockers(facts)))
