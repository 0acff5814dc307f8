"""Resolving merge conflicts: the choice is written as an ordinary change, so it syncs too."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import inspect, select

from app.domain.errors import UserFacingError
from app.services.context import ServiceContext
from app.services.fields import HOUSEHOLD_FIELDS, MEMBER_FIELDS, FieldSpec
from app.store.models import Conflict
from app.store.values import from_json_value
from app.sync.merge import TABLES

_SPECS: dict[str, dict[str, FieldSpec]] = {"household": HOUSEHOLD_FIELDS,
                                            "member": MEMBER_FIELDS}


class ConflictService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def open_conflicts(self) -> list[Conflict]:
        with self.ctx.db.read() as session:
            return list(session.scalars(select(Conflict).where(
                Conflict.resolved == False).order_by(Conflict.detected_at)))  # noqa: E712

    def resolve(self, conflict_id: int, take: str) -> Any:
        """Keep this database's value ("mine"), the other one ("theirs"), or a typed value."""
        with self.ctx.db.read() as session:
            conflict = session.get(Conflict, conflict_id)
        if conflict is None or conflict.resolved:
            raise UserFacingError(f"没有编号为 {conflict_id} 的未解决冲突。")
        model = TABLES[conflict.table_name]
        column_type = inspect(model).columns[conflict.field].type
        if take in ("mine", "theirs"):
            raw = conflict.kept_value if take == "mine" else conflict.other_value
            value = from_json_value(column_type, raw)
        else:
            spec = _SPECS.get(conflict.table_name, {}).get(conflict.field)
            value = spec.parse(take, spec.label) if spec else _typed(column_type, take)
        with self.ctx.db.write(self.ctx.actor) as session:
            row = session.get(model, conflict.row_id)
            if row is None:
                raise UserFacingError("冲突所在的记录已不存在。")
            setattr(row, conflict.field, value)
            stored = session.get(Conflict, conflict_id)
            assert stored is not None
            stored.resolved = True
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
