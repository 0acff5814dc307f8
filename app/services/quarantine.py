"""Reviewing quarantined changes (app/sync/quarantine.py keeps them): listing, releasing one on
this station's own authority, or discarding it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlmodel import Session

from app.domain.divisions import is_within
from app.domain.errors import UserFacingError
from app.domain.procedure import STEP_TITLES, Role, may_take
from app.services.context import ServiceContext
from app.store.models import QuarantinedChange
from app.sync.columns import TABLES, python_value, required_fields
from app.sync.quarantine import DISCARDED, HELD, OP_TITLES, RELEASED, STATUS_TITLES, TABLE_TITLES
from app.sync.scope import POLICY_TABLES, VillageLookup, step_of


@dataclass(frozen=True)
class QuarantineItem:
    """One refused change, as the 同步 screen and `fangpin quarantine list` show it."""

    id: int
    received_at: datetime
    sender_name: str
    bundle_sequence: int
    table: str
    table_title: str
    row_id: str
    op: str
    fields: dict[str, Any]
    user_name: str
    reason: str
    status: str = HELD
    decided_by: str = ""

    @property
    def status_title(self) -> str:
        return STATUS_TITLES.get(self.status, self.status)

    @property
    def summary(self) -> str:
        """One line in Chinese: who, what, and why it was refused."""
        names = "、".join(self.fields) or "无字段"
        return (f"{self.sender_name} 第 {self.bundle_sequence} 号同步包："
                f"{OP_TITLES.get(self.op, self.op)}{self.table_title}（{names}）——{self.reason}")


class QuarantineService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def listing(self, sender: str | None = None) -> list[QuarantineItem]:
        """Refused changes, newest first; ``sender`` narrows to one device (name or id)."""
        with self.ctx.db.read() as session:
            query = select(QuarantinedChange).order_by(QuarantinedChange.received_at.desc(),
                                                       QuarantinedChange.id.desc())
            if sender:
                query = query.where((QuarantinedChange.sender_name == sender)
                                    | (QuarantinedChange.sender_device_id == sender))
            rows = session.scalars(query).all()
        return [QuarantineItem(
            id=r.id or 0, received_at=r.received_at, sender_name=r.sender_name,
            bundle_sequence=r.bundle_sequence, table=r.table_name,
            table_title=TABLE_TITLES.get(r.table_name, r.table_name), row_id=r.row_id, op=r.op,
            fields=dict(r.fields), user_name=r.user_name, reason=r.reason, status=r.status,
            decided_by=r.decided_by) for r in rows]

    def release(self, change_id: int) -> QuarantineItem:
        """Apply a refused change after review, as this station's own change (so it syncs on).

        The station takes it on its own authority: what its own role may not do (a township
        cannot approve, only the county sets policy) and rows outside its own area stay refused.
        """
        with self.ctx.db.write(self.ctx.actor) as session:
            held = _held(session, change_id)
            problem = self._may_not_release(session, held)
            if problem:
                raise UserFacingError(f"不能采用第 {change_id} 项修改：{problem}")
            model = TABLES[held.table_name]
            row = session.get(model, held.row_id)
            values = {name: python_value(held.table_name, name, raw) for name, raw in held.fields.items()
                      if name in model.model_fields}
            if row is None:
                if held.op != "insert":
                    raise UserFacingError(f"不能采用第 {change_id} 项修改：要修改的记录在本机不存在。")
                missing = sorted(n for n in required_fields(held.table_name) if n not in values)
                if missing:
                    raise UserFacingError(f"不能采用第 {change_id} 项修改：新记录缺少必填字段“{missing[0]}”。")
                session.add(model(id=held.row_id, **values))
            else:
                for name, value in values.items():
                    setattr(row, name, value)
            self._decide(held, RELEASED)
            session.add(held)
        return self._item(change_id)

    def discard(self, change_id: int) -> QuarantineItem:
        """Decide not to apply a refused change; it stays listed as discarded."""
        with self.ctx.db.write(self.ctx.actor) as session:
            held = _held(session, change_id)
            self._decide(held, DISCARDED)
            session.add(held)
        return self._item(change_id)

    def _decide(self, held: QuarantinedChange, status: str) -> None:
        held.status, held.decided_at, held.decided_by = status, datetime.now(UTC), self.ctx.actor.user_name

    def _item(self, change_id: int) -> QuarantineItem:
        return next(item for item in self.listing() if item.id == change_id)

    def _may_not_release(self, session: Session, held: QuarantinedChange) -> str | None:
        role = self.ctx.role
        if held.table_name not in TABLES:
            return f"本程序不认识数据表“{held.table_name}”。"
        if held.table_name in POLICY_TABLES and role is not Role.COUNTY:
            return f"{POLICY_TABLES[held.table_name]}只有县防贫中心可以修改。"
        step = step_of({"table_name": held.table_name, "fields": held.fields})
        if step is not None and not may_take(role, step):
            return f"本站（{role.label}）也无权办理“{STEP_TITLES[step]}”。"
        entry = {"table_name": held.table_name, "row_id": held.row_id, "fields": held.fields}
        outside = [v for v in VillageLookup(session, [entry]).of(entry)
                   if not is_within(v, self.ctx.scope_code)]
        if outside:
            return f"记录所在的村 {outside[0]} 不在本站的工作范围内。"
        return None


def _held(session: Session, change_id: int) -> QuarantinedChange:
    held = session.get(QuarantinedChange, change_id)
    if held is None:
        raise UserFacingError(f"没有编号为 {change_id} 的未采用修改。")
    if held.status != HELD:
        raise UserFacingError(f"第 {change_id} 项修改已经处理过（{STATUS_TITLES.get(held.status, held.status)}）。")
    return held
