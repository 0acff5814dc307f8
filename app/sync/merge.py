"""Applying changes made on other devices (docs/sync.md).

Per field, the value with the newer clock stamp wins, so replicas converge whatever order changes
arrive in. When two edits of a field did not see each other, the losing value is kept as a
Conflict for a person to resolve. An entry already in the log (same origin device and sequence)
is skipped, so importing twice, late or out of order is harmless.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, inspect, select
from sqlmodel import Session

from app.store.changelog import NO_DEFAULT, column_defaults, column_names
from app.store.database import Database
from app.store.models import SYNCED_TABLES, ChangeLog, Conflict, SyncedModel
from app.store.values import from_json_value, to_json_value

TABLES: dict[str, type[SyncedModel]] = {m.__tablename__: m for m in SYNCED_TABLES}  # type: ignore[misc]
ENTRY_FIELDS = ("device_id", "seq", "hlc", "table_name", "row_id", "op", "fields", "seen",
                "user_name")


@dataclass
class MergeResult:
    applied: int = 0
    already_known: int = 0
    conflicts: int = 0
    quarantined: list[tuple[dict[str, Any], str]] = field(default_factory=list)


def version_vector(session: Session) -> dict[str, int]:
    """The highest sequence number known from each device."""
    return dict(session.execute(select(ChangeLog.device_id, func.max(ChangeLog.seq))
                                .group_by(ChangeLog.device_id)).all())


def changes_since(session: Session, vector: dict[str, int],
                  tables: Iterable[str] | None = None) -> list[dict[str, Any]]:
    """Every logged change the holder of ``vector`` has not seen, oldest stamp first."""
    query = select(ChangeLog)
    if tables is not None:
        query = query.where(ChangeLog.table_name.in_(list(tables)))
    entries = [{name: getattr(c, name) for name in ENTRY_FIELDS}
               for c in session.scalars(query)
               if c.seq > vector.get(c.device_id, 0)]
    return sorted(entries, key=lambda e: e["hlc"])


def apply_changes(db: Database, entries: Iterable[dict[str, Any]]) -> MergeResult:
    """Apply changes from elsewhere in one transaction: all of them, or none if anything fails."""
    result = MergeResult()
    entries = sorted(entries, key=lambda e: e["hlc"])
    # (table, row, field, stamp) of values that a change in this batch was made on top of.
    seen_in_batch = {(e["table_name"], e["row_id"], name, stamp)
                     for e in entries for name, stamp in (e.get("seen") or {}).items()}
    with db.merging() as session:
        for entry in entries:
            if session.get(ChangeLog, (entry["device_id"], entry["seq"])) is not None:
                result.already_known += 1
                continue
            problem = _apply(session, entry, result, seen_in_batch)
            if problem:
                result.quarantined.append((entry, problem))
                continue
            session.add(ChangeLog(**{name: entry.get(name) for name in ENTRY_FIELDS}))
            db.clock.observe(entry["hlc"])
            result.applied += 1
    return result


def _apply(session: Session, entry: dict[str, Any], result: MergeResult,
           seen_in_batch: set[tuple[str, str, str, str]]) -> str | None:
    model = TABLES.get(entry["table_name"])
    if model is None:
        return f"未知的数据表“{entry['table_name']}”"
    row = session.get(model, entry["row_id"])
    if row is None:
        if entry["op"] != "insert":
            return "要修改的记录在本机不存在"
        return _insert(session, model, entry)
    _merge_fields(session, row, entry, result, seen_in_batch)
    return None


def _insert(session: Session, model: type[SyncedModel], entry: dict[str, Any]) -> str | None:
    types = _column_types(model)
    values: dict[str, Any] = {}
    for name, default in column_defaults(model).items():
        if name in entry["fields"]:
            values[name] = from_json_value(types[name], entry["fields"][name])
        elif default is NO_DEFAULT:
            return f"新记录缺少必填字段“{name}”"
        else:
            values[name] = default
    row = model(id=entry["row_id"], **values)
    row.created_hlc = row.updated_hlc = entry["hlc"]
    session.add(row)
    return None


def _merge_fields(session: Session, row: SyncedModel, entry: dict[str, Any],
                  result: MergeResult, seen_in_batch: set[tuple[str, str, str, str]]) -> None:
    model = type(row)
    types = _column_types(model)
    incoming = entry["hlc"]
    seen: dict[str, str] = entry.get("seen") or {}
    stamps = dict(row.field_stamps or {})
    for name, raw in entry["fields"].items():
        if name not in types:
            continue  # a field from a newer schema: kept in the log, not applicable here
        current_stamp = row.stamp_of(name)
        if incoming == current_stamp:
            continue
        new, current = from_json_value(types[name], raw), getattr(row, name)
        incoming_wins = incoming > current_stamp
        superseded = ((entry["table_name"], entry["row_id"], name, incoming) in seen_in_batch
                      or _superseded(session, entry, name))
        if new != current and seen.get(name) != current_stamp and not superseded:
            winner, loser = ((new, incoming), (current, current_stamp)) if incoming_wins else (
                (current, current_stamp), (new, incoming))
            session.add(Conflict(
                table_name=entry["table_name"], row_id=entry["row_id"], field=name,
                kept_value=to_json_value(winner[0]), kept_stamp=winner[1],
                other_value=to_json_value(loser[0]), other_stamp=loser[1],
                other_user=entry["user_name"] if not incoming_wins else "",
                detected_at=datetime.now(UTC)))
            result.conflicts += 1
        if incoming_wins:
            setattr(row, name, new)
            stamps[name] = incoming
    row.field_stamps = stamps or None
    row.updated_hlc = max(row.updated_hlc, incoming)


def _superseded(session: Session, entry: dict[str, Any], name: str) -> bool:
    """Whether a change already here was made on top of this entry's value.

    Its author saw this value and chose the next one, so the two are not a conflict.
    """
    later = session.scalars(select(ChangeLog).where(
        ChangeLog.table_name == entry["table_name"], ChangeLog.row_id == entry["row_id"],
        ChangeLog.hlc > entry["hlc"]))
    return any((c.seen or {}).get(name) == entry["hlc"] for c in later)


def _column_types(model: type[SyncedModel]) -> dict[str, Any]:
    columns = inspect(model).columns
    return {name: columns[name].type for name in column_names(model)}
