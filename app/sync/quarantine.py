"""Quarantined changes: what a device below sent but may not change, kept for review, never applied.

The import pipeline (app/sync/importing.py) keeps each refused change once (by origin device and
sequence), with the sender, the bundle it came in and the reason in Chinese, in the import's own
transaction; a person reviews them on the 同步 screen or with the CLI (app/services/quarantine.py).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import insert, select
from sqlmodel import Session

from app.store.models import Device, QuarantinedChange
from app.sync.columns import json_text

TABLE_TITLES = {
    "household": "农户", "member": "家庭成员", "incomerecord": "收入", "rigidexpense": "刚性支出",
    "visit": "走访", "monitoringcase": "监测案例", "casestep": "办理步骤", "assignment": "帮扶结对",
    "assistanceperson": "帮扶责任人", "measure": "帮扶措施", "claim": "防贫保险/救助理赔", "warning": "预警",
    "division": "行政区划", "user": "用户", "incomeline": "监测收入标准", "policysetting": "政策参数",
}
OP_TITLES = {"insert": "新增", "update": "修改", "delete": "删除"}
HELD, RELEASED, DISCARDED = "held", "released", "discarded"
STATUS_TITLES = {HELD: "待处理", RELEASED: "已采用", DISCARDED: "已舍弃"}


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
    rows: list[dict[str, Any]] = []
    for entry, reason in refused:
        key = (entry["device_id"], entry["seq"])
        if key in known:
            continue
        known.add(key)
        rows.append({
            "sender_device_id": sender.id, "sender_name": sender.name, "bundle_sequence": sequence,
            "origin_device_id": entry["device_id"], "origin_seq": entry["seq"],
            "table_name": entry["table_name"], "row_id": entry["row_id"], "op": entry["op"],
            "fields": _kept_fields(entry.get("fields") or {}), "user_name": entry.get("user_name") or "",
            "reason": reason[:200], "received_at": now, "status": "held", "decided_at": None,
            "decided_by": ""})
    if rows:  # thousands at a time from one bundle: one executemany, not an ORM object each
        session.execute(insert(QuarantinedChange.__table__), rows)  # type: ignore[attr-defined]
    return len(rows)


# A refused value is kept for the reviewer to see, but never whole when it is huge (a 10 MB name):
# what the screen shows is its beginning, marked as cut.
KEPT_TEXT = 500
CUT_MARK = "……（内容过长，已截断）"


def _kept_fields(fields: dict[str, Any]) -> dict[str, Any]:
    if all(type(value) is not str or len(value) <= KEPT_TEXT for value in fields.values()) and (
            len(json_text(fields)) <= 64 * KEPT_TEXT):
        return fields
    kept = {}
    for name, value in list(fields.items())[:100]:
        text = value if type(value) is str else json_text(value)
        kept[str(name)[:64]] = value if len(text) <= KEPT_TEXT else text[:KEPT_TEXT] + CUT_MARK
    return kept
