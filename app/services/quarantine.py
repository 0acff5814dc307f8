"""Quarantined changes: what a device below sent but may not change, kept and shown, never applied.

The rest of the bundle applies; these are stored once each (by origin device and sequence), with
the sender, the bundle they came in and the reason in Chinese, for the 同步 screen and the CLI.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlmodel import Session

from app.services.context import ServiceContext
from app.store.models import Device, QuarantinedChange

TABLE_TITLES = {
    "household": "农户", "member": "家庭成员", "incomerecord": "收入", "rigidexpense": "刚性支出",
    "visit": "走访", "monitoringcase": "监测案例", "casestep": "办理步骤", "assignment": "帮扶结对",
    "assistanceperson": "帮扶责任人", "measure": "帮扶措施", "warning": "预警",
    "division": "行政区划", "user": "用户", "incomeline": "监测收入标准", "policysetting": "政策参数",
}
OP_TITLES = {"insert": "新增", "update": "修改", "delete": "删除"}


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

    @property
    def summary(self) -> str:
        """One line in Chinese: who, what, and why it was refused."""
        names = "、".join(self.fields) or "无字段"
        return (f"{self.sender_name} 第 {self.bundle_sequence} 号同步包："
                f"{OP_TITLES.get(self.op, self.op)}{self.table_title}（{names}）——{self.reason}")


def store_quarantined(session: Session, sender: Device, sequence: int,
                      refused: list[tuple[dict[str, Any], str]]) -> int:
    """Keep refused changes in the import's transaction; returns how many were new."""
    if not refused:
        return 0
    keys = {(e["device_id"], e["seq"]) for e, _reason in refused}
    devices = sorted({device for device, _seq in keys})
    known = set(session.execute(select(QuarantinedChange.origin_device_id,
                                       QuarantinedChange.origin_seq)
                                .where(QuarantinedChange.origin_device_id.in_(devices))).all())
    now = datetime.now(UTC)
    added = 0
    for entry, reason in refused:
        key = (entry["device_id"], entry["seq"])
        if key in known:
            continue
        known.add(key)
        session.add(QuarantinedChange(
            sender_device_id=sender.id, sender_name=sender.name, bundle_sequence=sequence,
            origin_device_id=entry["device_id"], origin_seq=entry["seq"],
            table_name=entry["table_name"], row_id=entry["row_id"], op=entry["op"],
            fields=entry.get("fields") or {}, user_name=entry.get("user_name") or "",
            reason=reason[:200], received_at=now))
        added += 1
    return added


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
            fields=dict(r.fields), user_name=r.user_name, reason=r.reason) for r in rows]
