"""What a value arriving in a bundle may be, per column: its type and the domain's limits.

A signed bundle can still say anything (docs/sync.md, trust model), so every field value is checked
against its column before it is applied: a date is a real date, a number a number in range, a text
no longer than its column, an enumerated value one of its choices, a JSON value of bounded size.
The checks run per column on the payload's column lists (app/sync/payload.py), not per entry: a
column whose values all pass costs a few passes in C (``set(map(type, …))``, ``max(map(len, …))``);
only a column that fails is walked value by value to find which entries to quarantine.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from typing import Any

from sqlalchemy import JSON, Boolean, Date, DateTime, Integer, Numeric, String, inspect
from sqlalchemy.types import TypeDecorator

from app.domain.categories import CASE_STATUSES
from app.domain.claims import CLAIM_KINDS, CLAIM_STATUSES
from app.domain.procedure import STEP_ORDER, Decision, Procedure, Role, Stage
from app.store.models import BOOKKEEPING_FIELDS
from app.sync.columns import TABLES, json_text

# A field whose column has no length (Text: a form's xlsx as base64) or holds JSON still has a limit.
MAX_TEXT = 8 << 20
MAX_JSON = 64 << 10
_INT_RANGE = (-(1 << 31), (1 << 31) - 1)
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?([+-]\d{2}:\d{2}|Z)?")
_NUMBER = re.compile(r"-?\d{1,20}(\.\d{1,10})?")

# Enumerated columns whose every value the procedure or the enrollment defines.
CHOICES: dict[tuple[str, str], frozenset[str]] = {
    ("monitoringcase", "stage"): frozenset(Stage),
    ("monitoringcase", "procedure"): frozenset(Procedure),
    ("monitoringcase", "status"): frozenset(CASE_STATUSES),
    ("casestep", "procedure"): frozenset(Procedure),
    ("casestep", "step"): frozenset(STEP_ORDER),
    ("casestep", "decision"): frozenset(Decision),
    ("casestep", "actor_role"): frozenset(Role),
    ("user", "role"): frozenset(Role),
    ("claim", "kind"): frozenset(CLAIM_KINDS),
    ("claim", "status"): frozenset(CLAIM_STATUSES),
}


@dataclass(frozen=True)
class ColumnRule:
    """What one column accepts, in the JSON form values travel in."""

    kind: str  # text, int, bool, number, date, datetime, json
    nullable: bool
    length: int | None = None  # text: characters; number: digits before the point
    choices: frozenset[str] | None = None


@cache
def column_rule(table: str, name: str) -> ColumnRule | None:
    """The rule of a synchronised column; None when the table or column is not known here."""
    model = TABLES.get(table)
    if model is None:
        return None
    columns = inspect(model).columns
    if name not in columns or name in BOOKKEEPING_FIELDS:
        return None
    column = columns[name]
    column_type, nullable = column.type, bool(column.nullable)
    while isinstance(column_type, TypeDecorator):  # SQLModel's AutoString wraps a String
        column_type = column_type.impl_instance
    if isinstance(column_type, Boolean):
        return ColumnRule("bool", nullable)
    if isinstance(column_type, DateTime):
        return ColumnRule("datetime", nullable)
    if isinstance(column_type, Date):
        return ColumnRule("date", nullable)
    if isinstance(column_type, Numeric):
        digits = (column_type.precision or 20) - (column_type.scale or 0)
        return ColumnRule("number", nullable, digits)
    if isinstance(column_type, Integer):
        return ColumnRule("int", nullable)
    if isinstance(column_type, JSON):
        return ColumnRule("json", True)
    if isinstance(column_type, String):
        return ColumnRule("text", nullable, column_type.length or MAX_TEXT, CHOICES.get((table, name)))
    return ColumnRule("json", nullable)


def column_problems(table: str, name: str, values: list[Any]) -> dict[int, str]:
    """{position: reason in Chinese} of the values a column may not hold; {} when all may."""
    if table not in TABLES:
        return {}  # the whole entry is refused for its table (app/sync/merge.py)
    rule = column_rule(table, name)
    if rule is None:
        return dict.fromkeys(range(len(values)), f"本程序不认识的字段“{name}”")
    if _all_pass(rule, values):
        return {}
    check = _ONE[rule.kind]
    found = {}
    for position, value in enumerate(values):
        if value is None:
            if not rule.nullable:
                found[position] = f"字段“{name}”不能为空"
            continue
        reason = check(rule, value)
        if reason:
            found[position] = f"字段“{name}”{reason}"
    return found


def _all_pass(rule: ColumnRule, values: list[Any]) -> bool:
    """The fast path: the whole column at once, in C where it can."""
    types = set(map(type, values))
    if type(None) in types:
        if not rule.nullable:
            return False
        types.discard(type(None))
        values = [value for value in values if value is not None]
    if not values:
        return True
    kind = rule.kind
    if kind == "text":
        return types == {str} and max(map(len, values)) <= (rule.length or MAX_TEXT) and (
            rule.choices is None or set(values) <= rule.choices)
    if kind == "int":
        return types == {int} and _INT_RANGE[0] <= min(values) and max(values) <= _INT_RANGE[1]
    if kind == "bool":
        return types == {bool}
    if kind == "date":
        if types != {str} or max(map(len, values)) != 10 or not all(map(_DATE.fullmatch, values)):
            return False
        try:
            list(map(date.fromisoformat, values))
        except ValueError:
            return False
        return True
    if kind == "number":
        if types <= {int, float}:
            return all(map(math.isfinite, (min(values), max(values)))) and (
                max(abs(min(values)), abs(max(values))) < 10 ** (rule.length or 20))
        return types == {str} and all(map(_number_text(rule.length or 20).fullmatch, values))
    if kind == "json" and types <= {dict, list}:
        try:  # the text of a value is about as long as its JSON: far below the limit, all pass
            if max(map(len, map(str, values))) <= MAX_JSON // 2:
                return True
        except RecursionError:
            return False
    return all(check_one is None for check_one in map(lambda v: _ONE[kind](rule, v), values))


@cache
def _number_text(digits: int) -> re.Pattern[str]:
    """A decimal number as text with at most ``digits`` digits before the point."""
    return re.compile(rf"-?\d{{1,{digits}}}(\.\d{{1,10}})?")


def _text(rule: ColumnRule, value: Any) -> str | None:
    if type(value) is not str:
        return "应为文字"
    if len(value) > (rule.length or MAX_TEXT):
        return f"超过 {rule.length or MAX_TEXT} 个字的长度上限"
    if rule.choices is not None and value not in rule.choices:
        return f"的值“{value[:20]}”不是可选的值"
    return None


def _int(_rule: ColumnRule, value: Any) -> str | None:
    if type(value) is not int:
        return "应为整数"
    if not _INT_RANGE[0] <= value <= _INT_RANGE[1]:
        return "的数值超出范围"
    return None


def _bool(_rule: ColumnRule, value: Any) -> str | None:
    return None if type(value) is bool else "应为是或否"


def _number(rule: ColumnRule, value: Any) -> str | None:
    if type(value) is int or type(value) is float:
        if not math.isfinite(value):
            return "应为数字"
        number = float(value)
    elif type(value) is str and _NUMBER.fullmatch(value):
        number = float(value)
    else:
        return "应为数字"
    if abs(number) >= 10 ** (rule.length or 20):
        return "的数值超出范围"
    return None


def _date(_rule: ColumnRule, value: Any) -> str | None:
    if type(value) is not str or not _DATE.fullmatch(value):
        return "应为日期（年-月-日）"
    try:
        date.fromisoformat(value)
    except ValueError:
        return f"的日期“{value}”不存在"
    return None


def _datetime(_rule: ColumnRule, value: Any) -> str | None:
    if type(value) is not str or not _DATETIME.fullmatch(value):
        return "应为日期时间"
    try:
        datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return f"的时间“{value[:30]}”不存在"
    return None


def _json(_rule: ColumnRule, value: Any) -> str | None:
    if type(value) in (str, int, bool) or value is None:
        return None if type(value) is not str or len(value) <= MAX_JSON else "内容过长"
    if type(value) is float:
        return None if math.isfinite(value) else "应为数字"
    try:
        size = len(json_text(value))
    except (RecursionError, ValueError, TypeError):
        return "内容嵌套过深或无法读取"
    return None if size <= MAX_JSON else f"内容过长（超过 {MAX_JSON // 1024} KB）"


_ONE: dict[str, Callable[[ColumnRule, Any], str | None]] = {
    "text": _text, "int": _int, "bool": _bool, "number": _number, "date": _date,
    "datetime": _datetime, "json": _json}
