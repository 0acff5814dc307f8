"""Household income in its standard components, per-capita net income, and the income
monitoring line in force on a date.

家庭纯收入 = 工资性收入 + 生产经营性收入 + 财产性收入 + 转移性收入 − 生产经营性支出;
人均纯收入 = 家庭纯收入 ÷ 年度家庭人口数, in yuan with two decimals (half up).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from app.domain.errors import UserFacingError

CENT = Decimal("0.01")
MAX_PLAUSIBLE_AMOUNT = Decimal("10000000")

Amount = Decimal | int | str

_FULL_WIDTH = str.maketrans({**{chr(0xFF10 + i): str(i) for i in range(10)}, "．": ".", "－": "-"})


def to_decimal(value: Amount | float) -> Decimal:
    """Convert without judging: ints and numeric strings exactly, floats through their repr."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, bool):
        raise TypeError("a bool is not an amount")
    if isinstance(value, float):
        return Decimal(repr(value))
    return Decimal(value)


def quantize_cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def format_yuan(value: Decimal | int, *, cents: bool | None = None) -> str:
    """Format an amount of yuan for messages: ``6600``, ``5200.00``, ``23,400``.

    Thousands are grouped from 10,000 up (Chinese writing leaves four-digit numbers whole).
    ``cents=None`` shows two decimals only when the amount has a fractional part.
    """
    amount = Decimal(value)
    show_cents = cents if cents is not None else amount != amount.to_integral_value()
    grouping = "," if abs(amount) >= 10000 else ""
    if show_cents:
        return f"{quantize_cents(amount):{grouping}.2f}"
    return f"{amount.to_integral_value(rounding=ROUND_HALF_UP):{grouping}.0f}"


def validate_amount(value: object, field_label: str, *,
                    maximum: Decimal = MAX_PLAUSIBLE_AMOUNT) -> Decimal:
    """Read an amount of yuan as entered (number or text such as "12,345.6元") and refuse what
    cannot be right: not a number, negative, or more than ``maximum``. Returns it in cents."""
    if isinstance(value, bool) or value is None:
        raise UserFacingError(f"“{field_label}”应填写金额。", field=field_label)
    if isinstance(value, str):
        text = "".join(value.split()).translate(_FULL_WIDTH)
        text = text.replace(",", "").replace("，", "").removesuffix("元")
        if not text:
            raise UserFacingError(f"“{field_label}”应填写金额。", field=field_label)
    elif isinstance(value, Decimal | int | float):
        text = repr(value) if isinstance(value, float) else str(value)
    else:
        raise UserFacingError(f"“{field_label}”不是有效的金额：{value}。", field=field_label)
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise UserFacingError(
            f"“{field_label}”不是有效的金额：{value}。", field=field_label
        ) from None
    if not amount.is_finite():
        raise UserFacingError(f"“{field_label}”不是有效的金额：{value}。", field=field_label)
    if amount < 0:
        raise UserFacingError(
            f"“{field_label}”不能为负数（填写的是 {format_yuan(amount)} 元）。", field=field_label
        )
    if amount > maximum:
        raise UserFacingError(
            f"“{field_label}” {format_yuan(amount)} 元超过 {format_yuan(maximum)} 元，"
            "请核对是否多填了位数。",
            field=field_label,
        )
    return quantize_cents(amount)


# --- income components ----------------------------------------------------------------------


@dataclass(frozen=True)
class IncomeComponents:
    """One household's income for a year (the rolling 12 months before an assessment), yuan.

    The transfer sub-items are optional detail of ``transfer``; insurance payouts (理赔收入) and
    eligible out-of-pocket spending (合规自付支出) are recorded beside the income, not in it.
    Values given as int or str are converted to Decimal.
    """

    wage: Decimal = Decimal(0)
    business: Decimal = Decimal(0)
    property: Decimal = Decimal(0)
    transfer: Decimal = Decimal(0)
    business_expense: Decimal = Decimal(0)
    pension: Decimal | None = None
    dibao: Decimal | None = None
    tekun: Decimal | None = None
    eco_compensation: Decimal | None = None
    family_planning: Decimal | None = None
    other_transfer: Decimal | None = None
    insurance_payout: Decimal = Decimal(0)
    eligible_out_of_pocket: Decimal = Decimal(0)

    def __post_init__(self) -> None:
        for item in fields(self):
            value = getattr(self, item.name)
            if value is not None and not isinstance(value, Decimal):
                object.__setattr__(self, item.name, to_decimal(value))

    def transfer_items(self) -> dict[str, Decimal]:
        """The transfer sub-items that were filled in, by field name."""
        return {
            name: value for name in TRANSFER_ITEM_FIELDS
            if (value := getattr(self, name)) is not None
        }


INCOME_LABELS: dict[str, str] = {
    "wage": "工资性收入",
    "business": "生产经营性收入",
    "property": "财产性收入",
    "transfer": "转移性收入",
    "business_expense": "生产经营性支出",
    "pension": "养老金",
    "dibao": "低保金",
    "tekun": "特困供养金",
    "eco_compensation": "生态补偿金",
    "family_planning": "计划生育金",
    "other_transfer": "其他转移性收入",
    "insurance_payout": "理赔收入",
    "eligible_out_of_pocket": "合规自付支出",
}

TRANSFER_ITEM_FIELDS = (
    "pension", "dibao", "tekun", "eco_compensation", "family_planning", "other_transfer",
)


def validate_income(components: IncomeComponents) -> None:
    """Refuse negative or implausible amounts, and transfer sub-items adding up to more than the
    transfer income."""
    for item in fields(components):
        value = getattr(components, item.name)
        if value is not None:
            validate_amount(value, INCOME_LABELS[item.name])
    items = components.transfer_items()
    total = sum(items.values(), Decimal(0))
    if total > components.transfer:
        named = "、".join(INCOME_LABELS[name] for name in items)
        raise UserFacingError(
            f"{named}合计 {format_yuan(total)} 元，超过转移性收入 "
            f"{format_yuan(components.transfer)} 元。",
            field=INCOME_LABELS["transfer"],
        )


def net_income(components: IncomeComponents) -> Decimal:
    """家庭纯收入: the four incomes minus the business expense (may be negative)."""
    c = components
    return c.wage + c.business + c.property + c.transfer - c.business_expense


def per_capita_net_income(components: IncomeComponents, household_size: int) -> Decimal:
    """人均纯收入, rounded to cents half up."""
    if isinstance(household_size, bool) or not isinstance(household_size, int):
        raise UserFacingError(f"家庭人口数应为整数，实际为“{household_size}”。", field="家庭人口数")
    if household_size < 1:
        raise UserFacingError(
            f"家庭人口数至少为1人，实际为{household_size}人，无法计算人均纯收入。",
            field="家庭人口数",
        )
    return quantize_cents(net_income(components) / household_size)


# --- the income monitoring line -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class IncomeLine:
    """An income monitoring line (yuan per person per year) and the day it takes effect."""

    effective_from: date
    amount: Decimal
    note: str = ""


def line_in_force(lines: Sequence[IncomeLine], on: date) -> IncomeLine:
    """The line with the latest ``effective_from`` not after ``on`` (for equal dates, the one
    listed last)."""
    best: IncomeLine | None = None
    for line in lines:
        if line.effective_from <= on and (best is None
                                          or line.effective_from >= best.effective_from):
            best = line
    if best is None:
        if not lines:
            raise UserFacingError("尚未设置收入监测线，请县防贫中心先设置。", field="收入监测线")
        earliest = min(line.effective_from for line in lines)
        raise UserFacingError(
            f"{on.isoformat()} 没有生效的收入监测线"
            f"（最早的监测线自 {earliest.isoformat()} 起执行）。",
            field="收入监测线",
        )
    return best


def check_income_lines(lines: Sequence[IncomeLine]) -> None:
    """Refuse a table of lines with a non-positive amount or two lines starting the same day."""
    seen: set[date] = set()
    for line in lines:
        if line.amount <= 0:
            raise UserFacingError(
                f"自 {line.effective_from.isoformat()} 起的收入监测线应大于0元，实际为 "
                f"{format_yuan(line.amount)} 元。",
                field="收入监测线",
            )
        if line.effective_from in seen:
            raise UserFacingError(
                f"有两条收入监测线都自 {line.effective_from.isoformat()} 起执行。",
                field="收入监测线",
            )
        seen.add(line.effective_from)


def default_income_lines() -> tuple[IncomeLine, ...]:
    """Hebei's lines (seed): 1.5 × the 2020 poverty standard, raised by 10% from 2021-10-01."""
    return (
        IncomeLine(date(2020, 1, 1), Decimal(6000), "1.5倍2020年扶贫标准"),
        IncomeLine(date(2021, 10, 1), Decimal(6600), "河北省上调10%"),
    )


# --- is the line in force still current? ----------------------------------------------------

DEFAULT_LINE_REVIEW_YEARS = 1


def stale_line_warning(lines: Sequence[IncomeLine], today: date,
                       review_years: int = DEFAULT_LINE_REVIEW_YEARS) -> str | None:
    """The warning every screen, command and report shows when the monitoring line is out of date,
    or None while it is current.

    The county reviews the line every ``review_years`` years (policy setting, default 1): the
    line in force today must have taken effect in the current year or, for a longer review
    period, in one of the ``review_years`` years up to and including this one. No line at all, or
    none in force today, is warned about too."""
    years = max(1, int(review_years))
    first_year = today.year - years + 1
    try:
        current = line_in_force(lines, today)
    except UserFacingError as error:
        return f"监测线未设置：{error}"
    if current.effective_from.year >= first_year:
        return None
    since = current.effective_from.isoformat()
    period = "每年" if years == 1 else f"每 {years} 年"
    missing = f"{today.year}年" if years == 1 else f"{first_year}—{today.year}年"
    return (f"监测线已过期：{missing}尚未设置收入监测线，仍在使用自 {since} 起执行的 "
            f"{format_yuan(current.amount)} 元/人·年；县里规定{period}复核监测线，"
            f"请县防贫中心在“政策”页设置{today.year}年的监测线。")


# --- 返贫致贫: the year check's definition, set by policy ------------------------------------------


@dataclass(frozen=True)
class PovertyDefinition:
    """When a household counts as 返贫致贫 in the year check (policy ``poverty_definition``).

    The poverty standard is the monitoring line in force at the year's end ÷ ``line_over_standard``
    (DOMAIN: the line was set at 1.5 × the 2020 standard). A household whose per-capita net income
    of the year is below it has returned to (or fallen into) poverty when, with
    ``needs_insecurity`` (the default), at least one of 两不愁三保障 and 饮水安全 is not secured;
    without it, income alone decides."""

    line_over_standard: Decimal = Decimal("1.5")
    needs_insecurity: bool = True

    def __post_init__(self) -> None:
        ratio = to_decimal(self.line_over_standard)
        if not Decimal(1) <= ratio <= Decimal(5):
            raise UserFacingError(f"监测线与贫困标准之比应在 1 到 5 之间，填写的是 {ratio}。",
                                  field="监测线与贫困标准之比")
        object.__setattr__(self, "line_over_standard", ratio)

    def standard(self, line: Decimal) -> Decimal:
        return quantize_cents(line / self.line_over_standard)

    def meets(self, per_capita: Decimal, standard: Decimal, unmet: Sequence[str]) -> bool:
        """``unmet``: the checks (不愁吃 … 饮水安全) recorded as not secured."""
        return per_capita < standard and (bool(unmet) or not self.needs_insecurity)

    def describe(self) -> str:
        rule = f"人均纯收入低于贫困标准（年末监测线 ÷ {self.line_over_standard}）"
        return rule + ("，且两不愁三保障和饮水安全有一项未保障" if self.needs_insecurity else "")

    def to_dict(self) -> dict[str, object]:
        return {"line_over_standard": str(self.line_over_standard), "needs_insecurity": self.needs_insecurity}

    @classmethod
    def from_dict(cls, value: object) -> PovertyDefinition:
        data = value if isinstance(value, dict) else {}
        return cls(line_over_standard=to_decimal(str(data.get("line_over_standard", "1.5"))),
                   needs_insecurity=bool(data.get("needs_insecurity", True)))
