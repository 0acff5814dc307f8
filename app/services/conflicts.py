"""Merge conflicts, of fields and of rules, listed and resolved.

A field conflict keeps both values of one field; a rule conflict (app/sync/rules.py) names the
rows that break a rule together. Either way the choice is written as ordinary changes, so the
resolution syncs to every device like any other edit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import inspect, select
from sqlmodel import Session

from app.domain.categories import OTHER_RELATION
from app.domain.errors import UserFacingError
from app.domain.voiding import VoidReason
from app.services import assistance, households
from app.services.context import ServiceContext
from app.services.fields import HOUSEHOLD_FIELDS, MEMBER_FIELDS, FieldSpec
from app.services.sync import workload_limit
from app.services.unit_of_work import UnitOfWork
from app.store.codec import from_json_value
from app.store.hlc import Stamp
from app.store.models import Conflict, Division, Household, Member, RuleConflict
from app.sync.columns import TABLES
from app.sync.quarantine import TABLE_TITLES
from app.sync.rules import (
    ID_IN_TWO_HOUSEHOLDS,
    KIND_TITLES,
    OVER_WORKLOAD,
    TWO_HEADS,
    TWO_PRIMARY_PERSONS,
    recheck,
)

FIELD_KIND = "field"
MOVED_MEMBER_TITLE = "成员同时迁入两户"
RULE_PREFIX = "R"


@dataclass(frozen=True)
class ConflictItem:
    """One open conflict of either kind, as lists show it.

    ``key`` is what `conflicts resolve` takes: the number of a field conflict, or R and the number
    of a rule conflict. ``choices`` are what may be kept: for a field, mine and theirs; for a
    rule, the rows in question.
    """

    key: str
    kind: str
    kind_title: str
    description: str
    detected_at: datetime
    table: str = ""
    row_id: str = ""
    field: str = ""
    field_label: str = ""  # the field's name in Chinese
    kept: Any = None
    other: Any = None
    choices: tuple[dict[str, Any], ...] = ()
    household_id: str = ""  # the household the conflict is about, to look at it before choosing
    household_title: str = ""  # e.g. "张建国户（东村）"
    # A field conflict side by side: the base both edits were made on, the value kept now and
    # the other one, each with who made it and when (from its clock stamp).
    base: Any = None
    base_known: bool = False
    base_at: datetime | None = None
    kept_user: str = ""
    kept_at: datetime | None = None
    other_user: str = ""
    other_at: datetime | None = None

_SPECS: dict[str, dict[str, FieldSpec]] = {"household": HOUSEHOLD_FIELDS,
                                            "member": MEMBER_FIELDS}


class ConflictService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def listing(self) -> list[ConflictItem]:
        """Every open conflict, field and rule, oldest first, each described in Chinese."""
        with self.ctx.db.read() as session:
            items = [_field_item(session, c) for c in session.scalars(select(Conflict).where(
                Conflict.resolved == False).order_by(Conflict.detected_at))]  # noqa: E712
            items += [_rule_item(c) for c in session.scalars(select(RuleConflict).where(
                RuleConflict.resolved == False).order_by(RuleConflict.detected_at))]  # noqa: E712
        return sorted(items, key=lambda item: item.detected_at)

    def resolve_any(self, key: str, take: str) -> str:
        """Resolve by the key `listing` gives; returns what was kept, in Chinese."""
        key = key.strip()
        if key.upper().startswith(RULE_PREFIX):
            number = key[len(RULE_PREFIX):]
            if not number.isdigit():
                raise UserFacingError(f"冲突编号“{key}”无效。")
            return self.resolve_rule(int(number), take)
        if not key.isdigit():
            raise UserFacingError(f"冲突编号“{key}”无效：应为数字，规则冲突为 R 加数字。")
        return str(self.resolve(int(key), take))

    def resolve_rule(self, conflict_id: int, keep: str) -> str:
        """Keep one of the rows a rule conflict names; the others are changed so the rule holds.

        ``keep`` is the row's id or its number in the list (1, 2 …). Two heads: the others become
        其他 (other relation). One ID number in two households: the other member records are
        deleted. Two primary assistance persons: the others' assignments end today. Over the
        workload limit: the other way round, the chosen assignment ends today.
        """
        with UnitOfWork(self.ctx) as uow:
            return resolve_rule(uow, conflict_id, keep)

    def open_conflicts(self) -> list[Conflict]:
        with self.ctx.db.read() as session:
            return list(session.scalars(select(Conflict).where(
                Conflict.resolved == False).order_by(Conflict.detected_at)))  # noqa: E712

    def resolve(self, conflict_id: int, take: str) -> Any:
        """Keep this database's value ("mine"), the other one ("theirs"), the value both edits
        were made on ("base"), or a typed value."""
        with UnitOfWork(self.ctx) as uow:
            return resolve(uow, conflict_id, take)


def resolve_rule(uow: UnitOfWork, conflict_id: int, keep: str) -> str:
    """Keep one row of a rule conflict and change the others, in the caller's unit of work."""
    session = uow.session
    conflict = session.get(RuleConflict, conflict_id)
    if conflict is None or conflict.resolved:
        raise UserFacingError(f"没有编号为 {RULE_PREFIX}{conflict_id} 的未解决规则冲突。")
    rows = list(conflict.rows)
    chosen = _chosen(rows, keep)
    others = [row for row in rows if row["row_id"] != chosen["row_id"]]
    today = uow.ctx.today()
    if conflict.kind == TWO_HEADS:
        for row in others:
            households.update_member(uow, row["row_id"], {"relation": OTHER_RELATION})
    elif conflict.kind == ID_IN_TWO_HOUSEHOLDS:
        for row in others:
            households.remove_member(uow, row["row_id"], VoidReason.DUPLICATE,
                                     f"冲突处理：同一身份证号登记在两户，保留{chosen['label']}")
    elif conflict.kind == TWO_PRIMARY_PERSONS:
        for row in others:
            assistance.end_assignment(uow, row["row_id"], on=today,
                                      reason=f"冲突处理：保留{chosen['label']}为主要帮扶责任人")
    elif conflict.kind == OVER_WORKLOAD:
        # Here the choice is the household whose help ends (the others stay).
        assistance.end_assignment(uow, chosen["row_id"], on=today, reason="冲突处理：帮扶户数超过上限")
    resolution = (f"结束{chosen['label']}的帮扶" if conflict.kind == OVER_WORKLOAD
                  else f"保留{chosen['label']}")
    conflict.resolved, conflict.resolution = True, resolution[:200]
    session.flush()
    recheck(session, rows, workload_limit)
    return resolution


def resolve(uow: UnitOfWork, conflict_id: int, take: str) -> Any:
    """Settle a field conflict in the caller's unit of work; returns the value kept."""
    session = uow.session
    conflict = session.get(Conflict, conflict_id)
    if conflict is None or conflict.resolved:
        raise UserFacingError(f"没有编号为 {conflict_id} 的未解决冲突。")
    model = TABLES[conflict.table_name]
    column_type = inspect(model).columns[conflict.field].type
    if take == "base" and not conflict.base_stamp:
        raise UserFacingError("这个冲突没有可查的原值（分歧前的值），请选择 mine、theirs 或输入新值。")
    if take in ("mine", "theirs", "base"):
        raw = {"mine": conflict.kept_value, "theirs": conflict.other_value,
               "base": conflict.base_value}[take]
        value = from_json_value(column_type, raw)
    else:
        spec = _SPECS.get(conflict.table_name, {}).get(conflict.field)
        value = spec.parse(take, spec.label) if spec else _typed(column_type, take)
    row = session.get(model, conflict.row_id)
    if row is None:
        raise UserFacingError("冲突所在的记录已不存在。")
    setattr(row, conflict.field, value)
    conflict.resolved = True
    return value


def _typed(column_type: Any, text: str) -> Any:
    try:
        python_type = column_type.python_type
    except NotImplementedError:
        return text
    try:
        if python_type is bool:
            return text.strip() in ("是", "true", "1")
        if python_type in (int, date):
            return int(text) if python_type is int else date.fromisoformat(text)
        return from_json_value(column_type, text)
    except ValueError:
        raise UserFacingError(f"“{text}”不是这个字段能接受的值。") from None


def _chosen(rows: list[dict[str, Any]], keep: str) -> dict[str, Any]:
    keep = keep.strip()
    for number, row in enumerate(rows, start=1):
        if keep in (row["row_id"], str(number)):
            return row
    choices = "；".join(f"{n}. {row['label']}" for n, row in enumerate(rows, start=1))
    raise UserFacingError(f"“{keep}”不是这个冲突里的记录。可选：{choices}")


def _field_item(session: Session, conflict: Conflict) -> ConflictItem:
    title = TABLE_TITLES.get(conflict.table_name, conflict.table_name)
    spec = _SPECS.get(conflict.table_name, {}).get(conflict.field)
    label = spec.label if spec else conflict.field
    where = _row_title(session, conflict.table_name, conflict.row_id)
    moved = conflict.table_name == "member" and conflict.field == "household_id"
    base_known = bool(conflict.base_stamp)
    if moved:
        description = (f"{where}被同时迁入两户：{_household_title(session, conflict.kept_value)}"
                       f"（现在所在）与{_household_title(session, conflict.other_value)}。"
                       "请选定其所在的户。")
    else:
        who = f"（{conflict.other_user}）" if conflict.other_user else ""
        base = f"原为 {_plain(conflict.base_value)}，" if base_known else ""
        description = (f"{title}{where}的“{label}”被同时改成不同的值：{base}现值 "
                       f"{_plain(conflict.kept_value)}，另一值 {_plain(conflict.other_value)}{who}。")
    household_id = _household_of(session, conflict.table_name, conflict.row_id)
    return ConflictItem(
        key=str(conflict.id), kind=FIELD_KIND, kind_title=MOVED_MEMBER_TITLE if moved else "字段冲突",
        description=description, detected_at=conflict.detected_at, table=conflict.table_name,
        row_id=conflict.row_id, field=conflict.field, field_label=label, kept=conflict.kept_value,
        other=conflict.other_value,
        choices=({"take": "mine", "value": conflict.kept_value},
                 {"take": "theirs", "value": conflict.other_value},
                 *([{"take": "base", "value": conflict.base_value}] if base_known else [])),
        household_id=household_id,
        household_title=_household_title(session, household_id, with_village=True) if household_id else "",
        base=conflict.base_value, base_known=base_known, base_at=stamp_time(conflict.base_stamp),
        kept_user=conflict.kept_user, kept_at=stamp_time(conflict.kept_stamp),
        other_user=conflict.other_user, other_at=stamp_time(conflict.other_stamp))


def stamp_time(stamp: str) -> datetime | None:
    """When a change was made, from its clock stamp (UTC); None for no stamp."""
    if not stamp:
        return None
    try:
        return datetime.fromtimestamp(Stamp.parse(stamp).millis / 1000, UTC)
    except ValueError:
        return None


def _plain(value: Any) -> str:
    if value is None or value == "":
        return "（空）"
    if isinstance(value, list | tuple):
        return "、".join(map(str, value)) or "（空）"
    if isinstance(value, bool):
        return "是" if value else "否"
    return str(value)


def _rule_item(conflict: RuleConflict) -> ConflictItem:
    return ConflictItem(key=f"{RULE_PREFIX}{conflict.id}", kind=conflict.kind,
                        kind_title=KIND_TITLES.get(conflict.kind, conflict.kind),
                        description=conflict.description, detected_at=conflict.detected_at,
                        choices=tuple(conflict.rows))


def _household_of(session: Session, table: str, row_id: str) -> str:
    if table == "household":
        return row_id
    model = TABLES.get(table)
    row = session.get(model, row_id) if model is not None else None
    return str(getattr(row, "household_id", "") or "")


def _row_title(session: Session, table: str, row_id: str) -> str:
    if table == "household":
        return _household_title(session, row_id)
    if table == "member":
        member = session.get(Member, row_id)
        return f"成员{member.name}" if member else "成员"
    return ""


def _household_title(session: Session, household_id: Any, with_village: bool = False) -> str:
    household = session.get(Household, household_id) if isinstance(household_id, str) else None
    if household is None:
        return "一户"
    title = f"{household.head_name or '（无户主姓名）'}户"
    if with_village:
        village = session.get(Division, household.village_code)
        title += f"（{village.name if village else household.village_code}）"
    return title
