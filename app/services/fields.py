"""Typed, validated field values for households and members, from a screen, a file or the CLI.

Each editable field is declared once with its Chinese label and a parser; a parser turns what a
person typed (or a typed value) into the stored value, or raises UserFacingError naming the field.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from app.domain import categories
from app.domain.errors import UserFacingError
from app.domain.income import validate_amount

Parser = Callable[[Any, str], Any]

_TRUE = {"是", "有", "true", "yes", "y", "1", "√", "对"}
_FALSE = {"否", "无", "false", "no", "n", "0", "×", "不是"}
_LIST_SPLIT = re.compile(r"[,，、;；/\s]+")
_PHONE = re.compile(r"^(1\d{10}|0\d{2,3}-?\d{7,8}|\d{7,8})$")


@dataclass(frozen=True)
class FieldSpec:
    name: str
    label: str
    parse: Parser
    required: bool = False

    @property
    def input(self) -> InputKind:
        """How a screen should offer this field; a parser not made here is typed as text."""
        return getattr(self.parse, "input", InputKind("text"))


@dataclass(frozen=True)
class InputKind:
    """What a parser accepts, so a screen can offer a fitting widget (a list, a date, yes/no)."""

    kind: str  # text, choice, suggest, choices, boolean, date, number
    options: tuple[str, ...] = ()
    optional: bool = True


def _offers(parse: Parser, kind: str, options: Iterable[str] = (), optional: bool = True) -> Parser:
    parse.input = InputKind(kind, tuple(options), optional)  # type: ignore[attr-defined]
    return parse


def text(max_length: int) -> Parser:
    def parse(value: Any, label: str) -> str:
        result = "" if value is None else str(value).strip()
        if len(result) > max_length:
            raise UserFacingError(f"“{label}”太长：最多 {max_length} 个字，现在是 {len(result)} 个。",
                                  field=label)
        return result
    return parse


def choice(allowed: Iterable[str], blank_ok: bool = False) -> Parser:
    options = tuple(allowed)

    def parse(value: Any, label: str) -> str:
        result = "" if value is None else str(value).strip()
        if blank_ok and not result:
            return ""
        if result not in options:
            raise UserFacingError(
                f"“{label}”的值“{result}”无效，可选：{'、'.join(options)}。", field=label)
        return result
    return _offers(parse, "choice", options, blank_ok)


def suggested(options: Iterable[str], max_length: int) -> Parser:
    """Free text of at most ``max_length`` characters, offered with ``options`` to pick from (a
    county's list of measure items, where a local item may still be typed)."""
    return _offers(text(max_length), "suggest", options)


def choices(allowed: Iterable[str]) -> Parser:
    """Several choices typed as a list or as one text ("长期慢性病、残疾"); repeats are dropped."""
    options = tuple(allowed)
    single = choice(options)

    def parse(value: Any, label: str) -> list[str]:
        items = value if isinstance(value, list | tuple) else _LIST_SPLIT.split(str(value or ""))
        result: list[str] = []
        for item in (str(i).strip() for i in items):
            if item and item not in result:
                result.append(single(item, label))
        return result
    return _offers(parse, "choices", options)


def boolean(optional: bool = False) -> Parser:
    def parse(value: Any, label: str) -> bool | None:
        if isinstance(value, bool):
            return value
        word = "" if value is None else str(value).strip().lower()
        if optional and word in {"", "未知", "未核实", "none"}:
            return None
        if word in _TRUE:
            return True
        if word in _FALSE:
            return False
        raise UserFacingError(f"“{label}”应填“是”或“否”，不能是“{value}”。", field=label)
    return _offers(parse, "boolean", optional=optional)


def integer(low: int, high: int, optional: bool = True) -> Parser:
    def parse(value: Any, label: str) -> int | None:
        if optional and (value is None or str(value).strip() == ""):
            return None
        try:
            number = int(str(value).strip())
        except ValueError:
            raise UserFacingError(f"“{label}”应为整数，不能是“{value}”。", field=label) from None
        if not low <= number <= high:
            raise UserFacingError(f"“{label}”应在 {low} 到 {high} 之间，现在是 {number}。",
                                  field=label)
        return number
    return _offers(parse, "number", optional=optional)


def amount(optional: bool = False) -> Parser:
    """Money as people type it ("1,200元", full-width digits); blank is 0 unless ``optional``."""
    def parse(value: Any, label: str) -> Decimal | None:
        if value is None or str(value).strip() == "":
            return None if optional else Decimal(0)
        return validate_amount(value, label)
    return _offers(parse, "number")


def phone(value: Any, label: str) -> str:
    result = re.sub(r"[\s-]", "", "" if value is None else str(value))
    if result and not _PHONE.match(result):
        raise UserFacingError(
            f"“{label}”格式不对：“{value}”。手机号应为 11 位数字，座机如 0318-1234567。", field=label)
    return result


def digits(max_length: int) -> Parser:
    def parse(value: Any, label: str) -> str:
        result = re.sub(r"\s", "", "" if value is None else str(value))
        if result and (not result.isdigit() or len(result) > max_length):
            raise UserFacingError(f"“{label}”应为不超过 {max_length} 位的数字。", field=label)
        return result
    return parse


def iso_date(optional: bool = True) -> Parser:
    def parse(value: Any, label: str) -> date | None:
        if isinstance(value, date):
            return value
        if optional and (value is None or str(value).strip() == ""):
            return None
        try:
            return date.fromisoformat(str(value).strip())
        except ValueError:
            raise UserFacingError(f"“{label}”应为日期，如 2026-11-23，不能是“{value}”。",
                                  field=label) from None
    return _offers(parse, "date", optional=optional)


def _specs(*specs: FieldSpec) -> dict[str, FieldSpec]:
    return {s.name: s for s in specs}


HOUSEHOLD_FIELDS = _specs(
    FieldSpec("village_code", "所在村", text(12), required=True),
    FieldSpec("group_name", "村民小组", text(32)),
    FieldSpec("address", "住址", text(200)),
    FieldSpec("household_number", "户编号", text(32)),
    FieldSpec("household_type", "户类型", choice(categories.HOUSEHOLD_TYPES)),
    FieldSpec("registered_poor", "是否建档立卡", boolean()),
    FieldSpec("phone", "联系电话", phone),
    FieldSpec("bank_name", "开户银行", text(64)),
    FieldSpec("bank_account", "银行账号", digits(30)),
    FieldSpec("house_safety", "住房安全", choice(categories.HOUSE_SAFETY)),
    FieldSpec("house_area_m2", "住房面积（平方米）", amount(optional=True)),
    FieldSpec("sanitary_toilet", "卫生厕所", boolean(optional=True)),
    FieldSpec("electricity", "通生活用电", boolean(optional=True)),
    FieldSpec("road_access", "通入户路", boolean(optional=True)),
    FieldSpec("farmland_mu", "耕地（亩）", amount(optional=True)),
    FieldSpec("forest_mu", "林地（亩）", amount(optional=True)),
    FieldSpec("cooperative_member", "加入合作社", boolean()),
    FieldSpec("food_secure", "不愁吃", boolean(optional=True)),
    FieldSpec("clothing_secure", "不愁穿", boolean(optional=True)),
    FieldSpec("education_secure", "义务教育有保障", boolean(optional=True)),
    FieldSpec("medical_secure", "基本医疗有保障", boolean(optional=True)),
    FieldSpec("housing_secure", "住房安全有保障", boolean(optional=True)),
    FieldSpec("water_secure", "饮水安全有保障", boolean(optional=True)),
    FieldSpec("next_visit_due", "下次走访日期", iso_date()),
    FieldSpec("note", "备注", text(500)),
)

MEMBER_FIELDS = _specs(
    FieldSpec("name", "姓名", text(40), required=True),
    FieldSpec("id_number", "身份证号", text(24), required=True),
    FieldSpec("relation", "与户主关系", choice(categories.RELATIONS), required=True),
    FieldSpec("ethnicity", "民族", text(16)),
    FieldSpec("health", "健康状况", choices(categories.HEALTH_STATES)),
    FieldSpec("disability_kind", "残疾类别", integer(1, 7)),
    FieldSpec("disability_grade", "残疾等级", integer(1, 4)),
    FieldSpec("health_changed_on", "健康状况变化日期", iso_date()),
    FieldSpec("labour_skill", "劳动技能", choice(categories.LABOUR_SKILLS, blank_ok=True)),
    FieldSpec("education", "文化程度", choice(categories.EDUCATION_LEVELS, blank_ok=True)),
    FieldSpec("school_stage", "在校生状况", choice(categories.SCHOOL_STAGES, blank_ok=True)),
    FieldSpec("dropout_reason", "失学辍学原因", text(100)),
    FieldSpec("migrant_work_place", "务工地点", text(100)),
    FieldSpec("migrant_work_months", "务工时间（月）", integer(0, 12)),
    FieldSpec("migrant_employer", "务工单位", text(100)),
    FieldSpec("welfare_post", "公益岗位", text(32)),
    FieldSpec("welfare_post_months", "公益岗位时间（月）", integer(0, 12)),
    FieldSpec("medical_insurance", "医疗保险", choices(categories.MEDICAL_INSURANCE_KINDS)),
    FieldSpec("pension_insurance", "养老保险", boolean()),
    FieldSpec("social_assistance", "低保/特困",
              choice(categories.SOCIAL_ASSISTANCE, blank_ok=True)),
    FieldSpec("medical_aid", "医疗救助", boolean()),
    FieldSpec("lives_in_household", "共同生活", boolean()),
    FieldSpec("phone", "联系电话", phone),
)


def parse_fields(specs: dict[str, FieldSpec], values: dict[str, Any],
                 creating: bool = False) -> dict[str, Any]:
    """Parse every given value; unknown field names are refused, listing the known ones.

    When ``creating``, a required field that was not given at all is refused too.
    """
    if creating:
        for spec in specs.values():
            if spec.required and spec.name not in values and spec.label not in values:
                raise UserFacingError(f"请填写“{spec.label}”。", field=spec.label)
    parsed: dict[str, Any] = {}
    for name, value in values.items():
        spec = specs.get(name) or _by_label(specs, name)
        if spec is None:
            known = "、".join(f"{s.name}（{s.label}）" for s in specs.values())
            raise UserFacingError(f"没有“{name}”这个字段。可以修改的字段：{known}", field=name)
        parsed[spec.name] = spec.parse(value, spec.label)
        if spec.required and parsed[spec.name] in ("", None, []):
            raise UserFacingError(f"“{spec.label}”不能为空。", field=spec.label)
    return parsed


def _by_label(specs: dict[str, FieldSpec], label: str) -> FieldSpec | None:
    return next((s for s in specs.values() if s.label == label), None)
